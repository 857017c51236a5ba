package org.operando.producers.journal;

import java.util.Objects;
import org.operando.producers.Acquired;
import org.operando.schema.Modality;

/**
 * One journaled acquisition record: everything needed to publish it again without the original object.
 *
 * @param index        Chronicle Queue index of the entry (cycle and sequence in cycle); -1 before it is written
 * @param topic        Kafka topic
 * @param runId        run id (the record key)
 * @param instrumentId instrument that made it (the instrument header)
 * @param modality     modality of the instrument
 * @param value        Avro single-object bytes exactly as they will be published
 * @param masterTimeNs time on the master clock, ns (as handed over by the source)
 * @param journaledAtMs wall time of the append, ms since the epoch, from the journal's time provider
 */
public record JournalEntry(long index, String topic, String runId, String instrumentId, Modality modality, byte[] value,
                           long masterTimeNs, long journaledAtMs) {
    public JournalEntry {
        if (topic == null || runId == null || instrumentId == null || modality == null || value == null) {
            throw new IllegalArgumentException("JournalEntry needs topic, runId, instrumentId, modality and value. Got topic="
                    + topic + ", runId=" + runId + ", instrumentId=" + instrumentId + ", modality=" + modality
                    + ", value=" + (value == null ? "null" : value.length + " bytes"));
        }
    }

    /** The record to hand to a {@code Publisher}: the journaled bytes are published verbatim. */
    public Acquired toAcquired() {
        return new Acquired(topic, runId, instrumentId, modality, null, masterTimeNs, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalEntry e && index == e.index && masterTimeNs == e.masterTimeNs && journaledAtMs == e.journaledAtMs
                && topic.equals(e.topic) && runId.equals(e.runId) && instrumentId.equals(e.instrumentId) && modality == e.modality
                && java.util.Arrays.equals(value, e.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, topic, runId, instrumentId, masterTimeNs) * 31 + java.util.Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "JournalEntry[" + index + " " + topic + " " + runId + "/" + instrumentId + " " + value.length + " B]";
    }
}
