package org.operando.producers.journal;

/**
 * The journal's backlog (records not yet acknowledged by the broker) has reached its bound. Thrown instead of
 * dropping data: the caller decides whether to pause acquisition or stop the run.
 */
public final class JournalFullException extends RuntimeException {
    public JournalFullException(long backlogBytes, long recordBytes, long maxBacklogBytes) {
        super("Acquisition journal is full: " + backlogBytes + " bytes wait for the broker and a " + recordBytes
                + "-byte record would pass the bound of " + maxBacklogBytes + " bytes; is the broker reachable?");
    }
}
