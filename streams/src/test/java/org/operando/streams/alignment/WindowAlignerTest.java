package org.operando.streams.alignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.operando.streams.alignment.WindowAligner.Outcome;

class WindowAlignerTest {
    private static final long MS = 1_000_000L;
    private final WindowAligner aligner = new WindowAligner(100 * MS, 1_000 * MS, 0);

    /** 1 kHz EC samples of constant current 2 mA and a potential ramp, between from and to (master ns). */
    private Outcome ec(long sequence, long fromNs, long toNs) {
        int n = (int) ((toNs - fromNs) / MS);
        long[] t = new long[n];
        double[] e = new double[n];
        double[] i = new double[n];
        for (int k = 0; k < n; k++) {
            t[k] = fromNs + k * MS;
            e[k] = 0.001 * (t[k] / MS);
            i[k] = 2e-3;
        }
        return aligner.offerEc("pstat-1", sequence, t, e, i);
    }

    @Test
    void shouldMatchEmWindowWithOverlappingOpticalFramesAndEcSamples() {
        aligner.offerEm("em-1", 0, 1_000 * MS, 1_200 * MS, 500);
        aligner.offerOptical("opt-1", 0, 950 * MS, 1_050 * MS);
        aligner.offerOptical("opt-1", 1, 1_050 * MS, 1_150 * MS);
        aligner.offerOptical("opt-1", 2, 1_250 * MS, 1_350 * MS);
        ec(0, 900 * MS, 1_400 * MS);
        List<AlignedWindow> out = aligner.poll();
        assertThat(out).hasSize(1);
        AlignedWindow w = out.get(0);
        assertThat(w.optical()).extracting(AlignedWindow.OpticalMatch::sequence).containsExactly(0L, 1L);
        assertThat(w.optical().get(0).overlapFraction()).isCloseTo(0.25, within(1e-9));
        assertThat(w.optical().get(1).overlapFraction()).isCloseTo(0.5, within(1e-9));
        assertThat(w.ec().samples()).isEqualTo(201);
        // 2 mA for 200 ms = 0.4 mC
        assertThat(w.ec().chargeC()).isCloseTo(4e-4, within(1e-12));
        assertThat(w.ec().minPotentialV()).isCloseTo(1.0, within(1e-9));
        assertThat(w.ec().maxPotentialV()).isCloseTo(1.2, within(1e-9));
        assertThat(w.matched()).isTrue();
        assertThat(w.revision()).isZero();
    }

    @Test
    void shouldAlignOutOfOrderOpticalFrameArrivingBeforeItsEmFrame() {
        aligner.offerOptical("opt-1", 5, 1_000 * MS, 1_100 * MS);
        aligner.offerEm("em-1", 0, 1_000 * MS, 1_200 * MS, 0);
        ec(0, 1_000 * MS, 1_400 * MS);
        aligner.offerOptical("opt-1", 6, 1_300 * MS, 1_400 * MS); // the optical stream moves past the window
        assertThat(aligner.poll()).singleElement().satisfies(w -> {
            assertThat(w.optical()).hasSize(1);
            assertThat(w.revision()).isZero();
        });
    }

    @Test
    void shouldAmendEarlierResultWhenLateOpticalFrameArrivesWithinGrace() {
        aligner.offerEm("em-1", 0, 1_000 * MS, 1_200 * MS, 0);
        ec(0, 1_000 * MS, 1_500 * MS);
        List<AlignedWindow> first = aligner.poll();
        assertThat(first).singleElement().satisfies(w -> assertThat(w.optical()).isEmpty());
        // watermark is 1.5 s; window end 1.2 s + grace 1 s = 2.2 s: still amendable
        assertThat(aligner.offerOptical("opt-1", 0, 1_100 * MS, 1_200 * MS)).isEqualTo(Outcome.ACCEPTED);
        assertThat(aligner.poll()).as("the amendment waits until the optical stream has passed the window").isEmpty();
        aligner.offerOptical("opt-1", 1, 1_300 * MS, 1_400 * MS);
        List<AlignedWindow> amended = aligner.poll();
        assertThat(amended).singleElement().satisfies(w -> {
            assertThat(w.emSequence()).isZero();
            assertThat(w.revision()).isEqualTo(1);
            assertThat(w.optical()).hasSize(1);
        });
    }

