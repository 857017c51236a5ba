package org.operando.simulator;

/**
 * An event as delivered to the producer after fault injection.
 *
 * @param event           the event (the same instance for both copies of a duplicate)
 * @param deliverAtMasterNs master time at which the producer should publish it (pace by this); the true master time
 *                        for an unfaulted event
 * @param fault           what was done to it
 */
public record Delivery(SimEvent event, long deliverAtMasterNs, Fault fault) {
    public Delivery {
        Check.notNull("event", event);
        Check.notNull("fault", fault);
    }

    /** The fault applied to one delivery. Gaps are not delivered at all (they show as missing sequence numbers). */
    public enum Fault {
        NONE,
        /** held back with the rest of its instrument's burst and released at once */
        BURST,
        /** the second copy of a duplicated event */
        DUPLICATE,
        /** delayed by less than the reorder window, so later events overtake it */
        REORDERED,
        /** delayed by the late delay, beyond any grace period */
        LATE
    }
}
