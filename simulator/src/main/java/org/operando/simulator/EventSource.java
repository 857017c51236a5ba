package org.operando.simulator;

/** One instrument's stream of events in non-decreasing true master time. */
interface EventSource {
    /** Master time of the next event, or {@link Long#MAX_VALUE} when exhausted. */
    long peekMasterNs();

    /** The next event (only when {@link #peekMasterNs()} is not exhausted). */
    SimEvent next();
}
