package org.operando.simulator;

/**
 * One simulated record. Every event carries the instrument that made it, a time in that instrument's clock
 * domain, and (as ground truth, never to be used by the pipeline under test) the true master time.
 */
public sealed interface SimEvent permits FrameEvent, EcBlockEvent, TriggerEvent {
    String instrumentId();

    /** The event's timestamp in its instrument's clock domain, ns (jittered, as the instrument reports it). */
    long instrumentTimeNs();

    /** Ground truth: the true master (timing generator) time of the event, ns. */
    long trueMasterTimeNs();
}
