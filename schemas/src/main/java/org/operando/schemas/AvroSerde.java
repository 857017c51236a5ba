package org.operando.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one Operando record type in Avro single-object encoding (see {@link SchemaRegistry}).
 * Undecodable bytes raise {@link RecordDecodeException}, which Kafka Streams hands to
 * {@link DeadLetterHandler} so the record becomes a {@code Rejected} dead letter; a record too large for a topic fails
 * to serialize ({@link SchemaRegistry#encodeForTopic}), which Kafka Streams hands to {@link ProductionDeadLetterHandler}.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {
    private final Class<T> type;

    private AvroSerde(Class<T> type) {
        this.type = type;
    }

    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        if (!SchemaRegistry.RECORD_TYPES.contains(type)) {
            throw new IllegalArgumentException("Not a top-level Operando record type: " + type.getName());
        }
        return new AvroSerde<>(type);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : SchemaRegistry.get().encodeForTopic(data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : SchemaRegistry.get().decode(data, type);
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
