package org.operando.streams.registration;

/**
 * Settings of {@link PointMatcher}.
 *
 * @param inlierThresholdEmPx a pair is an inlier when |T(optical) - em| is at most this, EM pixels
 * @param hypotheses          number of RANSAC hypotheses drawn (fixed, so the cost is predictable)
 * @param minInliers          fewer inliers than this (at least 3) is a {@link NotEnoughFiducialsException}
 * @param seed                seed of the sampling; the same inputs and seed give the same result
 */
public record RansacSettings(double inlierThresholdEmPx, int hypotheses, int minInliers, long seed) {
    public RansacSettings {
        if (!(inlierThresholdEmPx > 0) || !Double.isFinite(inlierThresholdEmPx)) {
            throw new IllegalArgumentException("Inlier threshold must be positive (EM px). Got: "
                    + inlierThresholdEmPx);
        }
        if (hypotheses < 1) {
            throw new IllegalArgumentException("Number of hypotheses must be >= 1. Got: " + hypotheses);
        }
        if (minInliers < 3) {
            throw new IllegalArgumentException("minInliers must be >= 3 (an affine map has 6 unknowns). Got: "
                    + minInliers);
        }
    }

    /**
     * 10 000 hypotheses, at least 4 inliers (so the fit has a residual to check). With 2000 the right consensus
     * among the simulator's 9 or 20 shared fiducials and 50-100 EM spots was missed for up to 4 of 20 seeds even at
     * a 40 nm threshold ({@code SimulatorRegistrationAccuracyTest}); 10 000 found it for 50 of 50, at ~10 ms per
     * registration (one every 25th EM frame).
     */
    public static RansacSettings of(double inlierThresholdEmPx, long seed) {
        return new RansacSettings(inlierThresholdEmPx, 10_000, 4, seed);
    }
}
