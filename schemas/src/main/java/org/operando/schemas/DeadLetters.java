package org.operando.schemas;

import java.nio.ByteBuffer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.operando.schema.ReasonCode;
import org.operando.schema.Rejected;

/**
 * Builds {@code Rejected} dead letters that keep the original bytes and say why: the stage, a {@link ReasonCode} (a
 * bounded class, for counting) and a reason in words (what was wrong and what was expected). Every code is explained for
 * operators in docs/dead-letters.md.
 */
public final class DeadLetters {
    /**
     * Largest original key + value a dead letter keeps: the dead letter must fit the dead-letter topic's
     * {@code max.message.bytes} and the producer's {@code max.request.size} ({@link Topics#MAX_RECORD_BYTES}) with its
     * own fields and headers; a record too large to be kept whole is dead-lettered without its value, and says so.
     */
    public static final int MAX_KEPT_BYTES = Topics.MAX_RECORD_BYTES - 64 * 1024;

    /** Longest reason text kept (characters); a longer one (an exception message quoting data) is cut. */
    public static final int MAX_REASON_CHARS = 4096;

    private DeadLetters() {
    }

    /** A dead letter with an explicit reason code. */
    public static Rejected rejected(String stage, ReasonCode code, String reason, String runId, String instrumentId, String topic,
                                    int partition, long offset, byte[] key, byte[] value) {
        String why = reason == null ? "no reason given"
                : reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "... (" + reason.length() + " characters)" : reason;
        byte[] kept = value;
        if (value != null && value.length + (key == null ? 0 : key.length) > MAX_KEPT_BYTES) {
            why += " [original value of " + value.length + " bytes not kept: larger than a dead letter may be ("
                    + MAX_KEPT_BYTES + " bytes); read it from the source offset while the topic retains it]";
            kept = null;
        }
        return Rejected.newBuilder()
                .setStage(stage)
                .setReasonCode(code == null ? ReasonCode.UNSPECIFIED : code)
                .setReason(why)
                .setRunId(runId)
                .setInstrumentId(instrumentId)
                .setSourceTopic(topic == null ? "unknown" : topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(kept == null ? null : ByteBuffer.wrap(kept))
                .build();
    }

    /**
     * A dead letter whose code follows from the stage alone (the stages that call this reject for one kind of reason):
     * {@code align} → {@link ReasonCode#LATE}, an image stage
     * ({@code drift}, {@code registration}, {@code features}) → {@link ReasonCode#STAGE_FAILURE}; otherwise
     * {@link ReasonCode#UNSPECIFIED} ({@code sync} rejects for a missing announcement or a missing clock model: it should
     * say which). Prefer the overload with an explicit code.
     */
    public static Rejected rejected(String stage, String reason, String runId, String instrumentId, String topic,
                                    int partition, long offset, byte[] key, byte[] value) {
        return rejected(stage, codeOfStage(stage), reason, runId, instrumentId, topic, partition, offset, key, value);
    }

    static ReasonCode codeOfStage(String stage) {
        if (stage == null) {
            return ReasonCode.UNSPECIFIED;
        }
        return switch (stage) {
            case "align" -> ReasonCode.LATE;
            case "drift", "registration", "features" -> ReasonCode.STAGE_FAILURE;
            default -> ReasonCode.UNSPECIFIED;
        };
    }

    /** A producer record for the dead-letter topic, keyed like the source (run id) and tagged with the instrument. */
    public static ProducerRecord<byte[], byte[]> toProducerRecord(Rejected rejected, byte[] key, long timestampMs) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.DEAD_LETTERS, null, timestampMs, key,
                SchemaRegistry.get().encode(rejected));
        if (rejected.getInstrumentId() != null) {
            RecordHeaders.setInstrument(record.headers(), rejected.getInstrumentId());
        }
        return record;
    }
}
