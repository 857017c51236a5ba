package org.operando.producers.journal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes journaled records in index order and acknowledges them in the journal only once the broker has
 * confirmed them, batch by batch: read up to {@code batchRecords} entries (or {@code batchBytes}), send them all,
 * wait for the broker ({@link ForwardTarget#awaitAcknowledged}), then persist the batch's last index.
 *
 * <p>Guarantees. A stop or crash at any point resumes after the last persisted index, so nothing is skipped. A broker
 * outage only delays {@code awaitAcknowledged}: the idempotent producer retries with the same sequence numbers and
 * the broker de-duplicates, so nothing is written twice. A batch that reports failures is sent again after a back-off
 * (records of it that did land are then duplicated; consumers detect them by run, instrument and sequence); a hard
 * crash between the broker's acknowledgement and the persisted index does the same for at most one batch.
 */
public final class JournalForwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalForwarder.class);

    /**
     * @param batchRecords   most records per acknowledged batch
     * @param batchBytes     most value bytes per batch
     * @param idlePause      pause when the journal is caught up
     * @param maxRetryPause  longest back-off after a failed batch
     * @param pruneEvery     how often forwarded cycles are pruned
     */
    public record Settings(int batchRecords, long batchBytes, Duration idlePause, Duration maxRetryPause, Duration pruneEvery) {
        public Settings {
            if (batchRecords < 1 || batchBytes < 1) {
                throw new IllegalArgumentException("Batch limits must be positive. Got records=" + batchRecords + ", bytes=" + batchBytes);
            }
        }

        public static Settings defaults() {
            return new Settings(5_000, 64L << 20, Duration.ofMillis(2), Duration.ofSeconds(30), Duration.ofSeconds(10));
        }
    }

    private final AcquisitionJournal journal;
    private final ForwardTarget target;
    private final Settings settings;
    private final JournalReader reader;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private volatile boolean running;
    private Thread thread;

    public JournalForwarder(AcquisitionJournal journal, ForwardTarget target, Settings settings) {
        this.journal = journal;
        this.target = target;
        this.settings = settings;
        this.reader = journal.reader();
    }

    /**
     * Forwards one batch synchronously and returns how many records it acknowledged (0 when caught up). A failed
     * batch is rewound and -1 is returned. The background thread calls this; tests call it directly.
     */
    public int forwardOnce() throws InterruptedException {
        long bytes = 0;
        int count = 0;
        long last = Long.MIN_VALUE;
        JournalEntry entry;
        while (count < settings.batchRecords() && bytes < settings.batchBytes() && (entry = reader.next()) != null) {
            target.send(entry);
            bytes += entry.value().length;
            count++;
            last = entry.index();
        }
        if (count == 0) {
            return 0;
        }
        long failed = target.awaitAcknowledged();
        if (failed > 0) {
            failedBatches.incrementAndGet();
            reader.rewindAfter(journal.ackedIndex());
            LOG.warn("{} of {} journaled records were not acknowledged by the broker; the batch will be sent again", failed, count);
            return -1;
        }
        journal.acknowledge(last, count, bytes);
        forwarded.addAndGet(count);
        return count;
    }

    /** Starts the background thread. */
    public synchronized JournalForwarder start() {
        if (thread != null) {
            throw new IllegalStateException("Forwarder already started");
        }
        running = true;
        thread = new Thread(this::loop, "operando-journal-forwarder");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        long retryPauseMs = 100;
        long nextPrune = System.nanoTime();
        try {
            while (running) {
                int n = forwardOnce();
                if (n < 0) {
                    Thread.sleep(retryPauseMs);
                    retryPauseMs = Math.min(settings.maxRetryPause().toMillis(), retryPauseMs * 2);
                    continue;
                }
                retryPauseMs = 100;
                if (System.nanoTime() >= nextPrune) {
                    journal.pruneForwardedCycles();
                    nextPrune = System.nanoTime() + settings.pruneEvery().toNanos();
                }
                if (n == 0) {
                    Thread.sleep(settings.idlePause().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Journal forwarder stopped: {}; journaled records stay on disk and are sent on the next start", e.getMessage(), e);
        }
    }

    /** Records acknowledged by this forwarder. */
    public long forwarded() {
        return forwarded.get();
    }

    /** Batches that had to be sent again. */
    public long failedBatches() {
        return failedBatches.get();
    }

    public boolean isAlive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Asks the thread to stop after the batch in progress (does not wait). */
    public void requestStop() {
        running = false;
    }

    /** Stops after the batch in progress; what is not acknowledged stays in the journal. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            try {
                t.join(Duration.ofMinutes(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reader.close();
    }
}
