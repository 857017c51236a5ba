package org.operando.simulator;

/**
 * One edge of the shared trigger as timestamped by one instrument.
 *
 * @param instrumentId     the instrument that timestamped the edge ("timing" for the generator itself)
 * @param triggerLine      the trigger line, "ttl0"
 * @param instrumentTimeNs the instrument's (jittered) timestamp of the edge, ns
 * @param trueEdgeIndex    truth: k for the edge at master time t0 + k·T, or −1 for a spurious edge
 * @param trueMasterTimeNs truth: master time of the edge, ns
 */
public record TriggerEvent(String instrumentId, String triggerLine, long instrumentTimeNs, long trueEdgeIndex,
                           long trueMasterTimeNs) implements SimEvent {
    public static final String LINE = "ttl0";

    public TriggerEvent {
        Check.notNull("instrumentId", instrumentId);
        Check.notNull("triggerLine", triggerLine);
        if (trueEdgeIndex < -1) {
            throw new IllegalArgumentException("trueEdgeIndex must be >= 0, or -1 for a spurious edge. Got: "
                    + trueEdgeIndex);
        }
    }

    public boolean isSpurious() {
        return trueEdgeIndex == -1;
    }
}
