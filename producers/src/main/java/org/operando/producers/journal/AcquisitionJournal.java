package org.operando.producers.journal;

import java.io.File;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.operando.producers.Acquired;
import org.operando.schemas.SchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer-side acquisition journal: every record is appended to a local Chronicle Queue before it is published,
 * so a broker outage or a crash of the publishing side never loses acquired data.
 *
 * <p>Accounting. The journal persists, in the queue's own metadata file (memory-mapped, so it survives a process
 * crash), the index of the last entry the broker has acknowledged ({@link #acknowledge}); everything after it is the
 * <em>backlog</em>. Entries are forwarded in index order and acknowledged only as a contiguous prefix, so the
 * acknowledged index never passes an entry the broker has not confirmed.
 *
 * <p>Bounds. The backlog may hold at most {@code maxBacklogBytes} of values: at {@code warnFraction} of that a warning
 * is logged and {@link #boundWarnings()} counts it; past it {@link #append} throws {@link JournalFullException}.
 * Forwarded data is kept for {@code retainedCycles} roll cycles and then deleted whole files at a time
 * ({@link #pruneForwardedCycles()}); un-forwarded cycles are never deleted.
 *
 * <p>Threads: {@link #append} may be called from any thread (it is serialised); reading and acknowledging belong
 * to one forwarder thread.
 */
public final class AcquisitionJournal implements AutoCloseable {
    static final String ACKED_KEY = "operando.journal.acked-index";
    private static final Logger LOG = LoggerFactory.getLogger(AcquisitionJournal.class);
    private static final byte FORMAT_VERSION = 1;

    private final JournalSettings settings;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final LongValue ackedIndex;
    private final AtomicLong backlogBytes = new AtomicLong();
    private final AtomicLong backlogRecords = new AtomicLong();
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong boundWarnings = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile long lastAppendedIndex;
    private boolean warned;

    private AcquisitionJournal(JournalSettings settings) {
        this.settings = settings;
        this.queue = SingleChronicleQueueBuilder.binary(settings.dir()).rollCycle(settings.rollCycle())
                .timeProvider(settings.timeProvider()).build();
        this.appender = queue.createAppender();
        this.ackedIndex = queue.metaStore().acquireValueFor(ACKED_KEY, Long.MIN_VALUE);
        this.lastAppendedIndex = queue.lastIndex();
        try (JournalReader reader = reader()) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                backlogBytes.addAndGet(e.value().length);
                backlogRecords.incrementAndGet();
            }
        }
    }

    /** Opens (or reopens, resuming its accounting) the journal in {@code settings.dir()}. */
    public static AcquisitionJournal open(JournalSettings settings) {
        return new AcquisitionJournal(settings);
    }

    /**
     * Appends one record atomically and returns its index. The value is the record's Avro single-object encoding (or
     * its corrupt bytes, for fault injection).
     *
     * @throws JournalFullException when the backlog would pass its bound; nothing is written then
     */
    public synchronized long append(Acquired item) {
        byte[] value = item.encodedBytes() != null ? item.encodedBytes() : SchemaRegistry.get().encode(item.record());
        long backlog = backlogBytes.get();
        if (backlog + value.length > settings.maxBacklogBytes()) {
            rejected.incrementAndGet();
            throw new JournalFullException(backlog, value.length, settings.maxBacklogBytes());
        }
        long index;
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> b = dc.wire().bytes();
            b.writeByte(FORMAT_VERSION);
            b.writeUtf8(item.topic());
            b.writeUtf8(item.runId());
            b.writeUtf8(item.instrumentId());
            b.writeUtf8(item.modality().name());
            b.writeLong(item.masterTimeNs());
            b.writeLong(settings.timeProvider().currentTimeMillis());
            b.writeInt(value.length);
            b.write(value);
            index = dc.index();
        }
        lastAppendedIndex = index;
        appended.incrementAndGet();
        backlogRecords.incrementAndGet();
        long now = backlogBytes.addAndGet(value.length);
        long warnAt = (long) (settings.warnFraction() * settings.maxBacklogBytes());
        if (now >= warnAt && !warned) {
            warned = true;
            boundWarnings.incrementAndGet();
            LOG.warn("Acquisition journal {} holds {} MB not yet acknowledged by the broker ({} % of its {} MB bound); "
                            + "acquisition will stop when the bound is reached", settings.dir(), now / 1_000_000,
                    Math.round(100.0 * now / settings.maxBacklogBytes()), settings.maxBacklogBytes() / 1_000_000);
        }
        return index;
    }

    /** A reader positioned just after the last acknowledged entry (at the start when nothing was acknowledged). */
    public JournalReader reader() {
        return new JournalReader(queue.createTailer(), ackedIndex());
    }

    /**
     * Records that the broker acknowledged every entry up to and including {@code index}; {@code records} and
     * {@code bytes} are what those entries added since the previous acknowledgement. Persisted before returning.
     */
    public void acknowledge(long index, long records, long bytes) {
        if (index <= ackedIndex()) {
            throw new IllegalArgumentException("Acknowledged index must advance: " + Long.toHexString(index)
                    + " is not after " + Long.toHexString(ackedIndex()));
        }
        ackedIndex.setOrderedValue(index);
        backlogRecords.addAndGet(-records);
        long now = backlogBytes.addAndGet(-bytes);
        synchronized (this) {
            if (warned && now < 0.9 * settings.warnFraction() * settings.maxBacklogBytes()) {
                warned = false;
            }
            notifyAll();
        }
    }

    /** Blocks until every entry appended so far is acknowledged, or the timeout passes; true when all were. */
    public synchronized boolean awaitAcknowledged(long timeoutMs) throws InterruptedException {
        long target = lastAppendedIndex;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (target != Long.MIN_VALUE && target > 0 && ackedIndex() < target) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(Math.min(left, 50));
        }
        return true;
    }

    /**
     * Deletes queue files of cycles that are entirely acknowledged and older than the retention. Returns how many
     * files were deleted.
     */
    public int pruneForwardedCycles() {
        long acked = ackedIndex();
        if (acked == Long.MIN_VALUE) {
            return 0;
        }
        int keepFrom = Math.min(settings.rollCycle().toCycle(acked), queue.cycle() - settings.retainedCycles());
        int first = queue.firstCycle();
        if (first == Integer.MAX_VALUE || keepFrom <= first) {
            return 0;
        }
        DateTimeFormatter names = DateTimeFormatter.ofPattern(settings.rollCycle().format()).withZone(ZoneOffset.UTC);
        int deleted = 0;
        for (Long cycle : queue.listCyclesBetween(first, keepFrom - 1)) {
            String name = names.format(Instant.ofEpochMilli(cycle * settings.rollCycle().lengthInMillis())) + ".cq4";
            File file = new File(settings.dir().toFile(), name);
            if (file.delete()) {
                deleted++;
            } else {
                LOG.warn("Could not delete forwarded journal file {}", file);
            }
        }
        if (deleted > 0) {
            queue.refreshDirectoryListing();
        }
        return deleted;
    }

    /** Index of the last acknowledged entry, or {@code Long.MIN_VALUE} when none was. */
    public long ackedIndex() {
        return ackedIndex.getVolatileValue();
    }

    /** Index of the last appended entry (0 or less when the journal is empty). */
    public long lastAppendedIndex() {
        return lastAppendedIndex;
    }

    public long backlogBytes() {
        return backlogBytes.get();
    }

    public long backlogRecords() {
        return backlogRecords.get();
    }

    /** Records appended since this journal was opened. */
    public long appended() {
        return appended.get();
    }

    /** How often the backlog crossed the warning level. */
    public long boundWarnings() {
        return boundWarnings.get();
    }

    /** Appends refused because the bound was reached. */
    public long rejected() {
        return rejected.get();
    }

    public JournalSettings settings() {
        return settings;
    }

    static JournalEntry read(long index, Bytes<?> b) {
        byte version = b.readByte();
        if (version != FORMAT_VERSION) {
            throw new IllegalStateException("Journal entry " + Long.toHexString(index) + " has format " + version
                    + "; this build reads format " + FORMAT_VERSION);
        }
        String topic = b.readUtf8();
        String runId = b.readUtf8();
        String instrumentId = b.readUtf8();
        org.operando.schema.Modality modality = org.operando.schema.Modality.valueOf(b.readUtf8());
        long masterTimeNs = b.readLong();
        long journaledAtMs = b.readLong();
        byte[] value = new byte[b.readInt()];
        b.read(value);
        return new JournalEntry(index, topic, runId, instrumentId, modality, value, masterTimeNs, journaledAtMs);
    }

    @Override
    public void close() {
        ackedIndex.close();
        appender.close();
        queue.close();
    }
}
