package org.operando.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;

class LaggedCrossCorrelationTest {

    private static final double TRUE_LAG_S = 2.5;

    /** A smooth random stimulus: 8 sinusoids, periods 5..50 s, random phases. */
    private static final class Stimulus {
        final double[] omega = new double[8];
        final double[] phase = new double[8];
        final double[] amp = new double[8];

        Stimulus(Random rnd) {
            for (int j = 0; j < omega.length; j++) {
                omega[j] = 2 * Math.PI / (5 + 45 * rnd.nextDouble());
                phase[j] = 2 * Math.PI * rnd.nextDouble();
                amp[j] = 0.5 + rnd.nextDouble();
            }
        }

        double at(double t) {
            double s = 0;
            for (int j = 0; j < omega.length; j++) {
                s += amp[j] * Math.sin(omega[j] * t + phase[j]);
            }
            return s;
        }
    }

    /** Irregular times from start to end with mean spacing {@code dt} and ±40 % jitter. */
    private static double[] irregularTimes(Random rnd, double start, double end, double dt) {
        double[] t = new double[(int) ((end - start) / dt) + 2];
        int n = 0;
        for (double s = start; s <= end && n < t.length; s += dt * (0.6 + 0.8 * rnd.nextDouble())) {
            t[n++] = s;
        }
        return Arrays.copyOf(t, n);
    }

