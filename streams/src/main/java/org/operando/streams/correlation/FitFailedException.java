package org.operando.streams.correlation;

/** Thrown when a least-squares fit does not converge or its covariance cannot be computed. */
public final class FitFailedException extends CorrelationException {

    public FitFailedException(String message) {
        super(message);
    }

    public FitFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