    @Test
    void shouldReportRecordOutOfItsOwnStreamsOrderBeyondGraceAsLate() {
        aligner.offerEm("em-1", 0, 1_000 * MS, 1_200 * MS, 0);
        aligner.offerOptical("opt-1", 0, 1_300 * MS, 1_400 * MS);
        List<AlignedWindow> out = new ArrayList<>(aligner.poll());
        aligner.offerOptical("opt-1", 1, 3_500 * MS, 3_600 * MS); // the optical stream is 2.3 s past the window
        out.addAll(aligner.poll());
        assertThat(aligner.openWindows()).as("final once the partner started a record beyond end + grace").isZero();
        assertThat(aligner.offerOptical("opt-1", 2, 1_100 * MS, 1_200 * MS))
                .as("2.4 s before its own stream's newest record, grace 1 s").isEqualTo(Outcome.LATE);
        out.addAll(aligner.poll());
        assertThat(out).singleElement().satisfies(w -> assertThat(w.optical()).isEmpty());
    }

    @Test
    void shouldNotCallARecordLateBecauseAnotherStreamIsFarAhead() {
        aligner.expectPartner("opt-1");
        aligner.offerEm("em-1", 0, 1_000 * MS, 1_200 * MS, 0);
        aligner.offerEm("em-1", 1, 60_000 * MS, 60_200 * MS, 0); // the EM stream is a minute ahead
        aligner.observe(90_000 * MS);
        assertThat(aligner.poll()).as("windows wait for the optical stream's own progress").isEmpty();
        assertThat(aligner.offerOptical("opt-1", 0, 1_100 * MS, 1_200 * MS)).isEqualTo(Outcome.ACCEPTED);
        aligner.offerOptical("opt-1", 1, 1_400 * MS, 1_500 * MS);
        assertThat(aligner.poll()).singleElement().satisfies(w -> {
            assertThat(w.emSequence()).isZero();
            assertThat(w.optical()).extracting(AlignedWindow.OpticalMatch::sequence).containsExactly(0L);
        });
    }

    @Test
    void shouldKeepPartnerDataForOpenWindowsWhenThePartnerRunsFarBehindTheEmStream() {
        aligner.expectPartner("pstat-1");
        for (int k = 0; k < 20; k++) { // EM runs 10 s ahead of the EC stream
            aligner.offerEm("em-1", k, 1_000 * MS + k * 500 * MS, 1_200 * MS + k * 500 * MS, 0);
        }
        assertThat(aligner.poll()).isEmpty();
        ec(0, 900 * MS, 1_600 * MS);
        assertThat(aligner.poll()).singleElement().satisfies(w -> assertThat(w.ec().samples()).isEqualTo(201));
    }

    @Test
    void shouldStopWaitingForAStalledPartnerUntilItDeliversAgain() {
        aligner.expectPartner("opt-1");
        aligner.expectPartner("pstat-1");
        aligner.offerEm("em-1", 0, 1_000 * MS, 1_200 * MS, 0);
        ec(0, 1_000 * MS, 1_500 * MS);
        assertThat(aligner.poll()).as("the optical stream has delivered nothing").isEmpty();
        aligner.stalled("opt-1");
        assertThat(aligner.poll()).singleElement().satisfies(w -> assertThat(w.optical()).isEmpty());
        aligner.offerEm("em-1", 1, 2_000 * MS, 2_200 * MS, 0);
        aligner.offerOptical("opt-1", 0, 2_100 * MS, 2_200 * MS); // delivering again: waited for from now on
        ec(1, 1_500 * MS, 2_500 * MS);
        assertThat(aligner.stalledStreams()).isEmpty();
        assertThat(aligner.poll()).as("the optical stream has not passed the second window yet").isEmpty();
        aligner.offerOptical("opt-1", 1, 2_400 * MS, 2_500 * MS);
        assertThat(aligner.poll()).singleElement().satisfies(w -> assertThat(w.optical()).hasSize(1));
    }

    @Test
    void shouldOrderWindowsByEndForEpochTimesWherePackedKeysWouldOverflow() {
        long t0 = 1_900_000_000_000_000_000L; // 2030-03-17 in epoch ns: t * 64 overflows a long
        for (int k = 0; k < 100; k++) {
            aligner.offerEm("em-1", 1000 + k, t0 + k * 100 * MS, t0 + k * 100 * MS + 50 * MS, 0);
        }
        aligner.observe(t0 + 20_000 * MS);
        assertThat(aligner.poll()).extracting(AlignedWindow::emSequence)
                .isEqualTo(java.util.stream.LongStream.range(1000, 1100).boxed().toList());
    }

