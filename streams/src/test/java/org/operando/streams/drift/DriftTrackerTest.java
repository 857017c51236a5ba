package org.operando.streams.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftTrackerTest {

    private static final int N = 256;
    private static final double DOSE = 100;
    private static final SyntheticSpecimen SPECIMEN = SyntheticSpecimen.create(N, N, 9);

    @Test
    void shouldFollowEightPixelJumpWithinOneFrameAndFlagIt() {
        DriftTracker tracker = DriftTracker.create(DriftSettings.defaults(), N, N);
        List<DriftState> states = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double dx = 0.1 * i + (i >= 10 ? 8 : 0);
            double dy = -0.05 * i + (i >= 10 ? -2 : 0);
            DriftState state = tracker.update(i, frame(dx, dy, i));
            states.add(state);
            if (i >= 10) {
                assertThat(state.smoothDxPx()).as("smoothed x at frame %s", i).isCloseTo(dx, within(0.1));
                assertThat(state.smoothDyPx()).as("smoothed y at frame %s", i).isCloseTo(dy, within(0.1));
            }
        }
        assertThat(states.get(10).jump()).isTrue();
        assertThat(states.stream().filter(DriftState::jump).count()).as("frames flagged as jumps").isEqualTo(1);
        assertThat(states.stream().noneMatch(DriftState::lowConfidence)).isTrue();
    }

    @Test
    void shouldHoldPredictionThroughBlankAndSaturatedFramesWithoutJump() {
        DriftTracker tracker = DriftTracker.create(DriftSettings.defaults(), N, N);
        short[] saturated = new short[N * N];
        Arrays.fill(saturated, (short) 0xFFFF);
        DriftState before = null;
        for (int i = 0; i < 16; i++) {
            double dx = 0.2 * i;
            double dy = 0.1 * i;
            DriftState state;
            if (i == 8) {
                state = tracker.update(i, new float[N * N]);
            } else if (i == 9) {
                state = tracker.update(i, saturated);
            } else {
                state = tracker.update(i, frame(dx, dy, i));
            }
            if (i == 8 || i == 9) {
                assertThat(state.lowConfidence()).as("frame %s flagged low confidence", i).isTrue();
                assertThat(state.jump()).isFalse();
                assertThat(state.confidence()).isZero();
                assertThat(state.smoothDxPx()).as("held prediction x at %s", i).isCloseTo(dx, within(0.15));
                assertThat(state.smoothDyPx()).as("held prediction y at %s", i).isCloseTo(dy, within(0.15));
                assertThat(state.smoothDxPx() - before.smoothDxPx()).isLessThan(0.5);
            } else {
                assertThat(state.lowConfidence()).isFalse();
                assertThat(state.jump()).as("jump at frame %s", i).isFalse();
                assertThat(state.smoothDxPx()).as("x at %s", i).isCloseTo(dx, within(0.1));
            }
            before = state;
        }
    }

    @Test
    void shouldWaitForFirstUsableFrameAsAnchor() {
        DriftTracker tracker = DriftTracker.create(DriftSettings.defaults(), N, N);
        DriftState blank = tracker.update(0, new float[N * N]);
        assertThat(blank.lowConfidence()).isTrue();
        assertThat(blank.referenceRenewed()).isFalse();
        DriftState first = tracker.update(1, frame(3, 3, 1));
        assertThat(first.referenceRenewed()).isTrue();
        assertThat(first.smoothDxPx()).isZero();
        DriftState second = tracker.update(2, frame(3.5, 2.75, 2));
        assertThat(second.rawDxPx()).isCloseTo(0.5, within(0.05));
        assertThat(second.rawDyPx()).isCloseTo(-0.25, within(0.05));
    }

    @Test
    void shouldRejectSequenceThatDoesNotIncrease() {
        DriftTracker tracker = DriftTracker.create(DriftSettings.defaults(), N, N);
        tracker.update(5, frame(0, 0, 5));
        assertThatThrownBy(() -> tracker.update(5, frame(0, 0, 6)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Got 5 after 5");
    }

    @Test
    void shouldUnwrapAnchorShiftToAliasNearestGuess() {
        assertThat(DriftTracker.nearestAlias(-200.0, 300.5, 512)).isEqualTo(312.0);
        assertThat(DriftTracker.nearestAlias(3.25, 2.0, 512)).isEqualTo(3.25);
    }

    @Test
    void shouldConvertToNanometresWithPixelSize() {
        DriftState state = new DriftState(4, 1.0, -2.0, 1.5, -2.5, 0.9, false, false, false);
        DriftNanometres nm = state.toNanometres(0.5, 2.0);
        assertThat(nm).isEqualTo(new DriftNanometres(4, 0.5, -4.0, 0.75, -5.0, 0.9));
        assertThatThrownBy(() -> state.toNanometres(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    static float[] frame(double dx, double dy, long seed) {
        return SyntheticSpecimen.poisson(SPECIMEN.render(N, N, dx, dy), DOSE, 1000 + seed);
    }
}
