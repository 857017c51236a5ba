package org.operando.producers.journal;

/** Where the forwarder sends journaled records: Kafka in production ({@link PublisherTarget}), a list in tests. */
public interface ForwardTarget {
    /** Sends asynchronously. */
    void send(JournalEntry entry);

    /**
     * Blocks until every record sent so far has been acknowledged by the broker or has failed, and returns how many
     * failed since the previous call (0 = the whole batch is durable).
     */
    long awaitAcknowledged() throws InterruptedException;
}
