package org.operando.ops.recording;

import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.operando.schemas.RecordDecodeException;
import org.operando.schemas.SchemaRegistry;

/**
 * Gives a recorded record a new run id: decodes the Avro single-object bytes by fingerprint, sets {@code runId}
 * and encodes again. Every Operando record has a top-level {@code runId}; bytes that do not decode (a corrupt record
 * captured on purpose) are returned unchanged, so the replay reproduces the fault too.
 */
public final class RunIdRewriter {
    private final String runId;
    private long unchanged;

    public RunIdRewriter(String runId) {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("New run id may not be empty");
        }
        this.runId = runId;
    }

    /** The value with its run id replaced, or the same bytes when they are not a decodable Operando record. */
    public byte[] rewrite(byte[] value) {
        if (value == null) {
            return null;
        }
        SpecificRecord record;
        try {
            record = SchemaRegistry.get().decodeAny(value);
        } catch (RecordDecodeException e) {
            unchanged++;
            return value;
        }
        if (record.getSchema().getField("runId") == null) {
            unchanged++;
            return value;
        }
        ((SpecificRecordBase) record).put("runId", runId);
        return SchemaRegistry.get().encode(record);
    }

    public String runId() {
        return runId;
    }

    /** Values passed through unchanged because they did not decode. */
    public long unchanged() {
        return unchanged;
    }
}
