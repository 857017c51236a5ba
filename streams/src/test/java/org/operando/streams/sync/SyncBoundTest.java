package org.operando.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

class SyncBoundTest {
    private static final long T = 100_000_000L;

    private static long[] evenlySpaced(int n, long start) {
        long[] xs = new long[n];
        for (int i = 0; i < n; i++) {
            xs[i] = start + i * T;
        }
        return xs;
    }

    @Test
    void shouldEqualClosedFormAtTheNewestOfEvenlySpacedMarks() {
        long[] xs = evenlySpaced(50, 7_000_000_000_000L);
        SyncBound bound = SyncBound.of(1_000.0, xs);
        assertThat(bound.fitSigmaAt(xs[49])).isCloseTo(SyncBound.evenlySpacedAtWindowEnd(1_000.0, 50), within(1e-9));
    }

    @Test
    void shouldBeTwoSigmaOverRootNAtWindowEndAndSigmaOverRootNAtCentroid() {
        int n = 10_000;
        long[] xs = evenlySpaced(n, 0);
        SyncBound bound = SyncBound.of(1_000.0, xs);
        assertThat(bound.fitSigmaAt(xs[n - 1]) / (2_000.0 / Math.sqrt(n))).isCloseTo(1.0, within(1e-3));
        long centroid = (xs[0] + xs[n - 1]) / 2;
        assertThat(bound.fitSigmaAt(centroid) / (1_000.0 / Math.sqrt(n))).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void shouldMatchMonteCarloVarianceOfLeastSquaresPredictionAtWindowEnd() {
        int n = 20;
        double sigma = 1_000.0;
        long[] xs = evenlySpaced(n, 0);
        // uneven positions too: drop a few marks, as missed edges do
        xs[3] += 5 * T;
        xs[11] += 9 * T;
        java.util.Arrays.sort(xs);
        Random rnd = new Random(42);
        int trials = 4_000;
        double sum2 = 0;
        for (int t = 0; t < trials; t++) {
            SimpleRegression reg = new SimpleRegression();
            for (long x : xs) {
                reg.addData(x, 3.0 + 1.00005 * x + sigma * rnd.nextGaussian());
            }
            double err = reg.predict(xs[n - 1]) - (3.0 + 1.00005 * xs[n - 1]);
            sum2 += err * err;
        }
        double expected = SyncBound.of(sigma, xs).fitVarianceAt(xs[n - 1]);
        assertThat(sum2 / trials / expected).isCloseTo(1.0, within(0.08));
    }

    @Test
    void shouldAddFrameJitterInQuadrature() {
        SyncBound bound = SyncBound.of(1_000.0, evenlySpaced(100, 0));
        long x = 99 * T;
        assertThat(bound.combinedSigmaAt(x, 300.0))
                .isCloseTo(Math.sqrt(bound.fitVarianceAt(x) + 300.0 * 300.0), within(1e-9));
        assertThat(SyncBound.combined(3.0, 4.0)).isEqualTo(5.0);
    }

    @Test
    void shouldRejectTooFewOrCoincidentMarksAndNegativeSigma() {
        assertThatThrownBy(() -> SyncBound.of(1.0, new long[] {5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> SyncBound.of(1.0, new long[] {5, 5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
        assertThatThrownBy(() -> SyncBound.combined(-1.0, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Got: -1.0");
    }
}
