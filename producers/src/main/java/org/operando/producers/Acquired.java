package org.operando.producers;

import org.apache.avro.specific.SpecificRecord;
import org.operando.schema.Modality;

/**
 * One record an instrument hands to its producer: where it goes, whose it is, and when it happened on the master
 * clock (used only to pace a simulated or replayed run; real producers publish as data arrive).
 *
 * @param encodedBytes when non-null, these bytes are published as they are instead of encoding {@code record}: bytes
 *                     already encoded (read back from the acquisition journal) or deliberately corrupted ones (fault
 *                     injection for the dead-letter path)
 */
public record Acquired(String topic, String runId, String instrumentId, Modality modality, SpecificRecord record,
                       long masterTimeNs, byte[] encodedBytes) {
    public Acquired {
        if (topic == null || runId == null || instrumentId == null || modality == null) {
            throw new IllegalArgumentException("Acquired needs topic, runId, instrumentId and modality. Got topic=" + topic
                    + ", runId=" + runId + ", instrumentId=" + instrumentId + ", modality=" + modality);
        }
        if (record == null && encodedBytes == null) {
            throw new IllegalArgumentException("Acquired needs a record or corrupt bytes for " + instrumentId);
        }
    }

    public static Acquired of(String topic, String runId, String instrumentId, Modality modality, SpecificRecord record,
                              long masterTimeNs) {
        return new Acquired(topic, runId, instrumentId, modality, record, masterTimeNs, null);
    }

    public Acquired withEncodedBytes(byte[] bytes) {
        return new Acquired(topic, runId, instrumentId, modality, record, masterTimeNs, bytes);
    }
}
