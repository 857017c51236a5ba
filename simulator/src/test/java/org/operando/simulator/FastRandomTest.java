package org.operando.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FastRandomTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 4.0, 12.5, 27.0})
    void shouldDrawExactPoissonBelowGaussianThresholdByChiSquare(double mean) {
        FastRandom rng = new FastRandom(11);
        int bins = (int) (mean + 6 * Math.sqrt(mean) + 3);
        long[] observed = new long[bins];
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            observed[Math.min(bins - 1, rng.nextPoisson(mean))]++;
        }
        PoissonDistribution reference = new PoissonDistribution(mean);
        double[] expected = new double[bins];
        for (int k = 0; k < bins - 1; k++) {
            expected[k] = n * reference.probability(k);
        }
        expected[bins - 1] = n * (1.0 - reference.cumulativeProbability(bins - 2));
        // merge sparse tail bins so that every expected count is >= 5
        int used = 0;
        double[] e = new double[bins];
        long[] o = new long[bins];
        for (int k = 0; k < bins; k++) {
            e[used] += expected[k];
            o[used] += observed[k];
            if (e[used] >= 5 && k < bins - 1) {
                used++;
            }
        }
        if (e[used] < 5 && used > 0) {
            e[used - 1] += e[used];
            o[used - 1] += o[used];
        } else {
            used++;
        }
        double p = new ChiSquareTest().chiSquareTest(java.util.Arrays.copyOf(e, used), java.util.Arrays.copyOf(o, used));

        assertThat(p).as("chi-square p-value against Poisson(" + mean + ")").isGreaterThan(1e-3);
    }

    @Test
    void shouldMatchMeanAndVarianceInGaussianRegime() {
        FastRandom rng = new FastRandom(3);
        double sum = 0;
        double sum2 = 0;
        int n = 500_000;
        for (int i = 0; i < n; i++) {
            int k = rng.nextPoisson(400.0);
            sum += k;
            sum2 += (double) k * k;
        }
        double mean = sum / n;

        assertThat(mean).isCloseTo(400.0, within(0.2));
        assertThat(sum2 / n - mean * mean).isCloseTo(400.0, within(8.0));
    }

    @Test
    void shouldRepeatTheSameStreamForTheSameSeed() {
        FastRandom a = new FastRandom(FastRandom.seedFor(1, 2, 3));
        FastRandom b = new FastRandom(FastRandom.seedFor(1, 2, 3));
        FastRandom c = new FastRandom(FastRandom.seedFor(1, 2, 4));

        long first = a.nextLong();
        assertThat(b.nextLong()).isEqualTo(first);
        assertThat(c.nextLong()).isNotEqualTo(first);
    }
}
