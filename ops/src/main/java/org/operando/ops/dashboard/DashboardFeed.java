package org.operando.ops.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.operando.ops.metrics.EndToEndLatency;
import org.operando.schema.ClockModel;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.DriftEstimate;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.Registration;
import org.operando.schema.Rejected;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schemas.RecordDecodeException;
import org.operando.schemas.RecordHeaders;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every Operando topic with its own consumer and keeps the state per run ({@link RunState}) in a
 * {@link RunCatalog}: the newest runs in full, older ones as index entries, read back when a page selects them.
 *
 * <p>The consumer is assigned every partition (no group rebalancing, no commits; group id
 * {@code operando-dashboard-<random>} only names it in broker metrics) and starts at the first record published at
 * or after {@code since}, or at the beginning of every topic when {@code since} is null (the standalone dashboard:
 * every run the cluster still holds). Fetch sizes admit the largest frame ({@link Topics#MAX_RECORD_BYTES}); it reads
 * committed records only. Results and dead letters published at or after the feed's start also feed the end-to-end
 * latency, from the acquisition of the data each result is about ({@link EndToEndLatency}); older records, read from
 * the topics' past, do not.
 */
public final class DashboardFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);
    /** Runs held in full by default; older ones are listed and read back on selection. */
    public static final int DEFAULT_KEEP_RUNS = 4;
    static final List<String> TOPICS = List.of(Topics.RUNS, Topics.FRAMES, Topics.ELECTROCHEM, Topics.CLOCK_MODELS,
            Topics.DRIFT, Topics.REGISTRATIONS, Topics.CORRELATED, Topics.CORRELATION_RESULTS, Topics.DEAD_LETTERS);
    private static final Map<String, String> STAGE = Map.of(Topics.CLOCK_MODELS, "clock", Topics.DRIFT, "drift",
            Topics.REGISTRATIONS, "registration", Topics.CORRELATED, "alignment", Topics.CORRELATION_RESULTS, "correlation",
            Topics.DEAD_LETTERS, "dead-letter");

    private final Map<String, Object> clientConfig;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Instant since;
    private final long liveFromMs;
    private final Clock clock;
    private final EndToEndLatency latency;
    private final List<String> feedTopics;
    private final DashboardMetrics metrics;
    private final RunCatalog catalog;
    private final Map<String, RunLoader> loaders = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean assigned;
    private Thread thread;

    /**
     * @param clientConfig Kafka client settings (bootstrap servers, security)
     * @param since        start reading at records published at or after this instant
     * @param clock        wall clock for latency
     * @param latency      receives one observation per result and dead letter
     * @param metrics      the dashboard's meters
     */
    public DashboardFeed(Map<String, Object> clientConfig, Instant since, Clock clock, EndToEndLatency latency,
                         DashboardMetrics metrics) {
        this(clientConfig, since, clock, latency, metrics, TOPICS, DEFAULT_KEEP_RUNS);
    }

    /**
     * A feed of every run the topics hold ({@code since} null: from the beginning) or of those published from
     * {@code since} on, holding at most {@code keepRuns} runs in full.
     */
    public static DashboardFeed create(Map<String, Object> clientConfig, Instant since, Clock clock, EndToEndLatency latency,
                                       DashboardMetrics metrics, int keepRuns) {
        return new DashboardFeed(clientConfig, since, clock, latency, metrics, TOPICS, keepRuns);
    }

    /** A feed of only the results (no frames or EC data to show): enough to measure end-to-end latency. */
    public static DashboardFeed resultsOnly(Map<String, Object> clientConfig, Instant since, Clock clock, EndToEndLatency latency,
                                            DashboardMetrics metrics) {
        List<String> topics = new ArrayList<>(STAGE.keySet());
        topics.add(Topics.RUNS); // RunStart anchors each run's master clock to wall-clock time
        return new DashboardFeed(clientConfig, since, clock, latency, metrics, topics, DEFAULT_KEEP_RUNS);
    }

    private DashboardFeed(Map<String, Object> clientConfig, Instant since, Clock clock, EndToEndLatency latency,
                          DashboardMetrics metrics, List<String> feedTopics, int keepRuns) {
        this.feedTopics = feedTopics;
        this.clientConfig = Map.copyOf(clientConfig);
        this.consumer = new KafkaConsumer<>(consumerConfig(clientConfig, "operando-dashboard"), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.since = since;
        this.liveFromMs = since != null ? since.toEpochMilli() : clock.millis() - 1000;
        this.clock = clock;
        this.latency = latency;
        this.metrics = metrics;
        this.catalog = new RunCatalog(keepRuns);
    }

    static Map<String, Object> consumerConfig(Map<String, Object> clientConfig, String clientId) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "operando-dashboard-" + java.util.UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // results count once committed: what a scientist's client reading with read_committed can see
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    /** The feed's consumer, for {@code OperandoMetrics.bind(Consumer)}; do not poll it. */
    public KafkaConsumer<String, byte[]> consumer() {
        return consumer;
    }

    public DashboardFeed start() {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("DashboardFeed already started");
        }
        thread = new Thread(this::loop, "operando-dashboard-feed");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** True once partitions are assigned and positioned: records published from now on will be seen. */
    public boolean isAssigned() {
        return assigned;
    }

    /** Runs seen so far, in order of first appearance (held in full or not). */
    public List<String> runs() {
        return catalog.runIds();
    }

    RunCatalog catalog() {
        return catalog;
    }

    /** The state of {@code runId}, or null when nothing of it was seen or it is not held in full. */
    public RunState run(String runId) {
        return catalog.get(runId);
    }

    /**
     * The state of {@code runId} for a page that selected it: when the run was evicted, it is read back from Kafka
     * in the background and null is returned until that is done.
     */
    RunState select(String runId) {
        RunState s = catalog.get(runId);
        if (s != null || !catalog.isKnown(runId) || !running.get()) {
            return s;
        }
        loaders.computeIfAbsent(runId, id -> {
            RunLoader l = new RunLoader(clientConfig, id, catalog.firstTimestampMs(id) - 1000, this);
            l.start();
            return l;
        });
        return null;
    }

    /** True while {@code runId} is being read back. */
    boolean loading(String runId) {
        RunLoader l = loaders.get(runId);
        return l != null && !l.done();
    }

    void loaded(RunState state) {
        catalog.install(state);
        loaders.remove(state.runId);
    }

    private void loop() {
        try {
            assign();
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    handle(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Dashboard feed stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void assign() {
        List<TopicPartition> partitions = partitions(consumer, feedTopics);
        consumer.assign(partitions);
        if (since == null) {
            consumer.seekToBeginning(partitions);
        } else {
            seekToTime(consumer, partitions, since.toEpochMilli());
        }
        partitions.forEach(consumer::position); // resolve lazily-evaluated positions now
        assigned = true;
    }

    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, List<String> topicNames) {
        List<TopicPartition> partitions = new ArrayList<>();
        Map<String, List<org.apache.kafka.common.PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(30));
        for (String t : topicNames) {
            List<org.apache.kafka.common.PartitionInfo> infos = topics.get(t);
            if (infos == null) {
                LOG.warn("Dashboard feed: topic {} does not exist; its data will not be shown", t);
                continue;
            }
            infos.forEach(p -> partitions.add(new TopicPartition(t, p.partition())));
        }
        return partitions;
    }

    static void seekToTime(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions, long fromMs) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, Math.max(0, fromMs)));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
        List<TopicPartition> toEnd = new ArrayList<>();
        offsets.forEach((p, o) -> {
            if (o == null) {
                toEnd.add(p);
            } else {
                consumer.seek(p, o.offset());
            }
        });
        consumer.seekToEnd(toEnd);
    }

    void handle(ConsumerRecord<String, byte[]> r) {
        SpecificRecord value;
        try {
            value = SchemaRegistry.get().decodeAny(r.value());
        } catch (RecordDecodeException e) {
            metrics.undecodable();
            return;
        }
        long now = clock.millis();
        if (value instanceof RunStart s) {
            latency.runStarted(s, r.timestamp());
        }
        String stage = STAGE.get(r.topic());
        String instrument = value instanceof Rejected rej
                ? (rej.getInstrumentId() != null ? rej.getInstrumentId() : RecordHeaders.instrument(r.headers()))
                : instrumentOf(value);
        if (stage != null && r.timestamp() >= liveFromMs && EndToEndLatency.isFirstRevision(value)) {
            latency.observe(value, instrument == null ? "unknown" : instrument, stage, r.timestamp(), now);
        }
        String runId = r.key() != null ? r.key() : runIdOf(value);
        if (runId == null) {
            return;
        }
        RunState run = catalog.forRecord(runId, r.timestamp());
        if (run != null) {
            apply(run, value, r, instrument, now);
        }
        if (value instanceof RunStart s) {
            catalog.describe(runId, s.getSpecimen(), s.getWallClockEpochNs() / 1_000_000, false);
        } else if (value instanceof RunStop) {
            catalog.describe(runId, null, Long.MIN_VALUE, true);
        }
    }

    /** Puts one decoded record into {@code run}; also used when a run is read back ({@link RunLoader}). */
    void apply(RunState run, SpecificRecord value, ConsumerRecord<String, byte[]> r, String instrument, long nowMs) {
        String stage = STAGE.get(r.topic());
        if (value instanceof Rejected rej) {
            run.deadLetter(rej, instrument, r.timestamp());
            return;
        }
        if (stage != null) {
            run.result(stage, r.timestamp(), nowMs,
                    r.timestamp() >= liveFromMs ? Math.max(0, nowMs - latency.acquiredWallMs(value, r.timestamp())) : -1);
        }
        if (value instanceof Frame f) {
            run.input(f.getInstrumentId(), r.timestamp());
            run.frame(f);
            metrics.frameReceived(f.getInstrumentId(), run.modalities.get(f.getInstrumentId()));
        } else if (value instanceof ElectrochemBlock b) {
            run.input(b.getInstrumentId(), r.timestamp());
            run.electrochem(b);
        } else if (value instanceof StreamDescriptor d) {
            run.modality(d.getInstrumentId(), d.getModality());
        } else if (value instanceof RunStart s) {
            run.start(s);
        } else if (value instanceof RunStop s) {
            run.stop(s);
        } else if (value instanceof DriftEstimate d) {
            run.drift(d);
        } else if (value instanceof Registration g) {
            run.registration(g);
        } else if (value instanceof ClockModel c) {
            run.clock(c);
        } else if (value instanceof CorrelatedSample c) {
            run.correlated(c);
        }
        // ground truth, trigger marks: not shown
    }

    static String instrumentOf(SpecificRecord value) {
        org.apache.avro.Schema.Field f = value.getSchema().getField("instrumentId");
        Object v = f == null ? null : value.get(f.pos());
        return v == null ? null : v.toString();
    }

    private static String runIdOf(SpecificRecord value) {
        org.apache.avro.Schema.Field f = value.getSchema().getField("runId");
        Object v = f == null ? null : value.get(f.pos());
        return v == null ? null : v.toString();
    }

    /** Instruments seen in a run, sorted. */
    static TreeSet<String> instruments(RunState run) {
        TreeSet<String> out = new TreeSet<>(run.frames.keySet());
        out.addAll(run.ec.keySet());
        return out;
    }

    @Override
    public void close() {
        loaders.values().forEach(RunLoader::close);
        if (running.compareAndSet(true, false)) {
            consumer.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (thread == null) {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
