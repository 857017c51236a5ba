package org.operando.producers.journal;

import org.operando.producers.Publisher;

/** Forwards to Kafka through the project's idempotent {@link Publisher}, which counts what the broker acknowledged. */
public final class PublisherTarget implements ForwardTarget {
    private final Publisher publisher;
    private long failedSoFar;

    public PublisherTarget(Publisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void send(JournalEntry entry) {
        publisher.publish(entry.toAcquired());
    }

    @Override
    public long awaitAcknowledged() {
        publisher.flush();
        long failed = publisher.stats().failed().values().stream().mapToLong(Long::longValue).sum();
        long delta = failed - failedSoFar;
        failedSoFar = failed;
        return delta;
    }
}
