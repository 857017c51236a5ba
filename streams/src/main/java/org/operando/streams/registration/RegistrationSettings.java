package org.operando.streams.registration;

/**
 * Everything {@link CoRegistration} needs besides the images and the first guess.
 *
 * @param optical            spot detection in the optical image (beads)
 * @param em                 spot detection in the EM image (gold)
 * @param ransac             matching (inlier threshold in EM px, seed)
 * @param weightedFit        weight the final affine fit by the localization errors ({@link AffineFit})
 * @param maxConditionNumber degeneracy limit of the fiducial layout ({@link AffineFit})
 * @param emPixelSizeNm      EM pixel size, nm, to report FRE and TRE in nm
 */
public record RegistrationSettings(SpotDetectorSettings optical, SpotDetectorSettings em, RansacSettings ransac,
                                   boolean weightedFit, double maxConditionNumber, double emPixelSizeNm) {
    /**
     * Default inlier threshold: 50 nm, about 0.6 optical pixel and more than twice a poor bead localization error
     * (20 nm). At 100 nm a wrong consensus among the EM field's many gold-like particles won for 13 of 20 RANSAC seeds
     * on the default profile's 2 µm field ({@code SimulatorRegistrationAccuracyTest}).
     */
    public static final double DEFAULT_INLIER_THRESHOLD_NM = 50.0;

    public RegistrationSettings {
        if (optical == null || em == null || ransac == null) {
            throw new IllegalArgumentException("Optical, EM and RANSAC settings are required. Got: " + optical
                    + ", " + em + ", " + ransac);
        }
        if (!(maxConditionNumber > 1)) {
            throw new IllegalArgumentException("Maximum condition number must exceed 1. Got: " + maxConditionNumber);
        }
        if (!(emPixelSizeNm > 0) || !Double.isFinite(emPixelSizeNm)) {
            throw new IllegalArgumentException("EM pixel size must be positive (nm). Got: " + emPixelSizeNm);
        }
    }

    /**
     * Typical CLEM settings: Gaussian beads of the given PSF FWHM in the optical image, gold discs of the given
     * diameter in the EM image, inlier threshold {@value #DEFAULT_INLIER_THRESHOLD_NM} nm, weighted fit,
     * condition number limit {@link AffineFit#DEFAULT_MAX_CONDITION_NUMBER}.
     */
    public static RegistrationSettings forClem(double opticalPixelNm, double psfFwhmNm, double emPixelNm,
                                               double goldDiameterNm, Polarity goldPolarity, long seed) {
        return new RegistrationSettings(
                SpotDetectorSettings.forGaussianPsf(psfFwhmNm, opticalPixelNm, Polarity.BRIGHT),
                SpotDetectorSettings.forDisc(goldDiameterNm, emPixelNm, goldPolarity),
                RansacSettings.of(DEFAULT_INLIER_THRESHOLD_NM / emPixelNm, seed),
                true, AffineFit.DEFAULT_MAX_CONDITION_NUMBER, emPixelNm);
    }

    public RegistrationSettings withRansac(RansacSettings value) {
        return new RegistrationSettings(optical, em, value, weightedFit, maxConditionNumber, emPixelSizeNm);
    }

    public RegistrationSettings withWeightedFit(boolean value) {
        return new RegistrationSettings(optical, em, ransac, value, maxConditionNumber, emPixelSizeNm);
    }
}
