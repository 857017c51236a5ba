package org.operando.producers.journal;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A forward target that keeps what it was sent; failures and crashes are scripted per batch. */
final class ListTarget implements ForwardTarget {
    /** What the "broker" holds: every record sent in a batch that was acknowledged (or partly landed). */
    final List<JournalEntry> delivered = new ArrayList<>();
    private final List<JournalEntry> inFlight = new ArrayList<>();
    private final Deque<Long> scriptedFailures = new ArrayDeque<>();
    private boolean crashNextAck;

    @Override
    public void send(JournalEntry entry) {
        inFlight.add(entry);
    }

    @Override
    public long awaitAcknowledged() {
        if (crashNextAck) {
            crashNextAck = false;
            delivered.addAll(inFlight); // the broker wrote them but the forwarder dies before persisting the ack
            inFlight.clear();
            throw new IllegalStateException("simulated crash between broker acknowledgement and journal acknowledgement");
        }
        long failed = scriptedFailures.isEmpty() ? 0 : scriptedFailures.poll();
        if (failed == 0) {
            delivered.addAll(inFlight);
        }
        inFlight.clear();
        return failed;
    }

    ListTarget failNextBatch(long failed) {
        scriptedFailures.add(failed);
        return this;
    }

    ListTarget crashOnNextAck() {
        crashNextAck = true;
        return this;
    }
}
