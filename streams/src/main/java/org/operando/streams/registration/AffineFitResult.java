package org.operando.streams.registration;

import java.util.Arrays;

/**
 * Outcome of {@link AffineFit}: the transform, its FRE and a predictor of its TRE.
 *
 * <p>The predicted TRE at an optical target r is sqrt(u^T Q u) with u = [1, x - x0, y - y0] (optical centroid
 * (x0, y0)) and Q the 3&times;3 matrix assembled by {@link AffineFit}; see there for the derivation.
 */
public final class AffineFitResult {
    private final Affine2D transform;
    private final int pairCount;
    private final double freEmPx;
    private final double[] residualsEmPx;
    private final double centroidX;
    private final double centroidY;
    private final double[] q;
    private final double conditionNumber;
    private final double fleEffectiveEmPx;

    AffineFitResult(Affine2D transform, double[] residualsEmPx, double centroidX, double centroidY, double[] q,
                    double conditionNumber, double fleEffectiveEmPx) {
        this.transform = transform;
        this.pairCount = residualsEmPx.length;
        this.residualsEmPx = residualsEmPx.clone();
        double ss = 0;
        for (double r : residualsEmPx) {
            ss += r * r;
        }
        this.freEmPx = Math.sqrt(ss / residualsEmPx.length);
        this.centroidX = centroidX;
        this.centroidY = centroidY;
        this.q = q.clone();
        this.conditionNumber = conditionNumber;
        this.fleEffectiveEmPx = fleEffectiveEmPx;
    }

    /** The fitted map optical px &rarr; EM px. */
    public Affine2D transform() {
        return transform;
    }

    public int pairCount() {
        return pairCount;
    }

    /** Fiducial registration error: RMS over the pairs of |T(optical_i) - em_i|, EM pixels. */
    public double freEmPx() {
        return freEmPx;
    }

    /** |T(optical_i) - em_i| per pair, EM pixels, in input order. */
    public double[] residualsEmPx() {
        return residualsEmPx.clone();
    }

    /** Condition number (largest / smallest singular value) of the centred optical coordinates. */
    public double conditionNumber() {
        return conditionNumber;
    }

    /**
     * RMS over the pairs of the effective 2-D fiducial localization error sqrt(tr Sigma_i) in EM pixels
     * (see {@link AffineFit}); the FLE that the TRE prediction used.
     */
    public double fleEffectiveEmPx() {
        return fleEffectiveEmPx;
    }

    /**
     * Predicted TRE at an optical target point: root expected squared distance between the fitted and the true
     * image of the target in EM pixels (registration error only: the target's own localization error is not
     * included).
     */
    public double predictedTreEmPx(double xOptical, double yOptical) {
        double[] u = {1, xOptical - centroidX, yOptical - centroidY};
        double s = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                s += u[i] * q[3 * i + j] * u[j];
            }
        }
        return Math.sqrt(Math.max(0, s));
    }

    @Override
    public String toString() {
        return "AffineFitResult[transform=" + transform + ", pairs=" + pairCount + ", freEmPx=" + freEmPx
                + ", condition=" + conditionNumber + ", q=" + Arrays.toString(q) + "]";
    }
}
