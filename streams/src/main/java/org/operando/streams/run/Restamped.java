package org.operando.streams.run;

import org.operando.schema.Frame;
import org.operando.schema.Modality;

/**
 * A frame placed on the master clock.
 *
 * @param masterStartNs exposure start, master clock
 * @param masterEndNs   exposure end, master clock
 * @param sigmaNs       standard uncertainty of the master times
 * @param stale         true when the clock model had no fresh trigger mark (see OperandoStreamsConfig.CLOCK_STALE_MS)
 * @param pixels        the frame's pixels as floats, row-major, decoded once for every stage (not to be modified)
 */
public record Restamped(Frame frame, Modality modality, long masterStartNs, long masterEndNs, double sigmaNs, boolean stale,
                        float[] pixels) {
    public long midNs() {
        return masterStartNs + (masterEndNs - masterStartNs) / 2;
    }
}
