package org.operando.streams.run;

import org.operando.schema.FrameAnalysis;
import org.operando.schema.Modality;

/**
 * A frame's analysis placed on the master clock.
 *
 * @param analysis      what the pixel stage measured in the frame (drift, features, fiducials) and its metadata
 * @param masterStartNs exposure start, master clock
 * @param masterEndNs   exposure end, master clock
 * @param sigmaNs       standard uncertainty of the master times
 * @param stale         true when the clock model had no fresh trigger mark (see OperandoStreamsConfig.CLOCK_STALE_MS)
 */
public record Restamped(FrameAnalysis analysis, Modality modality, long masterStartNs, long masterEndNs, double sigmaNs,
                        boolean stale) {
    public long midNs() {
        return masterStartNs + (masterEndNs - masterStartNs) / 2;
    }

    public String instrumentId() {
        return analysis.getInstrumentId();
    }

    public long sequence() {
        return analysis.getSequence();
    }
}
