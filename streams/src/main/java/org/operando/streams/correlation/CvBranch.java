package org.operando.streams.correlation;

import java.util.OptionalDouble;

/**
 * One sweep direction of one cycle: the feature averaged per potential bin.
 *
 * @param sums   Σ feature per bin
 * @param counts number of feature samples per bin
 */
public record CvBranch(double[] sums, int[] counts) {

    public CvBranch {
        if (sums.length != counts.length) {
            throw new IllegalArgumentException("Sums and counts must have one entry per bin. Got: "
                    + sums.length + " and " + counts.length);
        }
        sums = sums.clone();
        counts = counts.clone();
    }

    @Override
    public double[] sums() {
        return sums.clone();
    }

    @Override
    public int[] counts() {
        return counts.clone();
    }

    /** Mean feature in bin b, empty when no sample fell into it. */
    public OptionalDouble mean(int b) {
        return counts[b] == 0 ? OptionalDouble.empty() : OptionalDouble.of(sums[b] / counts[b]);
    }

    /** Total number of samples on this branch. */
    public int samples() {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }
}
