package org.operando.ops.recording;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.operando.schema.RunStop;
import org.operando.schemas.RecordHeaders;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;
import org.operando.streams.run.RunCompletion;

/**
 * Captures one run from Kafka into a {@link RunArchive}: reads the chosen topics from the beginning (no consumer
 * group, so recording never disturbs the processors), keeps the records whose key is the run id, and writes
 * {@code index.json} at the end.
 */
public final class RunRecorder {
    /** When recording stops (besides the stop flag, which always works). */
    public enum StopWhen {
        /** after {@code duration} of wall time */
        DURATION,
        /** only when the stop flag is set (Ctrl-C) */
        UNTIL_STOP,
        /**
         * when the run's RunStop and every acquisition record it announces have been recorded, and everything published
         * before it: a live run recorded to its end
         */
        RUN_END,
        /** when every partition is read up to its end offset at the start: a finished run, recorded offline */
        END_OF_TOPICS
    }

    /**
     * @param topics   topics to capture; {@link #topics(boolean)} gives the usual choice
     * @param duration wall time to record for {@link StopWhen#DURATION}
     * @param progress interval between progress lines
     */
    public record Options(String runId, List<String> topics, StopWhen stopWhen, Duration duration, Duration progress) {
        public Options {
            if (runId == null || runId.isBlank()) {
                throw new IllegalArgumentException("Recording needs a run id");
            }
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("Recording needs at least one topic");
            }
            if (stopWhen == StopWhen.DURATION && (duration == null || duration.isZero() || duration.isNegative())) {
                throw new IllegalArgumentException("Recording for a duration needs a positive duration. Got: " + duration);
            }
            topics = List.copyOf(topics);
        }
    }

    private final Map<String, Object> clientConfig;
    private final PrintStream out;
    private final LongSupplier nanoClock;

    public RunRecorder(Map<String, Object> clientConfig, PrintStream out, LongSupplier nanoClock) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.out = out;
        this.nanoClock = nanoClock;
    }

    /** The input topics, and the result topics too when {@code includeResults}. */
    public static List<String> topics(boolean includeResults) {
        List<String> topics = new ArrayList<>(Topics.INPUTS);
        if (includeResults) {
            topics.addAll(Topics.RESULTS);
        }
        return topics;
    }

    /** Records until the stop condition; returns the index it wrote to {@code outDir}. */
    public RecordingIndex record(Options options, Path outDir, AtomicBoolean stop) throws java.io.IOException {
        Files.createDirectories(outDir);
        IndexBuilder index = new IndexBuilder(options.runId(), options.topics().stream().anyMatch(Topics.RESULTS::contains));
        long startNs = nanoClock.getAsLong();
        long endNs = options.stopWhen() == StopWhen.DURATION ? startNs + options.duration().toNanos() : Long.MAX_VALUE;
        try (RunArchive archive = RunArchive.create(outDir); KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            options.topics().forEach(t -> consumer.partitionsFor(t, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(t, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long totalToRead = ends.values().stream().mapToLong(Long::longValue).sum();
            Progress progress = new Progress(out, nanoClock, options.progress().toNanos());
            long scanned = 0;
            RunEnd runEnd = new RunEnd();
            while (!stop.get() && nanoClock.getAsLong() < endNs) {
                if (options.stopWhen() == StopWhen.END_OF_TOPICS && caughtUp(consumer, ends)) {
                    break;
                }
                if (options.stopWhen() == StopWhen.RUN_END && runEnd.announcedAllRecorded()) {
                    if (runEnd.endsAtStop == null) {
                        runEnd.endsAtStop = consumer.endOffsets(partitions); // what was published up to the RunStop
                    }
                    if (caughtUp(consumer, runEnd.endsAtStop)) {
                        break;
                    }
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    scanned++;
                    if (!options.runId().equals(r.key())) {
                        continue;
                    }
                    List<RecordedRecord.Header> headers = new ArrayList<>();
                    r.headers().forEach(h -> headers.add(new RecordedRecord.Header(h.key(), h.value())));
                    RecordedRecord rec = new RecordedRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(),
                            r.value(), headers);
                    archive.append(rec);
                    index.add(rec, RecordHeaders.instrument(r.headers()));
                    runEnd.add(rec, RecordHeaders.instrument(r.headers()));
                }
                long scannedNow = scanned;
                progress.update(index.records(), index.bytes(), (done, rate) -> switch (options.stopWhen()) {
                    case DURATION -> Math.max(0, endNs - nanoClock.getAsLong());
                    case UNTIL_STOP, RUN_END -> -1;
                    case END_OF_TOPICS -> scannedNow == 0 ? -1
                            : (long) ((totalToRead - scannedNow) * progress.elapsedSeconds() / scannedNow * 1e9);
                });
            }
            RecordingIndex result = index.build();
            result.write(outDir);
            progress.summary("recorded", options.runId(), result.records(), result.bytes(), "-> " + outDir);
            return result;
        }
    }

    /** The run's RunStop, once recorded, against the acquisition records recorded per instrument. */
    private static final class RunEnd {
        private final RunCompletion completion = new RunCompletion();
        Map<TopicPartition, Long> endsAtStop;

        void add(RecordedRecord r, String instrumentId) {
            if (Topics.ACQUISITION.contains(r.topic())) {
                completion.seen(instrumentId);
            } else if (r.topic().equals(Topics.RUNS) && completion.stopRecord() == null) {
                try {
                    if (SchemaRegistry.get().decodeAny(r.value()) instanceof RunStop stop) {
                        completion.stop(stop);
                    }
                } catch (RuntimeException e) {
                    // an undecodable runs record is recorded as it is; it cannot end the recording
                }
            }
        }

        boolean announcedAllRecorded() {
            return completion.readyToClose();
        }
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (var e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Accumulates what goes into {@code index.json}. */
    static final class IndexBuilder {
        private static final List<String> MASTER_TIME_FIELDS = List.of("startMasterTimeNs", "stopMasterTimeNs", "trueMasterTimeNs",
                "masterTimeNs");
        private final String runId;
        private final boolean includesResults;
        private final TreeSet<String> instruments = new TreeSet<>();
        private final Map<String, Long> perTopic = new TreeMap<>();
        private long bytes;
        private long firstTs = Long.MAX_VALUE;
        private long lastTs = Long.MIN_VALUE;
        private Long firstMaster;
        private Long lastMaster;

        IndexBuilder(String runId, boolean includesResults) {
            this.runId = runId;
            this.includesResults = includesResults;
        }

        void add(RecordedRecord r, String instrument) {
            if (instrument != null) {
                instruments.add(instrument);
            }
            perTopic.merge(r.topic(), 1L, Long::sum);
            bytes += r.size();
            firstTs = Math.min(firstTs, r.timestampMs());
            lastTs = Math.max(lastTs, r.timestampMs());
            if (!Topics.FRAMES.equals(r.topic()) && r.value() != null) {
                masterTime(r.value());
            }
        }

        private void masterTime(byte[] value) {
            try {
                var record = org.operando.schemas.SchemaRegistry.get().decodeAny(value);
                for (String name : MASTER_TIME_FIELDS) {
                    var field = record.getSchema().getField(name);
                    if (field != null && record.get(field.pos()) instanceof Long t) {
                        firstMaster = firstMaster == null ? t : Math.min(firstMaster, t);
                        lastMaster = lastMaster == null ? t : Math.max(lastMaster, t);
                    }
                }
            } catch (org.operando.schemas.RecordDecodeException e) {
                // a corrupt record is recorded as it is; it states no time
            }
        }

        long records() {
            return perTopic.values().stream().mapToLong(Long::longValue).sum();
        }

        long bytes() {
            return bytes;
        }

        RecordingIndex build() {
            boolean empty = perTopic.isEmpty();
            return new RecordingIndex(runId, List.copyOf(instruments), perTopic, bytes, empty ? 0 : firstTs, empty ? 0 : lastTs,
                    firstMaster, lastMaster, includesResults);
        }
    }
}
