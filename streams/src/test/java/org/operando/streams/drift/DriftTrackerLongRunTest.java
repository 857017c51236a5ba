package org.operando.streams.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** 160 frames of slow creep plus a random walk, Poisson noise at 100 counts/px, 256 × 256. */
class DriftTrackerLongRunTest {

    private static final int N = 256;
    private static final int FRAMES = 160;

    @Test
    void shouldTrackCreepPlusRandomWalkWithinFiveHundredthsRmsWithoutAccumulatingError() {
        SyntheticSpecimen specimen = SyntheticSpecimen.create(N, N, 21);
        SplittableRandom walk = new SplittableRandom(5);
        DriftTracker tracker = DriftTracker.create(DriftSettings.defaults(), N, N);
        double wx = 0;
        double wy = 0;
        double sumSqSmooth = 0;
        double sumSqRaw = 0;
        double lastError = 0;
        int renewals = 0;
        for (int i = 0; i < FRAMES; i++) {
            wx += 0.03 * gaussian(walk);
            wy += 0.03 * gaussian(walk);
            double dx = 0.15 * i + 0.0002 * i * i + wx;
            double dy = -0.08 * i + wy;
            float[] pixels = SyntheticSpecimen.poisson(specimen.render(N, N, dx, dy), 100, 77 + i);
            DriftState state = tracker.update(i, pixels);
            assertThat(state.jump()).as("jump at frame %s", i).isFalse();
            assertThat(state.lowConfidence()).as("low confidence at frame %s", i).isFalse();
            renewals += state.referenceRenewed() ? 1 : 0;
            double ex = state.smoothDxPx() - dx;
            double ey = state.smoothDyPx() - dy;
            sumSqSmooth += ex * ex + ey * ey;
            sumSqRaw += sq(state.rawDxPx() - dx) + sq(state.rawDyPx() - dy);
            lastError = Math.hypot(ex, ey);
        }
        double rmsSmooth = Math.sqrt(sumSqSmooth / (2 * FRAMES));
        double rmsRaw = Math.sqrt(sumSqRaw / (2 * FRAMES));
        assertThat(renewals).as("keyframe renewals over a %s px drift", 0.15 * FRAMES).isGreaterThan(1);
        assertThat(rmsSmooth).as("RMS error per axis of the smoothed drift").isLessThan(0.05);
        assertThat(rmsRaw).as("RMS error per axis of the raw drift").isLessThan(0.05);
        assertThat(lastError).as("error at the last frame").isLessThan(0.1);
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    private static double sq(double v) {
        return v * v;
    }
}
