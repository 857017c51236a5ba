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

/** A recorded run replayed twice at max speed and processed by the same processors gives byte-identical result records. */
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

            // a short simulated run, published before any processor runs
            SimulatorSource source = new SimulatorSource(Simulation.create(
                    Profile.byName("default").settings().withDurationNs(Duration.ofSeconds(8).toNanos())), "orig");
            long perRun;
            try (Publisher publisher = new Publisher(client.clientConfig())) {
                source.preamble().forEach(publisher::publish);
                for (Optional<Acquired> a = source.next(); a.isPresent(); a = source.next()) {
                    publisher.publish(a.get());
                }
                publisher.flush();
                source.epilogue(publisher.stats().records(Pipeline.CONSUMED)).forEach(publisher::publish);
                publisher.flush();
                perRun = publisher.stats().records(Pipeline.CONSUMED).values().stream().mapToLong(Long::longValue).sum();
            }
            Path recording = tmp.resolve("recording");
            new RunRecorder(client.clientConfig(), out, System::nanoTime).record(new RunRecorder.Options("orig",
                    RunRecorder.topics(false), RunRecorder.StopWhen.END_OF_TOPICS, null, Duration.ofSeconds(5)), recording, new AtomicBoolean());

            // both replays are published before the processors start: while processors run concurrently with a
            // max-speed publisher, a run's RunStop can still overtake its last records (known gap, see decision 004)
            RunReplayer replayer = new RunReplayer(client.clientConfig(), out, System::nanoTime);
            replayer.replay(recording, new RunReplayer.Options(0, "A", Duration.ofSeconds(5)), new AtomicBoolean());
            replayer.replay(recording, new RunReplayer.Options(0, "B", Duration.ofSeconds(5)), new AtomicBoolean());

            List<String> inputs = new java.util.ArrayList<>(Pipeline.CONSUMED);
            inputs.add(Topics.RUNS); // RunStop closes a run's last windows
            try (StreamsRunner streams = new StreamsRunner(OperandoTopology.buildTopology(OperandoStreamsConfig.defaults()), client,
                    "operando-determinism-it", tmp.resolve("state"), Map.of());
                 LagMonitor lag = new LagMonitor(client.clientConfig(), "operando-determinism-it", inputs)) {
                streams.start();
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
            for (String topic : RESULTS) {
                List<String> ra = normalized(a.get(topic));
                List<String> rb = normalized(b.get(topic));
                for (int i = 0; i < Math.min(ra.size(), rb.size()); i++) {
                    assertThat(rb.get(i)).as("%s record %d of %d: %s", topic, i, ra.size(), b.get(topic).get(i)).isEqualTo(ra.get(i));
                }
                assertThat(rb).as(topic).hasSameSizeAs(ra);
            }
        }
    }

    private static long processed(StreamsRunner streams) {
        return streams.counts(IngestTopology.PROCESSED_STORE).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Each record's bytes with the run id set to one value, as hex for readable failure messages. */
    private static List<String> normalized(List<SpecificRecord> records) {
        return records.stream().map(r -> {
            r.put(r.getSchema().getField("runId").pos(), "run");
            return HexFormat.of().formatHex(SchemaRegistry.get().encode(r));
        }).toList();
    }
}
