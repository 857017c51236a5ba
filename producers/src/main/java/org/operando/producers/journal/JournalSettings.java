package org.operando.producers.journal;

import java.nio.file.Path;
import java.util.Objects;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * Where the acquisition journal lives and how big it may grow.
 *
 * @param dir            Chronicle Queue directory (created if missing; reopened after a restart)
 * @param rollCycle      how long one queue file covers; forwarded files are deleted a whole cycle at a time
 * @param retainedCycles forwarded cycles kept on disk (for inspection) besides the current one; at least 1
 * @param maxBacklogBytes bound on value bytes journaled but not yet acknowledged by the broker; an append that would
 *                        pass it fails with {@link JournalFullException} (nothing is ever dropped silently)
 * @param warnFraction   fraction of {@code maxBacklogBytes} at which a warning is logged and counted, in (0, 1)
 * @param timeProvider   clock for roll cycles and append stamps (a {@code SetTimeProvider} in tests)
 */
public record JournalSettings(Path dir, RollCycle rollCycle, int retainedCycles, long maxBacklogBytes, double warnFraction,
                              TimeProvider timeProvider) {
    public JournalSettings {
        Objects.requireNonNull(dir, "journal directory");
        Objects.requireNonNull(rollCycle, "roll cycle");
        Objects.requireNonNull(timeProvider, "time provider");
        if (retainedCycles < 1) {
            throw new IllegalArgumentException("retainedCycles must be at least 1. Got: " + retainedCycles);
        }
        if (maxBacklogBytes <= 0) {
            throw new IllegalArgumentException("maxBacklogBytes must be positive. Got: " + maxBacklogBytes);
        }
        if (!(warnFraction > 0 && warnFraction < 1)) {
            throw new IllegalArgumentException("warnFraction must be in (0, 1). Got: " + warnFraction);
        }
    }

    /** Hourly files, 24 forwarded hours kept, 8 GiB backlog bound, warning at 80 %, system clock. */
    public static JournalSettings defaults(Path dir) {
        return new JournalSettings(dir, RollCycles.FAST_HOURLY, 24, 8L << 30, 0.8, SystemTimeProvider.INSTANCE);
    }

    public JournalSettings withMaxBacklogBytes(long bytes) {
        return new JournalSettings(dir, rollCycle, retainedCycles, bytes, warnFraction, timeProvider);
    }

    public JournalSettings withRollCycle(RollCycle cycle, int retained) {
        return new JournalSettings(dir, cycle, retained, maxBacklogBytes, warnFraction, timeProvider);
    }

    public JournalSettings withTimeProvider(TimeProvider time) {
        return new JournalSettings(dir, rollCycle, retainedCycles, maxBacklogBytes, warnFraction, time);
    }
}
