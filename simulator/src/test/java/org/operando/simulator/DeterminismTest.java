package org.operando.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterminismTest {
    private static final SimulationSettings SETTINGS = SimulationSettings.defaults().withDurationNs(3_000_000_000L);

    private static List<SimEvent> all(Simulation sim) {
        List<SimEvent> out = new ArrayList<>();
        sim.forEachRemaining(out::add);
        return out;
    }

    /** A digest of every field, pixel arrays and sample arrays included. */
    private static long digest(List<SimEvent> events) {
        long h = 17;
        for (SimEvent e : events) {
            h = 31 * h + e.hashCode();
            if (e instanceof FrameEvent f) {
                h = 31 * h + Arrays.hashCode(f.pixels());
            }
        }
        return h;
    }

    @Test
    void shouldProduceIdenticalEventsForTheSameSeed() {
        List<SimEvent> a = all(Simulation.create(SETTINGS));
        List<SimEvent> b = all(Simulation.create(SETTINGS));

        assertThat(a).hasSameSizeAs(b).isNotEmpty();
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i)).as("event " + i).isEqualTo(a.get(i));
        }
        assertThat(digest(b)).isEqualTo(digest(a));
    }

    @Test
    void shouldDifferForAnotherSeedOrRun() {
        List<SimEvent> a = all(Simulation.create(SETTINGS));
        List<SimEvent> otherSeed = all(Simulation.create(SETTINGS.withSeed(43)));
        List<SimEvent> otherRun = all(Simulation.create(SETTINGS, 1));

        assertThat(digest(otherSeed)).isNotEqualTo(digest(a));
        assertThat(digest(otherRun)).isNotEqualTo(digest(a));
        FrameEvent first = (FrameEvent) a.stream().filter(e -> e instanceof FrameEvent).findFirst().orElseThrow();
        FrameEvent firstOther = (FrameEvent) otherSeed.stream()
                .filter(e -> e instanceof FrameEvent f && f.instrumentId().equals(first.instrumentId()))
                .findFirst().orElseThrow();
        assertThat(firstOther.pixels()).isNotEqualTo(first.pixels());
        assertThat(Simulation.create(SETTINGS.withSeed(43)).clockTruth("em-1"))
                .isNotEqualTo(Simulation.create(SETTINGS).clockTruth("em-1"));
    }

    @Test
    void shouldEmitEventsInNonDecreasingTrueMasterTimeWithGaplessSequences() {
        List<SimEvent> events = all(Simulation.create(SETTINGS.withInstrumentCounts(2, 2)));
        long last = Long.MIN_VALUE;
        java.util.Map<String, Long> nextSeq = new java.util.HashMap<>();
        for (SimEvent e : events) {
            assertThat(e.trueMasterTimeNs()).isGreaterThanOrEqualTo(last);
            last = e.trueMasterTimeNs();
            long seq = e instanceof FrameEvent f ? f.sequence() : e instanceof EcBlockEvent b ? b.sequence() : -1;
            if (seq >= 0) {
                assertThat(seq).as(e.instrumentId()).isEqualTo(nextSeq.getOrDefault(e.instrumentId(), 0L));
                nextSeq.put(e.instrumentId(), seq + 1);
            }
        }
        assertThat(nextSeq).containsKeys("em-1", "em-2", "opt-1", "opt-2", "pstat-1");
        assertThat(last).isLessThan(SETTINGS.masterStartNs() + SETTINGS.durationNs());
    }
}
