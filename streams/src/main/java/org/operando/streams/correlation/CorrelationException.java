package org.operando.streams.correlation;

/**
 * Base of the domain failures of the correlation kernels: the analysis could not produce a
 * meaningful answer from the data it was given (too few samples, a fit that did not converge).
 * Callers (stream processors) catch it, count it and carry on; kernels never return null or NaN
 * in place of throwing it.
 */
public class CorrelationException extends RuntimeException {

    public CorrelationException(String message) {
        super(message);
    }

    public CorrelationException(String message, Throwable cause) {
        super(message, cause);
    }
}
