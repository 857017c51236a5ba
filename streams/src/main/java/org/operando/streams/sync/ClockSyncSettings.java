package org.operando.streams.sync;

/**
 * Settings of one {@link ClockSync}. Build with {@link #defaults()} or {@link #forPeriod(long)} and
 * adjust with the {@code withX} copies.
 *
 * @param nominalPeriodNs         nominal trigger period T of the timing generator, ns (default 100 ms)
 * @param jitterSigmaNs           prior time-stamp jitter σ of the instrument, ns; used as a floor of the
 *                                fitted residual σ when gating (default 1 µs)
 * @param maxSkew                 largest |b| expected (dimensionless, default 100 ppm); sizes the bootstrap tolerance
 * @param gateSigmas              a mark pairs with an edge when |edge − predicted| is within this many σ of
 *                                the prediction (default 6)
 * @param minGateNs               the gate never shrinks below this, ns (default 2 µs)
 * @param maxGateFractionOfPeriod the gate never grows beyond this fraction of T (default 0.25)
 * @param bootstrapMarks          marks collected before the consensus bootstrap runs (default 10)
 * @param bootstrapArrivalSlack   the bootstrap considers master edges up to this many edges either side of
 *                                the edge last received when a mark arrived (default 2)
 * @param minMarksForModel        paired marks needed in the window before a model is given (default 4)
 * @param window                  which paired marks the fit uses (default {@link FitWindow#all()})
 * @param staleAfterNs            a model with no paired mark for longer than this (instrument ns) is stale
 *                                (default 5·T)
 * @param edgeRetentionNs         how far back master edges and seen marks are remembered, ns (default 50·T)
 * @param maxPendingMarks         marks held waiting for their edge before the oldest is rejected (default 64)
 */
