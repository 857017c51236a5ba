package org.operando.streams.correlation;

import java.util.Arrays;

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
        float[] sample = new float[n];
        for (int i = 0, j = 0; i < px.length; i += 4, j++) {
            sample[j] = px[i];
        }
        Arrays.sort(sample);
        double median = sample[n / 2];
        float[] deviation = new float[n];
        for (int i = 0; i < n; i++) {
            deviation[i] = (float) Math.abs(sample[i] - median);
        }
        Arrays.sort(deviation);
        double sigma = 1.4826 * deviation[n / 2];
        return polarity == Polarity.DARK ? median - k * sigma : median + k * sigma;
    }
}
