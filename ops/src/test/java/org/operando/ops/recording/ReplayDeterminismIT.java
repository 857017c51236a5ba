package org.operando.ops.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.ops.pipeline.LagMonitor;
import org.operando.ops.pipeline.Pipeline;
import org.operando.ops.pipeline.StreamsRunner;
import org.operando.ops.scoring.RunRecords;
import org.operando.producers.Acquired;
import org.operando.producers.Publisher;
import org.operando.producers.sim.SimulatorSource;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;
import org.operando.simulator.Profile;
import org.operando.simulator.Simulation;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.OperandoTopology;
import org.operando.streams.ingest.IngestTopology;

/**
 * A recorded run replayed twice at max speed through running processors gives byte-identical result records: every
 * instrument's clock models, aligned windows, drift estimates, registrations and correlation results.
 */
class ReplayDeterminismIT {
    private static final List<String> RESULTS = List.of(Topics.CLOCK_MODELS, Topics.CORRELATED, Topics.DRIFT, Topics.REGISTRATIONS,
            Topics.CORRELATION_RESULTS);

    @TempDir
    Path tmp;

    @Test
    @Timeout(300)
    void shouldGiveByteIdenticalResultsForTwoReplaysOfOneRecording() throws Exception {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true);
        try (EmbeddedKafka kafka = EmbeddedKafka.inTempDir().start()) {
            ClientSettings client = new ClientSettings(kafka.bootstrapServers(), Map.of());
            TopicProvisioner.ensureTopics(client.clientConfig(), 2, (short) 1);

            // a short simulated run, recorded while it is published (the recorder stops by itself at the run's end)
            Path recording = tmp.resolve("recording");
            java.util.concurrent.CompletableFuture<RecordingIndex> recorded = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new RunRecorder(client.clientConfig(), out, System::nanoTime).record(new RunRecorder.Options("orig",
                            RunRecorder.topics(false), RunRecorder.StopWhen.RUN_END, null, Duration.ofSeconds(5)), recording,
                            new AtomicBoolean());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            SimulatorSource source = new SimulatorSource(Simulation.create(
                    Profile.byName("default").settings().withDurationNs(Duration.ofSeconds(8).toNanos())), "orig");
            long perRun;
            long published;
            try (Publisher publisher = new Publisher(client.clientConfig())) {
                source.preamble().forEach(publisher::publish);
                for (Optional<Acquired> a = source.next(); a.isPresent(); a = source.next()) {
                    publisher.publish(a.get());
                }
                publisher.flush();
                source.epilogue(publisher.stats().records(Pipeline.CONSUMED)).forEach(publisher::publish);
                publisher.flush();
                perRun = publisher.stats().records(Pipeline.CONSUMED).values().stream().mapToLong(Long::longValue).sum();
                published = publisher.stats().topicRecords().values().stream().mapToLong(Long::longValue).sum();
            }
            assertThat(recorded.get(60, java.util.concurrent.TimeUnit.SECONDS).records())
                    .as("the recording ended by itself with the run, holding every record published").isEqualTo(published);

            // the replays are published at max speed while the processors run, as an operator would replay a run
            try (StreamsRunner streams = new StreamsRunner(OperandoTopology.buildTopology(OperandoStreamsConfig.defaults()), client,
                    "operando-determinism-it", tmp.resolve("state"), Map.of());
                 LagMonitor lag = new LagMonitor(client.clientConfig(), "operando-determinism-it", Pipeline.LAGGED)) {
                streams.start();
                RunReplayer replayer = new RunReplayer(client.clientConfig(), out, System::nanoTime);
                replayer.replay(recording, new RunReplayer.Options(0, "A", Duration.ofSeconds(5)), new AtomicBoolean());
                replayer.replay(recording, new RunReplayer.Options(0, "B", Duration.ofSeconds(5)), new AtomicBoolean());
                long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
                while ((processed(streams) < 3 * perRun || lag.lag() != 0) && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                assertThat(processed(streams)).as("original and both replays processed").isEqualTo(3 * perRun);
            }
            Map<String, List<SpecificRecord>> a = RunRecords.read(client.clientConfig(), "A", RESULTS);
            Map<String, List<SpecificRecord>> b = RunRecords.read(client.clientConfig(), "B", RESULTS);
            assertThat(a.get(Topics.CORRELATED)).as("aligned samples").hasSizeGreaterThan(20);
            assertThat(a.get(Topics.DRIFT)).as("drift estimates").hasSizeGreaterThan(50);
            assertThat(a.get(Topics.CLOCK_MODELS)).as("clock models").hasSizeGreaterThan(50);
            assertSameResults("replays A and B", a, b);
            assertSameResults("original and replay A", RunRecords.read(client.clientConfig(), "orig", RESULTS), a);
        }
    }

    /**
     * Each instrument's result records, in their order, are byte-identical (run id aside). Records of different
     * instruments share a partition in whatever order the processors emitted them, which no consumer relies on.
     */
    private static void assertSameResults(String what, Map<String, List<SpecificRecord>> x, Map<String, List<SpecificRecord>> y) {
        for (String topic : RESULTS) {
            Map<String, List<String>> rx = normalized(x.get(topic));
            Map<String, List<String>> ry = normalized(y.get(topic));
            assertThat(ry.keySet()).as("%s: %s instruments", what, topic).isEqualTo(rx.keySet());
            rx.forEach((instrument, records) -> {
                List<String> other = ry.get(instrument);
                for (int i = 0; i < Math.min(records.size(), other.size()); i++) {
                    assertThat(other.get(i)).as("%s: %s of %s, record %d of %d", what, topic, instrument, i, records.size())
                            .isEqualTo(records.get(i));
                }
                assertThat(other).as("%s: %s of %s", what, topic, instrument).hasSameSizeAs(records);
            });
        }
    }

    private static long processed(StreamsRunner streams) {
        return streams.counts(IngestTopology.PROCESSED_STORE).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Each instrument's records as bytes with the run id set to one value, as hex for readable failure messages. */
    private static Map<String, List<String>> normalized(List<SpecificRecord> records) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (SpecificRecord r : records) {
            r.put(r.getSchema().getField("runId").pos(), "run");
            out.computeIfAbsent(String.valueOf(r.get(r.getSchema().getField("instrumentId").pos())), k -> new java.util.ArrayList<>())
                    .add(HexFormat.of().formatHex(SchemaRegistry.get().encode(r)));
        }
        return out;
    }
}
