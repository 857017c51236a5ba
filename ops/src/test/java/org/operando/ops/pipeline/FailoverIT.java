package org.operando.ops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.producers.Acquired;
import org.operando.producers.AcquisitionSink;
import org.operando.producers.Publisher;
import org.operando.producers.StreamStats;
import org.operando.producers.sim.SimulatorSource;
import org.operando.schema.CorrelatedSample;
import org.operando.schemas.Topics;
import org.operando.simulator.Profile;
import org.operando.simulator.Simulation;
import org.operando.simulator.SimulationSettings;

/**
 * Exactly-once failover gives the same answer (issue 13): four simulated runs published in real time (2x) while two
 * {@code operando process} instances, separate JVMs of one application, process them; one instance is killed with
 * SIGKILL mid-run, after it has committed results of its runs; the survivor takes its tasks over. Every result topic
 * and the dead letters, read with read_committed, must equal, record by record per (run, instrument, type), those of
 * an uninterrupted processing of the same input.
 *
 * <p>The reference runs on a second broker, at the same time, fed by the same publishing loop (one producer per
 * cluster, the same records in the same order), by one instance that is never interrupted. Why a second cluster: the
 * processors' output topics are fixed and keyed by run id, so a reference on the same cluster would mix its records
 * with the failover run's (or need the failover run's output read, the topics reset and the input published again
 * into a different timing); on its own cluster it needs no reset, its input is byte-identical and at the same
 * offsets (so even dead letters, which name their source offset, compare), and it runs under the same wall-clock
 * conditions at the same time, which also halves the test's duration.
 */
class FailoverIT {
    private static final int PARTITIONS = 4;
    private static final long[] SEEDS = {1301, 1302, 1303, 1304};
    private static final Duration RUN = Duration.ofSeconds(20);
    private static final double SPEED = 2.0;
    private static final String APP = "operando-failover";
    private static final String REFERENCE_APP = "operando-reference";
    /**
     * Settings of every instance: the group notices a killed member after 10 s (not 45 s), and the killed instance's
     * open transaction, which holds back read_committed readers of its output and changelogs, is aborted after 10 s
     * (not the 120 s the processors use by default) plus the broker's 10 s abort check.
     */
    private static final Map<String, String> INSTANCE_SETTINGS = Map.of("session.timeout.ms", "10000", "heartbeat.interval.ms", "2000",
            "producer.transaction.timeout.ms", "10000");

