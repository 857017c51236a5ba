package org.operando.streams.sync;

/**
 * An instrument time put on the master clock.
 *
 * @param masterTimeNs the predicted master time, nanoseconds in the master clock domain
 * @param sigmaNs      standard error of that prediction from the fit covariance, nanoseconds:
 *                     {@code sqrt(var(a) + 2·d·cov(a,b) + d²·var(b))} with {@code d} the distance from the
 *                     model's reference instrument time. It does not include the jitter of the time stamp
 *                     being converted; see {@link SyncBound#combined(double, double)}.
 */
public record MasterTime(long masterTimeNs, double sigmaNs) {
    public MasterTime {
        if (!(sigmaNs >= 0) || Double.isInfinite(sigmaNs)) {
            throw new IllegalArgumentException("sigmaNs must be finite and >= 0. Got: " + sigmaNs);
        }
    }
}
