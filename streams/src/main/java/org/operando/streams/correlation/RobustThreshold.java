package org.operando.streams.correlation;

import org.operando.streams.stats.RobustScale;

/**
 * A threshold set by the frame's own background statistics rather than by its histogram's shape: the background
 * level is the median and its noise σ = 1.4826·MAD (median absolute deviation), both robust to the particles
 * themselves; dark features lie below median − k·σ, bright ones above median + k·σ. Unlike Otsu's method it does
 * not split pure noise in two when a frame holds few or faint particles.
 */
public final class RobustThreshold {
    private RobustThreshold() {
    }

    /** The threshold level for {@code polarity} at {@code k} noise sigmas from the background (every 4th pixel sampled). */
    public static double level(FloatImage image, Polarity polarity, double k) {
        if (!(k > 0)) {
            throw new IllegalArgumentException("k must be a positive number of sigmas. Got: " + k);
        }
        float[] px = image.pixels();
        int n = (px.length + 3) / 4;
        double[] sample = new double[n];
        for (int i = 0, j = 0; i < px.length; i += 4, j++) {
            sample[j] = px[i];
        }
        double[] robust = RobustScale.medianAndSigma(sample);
        double median = robust[0];
        double sigma = robust[1];
        return polarity == Polarity.DARK ? median - k * sigma : median + k * sigma;
    }
}
