package org.operando.ops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.ops.pipeline.HostileOutcome.Pass;
import org.operando.ops.pipeline.HostileOutcome.Placed;
import org.operando.ops.pipeline.HostileRecords.Wire;
import org.operando.ops.recording.RunIdRewriter;
import org.operando.schema.Rejected;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.OperandoTopology;

/**
 * Seeded fuzz against a real broker and the real processors: three copies of a short simulated run are published at
 * once by an independent client, one clean, one with one record of every kind that the processors handle today
 * ({@link HostileInputTest#AWAITING} left out) and one with every {@link HostileKind} (52), interleaved at seeded random
 * places. The Streams client must stay RUNNING throughout with no stream thread replaced; every bad record of a kind
 * not awaiting run-level work must be dead-lettered with an acceptable reason code naming its own topic, partition and
 * offset; and the run with today's kinds must give the clean run's results, byte for byte (run id aside), and dead-letter
 * its valid records exactly as the clean run does. For the run with every kind the same is reported per kind, and
 * asserted once nothing awaits.
 */
class HostileInputIT {
    private static final long SEED = 1414;
    private static final String APP = "operando-hostile-it";
    private static final List<String> RESULTS = List.of(Topics.CLOCK_MODELS, Topics.CORRELATED, Topics.DRIFT, Topics.REGISTRATIONS,
            Topics.CORRELATION_RESULTS);

    @Test
    @Timeout(240)
    void shouldStayUpDeadLetterEveryHostileRecordAndKeepTheValidRunsResults() throws Exception {
        Set<HostileKind> today = EnumSet.allOf(HostileKind.class);
        today.removeAll(HostileInputTest.AWAITING);
        List<Wire> clean = HostileRecords.simulated("default", Duration.ofSeconds(3), "run-clean", SEED).clean();
        List<Wire> someHostile = HostileRecords.simulated("default", Duration.ofSeconds(3), "run-today", SEED).with(today);
        List<Wire> allHostile = HostileRecords.simulated("default", Duration.ofSeconds(3), "run-every", SEED)
                .with(EnumSet.allOf(HostileKind.class));

        Path stateDir = Files.createTempDirectory("operando-hostile-it-");
        List<KafkaStreams.State> states = new CopyOnWriteArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.inTempDir().start()) {
            ClientSettings client = new ClientSettings(kafka.bootstrapServers(), Map.of());
            TopicProvisioner.ensureTopics(client.clientConfig(), 2, (short) 1);
            // a short stall period, so runs that never start are dead-lettered while the test reads (default 120 s)
            OperandoStreamsConfig config = new OperandoStreamsConfig(java.util.Map.of(OperandoStreamsConfig.STALL_MS, 5_000L));
            try (StreamsRunner streams = new StreamsRunner(OperandoTopology.buildTopology(config), client, APP,
                    stateDir, Map.of());
                 LagMonitor lag = new LagMonitor(client.clientConfig(), APP,
                         List.of(Topics.RUNS, Topics.FRAMES, Topics.ELECTROCHEM, Topics.TRIGGERS, Topics.DEAD_LETTERS))) {
                streams.streams().setStateListener((now, before) -> states.add(now));
                streams.start();
                awaitRunning(streams);
                int runningAt = states.size();

                Map<Wire, Placed> placed = publish(kafka.bootstrapServers(), interleave(List.of(clean, someHostile, allHostile)));
                Collected out = collect(kafka.bootstrapServers(), lag, streams);

                assertThat(states.subList(runningAt, states.size())).as("Streams states after RUNNING")
                        .allMatch(s -> s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING);
                assertThat(streams.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(streams.threadsReplaced()).as("stream threads replaced").isZero();

                Pass cleanPass = out.pass(clean, placed, "run-clean");
                Pass todayPass = out.pass(someHostile, placed, "run-today");
                Pass everyPass = out.pass(allHostile, placed, "run-every");
                assertThat(cleanPass.results().getOrDefault(Topics.CORRELATED + "|em-1", List.of())).as("aligned windows").hasSizeGreaterThan(5);

                String report = report(cleanPass, everyPass);
                System.out.println(report);
                Map<HostileKind, String> todayFailures = HostileOutcome.deadLetterFailures(todayPass);
                assertThat(todayFailures).as("kinds handled today, dead-lettered on a real broker\n" + report).isEmpty();
                assertThat(HostileOutcome.resultDifferences(cleanPass, todayPass)).as("results with today's kinds\n" + report).isEmpty();
                assertThat(todayPass.validDeadLetters()).as("valid records' dead letters").isEqualTo(cleanPass.validDeadLetters());
                Map<HostileKind, String> everyFailures = HostileOutcome.deadLetterFailures(everyPass);
                assertThat(everyFailures.keySet()).as("kinds not awaiting run-level work, among all kinds\n" + report)
                        .isSubsetOf(HostileInputTest.AWAITING);
                if (HostileInputTest.AWAITING.isEmpty()) {
                    assertThat(HostileOutcome.resultDifferences(cleanPass, everyPass)).as("results with every kind\n" + report).isEmpty();
                }
            }
        } finally {
            try (var files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String report(Pass clean, Pass every) {
        Map<HostileKind, String> failures = HostileOutcome.deadLetterFailures(every);
        StringBuilder out = new StringBuilder("Hostile kinds, all in one run on the broker (seed " + SEED + "):\n");
        for (HostileKind kind : HostileKind.values()) {
            out.append(String.format("  %-4s %-32s %-11s %s%n", failures.containsKey(kind) ? "FAIL" : "pass", kind, kind.layer,
                    failures.getOrDefault(kind, "dead-lettered: " + kind.description)));
        }
        out.append("  results of the run with every kind vs the clean run: ").append(HostileOutcome.resultDifferences(clean, every)).append('\n');
        return out.toString();
    }

    /** The runs' records merged so that each run's records keep their order and the runs progress together. */
    private static List<Wire> interleave(List<List<Wire>> runs) {
        List<Wire> out = new ArrayList<>();
        int[] next = new int[runs.size()];
        while (out.size() < runs.stream().mapToInt(List::size).sum()) {
            int best = -1;
            for (int r = 0; r < runs.size(); r++) {
                if (next[r] < runs.get(r).size() && (best < 0
                        || (double) next[r] / runs.get(r).size() < (double) next[best] / runs.get(best).size())) {
                    best = r;
                }
            }
            out.add(runs.get(best).get(next[best]++));
        }
        return out;
    }

    /** Publishes in order with one idempotent producer, as an independent client would; returns where each record landed. */
    private static Map<Wire, Placed> publish(String bootstrap, List<Wire> wires) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        Map<Wire, Future<RecordMetadata>> sent = new java.util.IdentityHashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (Wire w : wires) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(w.topic(), w.key(), w.value());
                if (w.instrument() != null) {
                    org.operando.schemas.RecordHeaders.setInstrument(record.headers(), w.instrument());
                }
                sent.put(w, producer.send(record));
            }
            producer.flush();
        }
        Map<Wire, Placed> out = new java.util.IdentityHashMap<>();
        for (var e : sent.entrySet()) {
            RecordMetadata m = e.getValue().get();
            out.put(e.getKey(), new Placed(e.getKey(), m.partition(), m.offset()));
        }
        return out;
    }

