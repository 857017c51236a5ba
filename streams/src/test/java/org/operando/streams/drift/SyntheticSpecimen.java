package org.operando.streams.drift;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;

/**
 * A seeded textured specimen for drift tests: Gaussian blobs of random size and brightness on a
 * smooth background, defined in continuous coordinates over a field larger than the frame, so a
 * frame at any sub-pixel offset is rendered exactly (no interpolation) and new content enters at
 * the edges as the specimen drifts, as on a real microscope.
 *
 * <p>{@link #render} gives the noise-free mean intensity, mean ≈ 1 per pixel; {@link #poisson}
 * scales it to a dose in counts per pixel and draws Poisson counts.
 */
public final class SyntheticSpecimen {

    private static final double MARGIN = 160;
    private final double[] cx;
    private final double[] cy;
    private final double[] sigma;
    private final double[] amplitude;
    private final double fieldWidth;
    private final double fieldHeight;

    private SyntheticSpecimen(double[] cx, double[] cy, double[] sigma, double[] amplitude, double fw, double fh) {
        this.cx = cx;
        this.cy = cy;
        this.sigma = sigma;
        this.amplitude = amplitude;
        this.fieldWidth = fw;
        this.fieldHeight = fh;
    }

    /** Blobs at a density of one per 40 px², over the frame plus a 160 px margin on every side. */
    public static SyntheticSpecimen create(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double fw = width + 2 * MARGIN;
        double fh = height + 2 * MARGIN;
        int count = (int) (fw * fh / 40);
        double[] cx = new double[count];
        double[] cy = new double[count];
        double[] sigma = new double[count];
        double[] amplitude = new double[count];
        for (int i = 0; i < count; i++) {
            cx[i] = random.nextDouble(-MARGIN, width + MARGIN);
            cy[i] = random.nextDouble(-MARGIN, height + MARGIN);
            sigma[i] = random.nextDouble(1.2, 4.0);
            amplitude[i] = random.nextDouble(0.2, 1.0);
        }
        return new SyntheticSpecimen(cx, cy, sigma, amplitude, fw, fh);
    }

    /**
     * Noise-free frame whose content is the specimen translated by (dx, dy):
     * frame(x, y) = specimen(x − dx, y − dy).
     */
    public double[] render(int width, int height, double dx, double dy) {
        double[] image = new double[width * height];
        for (int y = 0; y < height; y++) {
            double yy = (y - dy) - height / 2.0;
            for (int x = 0; x < width; x++) {
                double xx = (x - dx) - width / 2.0;
                image[y * width + x] = 0.4 + 0.1 * Math.sin(xx / 37.0) * Math.cos(yy / 53.0);
            }
        }
        double[] gx = new double[64];
        double[] gy = new double[64];
        for (int b = 0; b < cx.length; b++) {
            double bx = cx[b] + dx;
            double by = cy[b] + dy;
            double s = sigma[b];
            int reach = (int) Math.ceil(4 * s);
            int x0 = Math.max(0, (int) Math.floor(bx) - reach);
            int x1 = Math.min(width - 1, (int) Math.ceil(bx) + reach);
            int y0 = Math.max(0, (int) Math.floor(by) - reach);
            int y1 = Math.min(height - 1, (int) Math.ceil(by) + reach);
            if (x0 > x1 || y0 > y1) {
                continue;
            }
            double inv = 1 / (2 * s * s);
            for (int x = x0; x <= x1; x++) {
                gx[x - x0] = Math.exp(-(x - bx) * (x - bx) * inv);
            }
            for (int y = y0; y <= y1; y++) {
                gy[y - y0] = amplitude[b] * Math.exp(-(y - by) * (y - by) * inv);
            }
            for (int y = y0; y <= y1; y++) {
                double g = gy[y - y0];
                int row = y * width;
                for (int x = x0; x <= x1; x++) {
                    image[row + x] += g * gx[x - x0];
                }
            }
        }
        return image;
    }

    /**
     * Poisson counts with mean dose × image(x, y), from a seeded generator: Knuth's product of
     * uniforms below a mean of 10, Hörmann's transformed rejection (PTRS, as numpy) above.
     */
    public static float[] poisson(double[] image, double dosePerPixel, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] counts = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            counts[i] = poisson(Math.max(dosePerPixel * image[i], 0), random);
        }
        return counts;
    }

    static long poisson(double mean, SplittableRandom random) {
        if (mean < 10) {
            double limit = Math.exp(-mean);
            long k = 0;
            double product = random.nextDouble();
            while (product > limit) {
                k++;
                product *= random.nextDouble();
            }
            return k;
        }
        double sqrtMean = Math.sqrt(mean);
        double logMean = Math.log(mean);
        double b = 0.931 + 2.53 * sqrtMean;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = random.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b)
                    <= -mean + k * logMean - Gamma.logGamma(k + 1)) {
                return k;
            }
        }
    }

    public static float[] toFloat(double[] image) {
        float[] out = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            out[i] = (float) image[i];
        }
        return out;
    }

    double fieldWidth() {
        return fieldWidth;
    }

    double fieldHeight() {
        return fieldHeight;
    }
}
