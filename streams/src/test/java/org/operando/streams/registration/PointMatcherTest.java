package org.operando.streams.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PointMatcherTest {
    private static final double SIGMA_OPT = 0.2;    // 20 nm in 100 nm optical px
    private static final double SIGMA_EM = 0.25;    // 1 nm in 4 nm EM px
    private static final double THRESHOLD = 25;     // 100 nm in EM px
    /**
     * Nominal guess: no rotation or shear, scale from pixel sizes, and off by (60, -80) EM px at the EM field
     * centre (the truth has a 3 degree rotation, 1 % shear and 1.2 % anisotropic scale on top).
     */
    static final Affine2D NOMINAL = nominal();

    @Test
    void shouldFindExactlyTheTrueInliersWithThirtyPercentWrongAndUnmatchedSpots() {
        double measured2 = 0;
        double predicted2 = 0;
        for (int seed = 0; seed < 100; seed++) {
            Scene scene = scene(new Random(seed));
            MatchResult match = new PointMatcher(RansacSettings.of(THRESHOLD, seed))
                    .match(scene.optical, scene.em, new NominalTransform(NOMINAL, 150, 0.1, 0.05));

            Set<List<Double>> found = new HashSet<>();
            match.inliers().forEach(p -> found.add(List.of(p.xOptical(), p.yOptical())));
            assertThat(found).as("inlier optical positions, seed %d", seed).isEqualTo(scene.trueInliers);
            AffineFitResult fit = AffineFit.weightedByLocalizationError().fit(match.inliers());
            Affine2D inverse = PointSets.TRUTH.inverse();
            for (double[] c : new double[][] {{511.5, 511.5}, {0, 0}, {1023, 0}, {0, 1023}, {1023, 1023}}) {
                double[] o = SyntheticImages.apply(inverse, c);
                double e = PointSets.trueErrorEmPx(fit.transform(), c[0], c[1]);
                double p = fit.predictedTreEmPx(o[0], o[1]);
                measured2 += e * e;
                predicted2 += p * p;
            }
        }
        assertThat(Math.sqrt(measured2 / predicted2)).as("measured / predicted TRE").isBetween(1 / 1.2, 1.2);
    }

    @Test
    void shouldMatchWhenStageUncertaintyExceedsTheEmField() {
        Scene scene = scene(new Random(77));
        MatchResult match = new PointMatcher(RansacSettings.of(THRESHOLD, 77))
                .match(scene.optical, scene.em, new NominalTransform(NOMINAL, 2000, 0.1, 0.05));

        assertThat(match.inliers()).hasSize(scene.trueInliers.size());
        assertThat(PointSets.trueErrorEmPx(match.transform(), 1023, 1023)).isLessThan(THRESHOLD / 2);
    }

    @Test
    void shouldGiveIdenticalResultsForTheSameSeed() {
        Scene scene = scene(new Random(5));
        NominalTransform guess = new NominalTransform(NOMINAL, 150, 0.1, 0.05);
        MatchResult first = new PointMatcher(RansacSettings.of(THRESHOLD, 9)).match(scene.optical, scene.em, guess);
        MatchResult second = new PointMatcher(RansacSettings.of(THRESHOLD, 9)).match(scene.optical, scene.em, guess);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldFailWithNotEnoughFiducialsWhenTheGuessIsFartherOffThanItsUncertainty() {
        Scene scene = scene(new Random(6));
        NominalTransform wrong = new NominalTransform(NOMINAL.translated(3000, 0), 100, 0.05, 0.05);

        assertThatThrownBy(() -> new PointMatcher(RansacSettings.of(THRESHOLD, 1))
                .match(scene.optical, scene.em, wrong))
                .isInstanceOf(NotEnoughFiducialsException.class);
    }

    private static Affine2D nominal() {
        double[] centre = SyntheticImages.apply(PointSets.TRUTH.inverse(), new double[] {511.5, 511.5});
        Affine2D linear = Affine2D.similarity(25, 0, 0, 0);
        return linear.translated(511.5 + 60 - linear.applyX(centre[0], centre[1]),
                511.5 - 80 - linear.applyY(centre[0], centre[1]));
    }

    record Scene(List<Spot> optical, List<Spot> em, Set<List<Double>> trueInliers) {
    }

    /**
     * 20 fiducials over the EM field, 6 of them (30 %) with the optical spot displaced by 2-5 optical px (a wrong
     * pair); plus 5 EM-only and 10 optical-only spots. Spurious positions keep 2 thresholds from every EM spot.
     */
    static Scene scene(Random rng) {
        List<double[]> emTruth = SyntheticImages.scatter(rng, 25, 0, 1023, 0, 1023, 4 * THRESHOLD, List.of());
        List<FiducialPair> pairs = PointSets.noisyPairs(rng, emTruth.subList(0, 20), SIGMA_OPT, SIGMA_EM);
        List<Spot> optical = new ArrayList<>();
        List<Spot> em = new ArrayList<>();
        Set<List<Double>> inliers = new HashSet<>();
        for (int i = 0; i < pairs.size(); i++) {
            FiducialPair p = pairs.get(i);
            em.add(new Spot(p.xEm(), p.yEm(), 1, 1, SIGMA_EM));
            double[] o = {p.xOptical(), p.yOptical()};
            if (i % 10 < 3) {
                o = awayFromEm(rng, o, emTruth, 2, 5);
            } else {
                inliers.add(List.of(o[0], o[1]));
            }
            optical.add(new Spot(o[0], o[1], 1, 1, SIGMA_OPT));
        }
        for (double[] e : emTruth.subList(20, 25)) {
            em.add(new Spot(e[0], e[1], 1, 1, SIGMA_EM));
        }
        for (int i = 0; i < 10; i++) {
            double[] o = awayFromEm(rng, new double[] {20 + 200 * rng.nextDouble(), 20 + 200 * rng.nextDouble()},
                    emTruth, 0, 0);
            optical.add(new Spot(o[0], o[1], 1, 1, SIGMA_OPT));
        }
        Collections.shuffle(optical, rng);
        Collections.shuffle(em, rng);
        return new Scene(optical, em, inliers);
    }

    /** Displaces p by a random vector of length in [min, max] optical px until T(p) is 2 thresholds from all EM. */
    private static double[] awayFromEm(Random rng, double[] p, List<double[]> emTruth, double min, double max) {
        while (true) {
            double angle = 2 * Math.PI * rng.nextDouble();
            double len = min + (max - min) * rng.nextDouble();
            double[] q = {p[0] + len * Math.cos(angle), p[1] + len * Math.sin(angle)};
            double[] mapped = SyntheticImages.apply(PointSets.TRUTH, q);
            if (emTruth.stream().allMatch(e -> Math.hypot(e[0] - mapped[0], e[1] - mapped[1]) > 2 * THRESHOLD)) {
                return q;
            }
            if (max == 0) {
                p = new double[] {20 + 200 * rng.nextDouble(), 20 + 200 * rng.nextDouble()};
            }
        }
    }
}