    @Test
    void shouldIgnoreDuplicateRecords() {
        assertThat(aligner.offerEm("em-1", 0, 1_000 * MS, 1_200 * MS, 0)).isEqualTo(Outcome.ACCEPTED);
        assertThat(aligner.offerEm("em-1", 0, 1_000 * MS, 1_200 * MS, 0)).isEqualTo(Outcome.DUPLICATE);
        assertThat(aligner.offerOptical("opt-1", 3, 1_000 * MS, 1_100 * MS)).isEqualTo(Outcome.ACCEPTED);
        assertThat(aligner.offerOptical("opt-1", 3, 1_000 * MS, 1_100 * MS)).isEqualTo(Outcome.DUPLICATE);
        aligner.offerOptical("opt-1", 4, 1_300 * MS, 1_400 * MS);
        aligner.observe(1_400 * MS);
        assertThat(aligner.poll()).singleElement().satisfies(w -> assertThat(w.optical()).hasSize(1));
    }

    @Test
    void shouldNotEmitBeforeWatermarkPassesWindowEndPlusSettle() {
        aligner.offerEm("em-1", 0, 1_000 * MS, 1_200 * MS, 0);
        aligner.observe(1_250 * MS);
        assertThat(aligner.poll()).isEmpty();
        aligner.observe(1_300 * MS);
        assertThat(aligner.poll()).hasSize(1);
    }

    @Test
    void shouldWaitForTheSlowestPartnerStreamBeforeEmitting() {
        aligner.offerEm("em-1", 0, 1_000 * MS, 1_200 * MS, 0);
        aligner.offerOptical("opt-1", 0, 1_000 * MS, 1_100 * MS);
        ec(0, 1_000 * MS, 1_600 * MS); // EC is far ahead, the optical stream is not
        assertThat(aligner.poll()).as("an optical frame overlapping the window may still come").isEmpty();
        aligner.offerOptical("opt-1", 1, 1_100 * MS, 1_200 * MS);
        aligner.offerOptical("opt-1", 2, 1_300 * MS, 1_400 * MS);
        assertThat(aligner.poll()).singleElement().satisfies(w -> {
            assertThat(w.revision()).isZero();
            assertThat(w.optical()).extracting(AlignedWindow.OpticalMatch::sequence).containsExactly(0L, 1L);
        });
    }

    @Test
    void shouldEmitEveryOpenWindowAtTheEndOfTheRun() {
        aligner.offerEm("em-1", 0, 1_000 * MS, 1_200 * MS, 0);
        aligner.offerEm("em-1", 1, 1_300 * MS, 1_500 * MS, 0);
        aligner.offerOptical("opt-1", 0, 1_000 * MS, 1_100 * MS);
        assertThat(aligner.poll()).isEmpty();
        assertThat(aligner.finish()).extracting(AlignedWindow::emSequence).containsExactly(0L, 1L);
        assertThat(aligner.openWindows()).isZero();
    }

    @Test
    void shouldRejectInconsistentSettings() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WindowAligner(2_000, 1_000, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("settle <= grace");
    }

    @Test
    void shouldNotCutOffAStreamRunningFarBehindTheOthers() {
        // settle 100 ms, grace 1 s: the EC stream runs 30 s of data behind the EM and optical streams, as the topics of
        // a fast replay or a failover can; in its own order it is still delivering, so nothing of it is late
        WindowAligner behind = new WindowAligner(100 * MS, 1_000 * MS, 0);
        behind.expectPartner("opt-1");
        behind.expectPartner("pstat-1");
        List<AlignedWindow> out = new ArrayList<>();
        for (int k = 0; k < 70; k++) {
            long start = 1_000 * MS + k * 500 * MS;
            assertThat(behind.offerEm("em-1", k, start, start + 200 * MS, 0)).isEqualTo(Outcome.ACCEPTED);
            assertThat(behind.offerOptical("opt-1", k, start, start + 200 * MS)).isEqualTo(Outcome.ACCEPTED);
            out.addAll(behind.poll());
        }
        assertThat(out).as("nothing before the EC stream delivers").isEmpty();
        for (int k = 0; k < 6; k++) { // EC for [1 s, 4 s) arrives after the frames up to 36 s
            long from = 1_000 * MS + k * 500 * MS;
            long[] t = new long[500];
            double[] e = new double[500];
            double[] i = new double[500];
            for (int j = 0; j < 500; j++) {
                t[j] = from + j * MS;
                i[j] = 1e-3;
            }
            assertThat(behind.offerEc("pstat-1", k, t, e, i)).as("EC block %d", k).isEqualTo(Outcome.ACCEPTED);
            out.addAll(behind.poll());
        }
        assertThat(out).as("the 6 windows up to 4 s, each emitted once with its EC samples").hasSize(6)
                .allSatisfy(w -> {
                    assertThat(w.revision()).isZero();
                    assertThat(w.ec().samples()).isEqualTo(201);
                    assertThat(w.optical()).hasSize(1);
                });
    }
}
