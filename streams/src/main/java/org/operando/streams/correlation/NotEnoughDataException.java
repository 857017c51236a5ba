package org.operando.streams.correlation;

/** Thrown when there are too few samples, bins or overlapping points for the requested analysis. */
public final class NotEnoughDataException extends CorrelationException {

    public NotEnoughDataException(String message) {
        super(message);
    }
}
