package org.operando.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.operando.ops.Main;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.schema.RunStop;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;

/** {@code simulate --runs 2} against a broker: each run's RunStop announces exactly that run's acquisition records. */
class SimulateRunsIT {
    @Test
    void shouldAnnounceInEachRunStopTheRecordsOfThatRunOnly() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.inTempDir().start()) {
            int exit = Main.run("--bootstrap-servers", kafka.bootstrapServers(), "simulate", "--runs", "2", "--duration", "3s",
                    "--speed", "max", "--run-id", "it");
            assertThat(exit).isZero();
            Map<String, Map<String, Long>> counted = new TreeMap<>();
            for (String topic : Topics.ACQUISITION) {
                for (ConsumerRecord<String, byte[]> r : readAll(kafka.bootstrapServers(), topic)) {
                    SpecificRecord record = SchemaRegistry.get().decodeAny(r.value());
                    String instrument = String.valueOf(record.get(record.getSchema().getField("instrumentId").pos()));
                    counted.computeIfAbsent(r.key(), k -> new TreeMap<>()).merge(instrument, 1L, Long::sum);
                }
            }
            Map<String, Map<String, Long>> announced = new TreeMap<>();
            for (ConsumerRecord<String, byte[]> r : readAll(kafka.bootstrapServers(), Topics.RUNS)) {
                if (SchemaRegistry.get().decodeAny(r.value()) instanceof RunStop stop) {
                    announced.put(stop.getRunId(), new TreeMap<>(stop.getRecordsPublished()));
                }
            }
            assertThat(announced).containsOnlyKeys("it-0", "it-1");
            assertThat(counted.get("it-0")).as("runs share instrument ids").containsOnlyKeys(counted.get("it-1").keySet());
            assertThat(announced).isEqualTo(counted);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
