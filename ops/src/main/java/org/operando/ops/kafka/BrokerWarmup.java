package org.operando.ops.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exercises a freshly started embedded broker, and the clients in this JVM, along the paths a run takes (transactional
 * produce of frame-sized records, commits, {@code read_committed} fetches) on a private topic that is deleted after,
 * so the broker's and the clients' code is compiled before the first run: cold, the demo's first transactions waited
 * hundreds of milliseconds each. Only for the embedded broker of {@code demo}; an external cluster is never touched.
 */
public final class BrokerWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerWarmup.class);
    static final String TOPIC = "operando-internal-warm-up";
    static final int TRANSACTIONS = 60;
    static final int RECORDS_PER_TRANSACTION = 4;
    static final int RECORD_BYTES = 256 * 1024;

    private BrokerWarmup() {
    }

    /** Runs the exercise against {@code bootstrapServers}, within {@code budget}; returns the records read back. */
    public static int run(String bootstrapServers, Duration budget) {
        long t0 = System.nanoTime();
        long deadline = t0 + budget.toNanos();
        Map<String, Object> base = Map.of("bootstrap.servers", bootstrapServers);
        int read = 0;
        try (Admin admin = Admin.create(base)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Map<String, Object> p = new HashMap<>(base);
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TOPIC);
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * RECORD_BYTES);
            Map<String, Object> c = new HashMap<>(base);
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * RECORD_BYTES);
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
                 KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                producer.initTransactions();
                byte[] value = new byte[RECORD_BYTES];
                int sent = 0;
                for (int t = 0; t < TRANSACTIONS && System.nanoTime() < deadline; t++) {
                    producer.beginTransaction();
                    for (int r = 0; r < RECORDS_PER_TRANSACTION; r++) {
                        producer.send(new ProducerRecord<>(TOPIC, value));
                    }
                    producer.commitTransaction();
                    sent += RECORDS_PER_TRANSACTION;
                    read += consumer.poll(Duration.ZERO).count();
                }
                while (read < sent && System.nanoTime() < deadline) {
                    read += consumer.poll(Duration.ofMillis(100)).count();
                }
            }
            admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // a warm-up that fails costs only speed: say so and go on
            LOG.warn("Broker warm-up did not complete ({}); the first seconds of the run may be slower", e.toString());
        }
        LOG.info("Broker warm-up: {} records read back in {} ms", read, (System.nanoTime() - t0) / 1_000_000);
        return read;
    }
}
