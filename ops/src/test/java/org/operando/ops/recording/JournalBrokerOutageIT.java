package org.operando.ops.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.producers.journal.JournalSettings;
import org.operando.producers.journal.JournaledPublisher;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;

/** The journal's promise on a real broker: stop it in the middle of a run, start it again, lose and repeat nothing. */
class JournalBrokerOutageIT {
    private static final int PER_STREAM = 1000;
    @TempDir
    Path journalDir;

    @Test
    @Timeout(240)
    void shouldDeliverEveryRecordExactlyOnceAcrossBrokerRestartMidRun() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.inTempDir().start()) {
            Map<String, Object> client = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            TopicProvisioner.ensureTopics(client, 2, (short) 1);
            Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            CountDownLatch halfway = new CountDownLatch(1);
            long journaledDuringOutage;
            try (JournaledPublisher publisher = JournaledPublisher.open(JournalSettings.defaults(journalDir), producerConfig,
                    Duration.ofSeconds(60))) {
                CompletableFuture<Long> outage = CompletableFuture.supplyAsync(() -> {
                    try {
                        halfway.await();
                        kafka.stop();
                        long before = publisher.journal().appended();
                        Thread.sleep(4_000);
                        long during = publisher.journal().appended() - before;
                        kafka.start();
                        return during;
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                for (int i = 0; i < PER_STREAM; i++) {
                    publisher.publish(RunFixtures.mark("run-outage", i));
                    publisher.publish(RunFixtures.frame("run-outage", "em-1", i, 16));
                    if (i == PER_STREAM / 4) {
                        halfway.countDown();
                    }
                    TimeUnit.MILLISECONDS.sleep(8); // ~8 s of acquisition at a steady 250 records/s
                }
                journaledDuringOutage = outage.get(120, TimeUnit.SECONDS);
                publisher.flush();
                assertThat(publisher.stats().records()).containsEntry("timing", (long) PER_STREAM).containsEntry("em-1", (long) PER_STREAM);
                assertThat(publisher.journal().backlogRecords()).isZero();
            }
            assertThat(journaledDuringOutage).as("acquisition went on into the journal while the broker was down").isGreaterThan(200);

            List<ConsumerRecord<String, byte[]>> all = RunFixtures.readAll(kafka.bootstrapServers(), List.of(Topics.FRAMES, Topics.TRIGGERS));
            Set<String> seen = new HashSet<>();
            for (ConsumerRecord<String, byte[]> r : all) {
                SpecificRecord rec = SchemaRegistry.get().decodeAny(r.value());
                String id = rec.get(rec.getSchema().getField("instrumentId").pos()) + "#" + rec.get(rec.getSchema().getField("sequence").pos());
                assertThat(seen.add(id)).as("duplicate " + id).isTrue();
                assertThat(r.key()).isEqualTo("run-outage");
            }
            assertThat(all).hasSize(2 * PER_STREAM);
            for (int i = 0; i < PER_STREAM; i++) {
                assertThat(seen).contains("timing#" + i, "em-1#" + i);
            }
        }
    }
}