    @Test
    @Timeout(420)
    void shouldGiveTheUninterruptedResultsWhenAnInstanceIsKilledMidRun() throws Exception {
        Path work = Path.of("target", "failover-it").toAbsolutePath();
        deleteRecursively(work);
        Files.createDirectories(work);
        PrintStream out = System.out;
        try (EmbeddedKafka live = EmbeddedKafka.inTempDir().start(); EmbeddedKafka ref = EmbeddedKafka.inTempDir().start()) {
            ClientSettings liveClient = new ClientSettings(live.bootstrapServers(), Map.of());
            ClientSettings refClient = new ClientSettings(ref.bootstrapServers(), Map.of());
            TopicProvisioner.ensureTopics(liveClient.clientConfig(), PARTITIONS, (short) 1);
            TopicProvisioner.ensureTopics(refClient.clientConfig(), PARTITIONS, (short) 1);
            List<String> runIds = ClusterProbe.spreadRunIds("failover", SEEDS.length, PARTITIONS);

            Map<String, String> victimSettings = new TreeMap<>(INSTANCE_SETTINGS);
            victimSettings.put("client.id", "victim");
            Map<String, String> survivorSettings = new TreeMap<>(INSTANCE_SETTINGS);
            survivorSettings.put("client.id", "survivor");
            List<String> args = List.of("--partitions", Integer.toString(PARTITIONS));
            try (ProcessorJvm reference = ProcessorJvm.start("reference", ref.bootstrapServers(), REFERENCE_APP, work, INSTANCE_SETTINGS, args);
                 ProcessorJvm victim = ProcessorJvm.start("victim", live.bootstrapServers(), APP, work, victimSettings, args);
                 ProcessorJvm survivor = ProcessorJvm.start("survivor", live.bootstrapServers(), APP, work, survivorSettings, args);
                 ClusterProbe liveProbe = new ClusterProbe(liveClient.clientConfig());
                 ClusterProbe refProbe = new ClusterProbe(refClient.clientConfig())) {
                refProbe.awaitAssigned(REFERENCE_APP, Topics.FRAMES, 1, Duration.ofSeconds(90));
                Map<String, Set<Integer>> assigned = liveProbe.awaitAssigned(APP, Topics.FRAMES, 2, Duration.ofSeconds(90));
                Set<Integer> victimPartitions = assigned.entrySet().stream().filter(e -> e.getKey().startsWith("victim-"))
                        .findFirst().orElseThrow(() -> new AssertionError("no victim member in " + assigned)).getValue();
                List<String> moved = runIds.stream().filter(id -> victimPartitions.contains(ClusterProbe.partitionOf(id, PARTITIONS))).toList();
                out.printf("failover: runs %s on partitions of %s; victim owns %s: runs %s will move%n", runIds, Topics.FRAMES,
                        victimPartitions, moved);
                assertThat(moved).as("the victim owns some runs").isNotEmpty().hasSizeLessThan(runIds.size());

                // publish the same records to both clusters while the processors run
                AtomicLong masterElapsed = new AtomicLong();
                CompletableFuture<InterleavedRuns.Result> published = CompletableFuture.supplyAsync(() -> {
                    try (TeeSink sink = new TeeSink(new Publisher(liveClient.clientConfig()), new Publisher(refClient.clientConfig()))) {
                        return InterleavedRuns.publish(sources(runIds), sink, SPEED, null, masterElapsed::set, new AtomicBoolean());
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });

                // kill the victim mid-run, once it has committed results of each of its runs (under exactly-once a
                // committed input offset means the results of the records before it are committed)
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (!(masterElapsed.get() > RUN.toNanos() * 2 / 5 && victimPartitions.stream()
                        .allMatch(p -> liveProbe.committed(APP, new TopicPartition(Topics.FRAMES, p)) >= 10))) {
                    assertThat(System.nanoTime()).as("victim committed results before the deadline:\n" + victim.tail(20)).isLessThan(deadline);
                    assertThat(victim.isAlive()).as("victim alive:\n" + victim.tail(30)).isTrue();
                    Thread.sleep(100);
                }
                Map<Integer, Long> committedAtKill = new TreeMap<>();
                victimPartitions.forEach(p -> committedAtKill.put(p, liveProbe.committed(APP, new TopicPartition(Topics.FRAMES, p))));
                victim.kill();
                out.printf("failover: victim killed (SIGKILL) at master time %.1f s of %d s published (%s); frames committed per "
                        + "partition %s%n", masterElapsed.get() / 1e9, RUN.toSeconds(), published.isDone() ? "publishing had ended"
                        : "publishing goes on", committedAtKill);

                InterleavedRuns.Result input = published.get(180, TimeUnit.SECONDS);
                out.printf("failover: published %d records per cluster in %.1f s%n", input.records(), input.seconds());
                ResultWatcher.Outcome liveDone = awaitRuns(liveClient, APP, input);
                ResultWatcher.Outcome refDone = awaitRuns(refClient, REFERENCE_APP, input);
                out.printf("failover: survivor done %s; reference done %s%n", liveDone, refDone);
                assertThat(survivor.isAlive()).as("survivor alive:\n" + survivor.tail(30)).isTrue();
                assertThat(reference.isAlive()).as("reference alive:\n" + reference.tail(30)).isTrue();
                assertThat(refDone.complete()).as("the uninterrupted reference completed every run:\n" + reference.tail(30)).isTrue();
            }

            Map<String, String> labels = new LinkedHashMap<>();
            runIds.forEach(id -> labels.put(id, id));
            var expected = RunResults.read(refClient.clientConfig(), labels);
            var actual = RunResults.read(liveClient.clientConfig(), labels);
            assertThat(RunResults.count(expected, CorrelatedSample.class)).as("reference aligned windows").isGreaterThan(runIds.size() * 50L);
            ResultDiff diff = ResultDiff.of(expected, actual);
            String summary = String.format("dead letters by stage: reference %s, failover %s%n", RunResults.deadLettersByStage(expected),
                    RunResults.deadLettersByStage(actual)) + diff.summary("reference", "failover");
            Files.writeString(work.resolve("diff.txt"), summary + System.lineSeparator());
            out.println(summary);
            assertThat(diff.identical()).as("results after failover equal the uninterrupted reference; "
                    + "logs in " + work + "\n" + summary).isTrue();
        }
    }

    /** Four runs of the default world, smaller EM frames (256²) so that three instances keep up on two busy cores. */
    static List<InterleavedRuns.Run> sources(List<String> runIds) {
        List<InterleavedRuns.Run> runs = new ArrayList<>();
        for (int i = 0; i < runIds.size(); i++) {
            SimulationSettings s = Profile.byName("default").settings().withSeed(SEEDS[i]).withDurationNs(RUN.toNanos()).withEmFrameSize(256);
            runs.add(new InterleavedRuns.Run(runIds.get(i), new SimulatorSource(Simulation.create(s, 0), runIds.get(i))));
        }
        return runs;
    }

    private static ResultWatcher.Outcome awaitRuns(ClientSettings client, String app, InterleavedRuns.Result input) {
        try (ResultWatcher watcher = new ResultWatcher(client.clientConfig(), ResultWatcher.From.BEGINNING);
             LagMonitor lag = new LagMonitor(client.clientConfig(), app, Pipeline.LAGGED)) {
            return watcher.awaitRuns(input.stopMasterNs(), () -> lag.lag() == 0, Duration.ofSeconds(20), Duration.ofSeconds(150));
        }
    }

    static void deleteRecursively(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Hands every record to two sinks in the same order, so both clusters hold the same bytes at the same offsets. */
    static final class TeeSink implements AcquisitionSink {
        private final AcquisitionSink first;
        private final AcquisitionSink second;

        TeeSink(AcquisitionSink first, AcquisitionSink second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void publish(Acquired item) {
            first.publish(item);
            second.publish(item);
        }

        @Override
        public void flush() {
            first.flush();
            second.flush();
        }

        @Override
        public StreamStats stats() {
            return first.stats();
        }

        @Override
        public void close() {
            first.close();
            second.close();
        }
    }
}
