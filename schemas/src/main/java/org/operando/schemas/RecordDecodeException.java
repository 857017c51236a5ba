package org.operando.schemas;

import org.apache.kafka.common.errors.SerializationException;
import org.operando.schema.ReasonCode;

/**
 * Bytes that are not a decodable Operando record: the message says what was wrong and what was expected, the
 * {@link #code()} which class of fault it is (not Avro, unknown schema, wrong type for the topic, corrupt body, ...).
 */
public final class RecordDecodeException extends SerializationException {
    private final ReasonCode code;

    public RecordDecodeException(ReasonCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public RecordDecodeException(ReasonCode code, String message) {
        super(message);
        this.code = code;
    }

    /** The class of the fault, for the dead letter's {@code reasonCode}. */
    public ReasonCode code() {
        return code;
    }
}
