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

    /** 2000 hypotheses, at least 4 inliers (so the fit has a residual to check). */
    public static RansacSettings of(double inlierThresholdEmPx, long seed) {
        return new RansacSettings(inlierThresholdEmPx, 2000, 4, seed);
    }
}
