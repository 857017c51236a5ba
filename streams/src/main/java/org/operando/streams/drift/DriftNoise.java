package org.operando.streams.drift;

/**
 * One axis's measurement noise r and random-walk process noise q, estimated online from the drift measurements
 * themselves, for the {@link ConstantVelocityAxis} filter of a {@link DriftTracker}.
 *
 * <p>Model (local level with creep): z<sub>k</sub> = x<sub>k</sub> + v<sub>k</sub>, x<sub>k</sub> = x<sub>k−1</sub>
 * + c + w<sub>k</sub>, v ~ N(0, r), w ~ N(0, q) white. The first differences of consecutive frames
 * d<sub>k</sub> = z<sub>k</sub> − z<sub>k−1</sub> = c + w<sub>k</sub> + v<sub>k</sub> − v<sub>k−1</sub> have variance
 * γ<sub>0</sub> = q + 2r, lag-1 autocovariance γ<sub>1</sub> = −r and none at longer lags, so
 * r = −γ<sub>1</sub> and q = γ<sub>0</sub> − 2r. γ<sub>0</sub>, γ<sub>1</sub> and the creep c are exponentially
 * weighted means over about {@value #WINDOW} differences (running means until then).
 *
 * <p>The estimate of r is lowered by three standard errors (≈ γ<sub>0</sub>/√n each; with two, a fast walk measured almost without noise was smoothed for a while and published 3 % worse than raw): a filter whose r is too small and q
 * too large weights the measurement more than the optimum, so its error lies between the optimal filter's and the
 * raw measurement's, never above the raw one; a too-large r would lag. Measurement errors that are correlated over
 * many frames (a keyframe's offset shared by the frames matched against it) make γ<sub>1</sub> less negative, and
 * so also err towards the raw value. Until {@value #WARMUP} differences are in (before, one run of a random walk gave γ<sub>1</sub> three standard
 * errors below zero), r is taken as zero (the filter
 * follows the measurement) and q as the tracker's configured random walk.
 *
 * <p>Only differences of frames measured one sequence number apart enter; a jump (the filter reset) starts the
 * differences afresh. Immutable.
 *
 * @param count      differences taken in so far
 * @param lastZ      the previous measurement
 * @param lastSeq    its sequence number, or −1 before the first
 * @param lastD      the previous difference (deviation from the creep not yet removed)
 * @param hasLastD   {@code lastD} belongs to the frame pair just before the current one
 * @param mean       creep c, px per frame
 * @param c0         γ<sub>0</sub>, px²
 * @param c1         γ<sub>1</sub>, px²
 */
record DriftNoise(long count, double lastZ, long lastSeq, double lastD, boolean hasLastD, double mean, double c0,
                  double c1) {
    static final int WINDOW = 100;
    static final int WARMUP = 30;
    /** Variance floor, px² (10⁻⁴ px RMS, below any measurement's noise): keeps the filter's gain defined. */
    static final double MIN_VARIANCE = 1e-8;
    /** Values per axis in a {@link DriftTracker.Snapshot}'s filter array. */
    static final int SNAPSHOT_LENGTH = 8;

    static DriftNoise start() {
        return new DriftNoise(0, 0, -1, 0, false, 0, 0, 0);
    }

    /** Takes in measurement {@code z} of frame {@code sequence}; {@code jump}: the filter was reset at it. */
    DriftNoise measured(long sequence, double z, boolean jump) {
        if (jump || lastSeq < 0 || sequence - lastSeq != 1) {
            return new DriftNoise(count, z, sequence, 0, false, mean, c0, c1);
        }
        double d = z - lastZ;
        long n = count + 1;
        double alpha = 1.0 / Math.min(n, WINDOW);
        double m = mean + alpha * (d - mean);
        double n0 = c0 + alpha * ((d - m) * (d - m) - c0);
        double n1 = hasLastD ? c1 + alpha * ((d - m) * (lastD - m) - c1) : c1;
        return new DriftNoise(n, z, sequence, d, true, m, n0, n1);
    }

    boolean warm() {
        return count >= WARMUP;
    }

    /** Measurement variance r for the filter, px². */
    double measurementVariance() {
        if (!warm()) {
            return MIN_VARIANCE;
        }
        double standardError = c0 / Math.sqrt(Math.min(count, 2 * WINDOW));
        return Math.max(MIN_VARIANCE, -c1 - 3 * standardError);
    }

    /** Random-walk variance q per frame for the filter, px²; {@code prior} until warm. */
    double processVariance(double prior) {
        if (!warm()) {
            return prior;
        }
        return Math.max(MIN_VARIANCE, c0 - 2 * measurementVariance());
    }

    void writeTo(double[] out, int offset) {
        out[offset] = count;
        out[offset + 1] = lastZ;
        out[offset + 2] = lastSeq;
        out[offset + 3] = lastD;
        out[offset + 4] = hasLastD ? 1 : 0;
        out[offset + 5] = mean;
        out[offset + 6] = c0;
        out[offset + 7] = c1;
    }

    static DriftNoise readFrom(double[] in, int offset) {
        return new DriftNoise((long) in[offset], in[offset + 1], (long) in[offset + 2], in[offset + 3], in[offset + 4] != 0,
                in[offset + 5], in[offset + 6], in[offset + 7]);
    }
}
