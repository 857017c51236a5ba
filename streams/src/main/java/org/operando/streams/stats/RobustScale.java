package org.operando.streams.stats;

import org.apache.commons.math3.util.KthSelector;
import org.apache.commons.math3.util.MedianOf3PivotingStrategy;

/**
 * Median and MAD-based noise σ of a sample, by selection (commons-math {@link KthSelector}, expected O(n)) rather than
 * by sorting: the same order statistics a full sort would give (element {@code n / 2} of the sorted sample), at a
 * fraction of the cost on the image-sized samples the pixel stages use.
 */
public final class RobustScale {
    /** σ of Gaussian noise = this × MAD. */
    public static final double MAD_TO_SIGMA = 1.4826;

    private RobustScale() {
    }

    /** Median and 1.4826 × MAD of {@code work}, which is reordered and overwritten. {median, sigma}. */
    public static double[] medianAndSigma(double[] work) {
        if (work.length == 0) {
            throw new IllegalArgumentException("A median needs at least one value. Got an empty sample");
        }
        KthSelector selector = new KthSelector(new MedianOf3PivotingStrategy());
        int k = work.length / 2;
        double median = selector.select(work, null, k);
        for (int i = 0; i < work.length; i++) {
            work[i] = Math.abs(work[i] - median);
        }
        return new double[] {median, MAD_TO_SIGMA * selector.select(work, null, k)};
    }
}
