package org.operando.streams;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.operando.schema.ReasonCode;
import org.operando.schema.Rejected;
import org.operando.schemas.DeadLetters;
import org.operando.schemas.Invalid;
import org.operando.schemas.RecordHeaders;
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
    public static Rejected reject(FixedKeyProcessorContext<?, ?> context, String stage, ReasonCode code, String reason, String runId,
                                  String instrumentId, SpecificRecord record) {
        return reject(context, stage, code, reason, runId, instrumentId, runId, record);
    }

    /** As above, with the record's own key when it is not the run id (null, or another run's). */
    static Rejected reject(FixedKeyProcessorContext<?, ?> context, String stage, ReasonCode code, String reason, String runId,
                           String instrumentId, String originalKey, SpecificRecord record) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        String topic = meta.map(RecordMetadata::topic).orElse("unknown");
        int partition = meta.map(RecordMetadata::partition).orElse(-1);
        long offset = meta.map(RecordMetadata::offset).orElse(-1L);
        LOG.warn("Dead-lettering {} record {}-{}@{} of {}: {} ({})", stage, topic, partition, offset, instrumentId, reason, code);
        byte[] key = originalKey == null ? null : originalKey.getBytes(StandardCharsets.UTF_8);
        return DeadLetters.rejected(stage, code, reason, runId, instrumentId, topic, partition, offset, key,
                record == null ? null : SchemaRegistry.get().encode(record));
    }

    /** As {@link #reject(FixedKeyProcessorContext, String, ReasonCode, String, String, String, SpecificRecord)}, code from the stage. */
    public static Rejected reject(FixedKeyProcessorContext<?, ?> context, String stage, String reason, String runId,
                                  String instrumentId, SpecificRecord record) {
        return reject(context, stage, ReasonCode.UNSPECIFIED, reason, runId, instrumentId, record);
    }

    /**
     * A processor that keeps valid records and wraps the others as dead letters (never throws): a tombstone (null value)
     * or a record without a key is dead-lettered with the instrument named by its header; a record whose key is not the
     * body's run id (records are keyed by run id so a run's streams are co-partitioned) is dead-lettered with the body's
     * run id; then the record's own check decides.
     */
    public static final class Check<T extends SpecificRecord> implements FixedKeyProcessor<String, T, RecordOrReason<T>> {
        private final Function<T, Optional<Invalid>> check;
        private final Function<T, String> instrument;
        private final Function<T, String> runId;
        private final String stage;
        private FixedKeyProcessorContext<String, RecordOrReason<T>> context;

        public Check(Function<T, Optional<Invalid>> check, Function<T, String> instrument, Function<T, String> runId, String stage) {
            this.check = check;
            this.instrument = instrument;
            this.runId = runId;
            this.stage = stage;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, RecordOrReason<T>> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, T> record) {
            Rejected rejected = rejection(record);
            context.forward(record.withValue(rejected == null
                    ? new RecordOrReason<>(record.value(), null) : new RecordOrReason<>(null, rejected)));
        }

        private Rejected rejection(FixedKeyRecord<String, T> record) {
            T value = record.value();
            if (value == null) {
                return reject(context, stage, ReasonCode.TOMBSTONE, "Record has no value (a tombstone)" + keyed(record.key())
                        + "; expected an Avro record: Operando topics are not compacted", record.key(), header(record.headers()),
                        record.key(), null);
            }
            String bodyRunId = runId.apply(value);
            String instrumentId = instrument.apply(value);
            if (record.key() == null) {
                return reject(context, stage, ReasonCode.NULL_KEY, "Record has no key; expected the run id '" + bodyRunId
                        + "' as key, so the run's streams are co-partitioned", bodyRunId, instrumentId, null, value);
            }
            if (!record.key().equals(bodyRunId)) {
                return reject(context, stage, ReasonCode.KEY_MISMATCH, "Record key '" + record.key() + "' is not its run id '"
                        + bodyRunId + "'; expected records keyed by run id", bodyRunId, instrumentId, record.key(), value);
            }
            Optional<Invalid> invalid;
            try {
                invalid = check.apply(value);
            } catch (RuntimeException e) {
                invalid = Optional.of(new Invalid(ReasonCode.STAGE_FAILURE, "Validation failed: " + e));
            }
            return invalid.map(i -> reject(context, stage, i.code(), i.reason(), record.key(), instrumentId, value)).orElse(null);
        }

        private static String keyed(String key) {
            return key == null ? " and no key" : " for key '" + key + "'";
        }

        private static String header(Headers headers) {
            return RecordHeaders.instrument(headers);
        }
    }
}
