package org.operando.streams;

import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.operando.schema.Rejected;
import org.operando.schemas.DeadLetters;
import org.operando.schemas.SchemaRegistry;
import org.operando.streams.ingest.IngestTopology.RecordOrReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns records that fail a stage's check into {@code Rejected} dead letters with source topic, partition and offset. */
public final class DeadLetterRouter {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRouter.class);

    private DeadLetterRouter() {
    }

    /** Builds the dead letter for {@code record} as seen by the processor whose context is given. */
    public static Rejected reject(FixedKeyProcessorContext<?, ?> context, String stage, String reason, String runId,
                                  String instrumentId, SpecificRecord record) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        String topic = meta.map(RecordMetadata::topic).orElse("unknown");
        int partition = meta.map(RecordMetadata::partition).orElse(-1);
        long offset = meta.map(RecordMetadata::offset).orElse(-1L);
        LOG.warn("Dead-lettering {} record {}-{}@{} of {}: {}", stage, topic, partition, offset, instrumentId, reason);
        byte[] key = runId == null ? null : runId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return DeadLetters.rejected(stage, reason, runId, instrumentId, topic, partition, offset, key,
                record == null ? null : SchemaRegistry.get().encode(record));
    }

    /** A processor that keeps valid records and wraps invalid ones as dead letters. */
    public static final class Check<T extends SpecificRecord> implements FixedKeyProcessor<String, T, RecordOrReason<T>> {
        private final Function<T, Optional<String>> check;
        private final Function<T, String> instrument;
        private final String stage;
        private FixedKeyProcessorContext<String, RecordOrReason<T>> context;

        public Check(Function<T, Optional<String>> check, Function<T, String> instrument, String stage) {
            this.check = check;
            this.instrument = instrument;
            this.stage = stage;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, RecordOrReason<T>> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, T> record) {
            if (record.value() == null) {
                return; // tombstone: nothing to process or lose
            }
            Optional<String> reason = check.apply(record.value());
            if (reason.isEmpty()) {
                context.forward(record.withValue(new RecordOrReason<>(record.value(), null)));
            } else {
                Rejected rejected = reject(context, stage, reason.get(), record.key(), instrument.apply(record.value()), record.value());
                context.forward(record.withValue(new RecordOrReason<>(null, rejected)));
            }
        }
    }
}
