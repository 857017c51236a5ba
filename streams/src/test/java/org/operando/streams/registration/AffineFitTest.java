package org.operando.streams.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AffineFitTest {
    private static final int TRIALS = 400;
    private static final int FIDUCIALS = 20;
    private static final double SIGMA_OPT = 20.0 / PointSets.OPTICAL_PX_NM; // 20 nm in optical px
    private static final double SIGMA_EM = 1.0 / PointSets.EM_PX_NM;        // 1 nm in EM px
    /** EM field centre and corners, then a 5 x 5 grid over the field. */
    private static final double[][] TARGETS = targets();

    @Test
    void shouldPredictMeasuredTreWithinTwentyPercentAveragedOverSeededTrials() {
        for (AffineFit fit : List.of(AffineFit.leastSquares(), AffineFit.weightedByLocalizationError())) {
            double[][] sums = treSums(fit, 1, SIGMA_OPT);
            for (int k = 0; k < TARGETS.length; k++) {
                double ratio = Math.sqrt(sums[0][k] / sums[1][k]);
                assertThat(ratio).as("measured / predicted TRE at target %d", k).isBetween(1 / 1.2, 1.2);
            }
            double fieldTreNm = Math.sqrt(sum(sums[0], 5) / (TRIALS * (TARGETS.length - 5))) * PointSets.EM_PX_NM;
            assertThat(fieldTreNm).as("RMS TRE over the field, nm").isBetween(9.0, 15.0);
        }
    }

    @Test
    void shouldHaveFreMatchingTheErrorModel() {
        Random rng = new Random(7);
        double sumFre2 = 0;
        double traceSigma = 2 * SIGMA_EM * SIGMA_EM + SIGMA_OPT * SIGMA_OPT * PointSets.TRUTH.linearFrobeniusSquared();
        for (int t = 0; t < TRIALS; t++) {
            AffineFitResult r = AffineFit.leastSquares()
                    .fit(PointSets.noisyPairs(rng, PointSets.emTruth(rng, FIDUCIALS), SIGMA_OPT, SIGMA_EM));
            sumFre2 += r.freEmPx() * r.freEmPx();
        }
        // E[FRE^2] = (N - 3) / N tr(Sigma): 3 parameters per axis absorb part of the noise.
        assertThat(sumFre2 / TRIALS).isCloseTo((FIDUCIALS - 3.0) / FIDUCIALS * traceSigma,
                within(0.05 * traceSigma));
    }

    @Test
    void shouldWeightDownNoisyFiducialsAndStillPredictTre() {
        double[][] unweighted = treSums(AffineFit.leastSquares(), 6, SIGMA_OPT);
        double[][] weighted = treSums(AffineFit.weightedByLocalizationError(), 6, SIGMA_OPT);
        assertThat(sum(weighted[0], 0)).as("weighted vs unweighted measured TRE^2")
                .isLessThan(0.7 * sum(unweighted[0], 0));
        assertThat(Math.sqrt(sum(weighted[0], 0) / sum(weighted[1], 0))).isBetween(1 / 1.2, 1.2);
        assertThat(Math.sqrt(sum(unweighted[0], 0) / sum(unweighted[1], 0))).isBetween(1 / 1.2, 1.2);
    }

    @Test
    void shouldEstimateFleFromResidualsWhenPairsCarryNoErrors() {
        double[][] sums = treSums(AffineFit.leastSquares(), 1, 0);
        assertThat(Math.sqrt(sum(sums[0], 0) / sum(sums[1], 0))).isBetween(1 / 1.2, 1.2);
    }

    @Test
    void shouldRecoverExactAffineFromNoiselessPairs() {
        Random rng = new Random(3);
        AffineFitResult r = AffineFit.leastSquares().fit(PointSets.noisyPairs(rng, PointSets.emTruth(rng, 5), 0, 0));
        double[][] got = r.transform().toRows();
        double[][] want = PointSets.TRUTH.toRows();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(got[i][j]).isCloseTo(want[i][j], within(1e-9 * (1 + Math.abs(want[i][j]))));
            }
        }
        assertThat(r.freEmPx()).isLessThan(1e-9);
    }

    @Test
    void shouldRejectTwoPairsAsNotEnoughFiducials() {
        Random rng = new Random(4);
        List<FiducialPair> two = PointSets.noisyPairs(rng, PointSets.emTruth(rng, 2), SIGMA_OPT, SIGMA_EM);
        assertThatThrownBy(() -> AffineFit.leastSquares().fit(two))
                .isInstanceOf(NotEnoughFiducialsException.class).hasMessageContaining("Got: 2");
    }

    @Test
    void shouldRejectNearlyCollinearPairsAsDegenerate() {
        Random rng = new Random(5);
        List<double[]> line = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double s = rng.nextDouble() * 1000;
            line.add(new double[] {s, 0.5 * s + 10 + 1e-3 * rng.nextGaussian()});
        }
        List<FiducialPair> pairs = PointSets.noisyPairs(rng, line, 0, 0);
        assertThatThrownBy(() -> AffineFit.leastSquares().fit(pairs))
                .isInstanceOf(DegenerateFiducialsException.class).hasMessageContaining("collinear");
    }

    /**
     * Sums over seeded trials of measured (row 0) and predicted (row 1) squared TRE per target. Every
     * {@code noisyEvery}-th fiducial (if > 1) has five times the optical error.
     */
    private static double[][] treSums(AffineFit fit, int noisyEvery, double recordedSigmaOpt) {
        Random rng = new Random(1998);
        Affine2D inverse = PointSets.TRUTH.inverse();
        double[][] sums = new double[2][TARGETS.length];
        for (int t = 0; t < TRIALS; t++) {
            List<double[]> em = PointSets.emTruth(rng, FIDUCIALS);
            List<FiducialPair> pairs = new ArrayList<>();
            for (int i = 0; i < em.size(); i++) {
                double s = noisyEvery > 1 && i % noisyEvery == 0 ? 5 * SIGMA_OPT : SIGMA_OPT;
                FiducialPair p = PointSets.noisyPairs(rng, List.of(em.get(i)), s, SIGMA_EM).get(0);
                pairs.add(recordedSigmaOpt == 0 ? new FiducialPair(p.xOptical(), p.yOptical(), p.xEm(), p.yEm(), 0, 0)
                        : p);
            }
            AffineFitResult r = fit.fit(pairs);
            for (int k = 0; k < TARGETS.length; k++) {
                double[] o = SyntheticImages.apply(inverse, TARGETS[k]);
                double measured = PointSets.trueErrorEmPx(r.transform(), TARGETS[k][0], TARGETS[k][1]);
                double predicted = r.predictedTreEmPx(o[0], o[1]);
                sums[0][k] += measured * measured;
                sums[1][k] += predicted * predicted;
            }
        }
        return sums;
    }

    private static double sum(double[] v, int from) {
        double s = 0;
        for (int i = from; i < v.length; i++) {
            s += v[i];
        }
        return s;
    }

    private static double[][] targets() {
        double m = PointSets.EM_SIZE - 1;
        List<double[]> t = new ArrayList<>(List.of(new double[] {m / 2, m / 2}, new double[] {0, 0},
                new double[] {m, 0}, new double[] {0, m}, new double[] {m, m}));
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                t.add(new double[] {m * (i + 0.5) / 5, m * (j + 0.5) / 5});
            }
        }
        return t.toArray(new double[0][]);
    }
}
