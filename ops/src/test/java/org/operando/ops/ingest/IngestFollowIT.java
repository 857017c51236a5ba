package org.operando.ops.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.operando.ops.Main;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.ops.pipeline.StreamsRunner;
import org.operando.schema.DriftEstimate;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;
import org.operando.simulator.FrameEvent;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.OperandoTopology;

/**
 * {@code operando ingest --follow} while "acquisition software" (mrcfile, one MRC file per frame, every 0.5 s) writes
 * into the folder: every frame's drift estimate is on its topic within 2 s of its file being closed.
 */
class IngestFollowIT {
    private static final int FRAMES = 16;
    private static final int SIZE = 256;
    private static final String WRITER = """
            import sys, time, numpy as np, mrcfile
            raw, n, size, nm, folder = sys.argv[1:6]
            n, size = int(n), int(size)
            data = np.fromfile(raw, dtype='<u2').reshape(n, size, size)
            for k in range(n):
                with mrcfile.new('%s/frame_%04d.mrc' % (folder, k), overwrite=True) as m:
                    m.set_data(data[k:k + 1])
                    m.voxel_size = float(nm) * 10.0
                print(k, int(time.time() * 1000), flush=True)
                time.sleep(0.5)
            """;

    @TempDir
    Path tmp;

    @Test
    @Timeout(240)
    void shouldPublishEachFrameAsItsFileIsWrittenAndEstimateItsDriftWithinTwoSeconds() throws Exception {
        IngestFixtures.Simulated sim = IngestFixtures.simulate(Duration.ofSeconds(4));
        List<FrameEvent> frames = sim.em().subList(0, FRAMES);
        Path raw = IngestFixtures.raw(tmp.resolve("em.raw"), frames, SIZE);
        Path folder = Files.createDirectory(tmp.resolve("em"));
        Path manifest = Files.writeString(tmp.resolve("live.yaml"), """
                runId: live
                instruments:
                  - {id: em-1, modality: EM, path: em, timing: {framePeriodS: 0.5, exposureS: 0.2}}
                """);
        try (EmbeddedKafka kafka = EmbeddedKafka.inTempDir().start()) {
            Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            TopicProvisioner.ensureTopics(client, 2, (short) 1);
            try (StreamsRunner streams = new StreamsRunner(OperandoTopology.buildTopology(new OperandoStreamsConfig(Map.of())),
                    new ClientSettings(kafka.bootstrapServers(), Map.of()), "follow-it", Files.createDirectory(tmp.resolve("state")), Map.of())
                    .start()) {
                await().atMost(Duration.ofSeconds(60)).until(streams::isRunning);
                warmUp(kafka.bootstrapServers(), client, raw, frames.get(0).pixelSizeNm());
                Map<Long, Long> arrivedMs = new ConcurrentHashMap<>();
                Map<Long, Long> publishedMs = new ConcurrentHashMap<>();
                CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> watchDrift(client, arrivedMs, publishedMs));
                // the scientist starts ingest, and acquisition once it says it is waiting for the first file
                java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
                java.io.PrintStream stdout = System.out;
                System.setOut(new java.io.PrintStream(stdout, true) {
                    @Override
                    public void println(String line) {
                        super.println(line);
                        if (line != null && line.startsWith("ingest: waiting for the first data")) {
                            waiting.countDown();
                        }
                    }
                });
                CompletableFuture<Integer> ingest;
                try {
                    ingest = CompletableFuture.supplyAsync(() -> Main.run("--bootstrap-servers", kafka.bootstrapServers(),
                            "ingest", manifest.toString(), "--follow", "--idle-stop", "4s", "--poll", "100ms", "--progress", "1s"));
                    assertThat(waiting.await(60, TimeUnit.SECONDS)).as("ingest waits for the first file").isTrue();
                } finally {
                    System.setOut(stdout);
                }

                Map<Long, Long> writtenMs = new ConcurrentHashMap<>();
                Process writer = new ProcessBuilder(IngestFixtures.PYTHON, "-c", WRITER, raw.toString(), Integer.toString(FRAMES),
                        Integer.toString(SIZE), Double.toString(frames.get(0).pixelSizeNm()), folder.toString()).redirectErrorStream(true).start();
                List<String> output = new ArrayList<>();
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        output.add(line);
                        String[] parts = line.trim().split(" ");
                        if (parts.length == 2 && parts[0].matches("\\d+")) {
                            writtenMs.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                        }
                    }
                }
                assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(writer.exitValue()).as("python3 with mrcfile: %s", output).isZero();
                assertThat(ingest.get(60, TimeUnit.SECONDS)).as("ingest exit code after the idle stop").isZero();
                await().atMost(Duration.ofSeconds(30)).until(() -> arrivedMs.size() >= FRAMES);
                watcher.cancel(true);

