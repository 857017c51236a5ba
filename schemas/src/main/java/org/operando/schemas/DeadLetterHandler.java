package org.operando.schemas;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.operando.schema.ReasonCode;
import org.operando.schema.Rejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams deserialization handler: a record that cannot be decoded is logged with topic, partition and
 * offset, and sent to the dead-letter topic as a {@code Rejected} record holding the reason and the original
 * bytes, and the {@link ReasonCode} of the fault ({@link RecordDecodeException#code()}); processing resumes with the
 * next record. Configure with
 * {@code deserialization.exception.handler=org.operando.schemas.DeadLetterHandler}.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String reason = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
        LOG.warn("Dead-lettering undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
        String runId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        ReasonCode code = exception instanceof RecordDecodeException decode ? decode.code() : ReasonCode.CORRUPT_BODY;
        Rejected rejected = DeadLetters.rejected("decode", code, reason, runId, RecordHeaders.instrument(record.headers()),
                record.topic(), record.partition(), record.offset(), record.key(), record.value());
        return Response.resume(List.of(DeadLetters.toProducerRecord(rejected, record.key(), Math.max(0, record.timestamp()))));
    }
}
