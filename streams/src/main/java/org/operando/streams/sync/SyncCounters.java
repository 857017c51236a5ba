package org.operando.streams.sync;

/**
 * Running counts kept by one {@link ClockSync}; all monotonically non-decreasing except
 * {@code pending}.
 *
 * @param masterEdges      master edges received (duplicates excluded)
 * @param marks            instrument marks received (duplicates included)
 * @param paired           marks paired with an edge and used in the fit
 * @param pending          marks currently held waiting for a decision
 * @param duplicates       marks ignored as duplicates
 * @param rejectedNoEdge   marks rejected for having no master edge within the gate (spurious, outliers)
 * @param rejectedEdgeTaken marks rejected because their edge was already paired
 * @param rejectedTooLate  marks older than the retained edge history
 */
public record SyncCounters(long masterEdges, long marks, long paired, long pending, long duplicates,
                           long rejectedNoEdge, long rejectedEdgeTaken, long rejectedTooLate) {
    public SyncCounters {
        if (masterEdges < 0 || marks < 0 || paired < 0 || pending < 0 || duplicates < 0 || rejectedNoEdge < 0
                || rejectedEdgeTaken < 0 || rejectedTooLate < 0) {
            throw new IllegalArgumentException("Counters may not be negative. Got: masterEdges=" + masterEdges
                    + ", marks=" + marks + ", paired=" + paired + ", pending=" + pending + ", duplicates="
                    + duplicates + ", rejectedNoEdge=" + rejectedNoEdge + ", rejectedEdgeTaken="
                    + rejectedEdgeTaken + ", rejectedTooLate=" + rejectedTooLate);
        }
    }

    /** Marks rejected for any reason (not counting duplicates). */
    public long rejected() {
        return rejectedNoEdge + rejectedEdgeTaken + rejectedTooLate;
    }
}
