package org.operando.ops.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.operando.schema.Rejected;
import org.operando.schemas.RecordDecodeException;
import org.operando.schemas.RecordHeaders;
import org.operando.schemas.SchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one evicted run back from Kafka when a page selects it: a consumer of its own seeks every topic to the run's
 * first record timestamp (minus a second), reads up to the end offsets as they were when it began, keeps the
 * run's records (by key) in a fresh {@link RunState}, and hands that to the feed, which holds it in full again.
 * Records of the run published while it was evicted and after the loader's end offsets are not shown: an evicted
 * run is one no record had touched for longest, so in practice a finished one.
 */
final class RunLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunLoader.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String runId;
    private final long fromMs;
    private final DashboardFeed feed;
    private final Thread thread;
    private volatile boolean done;

    RunLoader(Map<String, Object> clientConfig, String runId, long fromMs, DashboardFeed feed) {
        this.consumer = new KafkaConsumer<>(DashboardFeed.consumerConfig(clientConfig, "operando-dashboard-loader"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.runId = runId;
        this.fromMs = fromMs;
        this.feed = feed;
        this.thread = new Thread(this::load, "operando-dashboard-load-" + runId);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean done() {
        return done;
    }

    private void load() {
        try {
            List<TopicPartition> partitions = DashboardFeed.partitions(consumer, DashboardFeed.TOPICS);
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            DashboardFeed.seekToTime(consumer, partitions, fromMs);
            RunState state = new RunState(runId);
            long t0 = System.nanoTime();
            while (!reached(end)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (!runId.equals(r.key()) || r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    SpecificRecord value;
                    try {
                        value = SchemaRegistry.get().decodeAny(r.value());
                    } catch (RecordDecodeException e) {
                        continue;
                    }
                    String instrument = value instanceof Rejected rej
                            ? (rej.getInstrumentId() != null ? rej.getInstrumentId() : RecordHeaders.instrument(r.headers()))
                            : DashboardFeed.instrumentOf(value);
                    feed.apply(state, value, r, instrument, System.currentTimeMillis());
                }
            }
            feed.loaded(state);
            LOG.info("Dashboard: run {} read back in {} ms", runId, (System.nanoTime() - t0) / 1_000_000);
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.warn("Dashboard could not read run {} back: {}", runId, e.toString());
        } finally {
            done = true;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (done) {
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
