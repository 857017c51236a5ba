package org.operando.ops.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.operando.ops.Main;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.producers.Publisher;
import org.operando.schema.Frame;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;

/** Record a run, replay it twice under new ids at max speed: the replays carry the same bytes apart from the run id. */
class RecordReplayIT {
    @TempDir
    Path tmp;

    @Test
    @Timeout(240)
    void shouldReplayRecordedRunTwiceAsNewRunsIdenticalApartFromRunId() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.inTempDir().start()) {
            String bootstrap = kafka.bootstrapServers();
            Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            TopicProvisioner.ensureTopics(client, 2, (short) 1);
            try (Publisher publisher = new Publisher(client)) {
                for (int i = 0; i < 50; i++) {
                    publisher.publish(RunFixtures.frame("orig", "em-1", i, 32));
                    publisher.publish(RunFixtures.mark("orig", 2L * i));
                    publisher.publish(RunFixtures.mark("orig", 2L * i + 1));
                    publisher.publish(RunFixtures.mark("other-run", i));
                }
                publisher.publish(RunFixtures.frame("orig", "em-1", 50, 32).withEncodedBytes(new byte[] {1, 2, 3}));
                publisher.flush();
            }
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(log, true);
            RunRecorder recorder = new RunRecorder(client, out, System::nanoTime);
            RecordingIndex index = recorder.record(options("orig"), tmp.resolve("orig"), new AtomicBoolean());
            assertThat(index.recordsPerTopic()).isEqualTo(Map.of(Topics.FRAMES, 51L, Topics.TRIGGERS, 100L));
            assertThat(index.instruments()).containsExactly("em-1", "timing");
            assertThat(index.firstTimestampMs()).isPositive().isLessThanOrEqualTo(index.lastTimestampMs());
            assertThat(RecordingIndex.read(tmp.resolve("orig"))).isEqualTo(index);

            RunReplayer replayer = new RunReplayer(client, out, System::nanoTime);
            RunReplayer.Result a = replayer.replay(tmp.resolve("orig"), new RunReplayer.Options(0, "A", Duration.ofSeconds(1)),
                    new AtomicBoolean());
            assertThat(a.records()).isEqualTo(151);
            assertThat(a.notRewritten()).as("the corrupt frame is replayed as it was").isEqualTo(1);
            // the second replay and its recording go through the command line
            assertThat(Main.run("--bootstrap-servers", bootstrap, "replay", tmp.resolve("orig").toString(), "--speed", "max",
                    "--as-run", "B")).isZero();
            assertThat(Main.run("--bootstrap-servers", bootstrap, "record", "--run", "B", "--out", tmp.resolve("B").toString(),
                    "--to-end")).isZero();
            recorder.record(options("A"), tmp.resolve("A"), new AtomicBoolean());

            Map<String, List<String>> original = normalized(tmp.resolve("orig"), "orig");
            assertThat(original.get(Topics.FRAMES)).hasSize(51);
            assertThat(normalized(tmp.resolve("A"), "A")).isEqualTo(original);
            assertThat(normalized(tmp.resolve("B"), "B")).isEqualTo(original);
            assertThat(runIdOfFirstFrame(tmp.resolve("A"))).isEqualTo("A");
            assertThat(log.toString()).contains("recorded run orig: 151 records").contains("replayed run A: 151 records");
        }
    }

    private static RunRecorder.Options options(String runId) {
        return new RunRecorder.Options(runId, RunRecorder.topics(false), RunRecorder.StopWhen.END_OF_TOPICS, null,
                Duration.ofSeconds(1));
    }

    /**
     * Per topic, in order: key, headers and value as hex, with the run id replaced by a fixed one (keys checked to be
     * the expected run id first).
     */
    private static Map<String, List<String>> normalized(Path dir, String expectedRunId) {
        RunIdRewriter norm = new RunIdRewriter("NORMALIZED");
        Map<String, List<String>> out = new TreeMap<>();
        try (RunArchive archive = RunArchive.open(dir); RunArchive.Reader reader = archive.reader()) {
            for (RecordedRecord r = reader.next(); r != null; r = reader.next()) {
                assertThat(r.key()).isEqualTo(expectedRunId);
                StringBuilder line = new StringBuilder();
                // the run's partition number (a frame header) depends on the run id, as the key does; the rest must not change
                r.headers().stream().filter(h -> !h.key().equals(org.operando.schemas.RunPartitioning.RUN_PARTITION))
                        .sorted(java.util.Comparator.comparing(RecordedRecord.Header::key))
                        .forEach(h -> line.append(h.key()).append('=').append(HexFormat.of().formatHex(h.value())).append(';'));
                line.append(HexFormat.of().formatHex(norm.rewrite(r.value())));
                out.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(line.toString());
            }
        }
        return out;
    }

    private static String runIdOfFirstFrame(Path dir) {
        try (RunArchive archive = RunArchive.open(dir); RunArchive.Reader reader = archive.reader()) {
            for (RecordedRecord r = reader.next(); r != null; r = reader.next()) {
                if (r.topic().equals(Topics.FRAMES)) {
                    return SchemaRegistry.get().decode(r.value(), Frame.class).getRunId();
                }
            }
        }
        return null;
    }
}
