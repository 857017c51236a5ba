package org.operando.streams.registration;

import java.util.List;

/**
 * Outcome of {@link PointMatcher#match}.
 *
 * @param transform  least-squares affine over the inliers (unweighted), optical px &rarr; EM px
 * @param inliers    one-to-one fiducial pairs within the inlier threshold of {@code transform}
 * @param hypotheses number of RANSAC hypotheses drawn
 */
public record MatchResult(Affine2D transform, List<FiducialPair> inliers, int hypotheses) {
    public MatchResult {
        if (transform == null || inliers == null) {
            throw new IllegalArgumentException("Transform and inliers are required. Got: " + transform + ", "
                    + inliers);
        }
        inliers = List.copyOf(inliers);
    }
}
