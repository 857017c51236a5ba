package org.operando.ops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.operando.producers.Acquired;
import org.operando.schemas.DeadLetterHandler;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.OperandoTopology;

/**
 * The processors' results depend only on each input topic's own order, not on how Kafka Streams interleaves the topics
 * (by timestamp, with ties and fetch timing deciding the rest). A simulated run is fed through the whole topology once
 * in publication order and once per seed in a shuffled interleaving that keeps each topic's order but lets any topic
 * run up to {@code skewMs} of data ahead of the others (3 s, beyond the 2 s grace period), so that the first frames and
 * marks overtake the run's metadata, the RunStop overtakes the last records, and one stream lags the others. Every
 * instrument's sequence of result records must be byte-identical. The faults profile delivers some records out of their
 * stream's order; whether such a record still amends its window or is late depends on how far the other streams have
 * got, so its interleavings stay within 400 ms.
 */
class InterleavingDeterminismTest {
    private static final List<String> RESULTS = List.of(Topics.CLOCK_MODELS, Topics.CORRELATED, Topics.DRIFT, Topics.REGISTRATIONS,
            Topics.CORRELATION_RESULTS);

    @ParameterizedTest(name = "{0} profile, seed {1}, topics up to {2} ms apart")
    @CsvSource({"default, 1, 3000", "default, 2, 3000", "faults, 3, 400", "pump-probe, 4, 3000", "coregistration, 18, 3000",
            "coregistration, 19, 3000"})
    void shouldGiveIdenticalResultsWhateverTheInterleavingOfTopics(String profile, long seed, long skewMs) {
        List<Acquired> published = run(profile);
        Map<String, List<String>> inOrder = process(published);
        Map<String, List<String>> shuffled = process(interleave(published, new Random(seed), skewMs * 1_000_000L));

        assertThat(inOrder.keySet()).as("result streams").isEqualTo(shuffled.keySet());
        assertThat(inOrder.getOrDefault(Topics.CORRELATED + "|em-1", List.of())).as("aligned windows").hasSizeGreaterThan(5);
        assertThat(inOrder.getOrDefault(Topics.DRIFT + "|em-1", List.of())).as("drift estimates").hasSizeGreaterThan(5);
        inOrder.forEach((stream, records) -> {
            List<String> other = shuffled.get(stream);
            for (int i = 0; i < Math.min(records.size(), other.size()); i++) {
                assertThat(other.get(i)).as("%s record %d of %d", stream, i, records.size()).isEqualTo(records.get(i));
            }
            assertThat(other).as(stream).hasSameSizeAs(records);
        });
    }

    /** A short simulated run as its producer publishes it: preamble, data, RunStop announcing the acquisition records. */
    private static List<Acquired> run(String profile) {
        return TopologyFeed.published(profile, Duration.ofSeconds(profile.equals("coregistration") ? 4 : 6), "run-1");
    }

    /**
     * Each topic keeps its order; the next record comes from the topic whose head is earliest once every head's time is
     * shifted by a random delay of up to {@code skewNs}, as if each topic's fetches were late by that much.
     */
    private static List<Acquired> interleave(List<Acquired> published, Random random, long skewNs) {
        Map<String, Deque<Acquired>> byTopic = new LinkedHashMap<>();
        published.forEach(a -> byTopic.computeIfAbsent(a.topic(), k -> new ArrayDeque<>()).addLast(a));
        Map<String, Long> delay = new TreeMap<>();
        byTopic.keySet().forEach(t -> delay.put(t, (long) (random.nextDouble() * skewNs)));
        List<Acquired> out = new ArrayList<>();
        while (out.size() < published.size()) {
            String next = null;
            for (var e : byTopic.entrySet()) {
                if (!e.getValue().isEmpty() && (next == null || e.getValue().peekFirst().masterTimeNs() + delay.get(e.getKey())
                        < byTopic.get(next).peekFirst().masterTimeNs() + delay.get(next))) {
                    next = e.getKey();
                }
            }
            out.add(byTopic.get(next).removeFirst());
            if (random.nextInt(20) == 0) {
                delay.put(next, (long) (random.nextDouble() * skewNs));
            }
        }
        return out;
    }

    /** Feeds the records through the whole topology; returns each result stream (topic | instrument) as hex records. */
    private static Map<String, List<String>> process(List<Acquired> records) {
        Path stateDir;
        try {
            // not the default /tmp/kafka-streams: builds of other worktrees running this test at once would share its locks
            stateDir = Files.createTempDirectory("operando-interleaving-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            return process(records, stateDir);
        } finally {
            try (var files = Files.walk(stateDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static Map<String, List<String>> process(List<Acquired> records, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "operando-interleaving-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        Map<String, List<String>> out = new TreeMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(OperandoTopology.buildTopology(OperandoStreamsConfig.defaults()), props)) {
            TopologyFeed.pipe(driver, records);
            for (String topic : RESULTS) {
                for (byte[] value : driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer()).readValuesToList()) {
                    SpecificRecord r = SchemaRegistry.get().decodeAny(value);
                    String instrument = String.valueOf(r.get(r.getSchema().getField("instrumentId").pos()));
                    out.computeIfAbsent(topic + "|" + instrument, k -> new ArrayList<>()).add(HexFormat.of().formatHex(value));
                }
            }
        }
        return out;
    }
}
