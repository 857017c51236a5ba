package org.operando.schemas;

import java.nio.ByteBuffer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.operando.schema.Rejected;

/** Builds {@code Rejected} dead letters that keep the original bytes and say why. */
public final class DeadLetters {
    private DeadLetters() {
    }

    public static Rejected rejected(String stage, String reason, String runId, String instrumentId, String topic,
                                    int partition, long offset, byte[] key, byte[] value) {
        return Rejected.newBuilder()
                .setStage(stage)
                .setReason(reason == null ? "no reason given" : reason)
                .setRunId(runId)
                .setInstrumentId(instrumentId)
                .setSourceTopic(topic == null ? "unknown" : topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .build();
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
