package org.operando.schemas;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.operando.schema.ReasonCode;
import org.operando.schema.Rejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams production-exception handler. A result that cannot be serialized, in particular one larger than a
 * topic accepts (the serdes refuse it, {@link SchemaRegistry#encodeForTopic}), becomes a {@code Rejected} dead letter
 * (stage {@code produce}, {@link ReasonCode#RECORD_TOO_LARGE} or {@link ReasonCode#INCONSISTENT}) naming the source
 * record's topic, partition and offset, the target topic and the size; processing goes on. The oversized value itself
 * is not kept (it would not fit either). Configure with
 * {@code production.exception.handler=org.operando.schemas.ProductionDeadLetterHandler}.
 *
 * <p>A {@link RecordTooLargeException} from the producer itself (a serde that does not check, or limits set lower than
 * {@link Topics#MAX_RECORD_BYTES}) is dead-lettered the same way, and processing resumes; but under exactly-once the
 * producer has then already marked the transaction for abort, so the task fails at its next send or commit and meets
 * the record again after its restart. That is why the serdes check the size before the producer does. Retriable errors
 * are retried; anything else fails the thread, which the uncaught-exception handler replaces. Dead letters themselves
 * are bounded ({@link DeadLetters#MAX_KEPT_BYTES}) so that they never hit this.
 */
public final class ProductionDeadLetterHandler implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProductionDeadLetterHandler.class);
    static final String STAGE = "produce";

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RecordTooLargeException) {
            String reason = "Result for " + record.topic() + " of " + (record.value() == null ? 0 : record.value().length)
                    + " bytes is too large to publish (" + exception.getMessage() + ")";
            return deadLetter(context, record, ReasonCode.RECORD_TOO_LARGE, reason);
        }
        if (exception instanceof RetriableException) {
            LOG.warn("Retrying a result for {} after a retriable error: {}", record.topic(), exception.toString());
            return Response.retry();
        }
        LOG.error("Could not publish a result for {} (source {}-{}@{}): failing the stream thread", record.topic(),
                context.topic(), context.partition(), context.offset(), exception);
        return Response.fail();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        String reason = "Result for " + record.topic() + " cannot be serialized (" + origin.name().toLowerCase(java.util.Locale.ROOT)
                + "): " + ProcessingDeadLetterHandler.describe(exception);
        ReasonCode code = exception instanceof RecordDecodeException e ? e.code() : ReasonCode.INCONSISTENT;
        return deadLetter(context, null, code, reason);
    }

    private static Response deadLetter(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, ReasonCode code, String reason) {
        try {
            byte[] key = context.sourceRawKey() != null ? context.sourceRawKey() : record == null ? null : record.key();
            String runId = key == null ? null : new String(key, StandardCharsets.UTF_8);
            String instrument = RecordHeaders.instrument(context.headers());
            LOG.warn("Dead-lettering the result of source record {}-{}@{} (processor {}): {}", context.topic(), context.partition(),
                    context.offset(), context.processorNodeId(), reason);
            Rejected rejected = DeadLetters.rejected(STAGE, code, reason + " [processor " + context.processorNodeId() + "]", runId,
                    instrument, context.topic(), context.topic() == null ? -1 : context.partition(),
                    context.topic() == null ? -1 : context.offset(), key, context.sourceRawValue());
            return Response.resume(List.of(DeadLetters.toProducerRecord(rejected, key, Math.max(0, context.timestamp()))));
        } catch (RuntimeException e) {
            LOG.error("Could not build the dead letter for an unpublishable result ({}); skipping it", reason, e);
            return Response.resume();
        }
    }
}
