package org.operando.streams.registration;

/**
 * Outcome of {@link AffineFit}: the transform, its FRE and a predictor of its TRE.
 *
 * <p>The predicted TRE at an optical target r is sqrt(u^T Q u) with u = [1, x - x0, y - y0] (optical centroid
 * (x0, y0)) and Q the 3&times;3 matrix assembled by {@link AffineFit} ({@link TreModel}); see there for the
 * derivation.
 */
public final class AffineFitResult {
    private final Affine2D transform;
    private final int pairCount;
    private final double freEmPx;
    private final double[] residualsEmPx;
    private final TreModel treModel;
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
        this.treModel = TreModel.of(centroidX, centroidY, q);
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
        return treModel.treEmPx(xOptical, yOptical);
    }

    /** The TRE predictor as a value, for results that outlive the fit. */
    public TreModel treModel() {
        return treModel;
    }

    @Override
    public String toString() {
        return "AffineFitResult[transform=" + transform + ", pairs=" + pairCount + ", freEmPx=" + freEmPx
                + ", condition=" + conditionNumber + ", " + treModel + "]";
    }
}
