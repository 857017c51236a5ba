package org.operando.streams.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.operando.schema.RunStart;
import org.operando.schema.StreamDescriptor;
import org.operando.schemas.DeadLetters;
import org.operando.schemas.SchemaRegistry;
import org.operando.streams.OperandoStreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-run processing stages behind one Kafka Streams processor: records of a run (descriptors, trigger marks,
 * frames, EC blocks; key = run id) in, result records and dead letters out, routed to their topics by type.
 *
 * <p>Run metadata (modalities, trigger period) is kept in a state store and survives restarts. The numeric state
 * (clock fits, open alignment windows, drift trackers) lives in memory: after a crash or rebalance it is rebuilt from
 * the records that follow, and windows open at that moment are not emitted (see docs/decisions/004).
 */
public final class RunProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(RunProcessor.class);
    private static final long DEFAULT_TRIGGER_PERIOD_NS = 100_000_000L;
    /** Run metadata (RunStart, StreamDescriptors) by "runId|instrumentId": survives restarts through its changelog. */
    public static final String DESCRIPTOR_STORE = "run-descriptors";

    private final OperandoStreamsConfig config;
    private final Map<String, RunState> runs = new HashMap<>();
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, SpecificRecord> metadata;
    private Record<String, SpecificRecord> current;

    public RunProcessor(OperandoStreamsConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.metadata = context.getStateStore(DESCRIPTOR_STORE);
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
            long period = known.stream().filter(r -> r instanceof RunStart s && s.getTriggerPeriodNs() != null)
                    .map(r -> ((RunStart) r).getTriggerPeriodNs()).findFirst().orElse(DEFAULT_TRIGGER_PERIOD_NS);
            state = new RunState(runId, config, period, out -> context.forward(current.withValue(out)),
                    (rejected, instrumentId, stage, reason) -> reject(runId, rejected, instrumentId, stage, reason));
            runs.put(runId, state);
            if (!known.isEmpty()) {
                LOG.info("Run {}: resumed with {} metadata records from the store", runId, known.size());
            }
            known.forEach(state::process);
        }
        state.process(record.value());
    }

    private void reject(String runId, SpecificRecord rejected, String instrumentId, String stage, String reason) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        LOG.warn("Dead-lettering {} record of {} in run {}: {}", stage, instrumentId, runId, reason);
        context.forward(current.withValue(DeadLetters.rejected(stage, reason, runId, instrumentId,
                meta == null ? "unknown" : meta.topic(), meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset(),
                runId.getBytes(java.nio.charset.StandardCharsets.UTF_8), SchemaRegistry.get().encode(rejected))));
    }
}
