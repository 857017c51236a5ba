package org.operando.streams.registration;

/**
 * Settings of {@link SpotDetector}.
 *
 * @param spotSigmaPx          expected Gaussian width of a spot, pixels (sets the DoG scales and the fit start)
 * @param polarity             whether spots are brighter or darker than the background
 * @param thresholdNoiseSigmas a candidate's band-pass response must exceed this many robust noise sigmas
 *                             (noise sigma = 1.4826 &times; MAD of the response over the image)
 * @param suppressionRadiusPx  non-maximum suppression: a candidate must be the maximum in a square of this radius
 * @param fitRadiusPx          half-width of the square window used by the Gaussian fit
 * @param maxSpots             keep at most this many spots, the strongest
 */
public record SpotDetectorSettings(double spotSigmaPx, Polarity polarity, double thresholdNoiseSigmas,
                                   int suppressionRadiusPx, int fitRadiusPx, int maxSpots) {
    /** FWHM of a Gaussian = 2 sqrt(2 ln 2) sigma. */
    public static final double FWHM_PER_SIGMA = 2.0 * Math.sqrt(2.0 * Math.log(2.0));

    public SpotDetectorSettings {
        if (!(spotSigmaPx >= 0.5) || !Double.isFinite(spotSigmaPx)) {
            throw new IllegalArgumentException("Spot sigma must be at least 0.5 px (finite). Got: " + spotSigmaPx);
        }
        if (polarity == null) {
            throw new IllegalArgumentException("Polarity is required (BRIGHT or DARK). Got: null");
        }
        if (!(thresholdNoiseSigmas > 0)) {
            throw new IllegalArgumentException("Threshold must be positive. Got: " + thresholdNoiseSigmas);
        }
        if (suppressionRadiusPx < 1) {
            throw new IllegalArgumentException("Suppression radius must be >= 1 px. Got: " + suppressionRadiusPx);
        }
        if (fitRadiusPx < 2) {
            throw new IllegalArgumentException("Fit radius must be >= 2 px. Got: " + fitRadiusPx);
        }
        if (maxSpots < 1) {
            throw new IllegalArgumentException("maxSpots must be >= 1. Got: " + maxSpots);
        }
    }

    /** Defaults for a spot of the given Gaussian sigma: threshold 6 noise sigmas, windows from 2 and 3 sigma. */
    public static SpotDetectorSettings forSpotSigma(double spotSigmaPx, Polarity polarity) {
        return new SpotDetectorSettings(spotSigmaPx, polarity, 6.0,
                Math.max(1, (int) Math.round(2 * spotSigmaPx)),
                Math.max(2, (int) Math.ceil(3 * spotSigmaPx)), 10_000);
    }

    /**
     * A diffraction-limited bead: FWHM = lambda / (2 NA), sigma = FWHM / 2.3548, in pixels.
     *
     * @param fwhmNm  PSF full width at half maximum, nm
     * @param pixelNm pixel size, nm
     */
    public static SpotDetectorSettings forGaussianPsf(double fwhmNm, double pixelNm, Polarity polarity) {
        return forSpotSigma(fwhmNm / FWHM_PER_SIGMA / pixelNm, polarity);
    }

    /**
     * A uniform disc (gold particle) of the given diameter. A disc of radius R has per-axis second moment R^2 / 4,
     * so the matching Gaussian has sigma = R / 2 (at least 0.5 px).
     */
    public static SpotDetectorSettings forDisc(double diameterNm, double pixelNm, Polarity polarity) {
        return forSpotSigma(Math.max(0.5, diameterNm / pixelNm / 4.0), polarity);
    }

    public SpotDetectorSettings withThresholdNoiseSigmas(double value) {
        return new SpotDetectorSettings(spotSigmaPx, polarity, value, suppressionRadiusPx, fitRadiusPx, maxSpots);
    }

    public SpotDetectorSettings withMaxSpots(int value) {
        return new SpotDetectorSettings(spotSigmaPx, polarity, thresholdNoiseSigmas, suppressionRadiusPx,
                fitRadiusPx, value);
    }
}
