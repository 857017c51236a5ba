package org.operando.streams.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The published (filtered) drift against the raw measurement on random-walk trajectories, the case where a filter
 * with a fixed, too-large measurement noise lagged (5.7× the raw error on real images). Shot-noise frames of a
 * synthetic specimen, shifted along a 2-D Gaussian random walk plus a slow creep.
 */
class DriftRandomWalkTest {
    private static final int N = 256;
    private static final int FRAMES = 200;
    private static final SyntheticSpecimen SPECIMEN = SyntheticSpecimen.create(N, N, 21);

    /**
     * From a fast walk measured almost without noise (the real-image case: raw error ~0.01 px, steps ~0.1 px) to a slow
     * walk under heavy shot noise (where filtering pays).
     */
    @ParameterizedTest(name = "walk {0} px/frame, dose {1}")
    @CsvSource({"0.1, 1000", "0.3, 1000", "0.1, 100", "0.02, 100", "0.02, 10", "0.005, 10"})
    void shouldPublishDriftNoWorseThanTheRawMeasurement(double stepPx, double dose) {
        double[] errors = run(stepPx, dose, 7);
        System.out.printf("random walk %.3f px/frame, dose %.0f: published %.5f px vs raw %.5f px RMS per axis%n", stepPx, dose, errors[0], errors[1]);
        // where the measurement noise cannot be told from zero the filter publishes the measurement itself (gain
        // 1 − 10⁻⁶): equal to the raw error but for rounding
        assertThat(errors[0]).as("published vs raw RMS error").isLessThanOrEqualTo(errors[1] + 1e-5);
    }

    @Test
    void shouldSmoothAwayMostOfTheNoiseOfASlowWalk() {
        double[] errors = run(0.005, 10, 8);
        assertThat(errors[0]).as("published vs raw RMS error").isLessThan(0.9 * errors[1]);
    }

    @Test
    void shouldContinueBitIdenticallyFromASnapshot() {
        SplittableRandom walk = new SplittableRandom(3);
        List<float[]> frames = new ArrayList<>();
        double x = 0;
        double y = 0;
        for (int i = 0; i < 60; i++) {
            x += 0.05 * walk.nextGaussian();
            y += 0.05 * walk.nextGaussian();
            frames.add(SyntheticSpecimen.poisson(SPECIMEN.render(N, N, x, y), 50, 500 + i));
        }
        DriftTracker straight = DriftTracker.create(DriftSettings.defaults(), N, N);
        DriftTracker first = DriftTracker.create(DriftSettings.defaults(), N, N);
        List<DriftState> expected = new ArrayList<>();
        List<DriftState> actual = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            expected.add(straight.update(i, frames.get(i)));
            actual.add(first.update(i, frames.get(i)));
        }
        DriftTracker restored = DriftTracker.restore(DriftSettings.defaults(), N, N, first.snapshot(), first.anchorPixels(),
                first.keyframePixels());
        for (int i = 30; i < 60; i++) {
            expected.add(straight.update(i, frames.get(i)));
            actual.add(restored.update(i, frames.get(i)));
        }
        assertThat(actual).isEqualTo(expected);
    }

    /** {published, raw} RMS error per axis over the walk. */
    private static double[] run(double stepPx, double dose, long seed) {
        SplittableRandom walk = new SplittableRandom(seed);
        DriftTracker tracker = DriftTracker.create(DriftSettings.defaults(), N, N);
        double x = 0;
        double y = 0;
        double published = 0;
        double raw = 0;
        for (int i = 0; i < FRAMES; i++) {
            if (i > 0) {
                x += stepPx * walk.nextGaussian() + 0.01;
                y += stepPx * walk.nextGaussian() - 0.005;
            }
            DriftState s = tracker.update(i, SyntheticSpecimen.poisson(SPECIMEN.render(N, N, x, y), dose, seed * 1000 + i));
            published += sq(s.smoothDxPx() - x) + sq(s.smoothDyPx() - y);
            raw += sq(s.rawDxPx() - x) + sq(s.rawDyPx() - y);
        }
        return new double[] {Math.sqrt(published / FRAMES / 2), Math.sqrt(raw / FRAMES / 2)};
    }

    private static double sq(double v) {
        return v * v;
    }
}
