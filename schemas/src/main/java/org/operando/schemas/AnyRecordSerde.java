package org.operando.schemas;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serde for topics that carry several record types (e.g. {@code operando.runs}): the fingerprint picks the type. */
public final class AnyRecordSerde implements Serde<SpecificRecord> {
    @Override
    public Serializer<SpecificRecord> serializer() {
        return (topic, data) -> data == null ? null : SchemaRegistry.get().encodeForTopic(data);
    }

    @Override
    public Deserializer<SpecificRecord> deserializer() {
        return (topic, data) -> data == null ? null : SchemaRegistry.get().decodeAny(data);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }
}
