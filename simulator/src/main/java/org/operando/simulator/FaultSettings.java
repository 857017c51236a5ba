package org.operando.simulator;

/**
 * Delivery faults injected by {@link FaultInjector} (seeded). Rates are per second of master time; fractions are per
 * event. {@code malformedFraction} is not applied here: the producer corrupts that fraction of serialised records.
 *
 * @param burstsPerS       rate of bursts: one instrument's events held for {@code burstDurationS} then released at once
 * @param burstDurationS   burst hold time, s
 * @param gapsPerS         rate of gaps: one instrument's events dropped for {@code gapDurationS}
 * @param gapDurationS     gap length, s
 * @param duplicateFraction events delivered twice
 * @param reorderFraction   events delayed by U(0, reorderWindowS) so that later events overtake them
 * @param reorderWindowS    largest reorder delay, s
 * @param lateFraction      events delayed by {@code lateDelayS} (beyond any sane grace period)
 * @param lateDelayS        late delay, s
 * @param malformedFraction serialised records the producer should corrupt
 */
public record FaultSettings(double burstsPerS, double burstDurationS, double gapsPerS, double gapDurationS,
                            double duplicateFraction, double reorderFraction, double reorderWindowS,
                            double lateFraction, double lateDelayS, double malformedFraction) {
    public FaultSettings {
        Check.range("faults.burstsPerS", burstsPerS, 0.0, 100.0);
        Check.positive("faults.burstDurationS", burstDurationS);
        Check.range("faults.gapsPerS", gapsPerS, 0.0, 100.0);
        Check.positive("faults.gapDurationS", gapDurationS);
        Check.fraction("faults.duplicateFraction", duplicateFraction);
        Check.fraction("faults.reorderFraction", reorderFraction);
        Check.positive("faults.reorderWindowS", reorderWindowS);
        Check.fraction("faults.lateFraction", lateFraction);
        Check.positive("faults.lateDelayS", lateDelayS);
        Check.fraction("faults.malformedFraction", malformedFraction);
    }

    public static FaultSettings none() {
        return new FaultSettings(0.0, 1.0, 0.0, 0.5, 0.0, 0.0, 0.5, 0.0, 30.0, 0.0);
    }

    /** A burst every 20 s, a gap every 30 s, 1 % duplicates, 2 % reordered, 0.5 % late by 30 s, 0.1 % malformed. */
    public static FaultSettings typical() {
        return new FaultSettings(0.05, 1.0, 1.0 / 30.0, 0.5, 0.01, 0.02, 0.5, 0.005, 30.0, 0.001);
    }

    public boolean any() {
        return burstsPerS > 0 || gapsPerS > 0 || duplicateFraction > 0 || reorderFraction > 0 || lateFraction > 0;
    }
}
