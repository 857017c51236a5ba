package org.operando.streams.run;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.FrameAnalysis;
import org.operando.schema.Rejected;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.TriggerMark;
import org.operando.schemas.DeadLetters;
import org.operando.schemas.SchemaRegistry;
import org.operando.streams.OperandoStreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-run stages behind one Kafka Streams processor: a run's small records (run metadata, trigger marks, EC
 * blocks, frame analyses from the pixel stage, and its acquisition records dead-lettered before it; key = run id) in,
 * result records and dead letters out, routed to their topics by type.
 *
 * <p>All state is in changelogged stores ({@link RunLog}): every input is appended to its run's log before the stages
 * see it, in the same transaction as the outputs it causes, and the in-memory {@link RunState} is only a cache,
 * rebuilt from the log when a task starts (after a restart, a rebalance or {@code kill -9} of another instance). So a
 * failover resumes exactly where the failed task's last commit left it, and gives the same results.
 *
 * <p>A run is closed once every record its {@code RunStop} announces has been seen (see {@link RunCompletion}), or
 * when nothing of it has come for {@code operando.alignment.stall.ms} after its stop record; its log is then deleted.
 * A partner stream (optical, EC) silent for {@code operando.alignment.partner.stall.ms} of wall-clock time while the
 * run's other streams deliver is declared stalled (logged, so a rebuild repeats it), and windows stop waiting for it.
 */
