package org.operando.streams.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.random.RandomDataGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.special.Erf;

/** Test-only renderers of synthetic CLEM images with known fiducials (seeded); public for the benchmarks. */
public final class SyntheticImages {
    private SyntheticImages() {
    }

    /**
     * Fluorescent beads: each bead's photons spread by a Gaussian PSF integrated over the pixel area, on a flat
     * background, then Poisson noise.
     */
    public static double[] beads(int w, int h, List<double[]> xy, double photonsPerBead, double psfSigmaPx,
                          double backgroundPhotons, long seed) {
        double[] mean = new double[w * h];
        java.util.Arrays.fill(mean, backgroundPhotons);
        int r = (int) Math.ceil(5 * psfSigmaPx);
        double norm = Math.sqrt(2) * psfSigmaPx;
        for (double[] p : xy) {
            int cx = (int) Math.round(p[0]);
            int cy = (int) Math.round(p[1]);
            for (int y = Math.max(0, cy - r); y <= Math.min(h - 1, cy + r); y++) {
                double fy = 0.5 * (Erf.erf((y + 0.5 - p[1]) / norm) - Erf.erf((y - 0.5 - p[1]) / norm));
                for (int x = Math.max(0, cx - r); x <= Math.min(w - 1, cx + r); x++) {
                    double fx = 0.5 * (Erf.erf((x + 0.5 - p[0]) / norm) - Erf.erf((x - 0.5 - p[0]) / norm));
                    mean[y * w + x] += photonsPerBead * fx * fy;
                }
            }
        }
        RandomDataGenerator rng = new RandomDataGenerator(new Well19937c(seed));
        double[] out = new double[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = rng.nextPoisson(mean[i]);
        }
        return out;
    }

    /**
     * Gold particles: uniform discs (area coverage by 8x8 supersampling) of the given radius, adding
     * {@code contrast} (negative for dark particles) to the background, then Gaussian noise.
     */
    public static double[] discs(int w, int h, List<double[]> xy, double radiusPx, double background, double contrast,
                          double noiseSigma, long seed) {
        double[] img = new double[w * h];
        java.util.Arrays.fill(img, background);
        int r = (int) Math.ceil(radiusPx) + 1;
        int ss = 8;
        for (double[] p : xy) {
            int cx = (int) Math.round(p[0]);
            int cy = (int) Math.round(p[1]);
            for (int y = Math.max(0, cy - r); y <= Math.min(h - 1, cy + r); y++) {
                for (int x = Math.max(0, cx - r); x <= Math.min(w - 1, cx + r); x++) {
                    int inside = 0;
                    for (int sy = 0; sy < ss; sy++) {
                        for (int sx = 0; sx < ss; sx++) {
                            double dx = x - 0.5 + (sx + 0.5) / ss - p[0];
                            double dy = y - 0.5 + (sy + 0.5) / ss - p[1];
                            if (dx * dx + dy * dy <= radiusPx * radiusPx) {
                                inside++;
                            }
                        }
                    }
                    img[y * w + x] += contrast * inside / (double) (ss * ss);
                }
            }
        }
        Random rng = new Random(seed);
        for (int i = 0; i < img.length; i++) {
            img[i] += noiseSigma * rng.nextGaussian();
        }
        return img;
    }

    /** Random points in [x0, x1] x [y0, y1], at least {@code minSeparation} apart (rejection sampling). */
    public static List<double[]> scatter(Random rng, int count, double x0, double x1, double y0, double y1,
                                  double minSeparation, List<double[]> avoid) {
        List<double[]> out = new ArrayList<>();
        int attempts = 0;
        while (out.size() < count) {
            if (++attempts > 100_000) {
                throw new IllegalStateException("Could not place " + count + " points " + minSeparation + " apart");
            }
            double[] p = {x0 + (x1 - x0) * rng.nextDouble(), y0 + (y1 - y0) * rng.nextDouble()};
            if (farFrom(p, out, minSeparation) && farFrom(p, avoid, minSeparation)) {
                out.add(p);
            }
        }
        return out;
    }

    private static boolean farFrom(double[] p, List<double[]> others, double d) {
        for (double[] q : others) {
            if (Math.hypot(p[0] - q[0], p[1] - q[1]) < d) {
                return false;
            }
        }
        return true;
    }

    public static double[] apply(Affine2D t, double[] p) {
        return new double[] {t.applyX(p[0], p[1]), t.applyY(p[0], p[1])};
    }

    public static short[] toUnsigned16(double[] img) {
        short[] out = new short[img.length];
        for (int i = 0; i < img.length; i++) {
            out[i] = (short) Math.max(0, Math.min(65535, Math.round(img[i])));
        }
        return out;
    }
}
