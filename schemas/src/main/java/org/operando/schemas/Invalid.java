package org.operando.schemas;

import java.util.Optional;
import org.operando.schema.ReasonCode;

/**
 * Why a record is invalid: a bounded {@link ReasonCode} for counting and a reason in words that says what was wrong and
 * what was expected.
 */
public record Invalid(ReasonCode code, String reason) {
    public Invalid {
        if (code == null || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("An Invalid needs a code and a reason. Got code=" + code + ", reason='" + reason + "'");
        }
    }

    static Optional<Invalid> of(ReasonCode code, String reason) {
        return Optional.of(new Invalid(code, reason));
    }
}
