package org.operando.ops.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.operando.schema.CorrelationResult;
import org.operando.schemas.RecordDecodeException;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;

/**
 * Follows the committed output of processors that run elsewhere (another thread, another process): result records
 * and dead letters per run, read with {@code isolation.level=read_committed}, and whether each run's final
 * {@code CorrelationResult} has come. A run's last windows, its final correlation results and its close are emitted
 * together when its {@code RunStop} and every record it announces have been processed, in one transaction: a final
 * correlation result (master time at the stop record's) that is visible means the run's results are.
 */
public final class ResultWatcher implements AutoCloseable {
    /** Topics followed: every result topic and the dead letters. */
    public static final List<String> TOPICS = java.util.stream.Stream.concat(Topics.RESULTS.stream(),
            java.util.stream.Stream.of(Topics.DEAD_LETTERS)).toList();

    /** Where to start reading: everything on the topics, or only what is committed after the watcher is created. */
    public enum From { BEGINNING, NOW }

    /** How waiting ended. */
    public enum End {
        /** Every run's final correlation result came. */
        FINAL_RESULTS,
        /** The processors said they had nothing left to do and nothing new came for the quiet period. */
        IDLE,
        /** Neither, within the timeout. */
        TIMEOUT
    }

    /** How and when waiting ended, the runs still without a final correlation result, and the records seen. */
    public record Outcome(End end, List<String> runsWithoutFinalResult, double seconds, long records) {
        /** True when every run's final correlation result came. */
        public boolean complete() {
            return end == End.FINAL_RESULTS;
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Map<String, Long>> counts = new TreeMap<>();
    private final Map<String, Long> newestCorrelationNs = new HashMap<>();
    private long total;

    public ResultWatcher(Map<String, Object> clientConfig, From from) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        if (from == From.BEGINNING) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fix the start now, not at the first poll
        }
    }

    /** Reads what has been committed since the last call (waiting up to {@code max}); returns how many records came. */
    public int poll(Duration max) {
        int n = 0;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(max)) {
            n++;
            String run = r.key() == null ? "" : r.key();
            counts.computeIfAbsent(run, k -> new TreeMap<>()).merge(r.topic(), 1L, Long::sum);
            if (Topics.CORRELATION_RESULTS.equals(r.topic()) && r.value() != null) {
                try {
                    CorrelationResult c = SchemaRegistry.get().decode(r.value(), CorrelationResult.class);
                    newestCorrelationNs.merge(run, c.getMasterTimeNs(), Math::max);
                } catch (RecordDecodeException e) {
                    // not a result this watcher can read; counted, nothing more
                }
            }
        }
        total += n;
        return n;
    }

    /** Records seen per topic for {@code runId}. */
    public Map<String, Long> counts(String runId) {
        return new TreeMap<>(counts.getOrDefault(runId, Map.of()));
    }

    /** Records seen over every run and topic. */
    public long total() {
        return total;
    }

    /** True once a correlation result of {@code runId} at or after its stop record's master time has come. */
    public boolean hasFinalResult(String runId, long stopMasterNs) {
        return newestCorrelationNs.getOrDefault(runId, Long.MIN_VALUE) >= stopMasterNs;
    }

    /**
     * Waits until every run ({@code stopMasterNs}: run id to its stop record's master time) has its final correlation
     * result, or until {@code idle} says the processors have nothing left to do (e.g. no lag) and nothing new has come
     * for {@code quiet}, or until {@code timeout}. A run whose correlation stage has nothing to report (too few frames),
     * or that the processors lost, ends by the idle rule.
     */
    public Outcome awaitRuns(Map<String, Long> stopMasterNs, BooleanSupplier idle, Duration quiet, Duration timeout) {
        long start = System.nanoTime();
        long lastNew = start;
        while (true) {
            if (poll(Duration.ofMillis(200)) > 0) {
                lastNew = System.nanoTime();
            }
            List<String> missing = stopMasterNs.entrySet().stream().filter(e -> !hasFinalResult(e.getKey(), e.getValue()))
                    .map(Map.Entry::getKey).toList();
            long now = System.nanoTime();
            End end = missing.isEmpty() ? End.FINAL_RESULTS : now - lastNew >= quiet.toNanos() && idle.getAsBoolean() ? End.IDLE
                    : now - start > timeout.toNanos() ? End.TIMEOUT : null;
            if (end != null) {
                return new Outcome(end, missing, (now - start) / 1e9, total);
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
