package org.operando.producers.journal;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/** Reads journal entries in index order from a position; one thread only. */
public final class JournalReader implements AutoCloseable {
    private final ExcerptTailer tailer;

    JournalReader(ExcerptTailer tailer, long afterIndex) {
        this.tailer = tailer;
        rewindAfter(afterIndex);
    }

    /** Positions the reader just after {@code index} ({@code Long.MIN_VALUE}: at the start). */
    public void rewindAfter(long index) {
        if (index == Long.MIN_VALUE) {
            tailer.toStart();
            return;
        }
        if (!tailer.moveToIndex(index)) {
            throw new IllegalStateException("Journal entry " + Long.toHexString(index) + " is missing: cannot resume after it");
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent() || dc.index() != index) {
                throw new IllegalStateException("Journal entry " + Long.toHexString(index) + " is missing: cannot resume after it");
            }
        }
    }

    /** The next entry, or null when the reader has caught up with the appender. */
    public JournalEntry next() {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return null;
            }
            return AcquisitionJournal.read(dc.index(), dc.wire().bytes());
        }
    }

    @Override
    public void close() {
        tailer.close();
    }
}
