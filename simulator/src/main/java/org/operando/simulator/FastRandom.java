package org.operando.simulator;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Gamma;

/**
 * A small, fast, seeded pseudo-random generator for image noise (SplitMix64, Steele et al. 2014).
 *
 * <p>Gaussian deviates come from a 2<sup>16</sup>-entry inverse-CDF table: every 64-bit step gives four
 * deviates, quantised to 1/65536 of probability and truncated at ±4.3σ (tail mass 2·10<sup>-5</sup>),
 * which is far below what shot noise on integer counts can show. Poisson deviates are exact for means below
 * {@value #GAUSSIAN_POISSON_THRESHOLD} and the rounded Gaussian approximation N(μ, μ) above it.
 *
 * <p>Not thread-safe: one instance per stream. Streams are derived with {@link #seedFor(long...)} so that
 * e.g. the noise of frame <i>k</i> of instrument <i>i</i> does not depend on how many frames came before.
 */
public final class FastRandom {
    /** Mean above which Poisson deviates use the Gaussian approximation. */
    public static final double GAUSSIAN_POISSON_THRESHOLD = 30.0;

    private static final float[] NORMAL_QUANTILES = buildQuantiles();
    private static final double[] LOG_FACTORIAL = buildLogFactorials(256);

    private long state;
    private long gaussianBits;
    private int gaussianBitsLeft;
    private double cachedMean = Double.NaN;
    private double cachedRoot;
    private double cachedExp;
    private double cachedLog;
    private double ptrsA;
    private double ptrsB;
    private double ptrsLogInvAlpha;
    private double ptrsVr;

    public FastRandom(long seed) {
        this.state = seed;
    }

    private static float[] buildQuantiles() {
        NormalDistribution normal = new NormalDistribution(null, 0.0, 1.0);
        float[] table = new float[1 << 16];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) normal.inverseCumulativeProbability((i + 0.5) / table.length);
        }
        return table;
    }

    private static double[] buildLogFactorials(int n) {
        double[] table = new double[n];
        for (int k = 1; k < n; k++) {
            table[k] = table[k - 1] + Math.log(k);
        }
        return table;
    }

    /** SplitMix64 finaliser: a bijective 64-bit mix. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A seed for an independent stream identified by {@code parts} (e.g. run seed, purpose, instrument, frame). */
    public static long seedFor(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h = mix(h ^ mix(p + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [min, max). */
    public double uniform(double min, double max) {
        return min + (max - min) * nextDouble();
    }

    /** Standard normal deviate (table inverse CDF, see class doc). */
    public double nextGaussian() {
        if (gaussianBitsLeft == 0) {
            gaussianBits = nextLong();
            gaussianBitsLeft = 4;
        }
        int index = (int) (gaussianBits & 0xFFFF);
        gaussianBits >>>= 16;
        gaussianBitsLeft--;
        return NORMAL_QUANTILES[index];
    }

    /** Exponential deviate with the given mean. */
    public double nextExponential(double mean) {
        return -mean * Math.log(1.0 - nextDouble());
    }

    /**
     * Poisson deviate with mean {@code mean} (0 for mean &le; 0): exact sequential inversion below 10, exact
     * transformed rejection (PTRS, Hörmann 1993) from 10 to {@value #GAUSSIAN_POISSON_THRESHOLD}, rounded
     * N(mean, mean) above.
     */
    public int nextPoisson(double mean) {
        if (!(mean > 0)) {
            return 0;
        }
        if (mean != cachedMean) { // images repeat the same mean (background) pixel after pixel
            cacheConstants(mean);
        }
        if (mean >= GAUSSIAN_POISSON_THRESHOLD) {
            long k = Math.round(mean + cachedRoot * nextGaussian());
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, k));
        }
        if (mean >= 10.0) {
            return ptrs(mean);
        }
        double u = nextDouble();
        double p = cachedExp;
        double cumulative = p;
        int k = 0;
        while (u > cumulative && k < 200) {
            k++;
            p *= mean / k;
            cumulative += p;
        }
        return k;
    }

    private void cacheConstants(double mean) {
        cachedMean = mean;
        cachedRoot = Math.sqrt(mean);
        cachedExp = mean < 10.0 ? Math.exp(-mean) : 0.0;
        if (mean >= 10.0 && mean < GAUSSIAN_POISSON_THRESHOLD) {
            cachedLog = Math.log(mean);
            ptrsB = 0.931 + 2.53 * cachedRoot;
            ptrsA = -0.059 + 0.02483 * ptrsB;
            ptrsLogInvAlpha = Math.log(1.1239 + 1.1328 / (ptrsB - 3.4));
            ptrsVr = 0.9277 - 3.6224 / (ptrsB - 2.0);
        }
    }

    private int ptrs(double mean) {
        while (true) {
            double u = nextDouble() - 0.5;
            double v = nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2.0 * ptrsA / us + ptrsB) * u + mean + 0.43);
            if (us >= 0.07 && v <= ptrsVr) {
                return (int) k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            double lhs = Math.log(v) + ptrsLogInvAlpha - Math.log(ptrsA / (us * us) + ptrsB);
            if (lhs <= -mean + k * cachedLog - logFactorial((int) Math.min(k, Integer.MAX_VALUE))) {
                return (int) k;
            }
        }
    }

    private static double logFactorial(int k) {
        return k < LOG_FACTORIAL.length ? LOG_FACTORIAL[k] : Gamma.logGamma(k + 1.0);
    }
}
