package org.operando.producers;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.operando.schemas.RecordHeaders;
import org.operando.schemas.RunPartitioning;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes acquisition records to Kafka: keyed by run id (so a run's streams are co-partitioned), tagged with the
 * instrument header, idempotent with acks=all so a retry never duplicates a record. A record counts as produced
 * once the broker has acknowledged it.
 */
public final class Publisher implements AcquisitionSink {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private final KafkaProducer<String, byte[]> producer;
    private final StreamStats stats = new StreamStats();
    private final Map<String, Integer> partitionCounts = new java.util.concurrent.ConcurrentHashMap<>();
    private final RunPartitioning.Spreader spreader = new RunPartitioning.Spreader();

    public Publisher(Map<String, Object> clientConfig) {
        this.producer = new KafkaProducer<>(producerConfig(clientConfig), new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Producer settings for acquisition data: idempotent with acks=all (a retry never duplicates a record), frame-sized
     * requests, batching, and long delivery/blocking timeouts so a broker outage delays rather than fails a send.
     *
     * <p>One request in flight per broker: with more, a first request to a partition that fails with a retriable error
     * (a topic just created, a leader moving) can be overtaken by the next one, which the broker accepts because it has
     * no state for the producer yet; every retry of the first is then refused as out of order until the delivery
     * timeout drops its records (KAFKA-15591; seen here as a 300 s stall of ReplayDeterminismIT). Frames are large, so one request still
     * carries a full batch per partition.
     */
    public static Map<String, Object> producerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES);
        config.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 600_000L);
        return config;
    }

    /** Sends asynchronously; the record is counted when acknowledged. */
    public void publish(Acquired item) {
        byte[] value = item.encodedBytes() != null ? item.encodedBytes() : SchemaRegistry.get().encode(item.record());
        ProducerRecord<String, byte[]> record;
        if (Topics.FRAMES.equals(item.topic())) {
            // frames spread over partitions by instrument, so one run's cameras are analysed in parallel tasks; the
            // header says where the run's other records are (RunPartitioning)
            int partitions = partitions(item.topic());
            record = new ProducerRecord<>(item.topic(), spreader.partitionFor(item.runId(), item.instrumentId(), partitions),
                    null, item.runId(), value);
            RunPartitioning.setRunPartition(record.headers(), RunPartitioning.runPartition(item.runId(), partitions));
        } else {
            if (item.record() != null) {
                spreader.observe(item.record());
            }
            record = new ProducerRecord<>(item.topic(), item.runId(), value);
        }
        RecordHeaders.setInstrument(record.headers(), item.instrumentId());
        RecordHeaders.setModality(record.headers(), item.modality().name());
        producer.send(record, (meta, error) -> {
            if (error == null) {
                stats.recordSent(item.instrumentId(), item.modality(), item.topic(), value.length);
            } else {
                stats.recordFailed(item.instrumentId());
                LOG.error("Could not publish {} record of {} to {}: {}", item.modality(), item.instrumentId(), item.topic(),
                        error.getMessage());
            }
        });
    }

    private int partitions(String topic) {
        return partitionCounts.computeIfAbsent(topic, t -> producer.partitionsFor(t).size());
    }

    public void flush() {
        producer.flush();
    }

    public StreamStats stats() {
        return stats;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(30));
    }
}
