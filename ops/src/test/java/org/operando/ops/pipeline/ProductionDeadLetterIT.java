package org.operando.ops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.schema.Frame;
import org.operando.schema.PixelType;
import org.operando.schema.ReasonCode;
import org.operando.schema.Rejected;
import org.operando.schemas.AvroSerde;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;

/**
 * A result too large to publish, with the processors' settings (exactly-once) and the project's serdes: it becomes a
 * {@code RECORD_TOO_LARGE} dead letter naming the source record, and the records after it are processed, with no
 * stream thread replaced. (Had the producer refused it instead, the transaction would be lost: see
 * {@code ProductionDeadLetterHandler}.)
 */
class ProductionDeadLetterIT {
    @Test
    @Timeout(180)
    void shouldDeadLetterResultTooLargeToPublishAndGoOn() throws Exception {
        Path stateDir = Files.createTempDirectory("operando-production-it-");
        try (EmbeddedKafka kafka = EmbeddedKafka.inTempDir().start()) {
            ClientSettings client = new ClientSettings(kafka.bootstrapServers(), Map.of());
            TopicProvisioner.ensureTopics(client.clientConfig(), 1, (short) 1);
            try (Admin admin = Admin.create(client.clientConfig())) {
                admin.createTopics(List.of(new NewTopic("in", 1, (short) 1), new NewTopic("out", 1, (short) 1))).all().get();
            }
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                    .mapValues(ProductionDeadLetterIT::result)
                    .to("out", Produced.with(Serdes.String(), AvroSerde.of(Frame.class)));
            try (StreamsRunner streams = new StreamsRunner(builder.build(), client, "operando-production-it", stateDir, Map.of())) {
                streams.start();
                Map<String, Object> config = new HashMap<>(client.clientConfig());
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                    for (String v : List.of("a", "big", "b", "c")) {
                        producer.send(new ProducerRecord<>("in", "run-1", v)).get();
                    }
                }
                List<ConsumerRecord<String, byte[]>> out = read(kafka.bootstrapServers(), "out", 3);
                assertThat(out).extracting(r -> SchemaRegistry.get().decode(r.value(), Frame.class).getInstrumentId())
                        .containsExactly("a", "b", "c");
                List<ConsumerRecord<String, byte[]>> dead = read(kafka.bootstrapServers(), Topics.DEAD_LETTERS, 1);
                Rejected r = SchemaRegistry.get().decode(dead.get(0).value(), Rejected.class);
                assertThat(r.getReasonCode()).isEqualTo(ReasonCode.RECORD_TOO_LARGE);
                assertThat(r.getStage()).isEqualTo("produce");
                assertThat(r.getSourceTopic()).isEqualTo("in");
                assertThat(r.getSourceOffset()).isEqualTo(1L);
                assertThat(streams.isRunning()).isTrue();
                assertThat(streams.threadsReplaced()).isZero();
            }
        } finally {
            try (var files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A frame named after the input; for "big", one larger than a topic accepts (a stage that emits too much). */
    private static Frame result(String input) {
        int bytes = input.equals("big") ? Topics.MAX_RECORD_BYTES + 1024 : 8;
        return Frame.newBuilder().setRunId("run-1").setInstrumentId(input).setSequence(0).setInstrumentTimeNs(0).setExposureNs(1)
                .setWidth(2).setHeight(bytes / 4).setPixelType(PixelType.U16).setPixelSizeNm(1).setStageXNm(0).setStageYNm(0)
                .setPixels(ByteBuffer.wrap(new byte[bytes])).build();
    }

    /** At least {@code n} committed records of {@code topic}, within 60 s. */
    private static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic, int n) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < n && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        assertThat(out).as(topic).hasSizeGreaterThanOrEqualTo(n);
        return out;
    }
}