    private static TimeSeries sample(double[] t, java.util.function.DoubleUnaryOperator f, double noise, Random rnd) {
        double[] v = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            v[i] = f.applyAsDouble(t[i]) + noise * rnd.nextGaussian();
        }
        return new TimeSeries(t, v);
    }

    private static TimeSeries[] pair(long seed, double lag, double gain, double noise, double durationS) {
        Random rnd = new Random(seed);
        Stimulus s = new Stimulus(rnd);
        TimeSeries x = sample(irregularTimes(rnd, 0, durationS, 0.1), s::at, 0.05, rnd);
        TimeSeries y = sample(irregularTimes(rnd, 0.3, durationS, 0.5), t -> gain * s.at(t - lag) + 3.0, noise, rnd);
        return new TimeSeries[] {x, y};
    }

    @Test
    void shouldRecoverLagWithinTenPercentFromNoisyIrregularlySampledSeries() {
        TimeSeries[] xy = pair(11L, TRUE_LAG_S, 0.8, 0.6, 400);

        LagResult r = LaggedCrossCorrelation.estimate(xy[0], xy[1], LagSettings.of(0.1, 10));

        assertThat(r.lagS()).isCloseTo(TRUE_LAG_S, within(0.1 * TRUE_LAG_S));
        assertThat(Math.abs(r.lagS() - TRUE_LAG_S)).isLessThan(4 * r.sigmaS());
        assertThat(r.sigmaS()).isPositive().isLessThan(0.25);
        assertThat(r.peakCorrelation()).isBetween(0.5, 1.0);
    }

    @Test
    void shouldReportNegativeLagWhenResponseLeadsSignal() {
        TimeSeries[] xy = pair(12L, -1.7, 1.0, 0.3, 300);

        LagResult r = LaggedCrossCorrelation.estimate(xy[0], xy[1], LagSettings.of(0.1, 8));

        assertThat(r.lagS()).isCloseTo(-1.7, within(0.17));
    }

    @Test
    void shouldFindAnticorrelatedResponseWithNegativePeakSearch() {
        TimeSeries[] xy = pair(13L, TRUE_LAG_S, -0.8, 0.5, 400);

        LagResult r = LaggedCrossCorrelation.estimate(xy[0], xy[1], LagSettings.of(0.1, 10).withPeak(PeakSearch.NEGATIVE));

        assertThat(r.lagS()).isCloseTo(TRUE_LAG_S, within(0.25));
        assertThat(r.peakCorrelation()).isLessThan(-0.5);
    }

    @Test
    void shouldMatchCommonsMathPearsonAtEveryLagOfTheCorrelationFunction() {
        TimeSeries[] xy = pair(14L, TRUE_LAG_S, 0.8, 0.6, 200);
        LagSettings settings = LagSettings.of(0.1, 5);

        CorrelationFunction f = LaggedCrossCorrelation.correlationFunction(xy[0], xy[1], settings);

        double end = Math.min(xy[0].endS(), xy[1].endS());
        int n = (int) Math.floor((end - f.gridStartS()) / 0.1 * (1 + 1e-12)) + 1;
        double[] gx = xy[0].resample(f.gridStartS(), 0.1, n);
        double[] gy = xy[1].resample(f.gridStartS(), 0.1, n);
        PearsonsCorrelation reference = new PearsonsCorrelation();
        for (int k = -f.maxLagIndex(); k <= f.maxLagIndex(); k += 7) {
            int i0 = Math.max(0, -k);
            int i1 = Math.min(n, n - k);
            double expected = reference.correlation(Arrays.copyOfRange(gx, i0, i1), Arrays.copyOfRange(gy, i0 + k, i1 + k));
            assertThat(f.at(k)).as("r at lag index %d", k).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void shouldGiveSameCrossSumsByFftAsByDirectSummation() {
        Random rnd = new Random(15L);
        double[] x = rnd.doubles(1001).map(v -> v - 0.5).toArray();
        double[] y = rnd.doubles(1001).map(v -> v - 0.5).toArray();

        double[] direct = LaggedCrossCorrelation.crossSumsDirect(x, y, 120);
        double[] fft = LaggedCrossCorrelation.crossSumsFft(x, y, 120);

        for (int i = 0; i < direct.length; i++) {
            assertThat(fft[i]).isCloseTo(direct[i], within(1e-9));
        }
    }

    @Test
    void shouldStateUncertaintyConsistentWithScatterOverIndependentRealisations() {
        SummaryStatistics lags = new SummaryStatistics();
        SummaryStatistics sigmas = new SummaryStatistics();
        SummaryStatistics zScores = new SummaryStatistics();
        for (int seed = 0; seed < 40; seed++) {
            TimeSeries[] xy = pair(1000L + seed, TRUE_LAG_S, 0.5, 1.5, 200);
            LagResult r = LaggedCrossCorrelation.estimate(xy[0], xy[1], LagSettings.of(0.1, 10));
            lags.addValue(r.lagS());
            sigmas.addValue(r.sigmaS());
            zScores.addValue((r.lagS() - TRUE_LAG_S) / r.sigmaS());
        }

        double ratio = sigmas.getMean() / lags.getStandardDeviation();
        assertThat(ratio).as("mean stated sigma %.4f / empirical scatter %.4f", sigmas.getMean(),
                lags.getStandardDeviation()).isBetween(0.6, 1.7);
        assertThat(zScores.getStandardDeviation()).as("std of (lag - true) / sigma").isBetween(0.75, 1.5);
        assertThat(lags.getMean()).isCloseTo(TRUE_LAG_S, within(3 * lags.getStandardDeviation() / Math.sqrt(40) + 0.02));
    }

    @Test
    void shouldRejectPeakAtEdgeOfLagRange() {
        Random rnd = new Random(16L);
        java.util.function.DoubleUnaryOperator slow = t -> Math.sin(2 * Math.PI * t / 100);
        TimeSeries x = sample(irregularTimes(rnd, 0, 300, 0.1), slow, 0.01, rnd);
        TimeSeries y = sample(irregularTimes(rnd, 0, 300, 0.5), t -> slow.applyAsDouble(t - 10), 0.01, rnd);

        assertThatThrownBy(() -> LaggedCrossCorrelation.estimate(x, y, LagSettings.of(0.1, 3).withPeak(PeakSearch.POSITIVE)))
                .isInstanceOf(CorrelationException.class)
                .hasMessageContaining("edge of the lag range");
    }

    @Test
    void shouldRefuseOverlapShorterThanLagRange() {
        TimeSeries[] xy = pair(17L, 1.0, 1.0, 0.1, 4);

        assertThatThrownBy(() -> LaggedCrossCorrelation.estimate(xy[0], xy[1], LagSettings.of(0.1, 3)))
                .isInstanceOf(NotEnoughDataException.class);
    }

    @Test
    void shouldUseOnlyTheRecentWindowWhenAsked() {
        TimeSeries[] xy = pair(18L, TRUE_LAG_S, 0.8, 0.3, 400);

        LagResult r = LaggedCrossCorrelation.estimate(xy[0], xy[1], LagSettings.of(0.1, 10).withWindowS(100));

        assertThat(r.n()).isBetween(900, 1001);
        assertThat(r.lagS()).isCloseTo(TRUE_LAG_S, within(0.25));
    }
}
