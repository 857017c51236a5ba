package org.operando.ops.recording;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Progress lines for record and replay: records, MB, rate since the last line and time left, at most one line per
 * interval; and the final summary line.
 */
final class Progress {
    private final PrintStream out;
    private final LongSupplier nanoClock;
    private final long intervalNs;
    private final long startNs;
    private long lastNs;
    private long lastRecords;
    private long lastBytes;

    Progress(PrintStream out, LongSupplier nanoClock, long intervalNs) {
        this.out = out;
        this.nanoClock = nanoClock;
        this.intervalNs = intervalNs;
        this.startNs = nanoClock.getAsLong();
        this.lastNs = startNs;
    }

    /**
     * Prints a line when the interval has passed. {@code leftNs} is the estimated time left (negative when unknown).
     */
    void update(long records, long bytes, LeftEstimate left) {
        long now = nanoClock.getAsLong();
        if (now - lastNs < intervalNs) {
            return;
        }
        double dt = (now - lastNs) / 1e9;
        double rate = (records - lastRecords) / dt;
        double mbRate = (bytes - lastBytes) / 1e6 / dt;
        long leftNs = left.nanosLeft(records, rate);
        out.printf("[%7.1f s] %,d records  %.1f MB  %.0f rec/s  %.1f MB/s  %s%n", (now - startNs) / 1e9, records, bytes / 1e6,
                rate, mbRate, leftNs < 0 ? "time left: until stopped" : String.format("time left ~%.0f s", leftNs / 1e9));
        lastNs = now;
        lastRecords = records;
        lastBytes = bytes;
    }

    /** Seconds since the start. */
    double elapsedSeconds() {
        return (nanoClock.getAsLong() - startNs) / 1e9;
    }

    /** Prints the final summary line: {@code verb run: N records, M MB in T s (R rec/s, S MB/s) detail}. */
    void summary(String verb, String runId, long records, long bytes, String detail) {
        double s = Math.max(1e-9, elapsedSeconds());
        out.printf("%s run %s: %,d records, %.1f MB in %.1f s (%.0f rec/s, %.1f MB/s) %s%n", verb, runId, records, bytes / 1e6, s,
                records / s, bytes / 1e6 / s, detail);
    }

    /** How long is left, given records done and the current rate; negative when unknown. */
    @FunctionalInterface
    interface LeftEstimate {
        long nanosLeft(long recordsDone, double recordsPerSecond);
    }
}
