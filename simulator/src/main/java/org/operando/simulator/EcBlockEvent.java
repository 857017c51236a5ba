package org.operando.simulator;

import java.util.Arrays;
import java.util.Objects;

/**
 * A block of potentiostat samples, equally spaced in the instrument's clock.
 *
 * <p>Sample i was taken at instrument time {@code firstSampleInstrumentTimeNs + i·samplePeriodNs} (the first
 * stamp carries the clock jitter). Arrays are owned by the event and must not be modified (not copied, for speed).
 *
 * @param instrumentId                the potentiostat
 * @param sequence                    block number, from 0, without gaps before fault injection
 * @param firstSampleInstrumentTimeNs instrument time of sample 0, ns
 * @param samplePeriodNs              sample period in the instrument clock, ns
 * @param potentialV                  working-electrode potential per sample, V
 * @param currentA                    current per sample, A (cathodic negative)
 * @param technique                   CV or chronoamperometry
 * @param trueMasterTimeNs            truth: master time of sample 0, ns
 */
public record EcBlockEvent(String instrumentId, long sequence, long firstSampleInstrumentTimeNs, long samplePeriodNs,
                           double[] potentialV, double[] currentA, Technique technique, long trueMasterTimeNs)
        implements SimEvent {
    public EcBlockEvent {
        Check.notNull("instrumentId", instrumentId);
        Check.notNull("technique", technique);
        Check.range("sequence", sequence, 0, Long.MAX_VALUE);
        Check.range("samplePeriodNs", samplePeriodNs, 1, Long.MAX_VALUE);
        if (potentialV == null || currentA == null || potentialV.length != currentA.length || potentialV.length == 0) {
            throw new IllegalArgumentException("potentialV and currentA must be non-empty and of equal length");
        }
    }

    @Override
    public long instrumentTimeNs() {
        return firstSampleInstrumentTimeNs;
    }

    public int sampleCount() {
        return potentialV.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EcBlockEvent e && sequence == e.sequence
                && firstSampleInstrumentTimeNs == e.firstSampleInstrumentTimeNs && samplePeriodNs == e.samplePeriodNs
                && trueMasterTimeNs == e.trueMasterTimeNs && instrumentId.equals(e.instrumentId)
                && technique == e.technique && Arrays.equals(potentialV, e.potentialV)
                && Arrays.equals(currentA, e.currentA);
    }

    @Override
    public int hashCode() {
        return Objects.hash(instrumentId, sequence, firstSampleInstrumentTimeNs, samplePeriodNs, technique,
                trueMasterTimeNs, Arrays.hashCode(potentialV), Arrays.hashCode(currentA));
    }

    @Override
    public String toString() {
        return "EcBlockEvent[" + instrumentId + " #" + sequence + " t=" + firstSampleInstrumentTimeNs + " n="
                + potentialV.length + " " + technique + "]";
    }
}
