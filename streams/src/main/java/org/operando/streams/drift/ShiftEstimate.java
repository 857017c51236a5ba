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
 * @param confidence    peak-to-background ratio of the phase-correlation surface: (peak − μ) / σ,
 *                      μ and σ over the surface outside a 5 × 5 px box around the peak. Pure noise
 *                      gives ≈ √(2 ln(W·H)) ≈ 5; a blank or saturated frame gives 0. Never NaN.
 * @param peakHeight    height of the normalized correlation peak, in [0, 1]: the fraction of the
 *                      whitened spectrum consistent with one rigid translation (1 = identical images)
 * @param featureless   true when the moving image (or the reference) is constant, e.g. blank or
 *                      saturated, so no shift can be measured; the shift is then (0, 0)
 */
public record ShiftEstimate(double dxPx, double dyPx, double confidence, double peakHeight, boolean featureless) {

    public ShiftEstimate {
        if (!Double.isFinite(dxPx) || !Double.isFinite(dyPx)) {
            throw new IllegalArgumentException("Shift must be finite. Got: (" + dxPx + ", " + dyPx + ")");
        }
        if (!(confidence >= 0) || Double.isInfinite(confidence)) {
            throw new IllegalArgumentException("Confidence must be finite and >= 0. Got: " + confidence);
        }
        if (!(peakHeight >= -1e-9 && peakHeight <= 1 + 1e-6)) {
            throw new IllegalArgumentException("Peak height must be in [0, 1]. Got: " + peakHeight);
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
