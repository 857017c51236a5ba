package org.operando.streams.drift;

/**
 * The separable window applied to a frame before its Fourier transform, to suppress the edge
 * discontinuity that a non-periodic image has under the FFT's periodic extension (which would
 * otherwise add a spurious correlation peak at zero shift).
 *
 * <p>The 2-D window is w(x, y) = w<sub>x</sub>(x) · w<sub>y</sub>(y) with, for n = 0 … N−1:
 * <ul>
 *   <li>{@link #HANN}: w(n) = ½ (1 − cos(2πn / (N−1)));</li>
 *   <li>{@link #TUKEY}: 1 in the middle, a half-cosine taper over the outer α(N−1)/2 samples on
 *       each side (α = 1 is Hann, α = 0 is no window);</li>
 *   <li>{@link #NONE}: w = 1 (for periodic test images only).</li>
 * </ul>
 */
public enum Apodization {
    HANN, TUKEY, NONE;

    /**
     * The 1-D weights for a signal of length {@code n}.
     *
     * @param n     number of samples, at least 2
     * @param alpha Tukey taper fraction in [0, 1]; ignored for HANN and NONE
     */
    public double[] weights(int n, double alpha) {
        if (n < 2) {
            throw new IllegalArgumentException("Window length must be at least 2. Got: " + n);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("Tukey alpha must be in [0, 1]. Got: " + alpha);
        }
        double[] w = new double[n];
        double last = n - 1;
        for (int i = 0; i < n; i++) {
            w[i] = switch (this) {
                case HANN -> 0.5 * (1 - Math.cos(2 * Math.PI * i / last));
                case NONE -> 1.0;
                case TUKEY -> tukey(i, last, alpha);
            };
        }
        return w;
    }

    /**
     * The window of length {@code n} moved by {@code shift} samples: w(i − shift), evaluated on the
     * continuous window and 0 outside [0, n − 1].
     */
    public double[] shiftedWeights(int n, double alpha, double shift) {
        double[] w = weights(n, alpha);
        double last = n - 1;
        for (int i = 0; i < n; i++) {
            double t = i - shift;
            if (t < 0 || t > last) {
                w[i] = 0;
                continue;
            }
            w[i] = switch (this) {
                case HANN -> 0.5 * (1 - Math.cos(2 * Math.PI * t / last));
                case NONE -> 1.0;
                case TUKEY -> tukey(t, last, alpha);
            };
        }
        return w;
    }

    private static double tukey(double i, double last, double alpha) {
        if (alpha == 0) {
            return 1.0;
        }
        double taper = alpha * last / 2;
        double fromEdge = Math.min(i, last - i);
        if (fromEdge >= taper) {
            return 1.0;
        }
        return 0.5 * (1 - Math.cos(Math.PI * fromEdge / taper));
    }
}
