package org.operando.ops.recording;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One Kafka record as captured by the recorder: where it was, when, and its key, value and headers byte for byte.
 *
 * @param timestampMs the record's Kafka timestamp (producer create time), ms since the epoch; replay paces on it
 */
public record RecordedRecord(String topic, int partition, long offset, long timestampMs, String key, byte[] value,
                             List<Header> headers) {
    /** One Kafka header. */
    public record Header(String key, byte[] value) {
        public Header {
            Objects.requireNonNull(key, "header key");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Header h && key.equals(h.key) && Arrays.equals(value, h.value);
        }

        @Override
        public int hashCode() {
            return key.hashCode() * 31 + Arrays.hashCode(value);
        }
    }

    public RecordedRecord {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("Partition and offset may not be negative. Got partition=" + partition
                    + ", offset=" + offset);
        }
        headers = List.copyOf(headers);
    }

    /** Bytes of key and value (what the progress and index count). */
    public long size() {
        return (value == null ? 0 : value.length) + (key == null ? 0 : key.length());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordedRecord r && topic.equals(r.topic) && partition == r.partition && offset == r.offset
                && timestampMs == r.timestampMs && Objects.equals(key, r.key) && Arrays.equals(value, r.value)
                && headers.equals(r.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset, timestampMs, key) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RecordedRecord[" + topic + "-" + partition + "@" + offset + " key=" + key + " "
                + (value == null ? "null" : value.length + " B") + "]";
    }
}
