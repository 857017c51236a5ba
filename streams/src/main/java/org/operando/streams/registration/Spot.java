package org.operando.streams.registration;

/**
 * One localized spot (fiducial candidate) in an image, in that image's pixel coordinates.
 *
 * @param x                   sub-pixel column of the spot centre (pixel centres at integers)
 * @param y                   sub-pixel row of the spot centre
 * @param amplitude           peak height above the local background, in image grey values, always positive
 *                            (for dark spots the depth below the background)
 * @param sigma               fitted Gaussian width in pixels
 * @param localizationErrorPx estimated standard deviation of the position error along one axis, in pixels
 *                            (from the fit covariance, see {@link GaussianSpotFit})
 */
public record Spot(double x, double y, double amplitude, double sigma, double localizationErrorPx) {
    public Spot {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("Spot position must be finite. Got: (" + x + ", " + y + ")");
        }
        if (!(amplitude > 0) || !Double.isFinite(amplitude)) {
            throw new IllegalArgumentException("Spot amplitude must be positive and finite. Got: " + amplitude);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("Spot sigma must be positive and finite. Got: " + sigma);
        }
        if (!(localizationErrorPx >= 0) || !Double.isFinite(localizationErrorPx)) {
            throw new IllegalArgumentException(
                    "Spot localization error must be non-negative and finite. Got: " + localizationErrorPx);
        }
    }
}
