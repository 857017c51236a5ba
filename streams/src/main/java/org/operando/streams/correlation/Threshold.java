package org.operando.streams.correlation;

/**
 * How the intensity level that separates particles from background is chosen.
 */
public sealed interface Threshold permits Threshold.Otsu, Threshold.Fixed {

    /** The level for this image. */
    double levelFor(FloatImage image);

    /** A level given by the operator (same units as the pixels). */
    record Fixed(double level) implements Threshold {
        public Fixed {
            if (!Double.isFinite(level)) {
                throw new IllegalArgumentException("Threshold level must be finite. Got: " + level);
            }
        }

        @Override
        public double levelFor(FloatImage image) {
            return level;
        }
    }

    /**
     * Otsu's method (Otsu 1979): the pixels are histogrammed into 256 equal bins between the
     * image minimum and maximum; the split after bin k maximising the between-class variance
     * w₀(k)·w₁(k)·(μ₀(k) − μ₁(k))² is chosen and the level is the centre of bin k (the same
     * convention as scikit-image's {@code threshold_otsu}: foreground is {@code value > level}).
     */
    record Otsu() implements Threshold {
        private static final int BINS = 256;

        @Override
        public double levelFor(FloatImage image) {
            float[] p = image.pixels();
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : p) {
                if (v < min) {
                    min = v;
                }
                if (v > max) {
                    max = v;
                }
            }
            if (!(max > min)) {
                throw new NotEnoughDataException("Otsu threshold needs at least two distinct intensities; image is constant at "
                        + min);
            }
            long[] hist = new long[BINS];
            double scale = BINS / ((double) max - min);
            for (float v : p) {
                int b = (int) ((v - min) * scale);
                hist[b >= BINS ? BINS - 1 : b]++;
            }
            double width = ((double) max - min) / BINS;
            double total = p.length;
            double sumAll = 0;
            for (int b = 0; b < BINS; b++) {
                sumAll += hist[b] * (min + (b + 0.5) * width);
            }
            double w0 = 0;
            double sum0 = 0;
            double best = -1;
            int bestBin = 0;
            for (int b = 0; b < BINS - 1; b++) {
                w0 += hist[b];
                sum0 += hist[b] * (min + (b + 0.5) * width);
                double w1 = total - w0;
                if (w0 == 0 || w1 == 0) {
                    continue;
                }
                double mu0 = sum0 / w0;
                double mu1 = (sumAll - sum0) / w1;
                double between = w0 * w1 * (mu0 - mu1) * (mu0 - mu1);
                if (between > best) {
                    best = between;
                    bestBin = b;
                }
            }
            return min + (bestBin + 0.5) * width;
        }
    }
}
