package org.operando.ops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.producers.Publisher;
import org.operando.producers.sim.SimulatorSource;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.Rejected;
import org.operando.simulator.Profile;
import org.operando.simulator.Simulation;
import org.operando.simulator.SimulationSettings;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.OperandoTopology;

/**
 * Results do not depend on how fast the input is delivered (issue 13): one fault-free simulated run (default profile,
 * fixed seed) is published three times while the processors run, under three run ids: in real time; as fast as one
 * producer goes, streams interleaved in master-time order; and as fast as each instrument's own producer goes, all at
 * once. Every result record, run id aside, must be the same as in real time, and no valid record may be dead-lettered
 * (the profile injects no faults, so any dead letter, e.g. alignment's "late", is a record lost to timing).
 *
 * <p>Dead letters are not compared record by record: the two runs' records sit at different offsets of the same
 * topics, which dead letters name; that there are none is asserted instead.
 */
class DeliverySpeedDeterminismIT {
    private static final long SEED = 1313;
    private static final Duration RUN = Duration.ofSeconds(20);
    private static final String APP = "operando-delivery-speed-it";
    /** In real time, the streams interleaved in master-time order as the simulator produces them (the reference). */
    private static final String REAL_TIME = "speed-realtime";
    /** As fast as one producer goes, the streams interleaved in master-time order. */
    private static final String MAX_SPEED = "speed-max";
    /** As fast as each instrument's own producer goes, independently ({@link IndependentProducers}). */
    private static final String MAX_SPEED_INDEPENDENT = "speed-max-independent";
    private static final List<String> RUNS = List.of(REAL_TIME, MAX_SPEED, MAX_SPEED_INDEPENDENT);

    @TempDir
    Path tmp;

    @Test
    @Timeout(300)
    void shouldGiveTheSameResultsForARunPublishedAtMaxSpeedAndInRealTime() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.inTempDir().start()) {
            ClientSettings client = new ClientSettings(kafka.bootstrapServers(), Map.of());
            TopicProvisioner.ensureTopics(client.clientConfig(), 2, (short) 1);
            Map<String, ResultWatcher.Outcome> outcomes = new TreeMap<>();
            try (StreamsRunner streams = new StreamsRunner(OperandoTopology.buildTopology(OperandoStreamsConfig.defaults()), client, APP,
                    tmp.resolve("state"), Map.of());
                 LagMonitor lag = new LagMonitor(client.clientConfig(), APP, Pipeline.LAGGED);
                 ResultWatcher watcher = new ResultWatcher(client.clientConfig(), ResultWatcher.From.BEGINNING)) {
                streams.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!streams.isRunning() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(streams.isRunning()).as("processors running").isTrue();
                for (String run : RUNS) {
                    long t0 = System.nanoTime();
                    Map<String, Long> stop = publish(run, client);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    ResultWatcher.Outcome done = watcher.awaitRuns(stop, () -> lag.lag() == 0, Duration.ofSeconds(20), Duration.ofSeconds(120));
                    System.out.printf("delivery speed: %s published in %.1f s, results %s: %s%n", run, seconds,
                            done.complete() ? "complete" : "incomplete", watcher.counts(run));
                    outcomes.put(run, done);
                }
            }

            Map<String, Map<RunResults.Key, List<RunResults.Rendered>>> results = new TreeMap<>();
            Map<String, Map<String, Long>> deadLetters = new TreeMap<>();
            StringBuilder reasons = new StringBuilder();
            for (String run : RUNS) {
                var r = RunResults.read(client.clientConfig(), Map.of(run, "run"));
                deadLetters.put(run, RunResults.deadLettersByStage(r));
                RunResults.deadLetterReasons(r, 3).forEach(reason -> reasons.append(String.format("%n  %s: %s", run, reason)));
                r.keySet().removeIf(k -> k.type().equals(Rejected.class.getSimpleName()));
                results.put(run, r);
            }
            var realTime = results.get(REAL_TIME);
            assertThat(RunResults.count(realTime, CorrelatedSample.class)).as("aligned windows in real time").isGreaterThan(50);
            StringBuilder summary = new StringBuilder("dead letters by stage: " + deadLetters + reasons + System.lineSeparator()
                    + "completion: " + outcomes);
            ResultDiff interleaved = ResultDiff.of(realTime, results.get(MAX_SPEED));
            ResultDiff independent = ResultDiff.of(realTime, results.get(MAX_SPEED_INDEPENDENT));
            summary.append(System.lineSeparator()).append(MAX_SPEED).append(": ").append(interleaved.summary("real time", MAX_SPEED));
            summary.append(System.lineSeparator()).append(MAX_SPEED_INDEPENDENT).append(": ")
                    .append(independent.summary("real time", MAX_SPEED_INDEPENDENT));
            System.out.println(summary);
            assertThat(interleaved.identical()).as("results at max speed equal those in real time\n" + summary).isTrue();
            assertThat(deadLetters.get(REAL_TIME)).as("no valid record dead-lettered in real time\n" + summary).isEmpty();
            assertThat(deadLetters.get(MAX_SPEED)).as("no valid record dead-lettered at max speed\n" + summary).isEmpty();
            // each instrument's producer publishing as fast as it can: the triggers topic no longer interleaves the
            // instruments' marks as acquired and their timestamps are send times, so no clock can be paired (README,
            // decision 005); reported, not yet asserted
            KnownFailure.issue13(() -> {
                assertThat(independent.identical()).as("independent producers at max speed\n" + summary).isTrue();
                assertThat(deadLetters.get(MAX_SPEED_INDEPENDENT)).as("no valid record dead-lettered\n" + summary).isEmpty();
            });
        }
    }

    /** Publishes the run named {@code run} as that name says; returns its stop record's master time by run id. */
    private static Map<String, Long> publish(String run, ClientSettings client) throws InterruptedException {
        if (run.equals(MAX_SPEED_INDEPENDENT)) {
            return Map.of(run, IndependentProducers.publish(source(run), client.clientConfig()));
        }
        try (Publisher publisher = new Publisher(client.clientConfig())) {
            return InterleavedRuns.publish(List.of(new InterleavedRuns.Run(run, source(run))), publisher,
                    run.equals(REAL_TIME) ? 1.0 : 0.0, null, null, new AtomicBoolean()).stopMasterNs();
        }
    }
    private static SimulatorSource source(String runId) {
        SimulationSettings s = Profile.byName("default").settings().withSeed(SEED).withDurationNs(RUN.toNanos());
        return new SimulatorSource(Simulation.create(s, 0), runId);
    }
}
