package org.operando.ops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.operando.producers.Acquired;
import org.operando.schema.Frame;
import org.operando.schema.Modality;
import org.operando.schemas.Topics;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.OperandoTopology;
import org.operando.streams.run.Emitter;
import org.operando.streams.run.RunProcessor;

/**
 * A frame pair that cannot be registered makes no record, only a log line; it is counted in the Kafka Streams metric
 * {@code registration-failed-total} (exported by {@code /metrics}), so an operator sees registration failing without
 * reading logs. Optical frames replaced by noise (no bead to match) must count failures and register nothing; the
 * clean run registers and counts fewer.
 */
class RegistrationFailureMetricTest {
    @TempDir
    Path state;

    @Test
    void shouldCountRegistrationsThatFailAndNotThoseThatSucceed() {
        List<Acquired> clean = TopologyFeed.published("default", Duration.ofSeconds(6), "reg-metric");
        Random random = new Random(7);
        List<Acquired> noisy = clean.stream().map(a -> a.modality() == Modality.OPTICAL && a.record() instanceof Frame f
                ? Acquired.of(a.topic(), a.runId(), a.instrumentId(), a.modality(), noise(f, random), a.masterTimeNs()) : a).toList();

        Outcome ok = run(clean, "clean");
        Outcome bad = run(noisy, "noisy");
        System.out.printf("registration failures: clean %.0f (%d registrations), optical noise %.0f (%d registrations)%n",
                ok.failures(), ok.registrations(), bad.failures(), bad.registrations());
        assertThat(ok.registrations()).as("registrations in the clean run").isPositive();
        assertThat(bad.registrations()).as("registrations with optical noise").isZero();
        assertThat(bad.failures()).as("failures counted with optical noise (one registration due every ~5 s)").isGreaterThanOrEqualTo(2);
        assertThat(ok.failures()).as("failures counted in the clean run").isLessThan(bad.failures());
    }

    private record Outcome(double failures, int registrations) {
    }

    private Outcome run(List<Acquired> records, String name) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "operando-registration-metric-" + name);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.resolve(name).toString());
        StreamsRunner.withDeadLetterHandlers(props);
        try (TopologyTestDriver driver = new TopologyTestDriver(OperandoTopology.buildTopology(OperandoStreamsConfig.defaults()), props)) {
            TopologyFeed.pipe(driver, records);
            int registrations = driver.createOutputTopic(Topics.REGISTRATIONS, new StringDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList().size();
            double failures = driver.metrics().entrySet().stream()
                    .filter(e -> e.getKey().group().equals("stream-" + RunProcessor.METRICS_SCOPE + "-metrics")
                            && e.getKey().name().equals(Emitter.REGISTRATION_FAILED + "-total"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
            return new Outcome(failures, registrations);
        }
    }

    /** The frame with its pixels replaced by noise about the same mean: no bead to detect. */
    private static Frame noise(Frame f, Random random) {
        ByteBuffer px = ByteBuffer.allocate(f.getWidth() * f.getHeight() * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < f.getWidth() * f.getHeight(); i++) {
            px.putShort((short) (500 + random.nextInt(40)));
        }
        return Frame.newBuilder(f).setPixels(px.flip()).build();
    }
}
