package org.operando.ops.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Registration;
import org.operando.schema.Rejected;
import org.operando.schema.RunStart;
import org.operando.schema.StreamDescriptor;
import org.operando.schemas.RecordDecodeException;
import org.operando.schemas.RecordHeaders;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every Operando topic with its own consumer and keeps the newest state per run ({@link RunState}).
 *
 * <p>The consumer is assigned every partition (no group rebalancing, no commits; group id
 * {@code operando-dashboard-<random>} only names it in broker metrics) and starts at the first record published at
 * or after {@code since}, so a dashboard started with a run sees the whole run and one started later does not replay
 * a week of retention. Fetch sizes admit the largest frame ({@link Topics#MAX_RECORD_BYTES}); it reads committed
 * records only. Results and dead letters also feed the end-to-end latency, from the acquisition of the data each
 * result is about ({@link EndToEndLatency}).
 */
public final class DashboardFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);
    private static final List<String> TOPICS = List.of(Topics.RUNS, Topics.FRAMES, Topics.ELECTROCHEM, Topics.CLOCK_MODELS,
            Topics.DRIFT, Topics.REGISTRATIONS, Topics.CORRELATED, Topics.CORRELATION_RESULTS, Topics.DEAD_LETTERS);
    private static final Map<String, String> STAGE = Map.of(Topics.CLOCK_MODELS, "clock", Topics.DRIFT, "drift",
            Topics.REGISTRATIONS, "registration", Topics.CORRELATED, "alignment", Topics.CORRELATION_RESULTS, "correlation",
            Topics.DEAD_LETTERS, "dead-letter");

    private final KafkaConsumer<String, byte[]> consumer;
    private final Instant since;
    private final Clock clock;
    private final EndToEndLatency latency;
    private final List<String> feedTopics;
    private final DashboardMetrics metrics;
    private final Map<String, RunState> runs = new ConcurrentHashMap<>();
    private final Set<String> runOrder = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());
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
        this(clientConfig, since, clock, latency, metrics, TOPICS);
    }

    /** A feed of only the results (no frames or EC data to show): enough to measure end-to-end latency. */
    public static DashboardFeed resultsOnly(Map<String, Object> clientConfig, Instant since, Clock clock, EndToEndLatency latency,
                                            DashboardMetrics metrics) {
        List<String> topics = new ArrayList<>(STAGE.keySet());
        topics.add(Topics.RUNS); // RunStart anchors each run's master clock to wall-clock time
        return new DashboardFeed(clientConfig, since, clock, latency, metrics, topics);
    }

    private DashboardFeed(Map<String, Object> clientConfig, Instant since, Clock clock, EndToEndLatency latency,
                          DashboardMetrics metrics, List<String> feedTopics) {
        this.feedTopics = feedTopics;
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "operando-dashboard-" + java.util.UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "operando-dashboard");
        // results count once committed: what a scientist's client reading with read_committed can see
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.since = since;
        this.clock = clock;
        this.latency = latency;
        this.metrics = metrics;
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

    /** Runs seen so far, in order of first appearance. */
    public List<String> runs() {
        synchronized (runOrder) {
            return new ArrayList<>(runOrder);
        }
    }

    /** The state of {@code runId}, or null when nothing of it was seen. */
    public RunState run(String runId) {
        return runs.get(runId);
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
        List<TopicPartition> partitions = new ArrayList<>();
        Map<String, List<org.apache.kafka.common.PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(30));
        for (String t : feedTopics) {
            List<org.apache.kafka.common.PartitionInfo> infos = topics.get(t);
            if (infos == null) {
                LOG.warn("Dashboard feed: topic {} does not exist; its data will not be shown", t);
                continue;
            }
            infos.forEach(p -> partitions.add(new TopicPartition(t, p.partition())));
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since.toEpochMilli()));
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
        partitions.forEach(consumer::position); // resolve lazily-evaluated positions now
        assigned = true;
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
        if (stage != null && EndToEndLatency.isFirstRevision(value)) {
            String instrument = value instanceof Rejected rej
                    ? (rej.getInstrumentId() != null ? rej.getInstrumentId() : RecordHeaders.instrument(r.headers()))
                    : instrumentOf(value);
            latency.record(instrument == null ? "unknown" : instrument, stage, latency.acquiredWallMs(value, r.timestamp()), now);
        }
        if (value instanceof Rejected rej) {
            String runId = rej.getRunId() != null ? rej.getRunId() : r.key();
            if (runId != null) {
                state(runId).deadLetter(rej.getInstrumentId() != null ? rej.getInstrumentId() : RecordHeaders.instrument(r.headers()));
            }
            return;
        }
        RunState run = state(r.key() != null ? r.key() : runIdOf(value));
        if (value instanceof Frame f) {
            run.counted(f.getInstrumentId());
            run.frame(f);
            metrics.frameReceived(f.getInstrumentId(), run.modalities.get(f.getInstrumentId()));
        } else if (value instanceof ElectrochemBlock b) {
            run.counted(b.getInstrumentId());
            run.electrochem(b);
        } else if (value instanceof StreamDescriptor d) {
            run.modality(d.getInstrumentId(), d.getModality());
        } else if (value instanceof RunStart s) {
            for (InstrumentInfo i : s.getInstruments()) {
                run.modality(i.getInstrumentId(), i.getModality());
            }
        } else if (value instanceof DriftEstimate d) {
            run.drift(d);
            run.counted("result:drift");
        } else if (value instanceof Registration g) {
            run.registration(g);
            run.counted("result:registration");
        } else if (value instanceof ClockModel c) {
            run.clock(c);
            run.counted("result:clock");
        } else if (value instanceof CorrelatedSample c) {
            run.correlated(c);
            run.counted("result:correlation");
        }
        // RunStop, ground truth, trigger marks: not shown
    }

    private RunState state(String runId) {
        return runs.computeIfAbsent(runId, id -> {
            runOrder.add(id);
            return new RunState(id);
        });
    }

    private static String instrumentOf(SpecificRecord value) {
        Object v = value.get(value.getSchema().getField("instrumentId").pos());
        return v == null ? null : v.toString();
    }

    private static String runIdOf(SpecificRecord value) {
        Object v = value.get(value.getSchema().getField("runId").pos());
        return v == null ? "unknown" : v.toString();
    }

    /** Instruments seen in a run, sorted. */
    static TreeSet<String> instruments(RunState run) {
        TreeSet<String> out = new TreeSet<>(run.frames.keySet());
        out.addAll(run.ec.keySet());
        return out;
    }

    @Override
    public void close() {
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
