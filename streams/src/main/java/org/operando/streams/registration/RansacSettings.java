package org.operando.streams.registration;

/**
 * Settings of {@link PointMatcher}.
 *
 * @param inlierThresholdEmPx a pair is an inlier when |T(optical) - em| is at most this, EM pixels
 * @param maxIterations       cap on RANSAC hypotheses (the adaptive count usually stops earlier)
 * @param confidence          probability of drawing at least one all-inlier sample, for the adaptive count
 * @param minInliers          fewer inliers than this (at least 3) is a {@link NotEnoughFiducialsException}
 * @param seed                seed of the sampling; the same inputs and seed give the same result
 */
public record RansacSettings(double inlierThresholdEmPx, int maxIterations, double confidence, int minInliers,
                             long seed) {
    public RansacSettings {
        if (!(inlierThresholdEmPx > 0) || !Double.isFinite(inlierThresholdEmPx)) {
            throw new IllegalArgumentException("Inlier threshold must be positive (EM px). Got: "
                    + inlierThresholdEmPx);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1. Got: " + maxIterations);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("Confidence must be in (0, 1). Got: " + confidence);
        }
        if (minInliers < 3) {
            throw new IllegalArgumentException("minInliers must be >= 3 (an affine map has 6 unknowns). Got: "
                    + minInliers);
        }
    }

    /** 5000 iterations at most, confidence 0.999, at least 4 inliers (so the fit has a residual to check). */
    public static RansacSettings of(double inlierThresholdEmPx, long seed) {
        return new RansacSettings(inlierThresholdEmPx, 5000, 0.999, 4, seed);
    }
}
