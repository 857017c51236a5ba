package org.operando.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class PumpProbeAnalysisTest {

    private static final int SIZE = 24;
    private static final Roi ROI = new Roi.Circle(11.5, 11.5, 6);

    /**
     * Renders a noisy 24x24 frame whose disc (the ROI) is brighter by {@code signal}, and reduces it
     * to its ROI mean: the frames-level path a processor takes.
     */
    private static DelaySample frame(Random rnd, double delay, boolean pumped, double signal, double pixelNoise) {
        float[] p = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double base = ROI.contains(x, y) ? 100 + (pumped ? signal : 0) : 20;
                p[y * SIZE + x] = (float) (base + pixelNoise * rnd.nextGaussian());
            }
        }
        return new DelaySample(delay, pumped, ImageFeatures.meanIntensity(new FloatImage(SIZE, SIZE, p), ROI));
    }

    /** Frames at log-uniform delays in [lo, hi] plus some before time zero; 8 pumped and 8 unpumped per delay. */
    private static List<DelaySample> frames(long seed, double lo, double hi, DoubleUnaryOperator deltaI, double noise) {
        Random rnd = new Random(seed);
        List<DelaySample> out = new ArrayList<>();
        for (int d = 0; d < 64; d++) {
            double delay = d < 4 ? -lo * (1 + 3 * rnd.nextDouble()) : lo * Math.pow(hi / lo, rnd.nextDouble());
            for (int k = 0; k < 8; k++) {
                out.add(frame(rnd, delay, true, deltaI.applyAsDouble(delay), noise));
                out.add(frame(rnd, delay, false, 0, noise));
            }
        }
        return out;
    }

    private static DelayBins binsWithPreZero(double lo, double hi, int n) {
        double[] log = DelayBins.logarithmic(lo, hi, n).edgesS();
        double[] edges = new double[log.length + 1];
        edges[0] = -10 * lo;
        System.arraycopy(log, 0, edges, 1, log.length);
        return new DelayBins(edges);
    }

    @Test
    void shouldRecoverRiseTimeWithinTenPercentFromNoisyFrames() {
        double tau0 = 40e-12;
        double amp = 5;
        List<DelaySample> frames = frames(31L, 1e-12, 1e-9, t -> t > 0 ? amp * (1 - Math.exp(-t / tau0)) : 0, 8);

        TauFit fit = PumpProbeAnalysis.analyse(frames, binsWithPreZero(1e-12, 1e-9, 24), TauModel.RISE, false);

        assertThat(fit.tauS()).as("sigma %s", fit.sigmaS()).isCloseTo(tau0, within(0.1 * tau0));
        assertThat(Math.abs(fit.tauS() - tau0)).isLessThan(3 * fit.sigmaS());
        assertThat(fit.sigmaS()).isLessThan(0.1 * tau0);
        assertThat(fit.amplitude()).isCloseTo(amp, within(0.1 * amp));
    }

    @Test
    void shouldStateTauUncertaintyConsistentWithScatterOverSeeds() {
        double tau0 = 40e-12;
        org.apache.commons.math3.stat.descriptive.SummaryStatistics taus = new org.apache.commons.math3.stat.descriptive.SummaryStatistics();
        org.apache.commons.math3.stat.descriptive.SummaryStatistics sigmas = new org.apache.commons.math3.stat.descriptive.SummaryStatistics();
        for (int seed = 0; seed < 30; seed++) {
            TauFit fit = PumpProbeAnalysis.analyse(frames(500L + seed, 1e-12, 1e-9,
                    t -> t > 0 ? 5 * (1 - Math.exp(-t / tau0)) : 0, 12), binsWithPreZero(1e-12, 1e-9, 24), TauModel.RISE, false);
            taus.addValue(fit.tauS());
            sigmas.addValue(fit.sigmaS());
        }

        assertThat(sigmas.getMean() / taus.getStandardDeviation())
                .as("mean stated sigma %s vs scatter %s", sigmas.getMean(), taus.getStandardDeviation())
                .isBetween(0.6, 1.6);
        assertThat(taus.getMean()).isCloseTo(tau0, within(3 * taus.getStandardDeviation() / Math.sqrt(30) + 0.01 * tau0));
    }

    @Test
    void shouldRecoverFemtosecondDecayWithOffset() {
        double tau0 = 300e-15;
        List<DelaySample> frames = frames(32L, 10e-15, 10e-12, t -> t > 0 ? 1.5 + 6 * Math.exp(-t / tau0) : 1.5, 10);

        TauFit fit = PumpProbeAnalysis.analyse(frames, binsWithPreZero(10e-15, 10e-12, 24), TauModel.DECAY, true);

        assertThat(fit.tauS()).isCloseTo(tau0, within(0.1 * tau0));
        assertThat(fit.offset()).isCloseTo(1.5, within(0.3));
        assertThat(fit.amplitude()).isCloseTo(6, within(0.6));
    }

    @Test
    void shouldAgreeWithBruteForceGridSearchOverTau() {
        double tau0 = 40e-12;
        List<DelaySample> frames = frames(33L, 1e-12, 1e-9, t -> t > 0 ? 5 * (1 - Math.exp(-t / tau0)) : 0, 20);
        List<DelayBin> bins = PumpProbeAnalysis.binDifferences(frames, binsWithPreZero(1e-12, 1e-9, 24));

        TauFit fit = PumpProbeAnalysis.fit(bins, TauModel.RISE, true);

        // independent reference: for fixed tau0 the model is linear in (A, C); scan ln tau0 finely
        double bestTau = 0;
        double bestChi2 = Double.MAX_VALUE;
        for (double lt = Math.log(1e-12); lt < Math.log(1e-9); lt += 0.0005) {
            double t0 = Math.exp(lt);
            double sw = 0, sg = 0, sgg = 0, sy = 0, sgy = 0;
            for (DelayBin b : bins) {
                double w = 1 / (b.sigmaDeltaI() * b.sigmaDeltaI());
                double g = TauModel.RISE.shape(b.delayS(), t0);
                sw += w; sg += w * g; sgg += w * g * g; sy += w * b.deltaI(); sgy += w * g * b.deltaI();
            }
            double det = sgg * sw - sg * sg;
            double a = (sgy * sw - sg * sy) / det;
            double c = (sgg * sy - sg * sgy) / det;
            double chi2 = 0;
            for (DelayBin b : bins) {
                double r = b.deltaI() - c - a * TauModel.RISE.shape(b.delayS(), t0);
                chi2 += r * r / (b.sigmaDeltaI() * b.sigmaDeltaI());
            }
            if (chi2 < bestChi2) {
                bestChi2 = chi2;
                bestTau = t0;
            }
        }
        assertThat(fit.tauS()).isCloseTo(bestTau, within(0.002 * bestTau));
        assertThat(fit.reducedChiSquare() * (bins.size() - 3)).isCloseTo(bestChi2, within(1e-3 * bestChi2 + 1e-9));
    }

    @Test
    void shouldDifferencePumpedAndUnpumpedMeansPerBin() {
        List<DelaySample> frames = List.of(
                new DelaySample(2e-12, true, 10), new DelaySample(2.5e-12, true, 12),
                new DelaySample(2.2e-12, false, 7), new DelaySample(2.9e-12, false, 9),
                new DelaySample(20e-12, true, 1), // no unpumped partner: bin left out
                new DelaySample(5e-9, true, 100)); // outside all bins: ignored

        List<DelayBin> bins = PumpProbeAnalysis.binDifferences(frames, new DelayBins(new double[] {1e-12, 3e-12, 30e-12}));

        assertThat(bins).hasSize(1);
        DelayBin b = bins.get(0);
        assertThat(b.deltaI()).isCloseTo(3.0, within(1e-12));
        assertThat(b.delayS()).isCloseTo(2.25e-12, within(1e-24));
        assertThat(b.sigmaDeltaI()).isCloseTo(Math.sqrt(2.0 / 2 + 2.0 / 2), within(1e-12));
        assertThat(b.pumpedFrames()).isEqualTo(2);
    }

    @Test
    void shouldRefuseToFitTooFewBins() {
        List<DelayBin> bins = List.of(new DelayBin(0, 1, 0.5, 1, 0.1, 3, 3), new DelayBin(1, 2, 1.5, 2, 0.1, 3, 3));

        assertThatThrownBy(() -> PumpProbeAnalysis.fit(bins, TauModel.RISE, false))
                .isInstanceOf(NotEnoughDataException.class);
    }

    @Test
    void shouldFailFitWhenResponseHasNoTimeDependence() {
        List<DelayBin> flat = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            flat.add(new DelayBin(i, i + 1, i + 0.5, 2.0, 0.1, 4, 4));
        }

        assertThatThrownBy(() -> PumpProbeAnalysis.fit(flat, TauModel.RISE, true))
                .isInstanceOf(FitFailedException.class);
    }

    @Test
    void shouldBinLogarithmicallyFromFemtosecondsToNanoseconds() {
        DelayBins bins = DelayBins.logarithmic(100e-15, 1e-9, 4);

        assertThat(bins.edgesS()[1] / bins.edgesS()[0]).isCloseTo(10, within(1e-9));
        assertThat(bins.binOf(150e-15)).isZero();
        assertThat(bins.binOf(500e-12)).isEqualTo(3);
        assertThat(bins.binOf(2e-9)).isEqualTo(-1);
    }
}
