package org.operando.streams.registration;

import java.util.List;

/**
 * A co-registration: the affine map optical px &rarr; EM px with its quality.
 *
 * @param opticalToEm   x_em = A x_opt + t (2&times;3)
 * @param emToOptical   its inverse
 * @param freEmPx       fiducial registration error (RMS residual over the inliers), EM pixels
 * @param freNm         the same in nm
 * @param tre           predicted TRE at the EM field centre and its four corners (in that order)
 * @param opticalSpots  fiducials detected in the optical image
 * @param emSpots       fiducials detected in the EM image
 * @param inliers       the fiducial pairs the transform was fitted to
 * @param emPixelSizeNm EM pixel size used for the nm figures
 * @param treModel      predicted TRE anywhere ({@link #predictedTreNm})
 */
public record RegistrationResult(Affine2D opticalToEm, Affine2D emToOptical, double freEmPx, double freNm,
                                 List<TargetError> tre, int opticalSpots, int emSpots,
                                 List<FiducialPair> inliers, double emPixelSizeNm, TreModel treModel) {
    public RegistrationResult {
        if (opticalToEm == null || emToOptical == null || tre == null || inliers == null || treModel == null) {
            throw new IllegalArgumentException("Transform, inverse, TRE, inliers and TRE model are required");
        }
        if (!(freEmPx >= 0) || !(freNm >= 0)) {
            throw new IllegalArgumentException("FRE must be >= 0. Got: " + freEmPx + " px, " + freNm + " nm");
        }
        if (opticalSpots < 0 || emSpots < 0) {
            throw new IllegalArgumentException("Spot counts must be >= 0. Got: " + opticalSpots + ", " + emSpots);
        }
        tre = List.copyOf(tre);
        inliers = List.copyOf(inliers);
    }

    /** Predicted TRE, nm, at an arbitrary target given by its EM pixel position (e.g. a region of interest). */
    public double predictedTreNm(double xEm, double yEm) {
        return emPixelSizeNm * treModel.treEmPx(emToOptical.applyX(xEm, yEm), emToOptical.applyY(xEm, yEm));
    }

    /** Largest predicted TRE over the reported field points, nm. */
    public double maxTreNm() {
        return tre.stream().mapToDouble(TargetError::treNm).max().orElse(0);
    }

    /**
     * The transform from the <em>current</em> optical frame to the <em>current</em> EM frame, given each
     * modality's drift since its reference frame (the frames this registration was measured on), so that the
     * overlay stays fixed on the specimen.
     *
     * <p>Convention ({@link PixelShift}): drift d means a specimen feature at p in the reference frame appears at
     * p + d in the current frame. A current optical pixel p therefore shows what was at p - d_opt in the optical
     * reference, which maps to T(p - d_opt) in the EM reference and appears at T(p - d_opt) + d_em now:
     * <pre>  T_now(p) = A p + (t - A d_opt + d_em).</pre>
     * FRE and TRE are unchanged (the drift estimates' own errors are not included).
     */
    public Affine2D compose(PixelShift driftEm, PixelShift driftOptical) {
        if (driftEm == null || driftOptical == null) {
            throw new IllegalArgumentException("Both drifts are required (use PixelShift.ZERO for none)");
        }
        return opticalToEm.translated(
                driftEm.dx() - opticalToEm.linearX(driftOptical.dx(), driftOptical.dy()),
                driftEm.dy() - opticalToEm.linearY(driftOptical.dx(), driftOptical.dy()));
    }
}
