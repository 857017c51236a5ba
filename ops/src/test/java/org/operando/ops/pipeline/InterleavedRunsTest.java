package org.operando.ops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.operando.producers.Acquired;
import org.operando.producers.AcquisitionSink;
import org.operando.producers.StreamStats;
import org.operando.producers.sim.SimulatorSource;
import org.operando.schema.RunStop;
import org.operando.schemas.Topics;
import org.operando.simulator.Profile;
import org.operando.simulator.Simulation;
import org.operando.simulator.SimulationSettings;

class InterleavedRunsTest {
    /** Keeps what it is given, in order. */
    private static final class ListSink implements AcquisitionSink {
        final List<Acquired> items = new ArrayList<>();

        @Override
        public void publish(Acquired item) {
            items.add(item);
        }

        @Override
        public void flush() {
        }

        @Override
        public StreamStats stats() {
            return new StreamStats();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void shouldAnnounceEachRunsOwnRecordsAlthoughRunsShareInstrumentIds() throws Exception {
        SimulationSettings settings = Profile.byName("default").settings().withDurationNs(1_000_000_000L).withEmFrameSize(256);
        List<InterleavedRuns.Run> runs = List.of(
                new InterleavedRuns.Run("a", new SimulatorSource(Simulation.create(settings, 0), "a")),
                new InterleavedRuns.Run("b", new SimulatorSource(Simulation.create(settings, 1), "b")));
        ListSink sink = new ListSink();

        InterleavedRuns.Result result = InterleavedRuns.publish(runs, sink, 0, null, null, new AtomicBoolean());

        Map<String, Map<String, Long>> counted = new TreeMap<>();
        Map<String, RunStop> stops = new TreeMap<>();
        for (Acquired a : sink.items) {
            if (Topics.ACQUISITION.contains(a.topic())) {
                counted.computeIfAbsent(a.runId(), k -> new TreeMap<>()).merge(a.instrumentId(), 1L, Long::sum);
            } else if (a.record() instanceof RunStop s) {
                stops.put(a.runId(), s);
            }
        }
        assertThat(counted.get("a").keySet()).as("the runs share instrument ids").isEqualTo(counted.get("b").keySet());
        assertThat(stops.get("a").getRecordsPublished()).isEqualTo(counted.get("a"));
        assertThat(stops.get("b").getRecordsPublished()).isEqualTo(counted.get("b"));
        assertThat(result.announced()).isEqualTo(counted);
        assertThat(result.stopMasterNs()).containsEntry("a", stops.get("a").getStopMasterTimeNs())
                .containsEntry("b", stops.get("b").getStopMasterTimeNs());
    }

    @Test
    void shouldInterleaveRunsInMasterTimeOrder() throws Exception {
        SimulationSettings settings = Profile.byName("default").settings().withDurationNs(1_000_000_000L).withEmFrameSize(256);
        ListSink sink = new ListSink();
        InterleavedRuns.publish(List.of(new InterleavedRuns.Run("a", new SimulatorSource(Simulation.create(settings, 0), "a")),
                new InterleavedRuns.Run("b", new SimulatorSource(Simulation.create(settings, 1), "b"))), sink, 0, null, null,
                new AtomicBoolean());
        List<Acquired> data = sink.items.stream().filter(a -> Topics.ACQUISITION.contains(a.topic())).toList();
        for (int i = 1; i < data.size(); i++) {
            assertThat(data.get(i).masterTimeNs()).as("record %d", i).isGreaterThanOrEqualTo(data.get(i - 1).masterTimeNs());
        }
        assertThat(data.stream().map(Acquired::runId).distinct()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void shouldGiveEachRunsOwnCountInTheProgressLine() {
        java.util.Map<String, java.util.Map<String, Long>> announced = new java.util.TreeMap<>();
        announced.put("sim-0", java.util.Map.of("em-1", 10L, "opt-1", 20L));
        announced.put("sim-1", java.util.Map.of("em-1", 9L));
        assertThat(InterleavedRuns.perRun(announced)).isEqualTo("sim-0 30, sim-1 9");
    }
}
