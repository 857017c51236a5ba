package org.operando.schemas;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.operando.schema.ReasonCode;
import org.operando.schema.Rejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams processing-exception handler: whatever a processor throws for a record becomes a {@code Rejected}
 * dead letter ({@link ReasonCode#STAGE_FAILURE}) naming the failing processor node as the stage, the exception as the
 * reason, and the source record's own topic, partition, offset and raw bytes; processing resumes with the next record,
 * so no record can stop a stream thread. The dead letter is written in the same transaction as the task's other
 * output (KIP-1034). Configure with
 * {@code processing.exception.handler=org.operando.schemas.ProcessingDeadLetterHandler}.
 *
 * <p>A failure in a punctuation has no record: its dead letter names the processor and keeps no bytes. A
 * {@link StreamsException} (raised by Kafka Streams itself: a refused send, a failed state store) is not the record's
 * fault and fails the task instead, so that the replaced thread resumes it from its last commit.
 */
public final class ProcessingDeadLetterHandler implements ProcessingExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessingDeadLetterHandler.class);

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String stage = context.processorNodeId() == null ? "unknown-processor" : context.processorNodeId();
        if (exception instanceof StreamsException) {
            // raised by Kafka Streams itself (a send the producer refused, a state store that failed), not by a stage
            // meeting this record: skipping the record would not help, and the task's transaction may be lost already.
            // Failing lets the thread be replaced and the task resume from its last commit.
            LOG.error("Processor {} failed on record {}-{}@{} inside Kafka Streams ({}); failing the task", stage, context.topic(),
                    context.partition(), context.offset(), exception.toString());
            return Response.fail();
        }
        String reason = describe(exception) + (record == null ? " (in a punctuation of " + stage + ")" : "");
        try {
            String runId = runId(context, record);
            String instrumentId = instrument(context, record);
            LOG.warn("Dead-lettering record {}-{}@{} that processor {} failed on: {}", context.topic(), context.partition(),
                    context.offset(), stage, reason, exception);
            Rejected rejected = DeadLetters.rejected(stage, ReasonCode.STAGE_FAILURE, reason, runId, instrumentId, context.topic(),
                    context.topic() == null ? -1 : context.partition(), context.topic() == null ? -1 : context.offset(),
                    context.sourceRawKey(), context.sourceRawValue());
            byte[] key = context.sourceRawKey() != null ? context.sourceRawKey()
                    : runId == null ? null : runId.getBytes(StandardCharsets.UTF_8);
            return Response.resume(List.of(DeadLetters.toProducerRecord(rejected, key, Math.max(0, context.timestamp()))));
        } catch (RuntimeException e) {
            // never let the handler itself stop the thread: the failure is logged, the record skipped
            LOG.error("Could not build the dead letter for record {}-{}@{} that processor {} failed on ({}); skipping it",
                    context.topic(), context.partition(), context.offset(), stage, reason, e);
            return Response.resume();
        }
    }

    /** The exception class and message, and the root cause's when it differs: what an operator needs to find the bug. */
    static String describe(Throwable exception) {
        StringBuilder out = new StringBuilder(exception.getClass().getSimpleName());
        if (exception.getMessage() != null) {
            out.append(": ").append(exception.getMessage());
        }
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != exception) {
            out.append("; caused by ").append(root.getClass().getSimpleName());
            if (root.getMessage() != null) {
                out.append(": ").append(root.getMessage());
            }
        }
        return out.toString();
    }

    private static String runId(ErrorHandlerContext context, Record<?, ?> record) {
        if (record != null && record.key() instanceof String key) {
            return key;
        }
        byte[] raw = context.sourceRawKey();
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }

    /** The instrument of the record being processed, from its body when it has one, else from the source's header. */
    private static String instrument(ErrorHandlerContext context, Record<?, ?> record) {
        if (record != null && record.value() instanceof SpecificRecord value) {
            Schema.Field field = value.getSchema().getField("instrumentId");
            if (field != null && value.get(field.pos()) != null) {
                return value.get(field.pos()).toString();
            }
        }
        return RecordHeaders.instrument(context.headers());
    }
}
