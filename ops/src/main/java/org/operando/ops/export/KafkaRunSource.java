package org.operando.ops.export;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.operando.ops.recording.RecordedRecord;

/**
 * Reads a finished run from the Kafka topics as the recorder does ({@code record --to-end}): no consumer group (an
 * export never disturbs the processors), {@code read_committed} (nothing a transaction aborted), every partition
 * from the beginning to the end offsets taken when the source is opened, keeping the records keyed by the run id.
 * Taking the end offsets once makes every pass of the export read the same records.
 */
public final class KafkaRunSource implements RunSource {
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    private static final int FETCH_BYTES = 8 * 1024 * 1024;
    private static final Duration STALL = Duration.ofSeconds(60);
    private final String runId;
    private final String bootstrap;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<TopicPartition, Long> ends = new HashMap<>();

    public KafkaRunSource(Map<String, Object> clientConfig, String runId, Collection<String> topics) {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("An export from Kafka needs a run id (--run)");
        }
        this.runId = runId;
        this.bootstrap = String.valueOf(clientConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // 8 MiB per fetch bounds what the consumer buffers; a larger record batch still comes, alone (KIP-74)
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, FETCH_BYTES);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_BYTES);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                var infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
                if (infos != null) {
                    infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
            }
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("No Operando topics at " + bootstrap + "; is it the right cluster?");
            }
            ends.putAll(consumer.endOffsets(partitions, METADATA_TIMEOUT));
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public String describe() {
        return "Kafka at " + bootstrap;
    }

    @Override
    public void scan(Collection<String> topics, Consumer<RecordedRecord> sink) {
        Map<TopicPartition, Long> until = new HashMap<>();
        ends.forEach((tp, end) -> {
            if (topics.contains(tp.topic()) && end > 0) {
                until.put(tp, end);
            }
        });
        consumer.assign(until.keySet());
        consumer.seekToBeginning(until.keySet());
        long lastProgress = System.nanoTime();
        while (!until.isEmpty()) {
            var batch = consumer.poll(Duration.ofMillis(200));
            if (!batch.isEmpty()) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                throw new IllegalStateException("Kafka at " + bootstrap + " delivered nothing for " + STALL.toSeconds() + " s with "
                        + until.keySet() + " not read to their end");
            }
            for (ConsumerRecord<String, byte[]> r : batch) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                Long end = until.get(tp);
                if (end == null || r.offset() >= end) {
                    continue; // published after the export started
                }
                if (runId.equals(r.key())) {
                    List<RecordedRecord.Header> headers = new ArrayList<>();
                    r.headers().forEach(h -> headers.add(new RecordedRecord.Header(h.key(), h.value())));
                    sink.accept(new RecordedRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value(), headers));
                }
            }
            until.keySet().removeIf(tp -> consumer.position(tp) >= until.get(tp));
            consumer.pause(consumer.assignment().stream().filter(tp -> !until.containsKey(tp)).toList());
        }
        consumer.assign(List.of());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
