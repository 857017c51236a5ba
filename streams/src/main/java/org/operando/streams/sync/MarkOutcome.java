package org.operando.streams.sync;

/** What {@link ClockSync} did with one instrument trigger mark. */
public enum MarkOutcome {
    /** Paired with a master edge and added to the fit. */
    PAIRED,
    /**
     * Held: the bootstrap has not run yet, or the master edge it should pair with may still arrive
     * (the master stream has not yet passed the predicted edge time plus the gate). Its fate shows up
     * later in {@link ClockSync#counters()}.
     */
    PENDING,
    /** The same instrument time was already seen (a mark delivered twice); ignored. */
    DUPLICATE,
    /**
     * No master edge within the gate around the predicted master time: a spurious edge or an outlier.
     * Not used in the fit.
     */
    REJECTED_NO_EDGE,
    /** The nearest master edge within the gate is already paired with another mark. */
    REJECTED_EDGE_TAKEN,
    /** The mark is older than the retained master-edge history, so it cannot be checked. */
    REJECTED_TOO_LATE
}
