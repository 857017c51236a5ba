package org.operando.schemas;

import org.operando.schema.ReasonCode;

/** A frame's pixel payload that does not hold the pixels its header declares; {@link #invalid()} says why. */
public final class InvalidPayloadException extends IllegalArgumentException {
    private final transient Invalid invalid;

    public InvalidPayloadException(ReasonCode code, String message, Throwable cause) {
        super(message, cause);
        this.invalid = new Invalid(code, message);
    }

    public InvalidPayloadException(ReasonCode code, String message) {
        this(code, message, null);
    }

    public Invalid invalid() {
        return invalid;
    }
}