                List<Long> latencies = new ArrayList<>();
                List<String> parts = new ArrayList<>();
                for (long k = 0; k < FRAMES; k++) {
                    assertThat(arrivedMs).as("drift estimate of frame " + k).containsKey(k);
                    latencies.add(arrivedMs.get(k) - writtenMs.get(k));
                    parts.add((publishedMs.get(k) - writtenMs.get(k)) + "+" + (arrivedMs.get(k) - publishedMs.get(k)));
                }
                System.out.println("IngestFollowIT: per frame, ms from file closed to frame published + from published to estimate: " + parts);
                List<Long> sorted = latencies.stream().sorted().toList();
                System.out.printf(Locale.ROOT, "IngestFollowIT: file written -> drift estimate: median %d ms, max %d ms over %d frames %s%n",
                        sorted.get(FRAMES / 2), sorted.get(FRAMES - 1), FRAMES, latencies);
                assertThat(sorted.get(FRAMES - 1)).as("worst latency, ms").isLessThan(2000);
            }
        }
    }

    /**
     * A finished run of a few frames of the same size through the same processors first, so that what is measured is
     * a running processor's latency, not the JIT compiling the image stages for the first frame of its first run
     * (about 2 s more for the first frames on a loaded 2-core machine).
     */
    private void warmUp(String bootstrap, Map<String, Object> client, Path raw, double pixelNm) throws Exception {
        IngestFixtures.python("""
                import sys, numpy as np, mrcfile
                raw, size, nm, out = sys.argv[1:5]
                data = np.fromfile(raw, dtype='<u2').reshape(-1, int(size), int(size))[:6]
                with mrcfile.new(out, overwrite=True) as m:
                    m.set_data(data)
                    m.voxel_size = float(nm) * 10.0
                """, raw, SIZE, pixelNm, tmp.resolve("warm.mrc"));
        Path manifest = Files.writeString(tmp.resolve("warm.yaml"), "instruments:\n  - {id: em-1, modality: EM, path: warm.mrc, timing: {framePeriodS: 0.5}}\n");
        assertThat(Main.run("--bootstrap-servers", bootstrap, "ingest", manifest.toString())).isZero();
        await().atMost(Duration.ofSeconds(120)).until(() -> org.operando.ops.scoring.RunRecords.read(client, "warm", List.of(Topics.DRIFT))
                .get(Topics.DRIFT).size() >= 6);
    }

    /**
     * Records the wall time at which each drift estimate of run "live" becomes readable (committed), and its record
     * timestamp, which Kafka Streams carries over from the frame it was made from: when the frame was published.
     */
    private static void watchDrift(Map<String, Object> client, Map<Long, Long> arrivedMs, Map<Long, Long> publishedMs) {
        Map<String, Object> config = new java.util.HashMap<>(client);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DRIFT, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(Topics.DRIFT, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!Thread.currentThread().isInterrupted() && arrivedMs.size() < FRAMES) {
                for (var r : consumer.poll(Duration.ofMillis(50))) {
                    if ("live".equals(r.key())) {
                        DriftEstimate d = SchemaRegistry.get().decode(r.value(), DriftEstimate.class);
                        arrivedMs.putIfAbsent(d.getSequence(), System.currentTimeMillis());
                        publishedMs.putIfAbsent(d.getSequence(), r.timestamp()); // the frame's timestamp, carried to its result
                    }
                }
            }
        }
    }
}
