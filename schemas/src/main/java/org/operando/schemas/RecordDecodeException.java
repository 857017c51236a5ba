package org.operando.schemas;

import org.apache.kafka.common.errors.SerializationException;

/** Bytes that are not a decodable Operando record: the message says what was wrong and what was expected. */
public final class RecordDecodeException extends SerializationException {
    public RecordDecodeException(String message, Throwable cause) {
        super(message, cause);
    }

    public RecordDecodeException(String message) {
        super(message);
    }
}
