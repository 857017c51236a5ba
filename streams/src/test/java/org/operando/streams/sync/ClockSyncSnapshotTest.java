package org.operando.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClockSyncSnapshotTest {

    private static void feed(List<SyntheticTriggerStreams.Event> events, ClockSync sync) {
        for (SyntheticTriggerStreams.Event e : events) {
            if (e.kind() == SyntheticTriggerStreams.Kind.MASTER) {
                sync.onMasterEdge(e.timeNs());
            } else if (e.kind() == SyntheticTriggerStreams.Kind.MARK) {
                sync.onInstrumentMark(e.timeNs());
            }
        }
    }

    private static void assertRestoredBehavesLikeOriginal(ClockSyncSettings settings, int cut) {
        SyntheticTriggerStreams gen = new SyntheticTriggerStreams(SyntheticTriggerStreams.Params.typical(31)
                .withDurationNs(40_000_000_000L).withDuplicates(0.02));
        ClockSync original = new ClockSync(settings);
        feed(gen.events.subList(0, cut), original);
        ClockSync restored = ClockSync.restore(settings, original.snapshot());
        assertThat(restored.counters()).isEqualTo(original.counters());
        assertThat(restored.model()).isEqualTo(original.model());
        List<SyntheticTriggerStreams.Event> rest = gen.events.subList(cut, gen.events.size());
        feed(rest, original);
        feed(rest, restored);
        assertThat(restored.counters()).isEqualTo(original.counters());
        assertThat(restored.requireModel()).isEqualTo(original.requireModel());
        long x = gen.params.instrumentStartNs() + 39_000_000_000L;
        assertThat(restored.toMaster(x)).isEqualTo(original.toMaster(x));
    }

    @Test
    void shouldContinueIdenticallyAfterRestoreWithAllMarksWindow() {
        assertRestoredBehavesLikeOriginal(ClockSyncSettings.defaults(), 500);
    }

    @Test
    void shouldContinueIdenticallyAfterRestoreWithSlidingWindow() {
        assertRestoredBehavesLikeOriginal(ClockSyncSettings.defaults().withWindow(FitWindow.lastMarks(25)), 700);
    }

    @Test
    void shouldContinueIdenticallyWhenSnapshotTakenBeforeBootstrap() {
        assertRestoredBehavesLikeOriginal(ClockSyncSettings.defaults(), 9);
    }

    @Test
    void shouldCopyArraysSoTheSnapshotCannotBeChangedFromOutside() {
        ClockSync sync = new ClockSync(ClockSyncSettings.defaults());
        sync.onMasterEdge(1_000L);
        ClockSyncSnapshot snap = sync.snapshot();
        snap.edgeMasterNs()[0] = 42L;
        assertThat(snap.edgeMasterNs()[0]).isEqualTo(1_000L);
    }
}
