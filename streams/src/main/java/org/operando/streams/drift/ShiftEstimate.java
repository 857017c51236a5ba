package org.operando.streams.drift;

/**
 * The translation of a moving image relative to a reference, measured by {@link PhaseCorrelator}.
 *
 * <p><b>Sign convention.</b> (dx, dy) is the shift that, applied to the reference, gives the moving
 * image: moving(x, y) ≈ reference(x − dx, y − dy). A feature at column x in the reference is at
 * column x + dx in the moving frame; x runs along a row (column index), y down the rows. This is
 * the <em>negative</em> of what scikit-image's {@code phase_cross_correlation(reference, moving)}
 * returns, and in the other order: skimage gives (row, col) = (−dy, −dx), the shift that registers
 * moving onto reference.
 *
 * @param dxPx          shift along x (columns), pixels
 * @param dyPx          shift along y (rows), pixels
 * @param confidence      height of the normalized correlation peak, in [0, 1]: 1 for identical
 *                        images, ≈ 0 for unrelated ones. With the default whitening β = 0 it is the
 *                        normalized cross-correlation coefficient of the two windowed, zero-mean
 *                        frames at the measured shift; with β = 1 (phase correlation) it is the
 *                        fraction of the whitened spectrum consistent with one rigid translation.
 *                        A blank or saturated frame gives 0. Never NaN.
 * @param peakToBackground (peak − μ) / σ of the correlation surface, μ and σ taken outside a
 *                        5 × 5 px box around the peak: how far the peak stands above the rest;
 *                        ≈ √(2 ln(W·H)) ≈ 5 for pure noise with β = 1; 0 for a featureless frame
 * @param featureless     true when the moving image or the reference is constant (blank or
 *                        saturated), so no shift can be measured; the shift is then (0, 0)
 */
public record ShiftEstimate(double dxPx, double dyPx, double confidence, double peakToBackground,
                            boolean featureless) {

    public ShiftEstimate {
        if (!Double.isFinite(dxPx) || !Double.isFinite(dyPx)) {
            throw new IllegalArgumentException("Shift must be finite. Got: (" + dxPx + ", " + dyPx + ")");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("Confidence must be in [0, 1]. Got: " + confidence);
        }
        if (!(peakToBackground >= 0) || Double.isInfinite(peakToBackground)) {
            throw new IllegalArgumentException("Peak-to-background ratio must be finite and >= 0. Got: "
                    + peakToBackground);
        }
    }

    /** The estimate for a frame with nothing to correlate: zero shift, zero confidence. */
    public static ShiftEstimate none() {
        return new ShiftEstimate(0, 0, 0, 0, true);
    }

    /** Euclidean length of the shift, pixels. */
    public double magnitudePx() {
        return Math.hypot(dxPx, dyPx);
    }
}
