package org.operando.streams.sync;

/**
 * The Cramér–Rao bound of a straight-line fit of master against instrument time, for the marks
 * actually used, with Gaussian time-stamp jitter σ on each mark (the master marks are exact):
 * <pre>
 *   var_fit(x) = σ² · ( 1/N + (x − x̄)² / Sxx ),   Sxx = Σ (x_i − x̄)²
 * </pre>
 * Least squares attains it (Gauss–Markov, Gaussian noise), so it is the yardstick for
 * {@link ClockSync}'s predictions.
 *
 * <p>A causal, online fit is asked at the <em>newest</em> end of its window, not at the centroid. For N
 * evenly spaced marks, (x_end − x̄)² = ((N−1)Δ/2)² and Sxx = Δ²N(N²−1)/12, so
 * var_fit(x_end) = σ²(4N − 2)/(N(N + 1)) ≈ 4σ²/N: the bound is ≈ 2σ/√N, twice σ/√N (the value at the
 * centroid). See {@link #evenlySpacedAtWindowEnd(double, int)}.
 *
 * <p>A frame stamped by the same instrument carries its own jitter σ_f, independent of the fit:
 * {@code bound = sqrt(var_fit(x) + σ_f²)} ({@link #combinedSigmaAt(long, double)}).
 *
 * @param sigmaNs          the known per-mark jitter σ, ns
 * @param marks            N, marks used
 * @param referenceNs      an instrument time near the marks; x̄ = referenceNs + meanOffsetNs
 * @param meanOffsetNs     x̄ − referenceNs, ns
 * @param sxxNs2           Sxx, ns²
 */
public record SyncBound(double sigmaNs, long marks, long referenceNs, double meanOffsetNs, double sxxNs2) {

    public SyncBound {
        if (!(sigmaNs >= 0) || Double.isInfinite(sigmaNs)) {
            throw new IllegalArgumentException("sigmaNs must be finite and >= 0. Got: " + sigmaNs);
        }
        if (marks < 2) {
            throw new IllegalArgumentException("A line bound needs at least 2 marks. Got: " + marks);
        }
        if (!(sxxNs2 > 0) || Double.isInfinite(sxxNs2) || !Double.isFinite(meanOffsetNs)) {
            throw new IllegalArgumentException("Sxx must be finite and > 0 (marks at distinct times). Got: " + sxxNs2);
        }
    }

    /**
     * The bound for the marks at these instrument times.
     *
     * @param sigmaNs            known jitter σ of each mark, ns
     * @param instrumentTimesNs  the x positions of the marks used (at least 2 distinct)
     */
    public static SyncBound of(double sigmaNs, long[] instrumentTimesNs) {
        if (instrumentTimesNs == null || instrumentTimesNs.length < 2) {
            throw new IllegalArgumentException("Need at least 2 mark times. Got: "
                    + (instrumentTimesNs == null ? "null" : instrumentTimesNs.length));
        }
        long ref = instrumentTimesNs[0];
        RunningLineFit acc = new RunningLineFit();
        for (long x : instrumentTimesNs) {
            acc.add(x - ref, 0L);
        }
        return new SyncBound(sigmaNs, acc.n(), ref, acc.meanU(), acc.cuu());
    }

    /** σ²(1/N + (x − x̄)²/Sxx), ns². */
    public double fitVarianceAt(long instrumentTimeNs) {
        double d = (double) (instrumentTimeNs - referenceNs) - meanOffsetNs;
        return sigmaNs * sigmaNs * (1.0 / marks + d * d / sxxNs2);
    }

    /** sqrt of {@link #fitVarianceAt(long)}, ns. */
    public double fitSigmaAt(long instrumentTimeNs) {
        return Math.sqrt(fitVarianceAt(instrumentTimeNs));
    }

    /** sqrt(var_fit(x) + σ_f²): the bound for a frame stamped at x with its own jitter σ_f, ns. */
    public double combinedSigmaAt(long instrumentTimeNs, double frameJitterSigmaNs) {
        requireSigma(frameJitterSigmaNs);
        return Math.sqrt(fitVarianceAt(instrumentTimeNs) + frameJitterSigmaNs * frameJitterSigmaNs);
    }

    /** sqrt(fitSigma² + frameSigma²): the two errors are independent. */
    public static double combined(double fitSigmaNs, double frameJitterSigmaNs) {
        requireSigma(fitSigmaNs);
        requireSigma(frameJitterSigmaNs);
        return Math.hypot(fitSigmaNs, frameJitterSigmaNs);
    }

    /**
     * The exact bound at the newest of N evenly spaced marks: σ·sqrt((4N − 2)/(N(N + 1))) ≈ 2σ/√N.
     */
    public static double evenlySpacedAtWindowEnd(double sigmaNs, int n) {
        requireSigma(sigmaNs);
        if (n < 2) {
            throw new IllegalArgumentException("n must be >= 2. Got: " + n);
        }
        return sigmaNs * Math.sqrt((4.0 * n - 2.0) / ((double) n * (n + 1.0)));
    }

    private static void requireSigma(double s) {
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("A sigma must be finite and >= 0. Got: " + s);
        }
    }
}
