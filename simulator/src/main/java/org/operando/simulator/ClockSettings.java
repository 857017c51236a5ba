package org.operando.simulator;

/**
 * How instrument clocks differ from the master clock. Each instrument's offset a is drawn uniformly from
 * [minOffsetNs, maxOffsetNs] below the run's master start (so its clock reads "time since boot"), its skew b
 * uniformly from ±maxSkewPpm, and every timestamp it makes carries N(0, jitterNs²) jitter.
 *
 * @param minOffsetNs          smallest |instrument − master| at run start, ns
 * @param maxOffsetNs          largest, ns
 * @param maxSkewPpm           largest |b|, parts per million (at most 100)
 * @param jitterNs             σ of the timestamp jitter, ns
 * @param missedEdgeFraction   fraction of trigger edges an instrument misses
 * @param spuriousEdgeFraction spurious edges per real edge (at uniformly random times)
 */
public record ClockSettings(long minOffsetNs, long maxOffsetNs, double maxSkewPpm, double jitterNs,
                            double missedEdgeFraction, double spuriousEdgeFraction) {
    public ClockSettings {
        Check.range("minOffsetNs", minOffsetNs, 0, Long.MAX_VALUE / 4);
        Check.range("maxOffsetNs", maxOffsetNs, minOffsetNs, Long.MAX_VALUE / 4);
        Check.range("maxSkewPpm", maxSkewPpm, 0.0, 100.0);
        Check.nonNegative("jitterNs", jitterNs);
        Check.range("missedEdgeFraction", missedEdgeFraction, 0.0, 0.5);
        Check.range("spuriousEdgeFraction", spuriousEdgeFraction, 0.0, 0.5);
    }

    /** Demo clocks: offsets 1 s..1 h, skews up to 50 ppm, σ = 1 µs, 1 % missed and 1 % spurious edges. */
    public static ClockSettings defaults() {
        return new ClockSettings(1_000_000_000L, 3_600_000_000_000L, 50.0, 1_000.0, 0.01, 0.01);
    }

    /** Perfect clocks: zero offset, skew and jitter, no missed or spurious edges. */
    public static ClockSettings ideal() {
        return new ClockSettings(0L, 0L, 0.0, 0.0, 0.0, 0.0);
    }

    public ClockSettings withJitterNs(double value) {
        return new ClockSettings(minOffsetNs, maxOffsetNs, maxSkewPpm, value, missedEdgeFraction,
                spuriousEdgeFraction);
    }

    public ClockSettings withMaxSkewPpm(double value) {
        return new ClockSettings(minOffsetNs, maxOffsetNs, value, jitterNs, missedEdgeFraction, spuriousEdgeFraction);
    }
}
