package org.operando.streams.correlation;

/**
 * Normalized cross-correlation r(k·Δt) for k = −K..K on a regular lag grid, and the grid data
 * it was computed from.
 *
 * @param stepS       lag (and sample) spacing Δt, s
 * @param r           r[k + K] = Pearson correlation of x_i and y_{i+k} over the overlapping pairs
 * @param pairs       pairs[k + K] = number of overlapping pairs at lag k
 * @param gridStartS  master time of the first grid sample
 */
public record CorrelationFunction(double stepS, double[] r, int[] pairs, double gridStartS) {

    public CorrelationFunction {
        r = r.clone();
        pairs = pairs.clone();
    }

    @Override
    public double[] r() {
        return r.clone();
    }

    @Override
    public int[] pairs() {
        return pairs.clone();
    }

    /** K, the largest lag index. */
    public int maxLagIndex() {
        return (r.length - 1) / 2;
    }

    /** r at lag index k (−K ≤ k ≤ K). */
    public double at(int k) {
        return r[k + maxLagIndex()];
    }
}