public record ClockSyncSettings(long nominalPeriodNs, double jitterSigmaNs, double maxSkew, double gateSigmas,
                                double minGateNs, double maxGateFractionOfPeriod, int bootstrapMarks,
                                int bootstrapArrivalSlack, int minMarksForModel, FitWindow window,
                                long staleAfterNs, long edgeRetentionNs, int maxPendingMarks) {

    public ClockSyncSettings {
        require(nominalPeriodNs > 0, "nominalPeriodNs must be > 0", nominalPeriodNs);
        require(jitterSigmaNs > 0 && Double.isFinite(jitterSigmaNs), "jitterSigmaNs must be finite and > 0", jitterSigmaNs);
        require(maxSkew >= 0 && maxSkew < 0.01, "maxSkew must be in [0, 0.01) (dimensionless, 100 ppm = 1e-4)", maxSkew);
        require(gateSigmas >= 2 && Double.isFinite(gateSigmas), "gateSigmas must be finite and >= 2", gateSigmas);
        require(minGateNs > 0 && Double.isFinite(minGateNs), "minGateNs must be finite and > 0", minGateNs);
        require(maxGateFractionOfPeriod > 0 && maxGateFractionOfPeriod < 0.5,
                "maxGateFractionOfPeriod must be in (0, 0.5)", maxGateFractionOfPeriod);
        require(minGateNs < maxGateFractionOfPeriod * nominalPeriodNs,
                "minGateNs must be below maxGateFractionOfPeriod·nominalPeriodNs", minGateNs);
        require(bootstrapMarks >= 3, "bootstrapMarks must be >= 3", bootstrapMarks);
        require(bootstrapArrivalSlack >= 0 && bootstrapArrivalSlack <= 100, "bootstrapArrivalSlack must be in [0, 100]",
                bootstrapArrivalSlack);
        require(minMarksForModel >= 3, "minMarksForModel must be >= 3 (a line and a residual)", minMarksForModel);
        if (window == null) {
            throw new IllegalArgumentException("window may not be null; use FitWindow.all() for every mark");
        }
        require(window.kind() != FitWindow.Kind.LAST_MARKS || window.maxMarks() >= minMarksForModel,
                "window.maxMarks must be >= minMarksForModel", window.maxMarks());
        require(staleAfterNs > 0, "staleAfterNs must be > 0", staleAfterNs);
        require(edgeRetentionNs >= 2 * nominalPeriodNs, "edgeRetentionNs must be >= 2·nominalPeriodNs", edgeRetentionNs);
        require(maxPendingMarks >= bootstrapMarks, "maxPendingMarks must be >= bootstrapMarks", maxPendingMarks);
    }

    private static void require(boolean ok, String what, Object got) {
        if (!ok) {
            throw new IllegalArgumentException(what + ". Got: " + got);
        }
    }

    /** Defaults for a 10 Hz trigger (T = 100 ms) and 1 µs jitter. */
    public static ClockSyncSettings defaults() {
        return forPeriod(100_000_000L);
    }

    /** Defaults scaled to a trigger of period {@code periodNs}: stale after 5 periods, edges kept 50 periods. */
    /**
     * Master edges (and marks waiting for them) are kept this long: one stream may be delivered far ahead of another
     * (a fast replay, producers that each publish as fast as they can), and a mark must still find its edge.
     */
    static final long RETENTION_NS = 20 * 60 * 1_000_000_000L;

    public static ClockSyncSettings forPeriod(long periodNs) {
        if (periodNs <= 0) {
            throw new IllegalArgumentException("periodNs must be > 0. Got: " + periodNs);
        }
        double minGate = Math.min(2_000.0, 0.05 * periodNs);
        return new ClockSyncSettings(periodNs, 1_000.0, 100e-6, 6.0, minGate, 0.25, 10, 2, 4,
                FitWindow.all(), 5 * periodNs, Math.max(50 * periodNs, RETENTION_NS), (int) Math.max(64, RETENTION_NS / periodNs));
    }

    public ClockSyncSettings withJitterSigmaNs(double v) {
        return new ClockSyncSettings(nominalPeriodNs, v, maxSkew, gateSigmas, minGateNs, maxGateFractionOfPeriod,
                bootstrapMarks, bootstrapArrivalSlack, minMarksForModel, window, staleAfterNs, edgeRetentionNs,
                maxPendingMarks);
    }

    public ClockSyncSettings withWindow(FitWindow v) {
        return new ClockSyncSettings(nominalPeriodNs, jitterSigmaNs, maxSkew, gateSigmas, minGateNs,
                maxGateFractionOfPeriod, bootstrapMarks, bootstrapArrivalSlack, minMarksForModel, v, staleAfterNs,
                edgeRetentionNs, maxPendingMarks);
    }

    public ClockSyncSettings withStaleAfterNs(long v) {
        return new ClockSyncSettings(nominalPeriodNs, jitterSigmaNs, maxSkew, gateSigmas, minGateNs,
                maxGateFractionOfPeriod, bootstrapMarks, bootstrapArrivalSlack, minMarksForModel, window, v,
                edgeRetentionNs, maxPendingMarks);
    }

    public ClockSyncSettings withMinMarksForModel(int v) {
        return new ClockSyncSettings(nominalPeriodNs, jitterSigmaNs, maxSkew, gateSigmas, minGateNs,
                maxGateFractionOfPeriod, bootstrapMarks, bootstrapArrivalSlack, v, window, staleAfterNs,
                edgeRetentionNs, maxPendingMarks);
    }

    public ClockSyncSettings withBootstrapMarks(int v) {
        return new ClockSyncSettings(nominalPeriodNs, jitterSigmaNs, maxSkew, gateSigmas, minGateNs,
                maxGateFractionOfPeriod, v, bootstrapArrivalSlack, minMarksForModel, window, staleAfterNs,
                edgeRetentionNs, Math.max(maxPendingMarks, v));
    }

    public ClockSyncSettings withGateSigmas(double v) {
        return new ClockSyncSettings(nominalPeriodNs, jitterSigmaNs, maxSkew, v, minGateNs, maxGateFractionOfPeriod,
                bootstrapMarks, bootstrapArrivalSlack, minMarksForModel, window, staleAfterNs, edgeRetentionNs,
                maxPendingMarks);
    }
}
