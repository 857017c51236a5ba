package org.operando.streams.registration;

/**
 * One fiducial seen in both modalities.
 *
 * @param xOptical     column in the optical image, optical pixels
 * @param yOptical     row in the optical image, optical pixels
 * @param xEm          column in the EM image, EM pixels
 * @param yEm          row in the EM image, EM pixels
 * @param sigmaOptical per-axis localization error of the optical position, optical pixels (0 if unknown)
 * @param sigmaEm      per-axis localization error of the EM position, EM pixels (0 if unknown)
 */
public record FiducialPair(double xOptical, double yOptical, double xEm, double yEm,
                           double sigmaOptical, double sigmaEm) {
    public FiducialPair {
        if (!Double.isFinite(xOptical) || !Double.isFinite(yOptical) || !Double.isFinite(xEm)
                || !Double.isFinite(yEm)) {
            throw new IllegalArgumentException("Fiducial coordinates must be finite. Got: optical (" + xOptical
                    + ", " + yOptical + "), EM (" + xEm + ", " + yEm + ")");
        }
        if (!(sigmaOptical >= 0) || !(sigmaEm >= 0) || !Double.isFinite(sigmaOptical + sigmaEm)) {
            throw new IllegalArgumentException("Localization errors must be finite and >= 0. Got: optical "
                    + sigmaOptical + ", EM " + sigmaEm);
        }
    }

    /** A pair from two detected spots, carrying their localization errors. */
    public static FiducialPair of(Spot optical, Spot em) {
        return new FiducialPair(optical.x(), optical.y(), em.x(), em.y(),
                optical.localizationErrorPx(), em.localizationErrorPx());
    }

    /** Residual vector length |T(optical) - em| in EM pixels. */
    public double residualEmPx(Affine2D opticalToEm) {
        return Math.hypot(opticalToEm.applyX(xOptical, yOptical) - xEm, opticalToEm.applyY(xOptical, yOptical) - yEm);
    }
}