public final class RunProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(RunProcessor.class);
    public static final String LOG_STORE = "run-log";
    public static final String INDEX_STORE = "run-index";

    /** A run's progress as its {@link #INDEX_STORE} entry says: inputs logged so far (count), and whether it closed. */
    public record RunProgress(long records, boolean closed) {
        /** Decodes an {@link #INDEX_STORE} value. */
        public static RunProgress of(byte[] indexValue) {
            RunLog.Index i = RunLog.decodeIndex(indexValue);
            return new RunProgress(i.next(), i.closed());
        }
    }
    /** A closed run's index entry is kept this long (wall clock), so late records of it are dead-lettered as such. */
    private static final long FORGET_CLOSED_MS = 24 * 3600_000L;
    /** An open run with no record for this long (wall clock) leaves the in-memory cache. */
    private static final long IDLE_UNCACHE_MS = 600_000L;

    /** Scope of the stages' event counts among the Kafka Streams metrics ({@link Emitter#count}). */
    public static final String METRICS_SCOPE = "operando-run";
    private final OperandoStreamsConfig config;
    private final Map<String, RunState> runs = new HashMap<>();
    private final Map<String, org.apache.kafka.common.metrics.Sensor> sensors = new HashMap<>();
    private ProcessorContext<String, SpecificRecord> context;
    private RunLog log;
    private long currentTimestampMs;
    private boolean replaying;
    /** Runs whose stop record came before all the records it announces: wall-clock time of their latest record, ms. */
    private final Map<String, Long> awaitingSinceMs = new HashMap<>();
    /** Per run, wall-clock time of each instrument's latest record, and of the run's latest record, ms. */
    private final Map<String, Map<String, Long>> lastArrivalMs = new HashMap<>();
    private final Map<String, Set<String>> declaredStalled = new HashMap<>();
    /** Per run, wall-clock time this task first saw one of its records (for runs that never start), ms. */
    private final Map<String, Long> firstArrivalMs = new HashMap<>();
    private long stallMs;
    private long partnerStallMs;
    private long maxRunBytes;

    public RunProcessor(OperandoStreamsConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        // Kafka Streams may re-initialise this instance after rolling its stores back to the last commit (a task
        // revived after a fenced producer): the caches must then be rebuilt from the stores, not kept
        runs.clear();
        awaitingSinceMs.clear();
        lastArrivalMs.clear();
        declaredStalled.clear();
        firstArrivalMs.clear();
        this.log = new RunLog(context.getStateStore(LOG_STORE), context.getStateStore(INDEX_STORE));
        this.stallMs = config.getLong(OperandoStreamsConfig.STALL_MS);
        this.partnerStallMs = config.getLong(OperandoStreamsConfig.PARTNER_STALL_MS);
        this.maxRunBytes = config.getLong(OperandoStreamsConfig.MAX_RUN_BYTES);
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> {
            closeOverdueRuns(now);
            abandonUnstartedRuns(now);
            declareStalledStreams(now);
            uncacheIdleRuns(now);
        });
        context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, now -> log.forgetClosed(now - FORGET_CLOSED_MS));
        sensor(Emitter.REGISTRATION_FAILED); // shown from the start, at 0
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        RecordMetadata meta = context.recordMetadata().orElse(null);
        RunState.Source source = value instanceof FrameAnalysis a
                ? new RunState.Source(a.getSourceTopic(), a.getSourcePartition(), a.getSourceOffset())
                : meta == null ? RunState.Source.UNKNOWN : new RunState.Source(meta.topic(), meta.partition(), meta.offset(), record.timestamp());
        currentTimestampMs = record.timestamp();
        String runId = record.key();
        if (runId == null || value == null) {
            return; // null keys and tombstones are dead-lettered at ingest
        }
        long now = context.currentSystemTimeMs();
        RunLog.Index index = log.index(runId);
        if (index.closed()) {
            if (!(value instanceof Rejected) && !(value instanceof FrameAnalysis a && a.getRejectedReason() != null)) {
                // a run abandoned for want of a RunStart keeps that reason for its later records (the pixel stage can
                // deliver a frame's analysis after the abandon timer fired): they are orphans as the earlier ones were
                deadLetter(runId, value, instrumentOf(value), source, "run", index.abandoned()
                        ? "Run " + runId + " never started: no RunStart came within " + stallMs / 1000 + " s of its first "
                                + "record, and the run was abandoned before this record came"
                        : "Run " + runId + " was closed (all records its RunStop announced were seen, or it stalled) before "
                                + "this record came; it is not part of the run's results");
            }
            return;
        }
        String bodyRun = value instanceof Rejected || value instanceof FrameAnalysis ? null : runIdOf(value);
        if (bodyRun != null && !bodyRun.equals(runId)) {
            deadLetter(runId, value, instrumentOf(value), source, "validate", "Record key '" + runId + "' is not the record's runId '"
                    + bodyRun + "'; records are keyed by their run id");
            return;
        }
        RunState state = state(runId);
        SpecificRecord input = value;
        if (index.bytes() > maxRunBytes && !(value instanceof RunStop)) {
            String id = instrumentOf(value);
            deadLetter(runId, value, id, source, "run", "Run " + runId + " holds " + index.bytes() + " bytes of state, more than "
                    + "operando.run.max.bytes = " + maxRunBytes + "; this record is not processed (the run goes on without it)");
            input = DeadLetters.rejected("run", "state bound", runId, id, source.topic(), source.partition(), source.offset(), null, null);
        }
        log.append(runId, new RunLog.Entry(RunLog.RECORD, input, null, source, currentTimestampMs));
        try {
            state.process(input, source);
        } catch (RuntimeException e) {
            // a rebuild replays this entry and meets the same exception at the same point, so the state stays what
            // the stages made of it; the record itself is dead-lettered here, once
            LOG.error("Run {}: the run stages failed on a {} record", runId, value.getSchema().getName(), e);
            deadLetter(runId, value, instrumentOf(value), source, "run-stages", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        firstArrivalMs.putIfAbsent(runId, now);
        arrived(runId, instrumentOf(input), now);
        afterInput(runId, state, now);
    }

    /** The run's state: cached, or rebuilt from its log (outputs muted: they were committed when first produced). */
    private RunState state(String runId) {
        RunState state = runs.get(runId);
        if (state != null) {
            return state;
        }
        Emitter emitter = new Emitter() {
            @Override
            public void emit(SpecificRecord out) {
                RunProcessor.this.emit(runId, out);
            }

            @Override
            public void count(String event) {
                RunProcessor.this.count(event);
            }
        };
        RunState fresh = new RunState(runId, config, emitter,
                (rejected, instrumentId, source, stage, reason) -> deadLetter(runId, rejected, instrumentId, source, stage, reason));
        long[] replayed = new long[1];
        replaying = true;
        try {
            log.replay(runId, e -> {
                replayed[0]++;
                if (e.type() == RunLog.STALLED) {
                    fresh.stalled(e.instrumentId());
                    declaredStalled.computeIfAbsent(runId, k -> new HashSet<>()).add(e.instrumentId());
                } else {
                    try {
                        fresh.process(e.record(), e.source());
                    } catch (RuntimeException ex) {
                        LOG.debug("Run {}: a logged record fails again while the state is rebuilt (dead-lettered when first seen)", runId);
                    }
                }
            });
        } finally {
            replaying = false;
        }
        if (replayed[0] > 0) {
            LOG.info("Run {}: state rebuilt from {} logged records", runId, replayed[0]);
        }
        runs.put(runId, fresh);
        return fresh;
    }

    private void afterInput(String runId, RunState state, long now) {
        if (state.isClosed()) {
            evict(runId, now, RunLog.CLOSED);
        } else if (state.awaitingRecords()) {
            if (awaitingSinceMs.put(runId, now) == null) {
                LOG.info("Run {}: stop record received; closing once {} more announced records are seen (per instrument: {})",
                        runId, total(state.missingRecords()), state.missingRecords());
            }
        }
    }

    private void evict(String runId, long now, byte why) {
        log.close(runId, now, why);
        runs.remove(runId);
        awaitingSinceMs.remove(runId);
        lastArrivalMs.remove(runId);
        declaredStalled.remove(runId);
        firstArrivalMs.remove(runId);
    }

    private void arrived(String runId, String instrumentId, long now) {
        Map<String, Long> last = lastArrivalMs.computeIfAbsent(runId, k -> new HashMap<>());
        last.put("", now);
        if (instrumentId != null) {
            last.put(instrumentId, now);
            Set<String> stalled = declaredStalled.get(runId);
            if (stalled != null) {
                stalled.remove(instrumentId); // delivering again: the aligner counts it from this record on
            }
        }
    }

    /**
     * A run whose stop record came but whose announced records have not all been seen, and of which nothing has come for
     * the stall period (records lost before Kafka, or dead letters that name no instrument), is closed anyway, with a
     * warning naming what is missing. A run still being worked through (a fast replay's records can trail its stop
     * record by minutes) is not.
     */
    private void closeOverdueRuns(long nowMs) {
        for (var e : new HashMap<>(awaitingSinceMs).entrySet()) {
            String runId = e.getKey();
            RunState state = runs.get(runId);
            if (state == null || !state.awaitingRecords()) {
                awaitingSinceMs.remove(runId);
            } else if (nowMs - e.getValue() >= stallMs) {
                LOG.warn("Run {}: closing, nothing of it has come for {} s since its stop record, and {} announced records "
                        + "never came (per instrument: {}); its last windows may lack them", runId, stallMs / 1000,
                        total(state.missingRecords()), state.missingRecords());
                currentTimestampMs = nowMs;
                state.close();
                evict(runId, nowMs, RunLog.CLOSED);
            }
        }
    }

    /**
     * A run whose RunStart has not come within the stall period of its first record (records of a run that was never
     * started, or a RunStop without its RunStart) is closed: every record it holds is dead-lettered with the reason.
     */
    private void abandonUnstartedRuns(long nowMs) {
        for (String runId : new java.util.ArrayList<>(runs.keySet())) {
            RunState state = runs.get(runId);
            Long first = firstArrivalMs.get(runId);
            if (!state.started() && first != null && nowMs - first >= stallMs) {
                LOG.warn("Run {}: no RunStart within {} s of its first record; dead-lettering what it holds", runId, stallMs / 1000);
                currentTimestampMs = nowMs;
                state.abandon("Run " + runId + " never started: no RunStart came within " + stallMs / 1000
                        + " s of its first record (a run's RunStart must precede its other records)");
                evict(runId, nowMs, RunLog.ABANDONED);
            }
        }
    }

    /** Runs with no record for a while leave memory; their log stays, and rebuilds them if they come back. */
    private void uncacheIdleRuns(long nowMs) {
        for (String runId : new java.util.ArrayList<>(runs.keySet())) {
            Map<String, Long> last = lastArrivalMs.get(runId);
            if (!awaitingSinceMs.containsKey(runId) && (last == null || nowMs - last.getOrDefault("", 0L) >= IDLE_UNCACHE_MS)) {
                runs.remove(runId);
                lastArrivalMs.remove(runId);
                declaredStalled.remove(runId);
            }
        }
    }

    /** Partner streams silent (wall clock) for the partner stall period while the run's other records flow. */
    private void declareStalledStreams(long nowMs) {
        for (var run : runs.entrySet()) {
            String runId = run.getKey();
            Map<String, Long> last = lastArrivalMs.get(runId);
            if (last == null || nowMs - last.getOrDefault("", 0L) >= partnerStallMs) {
                continue; // nothing of the run flows: the run's end (or stop) is handled by closeOverdueRuns
            }
            Set<String> stalled = declaredStalled.computeIfAbsent(runId, k -> new HashSet<>());
            for (String partner : run.getValue().partners()) {
                long seen = last.computeIfAbsent(partner, k -> nowMs); // counted from when this task first saw the run
                if (!stalled.contains(partner) && nowMs - seen >= partnerStallMs) {
                    LOG.warn("Run {}: {} has delivered nothing for {} s while the run's other streams did; its windows no "
                            + "longer wait for it", runId, partner, (nowMs - seen) / 1000);
                    stalled.add(partner);
                    log.append(runId, new RunLog.Entry(RunLog.STALLED, null, partner, RunState.Source.UNKNOWN, nowMs));
                    currentTimestampMs = nowMs;
                    run.getValue().stalled(partner);
                }
            }
        }
    }

    /**
     * Counts a stage's event in the Kafka Streams metric {@code <event>-total} (and {@code -rate}) of group
     * {@code stream-operando-run-metrics}, tagged with this task (exported by {@code /metrics}); not while a run's state
     * is rebuilt, which replays events counted when they happened.
     */
    private void count(String event) {
        if (replaying) {
            return;
        }
        sensor(event).record();
    }

    private org.apache.kafka.common.metrics.Sensor sensor(String event) {
        return sensors.computeIfAbsent(event, e -> context.metrics().addRateTotalSensor(METRICS_SCOPE, context.taskId().toString(), e,
                org.apache.kafka.common.metrics.Sensor.RecordingLevel.INFO));
    }

    private void emit(String runId, SpecificRecord out) {
        if (!replaying) {
            context.forward(new Record<>(runId, out, currentTimestampMs));
        }
    }

    private void deadLetter(String runId, SpecificRecord rejected, String instrumentId, RunState.Source source, String stage,
                            String reason) {
        if (replaying) {
            return;
        }
        LOG.warn("Dead-lettering {} record {}-{}@{} of {} in run {}: {}", stage, source.topic(), source.partition(),
                source.offset(), instrumentId, runId, reason);
        context.forward(new Record<>(runId, DeadLetters.rejected(stage, StageReasons.code(stage, reason), reason, runId, instrumentId, source.topic(),
                source.partition(), source.offset(), runId.getBytes(StandardCharsets.UTF_8), SchemaRegistry.get().encode(rejected)),
                currentTimestampMs));
    }

    private static String instrumentOf(SpecificRecord r) {
        if (r instanceof TriggerMark m) {
            return m.getInstrumentId();
        } else if (r instanceof FrameAnalysis f) {
            return f.getInstrumentId();
        } else if (r instanceof ElectrochemBlock b) {
            return b.getInstrumentId();
        } else if (r instanceof Rejected d) {
            return d.getInstrumentId();
        } else if (r instanceof StreamDescriptor d) {
            return d.getInstrumentId();
        } else if (r instanceof RunStart s) {
            return s.getInstrumentId();
        } else if (r instanceof RunStop s) {
            return s.getInstrumentId();
        }
        return null;
    }

    @Override
    public void close() {
        runs.clear();
        sensors.values().forEach(context.metrics()::removeSensor);
        sensors.clear();
    }

    private static String runIdOf(SpecificRecord r) {
        var field = r.getSchema().getField("runId");
        Object v = field == null ? null : r.get(field.pos());
        return v == null ? null : v.toString();
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
