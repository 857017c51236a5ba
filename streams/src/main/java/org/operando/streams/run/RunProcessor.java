package org.operando.streams.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schemas.DeadLetters;
import org.operando.schemas.SchemaRegistry;
import org.operando.streams.OperandoStreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-run processing stages behind one Kafka Streams processor: records of a run (descriptors, trigger marks,
 * frames, EC blocks, and its acquisition records dead-lettered at ingest; key = run id) in, result records and dead
 * letters out, routed to their topics by type. A run is closed once every record its {@code RunStop} announces has
 * been seen (see {@link RunCompletion}), or when nothing of it has come for {@code operando.alignment.stall.ms} after
 * its stop record.
 *
 * <p>Run metadata (modalities, trigger period) is kept in a state store and survives restarts. The numeric state
 * (clock fits, open alignment windows, drift trackers) lives in memory: after a crash or rebalance it is rebuilt from
 * the records that follow, and windows open at that moment are not emitted (see docs/decisions/004).
 */
public final class RunProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(RunProcessor.class);
    /** Run metadata (RunStart, StreamDescriptors) by "runId|instrumentId": survives restarts through its changelog. */
    public static final String DESCRIPTOR_STORE = "run-descriptors";

    private final OperandoStreamsConfig config;
    private final Map<String, RunState> runs = new HashMap<>();
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, SpecificRecord> metadata;
    private Record<String, SpecificRecord> current;
    /** Runs whose stop record came before all the records it announces: wall-clock time of their latest record, ms. */
    private final Map<String, Long> awaitingSinceMs = new HashMap<>();
    private long stallMs;

    public RunProcessor(OperandoStreamsConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.metadata = context.getStateStore(DESCRIPTOR_STORE);
        this.stallMs = config.getLong(OperandoStreamsConfig.STALL_MS);
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::closeOverdueRuns);
    }

    /**
     * A run whose stop record came but whose announced records have not all been seen, and of which nothing has come for
     * the stall period (records lost before Kafka, or dead letters that name no instrument), is closed anyway, with a
     * warning naming what is missing. A run still being worked through (a fast replay's records can trail its stop
     * record by minutes) is not.
     */
    private void closeOverdueRuns(long nowMs) {
        for (var it = awaitingSinceMs.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            RunState state = runs.get(e.getKey());
            if (state == null || !state.awaitingRecords()) {
                it.remove();
            } else if (nowMs - e.getValue() >= stallMs) {
                LOG.warn("Run {}: closing, nothing of it has come for {} s since its stop record, and {} announced records "
                        + "never came (per instrument: {}); its last windows may lack them", e.getKey(), stallMs / 1000,
                        total(state.missingRecords()), state.missingRecords());
                current = new Record<>(e.getKey(), null, nowMs);
                state.close();
                it.remove();
            }
        }
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        current = record;
        String runId = record.key();
        if (record.value() instanceof RunStart start) {
            metadata.put(runId + "|", start);
        } else if (record.value() instanceof StreamDescriptor d) {
            metadata.put(runId + "|" + d.getInstrumentId(), d);
        }
        RunState state = runs.get(runId);
        if (state == null) {
            List<SpecificRecord> known = new ArrayList<>();
            try (KeyValueIterator<String, SpecificRecord> it = metadata.prefixScan(runId + "|", new StringSerializer())) {
                it.forEachRemaining(kv -> known.add(kv.value));
            }
            state = new RunState(runId, config, out -> context.forward(current.withKey(runId).withValue(out)),
                    (rejected, instrumentId, stage, reason) -> reject(runId, rejected, instrumentId, stage, reason));
            runs.put(runId, state);
            if (!known.isEmpty()) {
                LOG.info("Run {}: resumed with {} metadata records from the store", runId, known.size());
            }
            known.forEach(state::process);
        }
        state.process(record.value());
        if (state.awaitingRecords()) {
            if (awaitingSinceMs.put(runId, context.currentSystemTimeMs()) == null) {
                LOG.info("Run {}: stop record received; closing once {} more announced records are seen (per instrument: {})",
                        runId, total(state.missingRecords()), state.missingRecords());
            }
        }
    }

    private void reject(String runId, SpecificRecord rejected, String instrumentId, String stage, String reason) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        LOG.warn("Dead-lettering {} record of {} in run {}: {}", stage, instrumentId, runId, reason);
        context.forward(current.withValue(DeadLetters.rejected(stage, reason, runId, instrumentId,
                meta == null ? "unknown" : meta.topic(), meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset(),
                runId.getBytes(java.nio.charset.StandardCharsets.UTF_8), SchemaRegistry.get().encode(rejected))));
    }
}
