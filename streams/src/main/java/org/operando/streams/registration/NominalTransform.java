package org.operando.streams.registration;

/**
 * The first guess of the map optical px &rarr; EM px and how far it may be off; it bounds where
 * {@link PointMatcher} looks for partners.
 *
 * @param opticalToEm               nominal affine map
 * @param translationUncertaintyEmPx how far (EM px) the true image of a point near the EM field may be from the
 *                                  nominal one (stage repeatability and calibration), at least 0
 * @param rotationUncertaintyRad    largest rotation between the true and the nominal map, radians, in [0, 0.5]
 * @param scaleUncertainty          largest relative error of the linear part's scale and shear, in [0, 0.5]
 */
public record NominalTransform(Affine2D opticalToEm, double translationUncertaintyEmPx,
                               double rotationUncertaintyRad, double scaleUncertainty) {
    public NominalTransform {
        if (opticalToEm == null) {
            throw new IllegalArgumentException("Nominal transform is required. Got: null");
        }
        if (!(translationUncertaintyEmPx >= 0) || !Double.isFinite(translationUncertaintyEmPx)) {
            throw new IllegalArgumentException(
                    "Translation uncertainty must be finite and >= 0 EM px. Got: " + translationUncertaintyEmPx);
        }
        if (!(rotationUncertaintyRad >= 0 && rotationUncertaintyRad <= 0.5)) {
            throw new IllegalArgumentException(
                    "Rotation uncertainty must be in [0, 0.5] rad. Got: " + rotationUncertaintyRad);
        }
        if (!(scaleUncertainty >= 0 && scaleUncertainty <= 0.5)) {
            throw new IllegalArgumentException("Scale uncertainty must be in [0, 0.5]. Got: " + scaleUncertainty);
        }
    }

    /**
     * From stage positions and nominal pixel sizes. The specimen point of optical pixel p is
     * S = stage_opt + pix_opt (p - c_opt); its EM pixel is q = c_em + R(theta) (S - stage_em) / pix_em, hence
     * <pre>  A = (pix_opt / pix_em) R(theta),   t = c_em + R(theta) (stage_opt - stage_em) / pix_em - A c_opt.</pre>
     *
     * @param rotationRad            nominal rotation of the EM image relative to the optical one (often 0)
     * @param stageUncertaintyNm     stage/calibration uncertainty of the relative position, nm
     * @param rotationUncertaintyRad see the record component
     * @param scaleUncertainty       see the record component
     */
    public static NominalTransform fromStage(ImageGeometry optical, ImageGeometry em, double rotationRad,
                                             double stageUncertaintyNm, double rotationUncertaintyRad,
                                             double scaleUncertainty) {
        double scale = optical.pixelSizeNm() / em.pixelSizeNm();
        double cos = Math.cos(rotationRad);
        double sin = Math.sin(rotationRad);
        double sx = (optical.stageXNm() - em.stageXNm()) / em.pixelSizeNm();
        double sy = (optical.stageYNm() - em.stageYNm()) / em.pixelSizeNm();
        Affine2D linear = Affine2D.similarity(scale, rotationRad, 0, 0);
        double tx = em.centreX() + cos * sx - sin * sy
                - linear.linearX(optical.centreX(), optical.centreY());
        double ty = em.centreY() + sin * sx + cos * sy
                - linear.linearY(optical.centreX(), optical.centreY());
        return new NominalTransform(linear.translated(tx, ty), stageUncertaintyNm / em.pixelSizeNm(),
                rotationUncertaintyRad, scaleUncertainty);
    }

    /** Relative bound on |(A_true - A_nominal) v| / |A_nominal v|: rotation plus scale/shear uncertainty. */
    double linearUncertainty() {
        return rotationUncertaintyRad + scaleUncertainty;
    }
}
