package org.operando.streams.run;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.operando.schema.RunStart;
import org.operando.schemas.DeadLetters;
import org.operando.schemas.SchemaRegistry;
import org.operando.streams.OperandoStreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-run processing stages behind one Kafka Streams processor: records of a run (descriptors, trigger marks,
 * frames, EC blocks; key = run id) in, result records and dead letters out, routed to their topics by type.
 *
 * <p>Limitation: the per-run state lives in memory; after a crash or rebalance a run's clock models and open
 * windows are rebuilt from the records that follow (see docs/decisions/004).
 */
public final class RunProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(RunProcessor.class);
    private static final long DEFAULT_TRIGGER_PERIOD_NS = 100_000_000L;

    private final OperandoStreamsConfig config;
    private final Map<String, RunState> runs = new HashMap<>();
    private ProcessorContext<String, SpecificRecord> context;
    private Record<String, SpecificRecord> current;

    public RunProcessor(OperandoStreamsConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        current = record;
        RunState state = runs.get(record.key());
        if (state == null) {
            long period = record.value() instanceof RunStart s && s.getTriggerPeriodNs() != null
                    ? s.getTriggerPeriodNs() : DEFAULT_TRIGGER_PERIOD_NS;
            String runId = record.key();
            state = new RunState(runId, config, period, out -> context.forward(current.withValue(out)),
                    (rejected, instrumentId, stage, reason) -> reject(runId, rejected, instrumentId, stage, reason));
            runs.put(runId, state);
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
