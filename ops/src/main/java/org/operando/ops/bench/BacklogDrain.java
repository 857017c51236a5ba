package org.operando.ops.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.pipeline.InterleavedRuns;
import org.operando.ops.pipeline.LagMonitor;
import org.operando.ops.pipeline.Pipeline;
import org.operando.ops.pipeline.ResultWatcher;
import org.operando.ops.pipeline.StreamsRunner;
import org.operando.producers.Publisher;
import org.operando.producers.StreamStats;
import org.operando.producers.sim.SimulatorSource;
import org.operando.schemas.Topics;
import org.operando.simulator.Simulation;
import org.operando.simulator.SimulationSettings;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.OperandoTopology;
import org.operando.streams.ingest.IngestTopology;

/**
 * The processors draining a backlog: a profile's runs simulated and published as fast as possible while no processor
 * runs, then Kafka Streams started from the beginning of the input (a fresh application id each time) with a given
 * number of stream threads, until every run's results are complete.
 */
public final class BacklogDrain {
    /** Topics the processors read, whose bytes count as input consumed. */
    static final List<String> INPUT = List.of(Topics.FRAMES, Topics.ELECTROCHEM, Topics.TRIGGERS, Topics.RUNS);

    /** What is waiting on the broker: runs, their stop times, records announced per instrument (summed over runs). */
    public record Backlog(String profile, int runs, Map<String, Long> stopMasterNs, Map<String, Long> announced, long inputBytes,
                          long frames, double loadSeconds) {
    }

    /**
     * One drain: seconds from start to every run complete, of which {@code startupSeconds} until Kafka Streams first
     * reached RUNNING (group join, internal topics); the rates are over the time after that, as ConsumerPerformance's
     * fetch rate leaves out its group join.
     */
    public record Drain(String profile, int threads, double seconds, double startupSeconds, ResultWatcher.End end,
                        List<String> runsWithoutFinalResult, double inputMBps, double framesPerS, HeapWatch.Peak heap) {
        /**
         * Every run's final correlation result came, or every announced record was processed and committed (a run whose
         * correlation stage has nothing to report, e.g. too few frames, has no final correlation result).
         */
        public boolean complete() {
            return end != ResultWatcher.End.TIMEOUT;
        }
    }

    private BacklogDrain() {
    }

    /** Simulates {@code settings.runs()} runs of {@code profile} and publishes them at max speed. */
    public static Backlog load(ClientSettings client, String profile, SimulationSettings settings) throws InterruptedException {
        List<InterleavedRuns.Run> runs = new ArrayList<>();
        for (int r = 0; r < settings.runs(); r++) {
            String id = "bench-" + profile + "-" + r;
            runs.add(new InterleavedRuns.Run(id, new SimulatorSource(Simulation.create(settings, r), id)));
        }
        try (Publisher publisher = new Publisher(client.clientConfig())) {
            InterleavedRuns.Result result = InterleavedRuns.publish(runs, publisher, 0, null, null, new AtomicBoolean());
            StreamStats stats = publisher.stats();
            if (!stats.failed().isEmpty()) {
                throw new IllegalStateException("Could not publish the backlog: failed sends per instrument " + stats.failed());
            }
            long bytes = INPUT.stream().mapToLong(t -> stats.topicBytes().getOrDefault(t, 0L)).sum();
            Map<String, Long> announced = new TreeMap<>();
            result.announced().values().forEach(m -> m.forEach((id, n) -> announced.merge(id, n, Long::sum)));
            return new Backlog(profile, runs.size(), result.stopMasterNs(), announced, bytes,
                    stats.topicRecords().getOrDefault(Topics.FRAMES, 0L), result.seconds());
        }
    }

    /** Runs the processors with {@code threads} stream threads over the whole backlog until its runs are complete. */
    public static Drain drain(ClientSettings client, Backlog backlog, int threads, Path stateDir, Duration timeout, PrintStream out) {
        String app = "operando-bench-" + backlog.profile() + "-t" + threads + "-" + System.currentTimeMillis();
        org.operando.ops.pipeline.PipelineWarmup.once(); // before the clock starts: the first drain of a JVM pays no warm-up
        Map<String, Object> overrides = new HashMap<>();
        overrides.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        try (ResultWatcher watcher = new ResultWatcher(client.clientConfig(), ResultWatcher.From.NOW);
             LagMonitor lag = new LagMonitor(client.clientConfig(), app, Pipeline.LAGGED);
             HeapWatch heap = HeapWatch.start();
             StreamsRunner streams = new StreamsRunner(OperandoTopology.buildTopology(OperandoStreamsConfig.defaults()), client, app,
                     stateDir.resolve(app), overrides)) {
            long t0 = System.nanoTime();
            java.util.concurrent.atomic.AtomicLong running = new java.util.concurrent.atomic.AtomicLong();
            streams.streams().setStateListener((now, before) -> {
                if (now == org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
                    running.compareAndSet(0, System.nanoTime());
                }
            });
            streams.start();
            // done: every run's final result is out, or every announced record is accounted for and committed
            ResultWatcher.Outcome outcome = watcher.awaitRuns(backlog.stopMasterNs(),
                    () -> accountedFor(streams, backlog.announced()) && lag.lag() == 0, Duration.ofSeconds(1), timeout);
            long end = System.nanoTime();
            double seconds = (end - t0) / 1e9;
            double startup = running.get() == 0 ? 0 : (running.get() - t0) / 1e9;
            double working = seconds - startup;
            HeapWatch.Peak peak = heap.peak();
            out.printf("  %s, %d thread(s): %.1f s (%.1f s of it starting), %s%n", backlog.profile(), threads, seconds, startup,
                    switch (outcome.end()) {
                        case FINAL_RESULTS -> "every run's final results out";
                        case IDLE -> "every record processed; no final correlation result for " + outcome.runsWithoutFinalResult();
                        case TIMEOUT -> "INCOMPLETE after " + timeout.toSeconds() + " s: " + outcome.runsWithoutFinalResult();
                    });
            return new Drain(backlog.profile(), threads, seconds, startup, outcome.end(), outcome.runsWithoutFinalResult(),
                    backlog.inputBytes() / 1e6 / working, backlog.frames() / working, peak);
        }
    }

    private static boolean accountedFor(StreamsRunner streams, Map<String, Long> announced) {
        Map<String, Long> processed = streams.counts(IngestTopology.PROCESSED_STORE);
        Map<String, Long> dead = streams.counts(IngestTopology.DEAD_LETTER_STORE);
        return announced.entrySet().stream()
                .allMatch(e -> processed.getOrDefault(e.getKey(), 0L) + dead.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** Deletes every record of the input and dead-letter topics, so the next profile's drains read only its backlog. */
    public static void clearInputs(ClientSettings client) throws Exception {
        List<String> topics = new ArrayList<>(Topics.INPUTS);
        topics.add(Topics.DEAD_LETTERS);
        try (Admin admin = Admin.create(client.clientConfig())) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) ->
                    d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> delete.put(tp, RecordsToDelete.beforeOffset(info.offset())));
            admin.deleteRecords(delete).all().get(60, TimeUnit.SECONDS);
        }
    }
}
