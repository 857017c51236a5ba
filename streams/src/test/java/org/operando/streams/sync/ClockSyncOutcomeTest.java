package org.operando.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Outcomes of single marks on a hand-made, noise-free clock: master = 5e9 + 1.00005·(x − 7e12). */
class ClockSyncOutcomeTest {
    private static final long T = 100_000_000L;
    private static final long M0 = 5_000_000_000L;
    private static final long X0 = 7_000_000_000_000L;

    private static long markOf(long k) {
        return X0 + Math.round(k * T / 1.00005);
    }

    /** 20 clean edges and marks, each mark delivered right after its edge. */
    private static ClockSync bootstrapped() {
        ClockSync sync = new ClockSync(ClockSyncSettings.defaults());
        for (long k = 0; k < 20; k++) {
            sync.onMasterEdge(M0 + k * T);
            sync.onInstrumentMark(markOf(k));
        }
        assertThat(sync.counters().paired()).isEqualTo(20);
        return sync;
    }

    @Test
    void shouldPairAMarkAtOnceWhenItsEdgeIsAlreadyThere() {
        ClockSync sync = bootstrapped();
        sync.onMasterEdge(M0 + 20 * T);
        assertThat(sync.onInstrumentMark(markOf(20))).isEqualTo(MarkOutcome.PAIRED);
    }

    @Test
    void shouldHoldAMarkDeliveredBeforeItsEdgeAndPairItWhenTheEdgeArrives() {
        ClockSync sync = bootstrapped();
        assertThat(sync.onInstrumentMark(markOf(20))).isEqualTo(MarkOutcome.PENDING);
        assertThat(sync.counters().pending()).isEqualTo(1);
        sync.onMasterEdge(M0 + 20 * T);
        assertThat(sync.counters().pending()).isZero();
        assertThat(sync.counters().paired()).isEqualTo(21);
        assertThat(sync.edges.get(M0 + 20 * T)).isEqualTo(markOf(20));
    }

    @Test
    void shouldRejectAMarkFiftyMicrosecondsOffItsEdgeAsOutlier() {
        ClockSync sync = bootstrapped();
        sync.onMasterEdge(M0 + 20 * T);
        assertThat(sync.onInstrumentMark(markOf(20) + 50_000L)).isEqualTo(MarkOutcome.REJECTED_NO_EDGE);
        sync.onMasterEdge(M0 + 21 * T);
        assertThat(sync.onInstrumentMark(markOf(21))).isEqualTo(MarkOutcome.PAIRED);
    }

    @Test
    void shouldRejectASpuriousMarkNearADeliveredEdgeAtOnce() {
        ClockSync sync = bootstrapped();
        assertThat(sync.onInstrumentMark(markOf(19) + T / 3)).isEqualTo(MarkOutcome.REJECTED_NO_EDGE);
    }

    @Test
    void shouldHoldASpuriousMarkAheadOfTheMasterStreamUntilTheNextEdgeShowsItIsSpurious() {
        ClockSync sync = bootstrapped();
        assertThat(sync.onInstrumentMark(markOf(19) + 7 * T / 10)).isEqualTo(MarkOutcome.PENDING);
        sync.onMasterEdge(M0 + 20 * T);
        assertThat(sync.counters().rejectedNoEdge()).isEqualTo(1);
        assertThat(sync.counters().pending()).isZero();
    }

    @Test
    void shouldRejectASecondMarkForAnAlreadyPairedEdgeAndIgnoreAnExactDuplicate() {
        ClockSync sync = bootstrapped();
        sync.onMasterEdge(M0 + 20 * T);
        assertThat(sync.onInstrumentMark(markOf(20))).isEqualTo(MarkOutcome.PAIRED);
        assertThat(sync.onInstrumentMark(markOf(20))).isEqualTo(MarkOutcome.DUPLICATE);
        assertThat(sync.onInstrumentMark(markOf(20) + 300L)).isEqualTo(MarkOutcome.REJECTED_EDGE_TAKEN);
    }

    @Test
    void shouldRejectAMarkOlderThanTheRetainedEdgeHistory() {
        ClockSync sync = bootstrapped();
        long retained = ClockSyncSettings.RETENTION_NS / T; // 20 minutes of edges
        for (long k = 20; k < 100 + retained; k++) {
            sync.onMasterEdge(M0 + k * T);
        }
        assertThat(sync.onInstrumentMark(markOf(25) + 1)).isEqualTo(MarkOutcome.REJECTED_TOO_LATE);
        assertThat(sync.onInstrumentMark(markOf(100)))
                .as("a mark 20 minutes behind the master stream still finds its edge").isEqualTo(MarkOutcome.PAIRED);
    }

    @Test
    void shouldRecoverTheExactLineFromNoiseFreeMarks() {
        ClockModel m = bootstrapped().requireModel();
        assertThat(m.skew()).isCloseTo(50e-6, org.assertj.core.data.Offset.offset(1e-10));
        long x = markOf(10);
        assertThat(Math.abs(m.predict(x).masterTimeNs() - (M0 + 10 * T))).isLessThanOrEqualTo(1L);
    }
}
