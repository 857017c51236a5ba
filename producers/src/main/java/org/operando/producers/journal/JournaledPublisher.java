package org.operando.producers.journal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.operando.producers.Acquired;
import org.operando.producers.Publisher;
import org.operando.producers.StreamStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A drop-in for {@link Publisher} that never loses acquired data: {@link #publish} appends to the local
 * {@link AcquisitionJournal} (fast, does not wait for Kafka) and a {@link JournalForwarder} thread publishes from the
 * journal. {@link #stats()} counts broker-acknowledged records, as {@code Publisher} does.
 */
public final class JournaledPublisher implements org.operando.producers.AcquisitionSink {
    private static final Logger LOG = LoggerFactory.getLogger(JournaledPublisher.class);
    private final AcquisitionJournal journal;
    private final Publisher publisher;
    private final JournalForwarder forwarder;
    private final Duration closeTimeout;

    private JournaledPublisher(AcquisitionJournal journal, Publisher publisher, JournalForwarder.Settings settings,
                               Duration closeTimeout) {
        this.journal = journal;
        this.publisher = publisher;
        this.forwarder = new JournalForwarder(journal, new PublisherTarget(publisher), settings).start();
        this.closeTimeout = closeTimeout;
    }

    /**
     * Opens the journal in {@code journal.dir()} (resuming anything not yet forwarded) and starts forwarding to the
     * Kafka cluster of {@code clientConfig}. The producer retries without a deadline (a broker outage only grows the
     * journal); {@code close()} waits up to {@code closeTimeout} for the backlog to drain.
     */
    public static JournaledPublisher open(JournalSettings journal, Map<String, Object> clientConfig, Duration closeTimeout) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.MAX_VALUE);
        config.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        AcquisitionJournal j = AcquisitionJournal.open(journal);
        try {
            return new JournaledPublisher(j, new Publisher(config), JournalForwarder.Settings.defaults(), closeTimeout);
        } catch (RuntimeException e) {
            j.close();
            throw e;
        }
    }

    /** {@link #open(JournalSettings, Map, Duration)} with a one-minute close timeout. */
    public static JournaledPublisher open(JournalSettings journal, Map<String, Object> clientConfig) {
        return open(journal, clientConfig, Duration.ofMinutes(1));
    }

    /** Journals the record; it reaches Kafka asynchronously. @throws JournalFullException when the bound is reached */
    public void publish(Acquired item) {
        journal.append(item);
    }

    /** Blocks until every record published so far has been acknowledged by the broker. */
    public void flush() {
        try {
            while (!journal.awaitAcknowledged(10_000)) {
                if (!forwarder.isAlive()) {
                    throw new IllegalStateException("Journal forwarder is not running; " + journal.backlogRecords()
                            + " records wait in " + journal.settings().dir());
                }
                LOG.info("Waiting for the broker: {} journaled records not yet acknowledged", journal.backlogRecords());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker", e);
        }
    }

    /** Broker-acknowledged records and bytes per instrument and topic. */
    public StreamStats stats() {
        return publisher.stats();
    }

    public AcquisitionJournal journal() {
        return journal;
    }

    public JournalForwarder forwarder() {
        return forwarder;
    }

    /**
     * Waits up to the close timeout for the backlog to drain, then stops. Records still not acknowledged stay in the
     * journal and are forwarded by the next {@code open} of the same directory.
     */
    @Override
    public void close() {
        try {
            if (!journal.awaitAcknowledged(closeTimeout.toMillis())) {
                LOG.warn("{} journaled records were not acknowledged within {} s; they stay in {} for the next start",
                        journal.backlogRecords(), closeTimeout.toSeconds(), journal.settings().dir());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            forwarder.requestStop();
            publisher.close(); // fails a flush still waiting for an absent broker, so the forwarder thread ends
            forwarder.close();
            journal.close();
        }
    }
}
