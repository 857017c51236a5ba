package org.operando.ops.recording.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.tools.ProducerPerformance;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.recording.RecordedRecord;
import org.operando.ops.recording.RecordingIndex;
import org.operando.ops.recording.RunArchive;
import org.operando.ops.recording.RunReplayer;
import org.operando.schema.Compression;
import org.operando.producers.Acquired;
import org.operando.producers.Publisher;
import org.operando.producers.journal.JournalSettings;
import org.operando.producers.journal.JournaledPublisher;
import org.operando.schema.Frame;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schemas.FramePixels;
import org.operando.schemas.RecordHeaders;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;

/**
 * Replay throughput at max speed against Kafka's own ProducerPerformance, same embedded broker, same record size,
 * same producer settings (acks=all, idempotent, linger 5 ms, 256 KiB batches), one partition each.
 * Args: [records (default 20000)] [frame side in pixels (default 64: ~8.3 kB records)].
 */
public final class ReplayThroughputBench {
    private ReplayThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int side = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Path work = Files.createTempDirectory("operando-replay-bench-");
        PrintStream out = System.out;
        try (EmbeddedKafka kafka = EmbeddedKafka.inTempDir().start()) {
            Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                admin.createTopics(List.of(new NewTopic(Topics.FRAMES, 1, (short) 1).configs(Topics.config(Topics.FRAMES)),
                        new NewTopic("bench.perf", 1, (short) 1).configs(Topics.config(Topics.FRAMES)))).all().get();
            }
            int recordSize = writeRecording(work.resolve("rec"), records, side);
            out.printf("recording: %d frames of %d x %d u16, %d bytes per record value%n", records, side, side, recordSize);

            RunReplayer replayer = new RunReplayer(client, out, System::nanoTime);
            RunReplayer.Options progress = new RunReplayer.Options(0, "warmup", Duration.ofSeconds(5));
            replayer.replay(work.resolve("rec"), progress, new AtomicBoolean());

            String[] perf = {"--topic", "bench.perf", "--num-records", Integer.toString(records),
                    "--record-size", Integer.toString(recordSize), "--throughput", "-1", "--producer-props",
                    "bootstrap.servers=" + kafka.bootstrapServers(), "acks=all", "enable.idempotence=true", "linger.ms=5",
                    "batch.size=262144", "buffer.memory=268435456", "max.request.size=" + Topics.MAX_RECORD_BYTES};
            out.println("--- ProducerPerformance (kafka-tools), run 1 ---");
            ProducerPerformance.main(perf);
            out.println("--- replay --speed max (bytes as recorded) ---");
            report(out, replayer.replay(work.resolve("rec"), new RunReplayer.Options(0, null, Duration.ofSeconds(5)), new AtomicBoolean()));
            out.println("--- replay --speed max --as-run X (decode, set runId, encode) ---");
            report(out, replayer.replay(work.resolve("rec"), new RunReplayer.Options(0, "X", Duration.ofSeconds(5)), new AtomicBoolean()));
            out.println("--- ProducerPerformance (kafka-tools), run 2 ---");
            ProducerPerformance.main(perf);
            Acquired frame = frame(side);
            out.println("--- Publisher (direct, encodes each record) ---");
            long t0 = System.nanoTime();
            try (Publisher publisher = new Publisher(client)) {
                for (int i = 0; i < records; i++) {
                    publisher.publish(frame);
                }
                publisher.flush();
            }
            rate(out, "Publisher", records, recordSize, System.nanoTime() - t0);
            out.println("--- JournaledPublisher (journal append, forwarder batches of 5000 acknowledged by flush) ---");
            t0 = System.nanoTime();
            try (JournaledPublisher publisher = JournaledPublisher.open(JournalSettings.defaults(work.resolve("journal")), client,
                    Duration.ofSeconds(120))) {
                for (int i = 0; i < records; i++) {
                    publisher.publish(frame);
                }
                long appended = System.nanoTime() - t0;
                publisher.flush();
                rate(out, "JournaledPublisher append only", records, recordSize, appended);
            }
            rate(out, "JournaledPublisher until acknowledged", records, recordSize, System.nanoTime() - t0);
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void rate(PrintStream out, String what, int records, int size, long nanos) {
        double s = nanos / 1e9;
        out.printf("RESULT %s: %d records in %.2f s = %.0f records/s, %.1f MB/s%n", what, records, s, records / s,
                (double) records * size / 1e6 / s);
    }

    private static Acquired frame(int side) {
        short[] pixels = new short[side * side];
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (short) random.nextInt(4096);
        }
        Frame f = Frame.newBuilder().setRunId("bench-pub").setInstrumentId("em-1").setSequence(0).setInstrumentTimeNs(0)
                .setExposureNs(1_000L).setWidth(side).setHeight(side).setPixelType(PixelType.U16).setPixelSizeNm(2)
                .setStageXNm(0).setStageYNm(0).setCompression(Compression.NONE)
                .setPixels(FramePixels.packU16(pixels, Compression.NONE)).build();
        return Acquired.of(Topics.FRAMES, "bench-pub", "em-1", Modality.EM, f, 0);
    }

    private static void report(PrintStream out, RunReplayer.Result r) {
        out.printf("RESULT %s: %d records in %.2f s = %.0f records/s, %.1f MB/s%n", r.runId(), r.records(), r.seconds(),
                r.records() / r.seconds(), r.bytes() / 1e6 / r.seconds());
    }

    private static int writeRecording(Path dir, int records, int side) {
        int size = 0;
        try (RunArchive archive = RunArchive.create(dir)) {
            short[] pixels = new short[side * side];
            java.util.SplittableRandom random = new java.util.SplittableRandom(7);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (short) random.nextInt(4096);
            }
            byte[] packed = FramePixels.packU16(pixels, Compression.NONE).array();
            var instrument = new org.apache.kafka.common.header.internals.RecordHeaders();
            RecordHeaders.setInstrument(instrument, "em-1");
            var header = new RecordedRecord.Header(RecordHeaders.INSTRUMENT, instrument.lastHeader(RecordHeaders.INSTRUMENT).value());
            for (int i = 0; i < records; i++) {
                Frame f = Frame.newBuilder().setRunId("bench").setInstrumentId("em-1").setSequence(i).setInstrumentTimeNs(i * 1_000_000L)
                        .setExposureNs(1_000L).setWidth(side).setHeight(side).setPixelType(PixelType.U16).setPixelSizeNm(2)
                        .setStageXNm(0).setStageYNm(0).setCompression(Compression.NONE).setPixels(java.nio.ByteBuffer.wrap(packed)).build();
                byte[] value = SchemaRegistry.get().encode(f);
                size = value.length;
                archive.append(new RecordedRecord(Topics.FRAMES, 0, i, 1_000L + i, "bench", value, List.of(header)));
            }
        }
        new RecordingIndex("bench", List.of("em-1"), Map.of(Topics.FRAMES, (long) records), (long) records * size, 1_000L,
                1_000L + records, null, null, false).write(dir);
        return size;
    }
}