    /** Everything the processors wrote: result records (key = run id) and dead letters. */
    private record Collected(List<ConsumerRecord<String, byte[]>> results, List<Rejected> deadLetters) {
        Pass pass(List<Wire> wires, Map<Wire, Placed> placed, String runId) {
            RunIdRewriter norm = new RunIdRewriter("NORMALIZED");
            Map<String, List<String>> byStream = new TreeMap<>();
            for (ConsumerRecord<String, byte[]> r : results) {
                if (runId.equals(r.key())) {
                    SpecificRecord v = SchemaRegistry.get().decodeAny(r.value());
                    String instrument = String.valueOf(v.get(v.getSchema().getField("instrumentId").pos()));
                    byStream.computeIfAbsent(r.topic() + "|" + instrument, k -> new ArrayList<>())
                            .add(HexFormat.of().formatHex(norm.rewrite(r.value())));
                }
            }
            return new Pass(wires.stream().map(placed::get).toList(), deadLetters, byStream);
        }
    }

    /**
     * Reads the result and dead-letter topics until the processors have committed every input record and nothing new has
     * come for 12 s (longer than {@code operando.alignment.stall.ms}, after which a run whose announced records never all
     * come is closed), checking all the while that the client is running.
     */
    private static Collected collect(String bootstrap, LagMonitor lag, StreamsRunner streams) throws InterruptedException {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
        List<ConsumerRecord<String, byte[]>> results = new ArrayList<>();
        List<Rejected> dead = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : concat(RESULTS, List.of(Topics.DEAD_LETTERS))) {
                consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            long lastNew = System.nanoTime();
            while (System.nanoTime() < deadline) {
                assertThat(streams.isRunning() || streams.streams().state() == KafkaStreams.State.REBALANCING)
                        .as("Streams state " + streams.streams().state()).isTrue();
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    lastNew = System.nanoTime();
                    if (r.topic().equals(Topics.DEAD_LETTERS)) {
                        dead.add(SchemaRegistry.get().decode(r.value(), Rejected.class));
                    } else {
                        results.add(r);
                    }
                }
                if (System.nanoTime() - lastNew > Duration.ofSeconds(12).toNanos() && lag.lag() == 0) {
                    return new Collected(results, dead);
                }
            }
        }
        throw new AssertionError("the processors did not finish the runs within 150 s (lag " + lag.lag() + ")");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void awaitRunning(StreamsRunner streams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!streams.isRunning()) {
            assertThat(System.nanoTime()).as("Streams RUNNING within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
