package org.operando.ops.export;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.function.LongSupplier;

/**
 * Progress lines of an export, at most one per interval: the pass, records and MB read, MB written and the write
 * rate since the last line. Also tracks the heap: the pools' peak use, and the most that survived a collection
 * (sampled at each line; a better guide to what the export needs than the peak, which grows with the heap given).
 */
final class ExportProgress {
    private final PrintStream out;
    private final LongSupplier nanoClock;
    private final long intervalNs;
    private final long startNs;
    private String pass = "";
    private long records;
    private long bytesRead;
    private long bytesWritten;
    private long skipped;
    private long lastNs;
    private long lastWritten;
    private long liveAfterGc;

    ExportProgress(PrintStream out, LongSupplier nanoClock, long intervalNs) {
        this.out = out;
        this.nanoClock = nanoClock;
        this.intervalNs = intervalNs;
        this.startNs = nanoClock.getAsLong();
        this.lastNs = startNs;
    }

    void pass(String name) {
        pass = name;
        out.printf("[%7.1f s] export: %s%n", elapsedSeconds(), name);
    }

    void read(long bytes) {
        records++;
        bytesRead += bytes;
        tick();
    }

    void wrote(long totalBytesWritten) {
        bytesWritten = totalBytesWritten;
    }

    void skipped() {
        skipped++;
    }

    long skippedCount() {
        return skipped;
    }

    long bytesRead() {
        return bytesRead;
    }

    double elapsedSeconds() {
        return (nanoClock.getAsLong() - startNs) / 1e9;
    }

    private void tick() {
        long now = nanoClock.getAsLong();
        if (now - lastNs < intervalNs) {
            return;
        }
        double dt = (now - lastNs) / 1e9;
        out.printf("[%7.1f s] %s: %,d records read (%.1f MB), %.1f MB written, %.1f MB/s%s%n", (now - startNs) / 1e9, pass, records,
                bytesRead / 1e6, bytesWritten / 1e6, (bytesWritten - lastWritten) / 1e6 / dt,
                skipped == 0 ? "" : String.format(", %d skipped", skipped));
        lastNs = now;
        lastWritten = bytesWritten;
        sampleLive();
    }

    /** Heap that survived the latest collection of each pool, summed; the maximum seen is kept. */
    void sampleLive() {
        long live = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) {
                live += p.getCollectionUsage().getUsed();
            }
        }
        liveAfterGc = Math.max(liveAfterGc, live);
    }

    long liveAfterGc() {
        return liveAfterGc;
    }

    void resetHeapPeak() {
        ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of the heap pools' peak usage: an upper bound of the peak heap in use (pools peak at different times). */
    long heapPeak() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
