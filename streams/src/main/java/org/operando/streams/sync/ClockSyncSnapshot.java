package org.operando.streams.sync;

import java.util.Map;

/**
 * The full state of a {@link ClockSync} as plain fields (longs, doubles, long arrays), so a Kafka
 * state store can hold it with any serializer; {@link ClockSync#restore(ClockSyncSettings, ClockSyncSnapshot)}
 * rebuilds an instance that behaves exactly like the original. The settings are not part of it.
 *
 * <p>The fit is kept as its count and exact sums (Σu, Σv, Σu², Σuv, Σv² as 128-bit integers) about the reference
 * pair (x₀, m₀); for sliding windows the pairs in the window are kept too (they must be removed
 * later). Arrays are defensive copies; equality of two snapshots is identity (records compare arrays
 * by reference).
 */
public record ClockSyncSnapshot(boolean bootstrapped, long referenceInstrumentNs, long referenceMasterNs,
                                long fitN, long[] fitSums, long consecutiveRejections, long windowMinInstrumentNs, long windowMaxInstrumentNs,
                                long latestMasterNs, long[] windowInstrumentNs, long[] windowMasterNs,
                                long[] edgeMasterNs, long[] edgePairedInstrumentNs, long[] pendingInstrumentNs,
                                long[] pendingArrivalEdges, long[] pendingEventNs, long[] seenInstrumentNs,
                                long[] bootstrapEdgeNs, long[] bootstrapEdgeEventNs,
                                long bootstrapEdgeBase, long masterEdges, long marks, long paired, long duplicates,
                                long rejectedNoEdge, long rejectedEdgeTaken, long rejectedTooLate) {

    public ClockSyncSnapshot {
        requireSame(windowInstrumentNs, windowMasterNs, "windowInstrumentNs/windowMasterNs");
        requireSame(edgeMasterNs, edgePairedInstrumentNs, "edgeMasterNs/edgePairedInstrumentNs");
        requireSame(pendingInstrumentNs, pendingArrivalEdges, "pendingInstrumentNs/pendingArrivalEdges");
        requireSame(pendingInstrumentNs, pendingEventNs, "pendingInstrumentNs/pendingEventNs");
        requireSame(bootstrapEdgeNs, bootstrapEdgeEventNs, "bootstrapEdgeNs/bootstrapEdgeEventNs");
        if (seenInstrumentNs == null || bootstrapEdgeNs == null) {
            throw new IllegalArgumentException("seenInstrumentNs and bootstrapEdgeNs may not be null; use empty arrays");
        }
        if (fitN < 0) {
            throw new IllegalArgumentException("fitN may not be negative. Got: " + fitN);
        }
        if (fitSums == null || fitSums.length != 10) {
            throw new IllegalArgumentException("fitSums must hold 10 longs (5 sums of 128 bits)");
        }
        fitSums = fitSums.clone();
        windowInstrumentNs = windowInstrumentNs.clone();
        windowMasterNs = windowMasterNs.clone();
        edgeMasterNs = edgeMasterNs.clone();
        edgePairedInstrumentNs = edgePairedInstrumentNs.clone();
        pendingInstrumentNs = pendingInstrumentNs.clone();
        pendingArrivalEdges = pendingArrivalEdges.clone();
        pendingEventNs = pendingEventNs.clone();
        bootstrapEdgeEventNs = bootstrapEdgeEventNs.clone();
        seenInstrumentNs = seenInstrumentNs.clone();
        bootstrapEdgeNs = bootstrapEdgeNs.clone();
    }

    private static void requireSame(long[] a, long[] b, String what) {
        if (a == null || b == null || a.length != b.length) {
            throw new IllegalArgumentException(what + " must be non-null and of equal length. Got: "
                    + (a == null ? "null" : a.length) + " and " + (b == null ? "null" : b.length));
        }
    }

    static ClockSyncSnapshot of(ClockSync s) {
        long[] edgeTimes = new long[s.edges.size()];
        long[] edgePaired = new long[s.edges.size()];
        int i = 0;
        for (Map.Entry<Long, Long> e : s.edges.entrySet()) {
            edgeTimes[i] = e.getKey();
            edgePaired[i++] = e.getValue();
        }
        long[] pendX = new long[s.pending.size()];
        long[] pendA = new long[s.pending.size()];
        long[] pendE = new long[s.pending.size()];
        i = 0;
        for (Map.Entry<Long, long[]> e : s.pending.entrySet()) {
            pendX[i] = e.getKey();
            pendA[i] = e.getValue()[0];
            pendE[i++] = e.getValue()[1];
        }
        return new ClockSyncSnapshot(s.bootstrapped, s.x0, s.m0, s.fit.n(), s.fit.sums(), s.consecutiveRejections, s.minX, s.maxX, s.latestMaster, s.window.xsCopy(),
                s.window.msCopy(), edgeTimes, edgePaired, pendX, pendA, pendE,
                s.seen.stream().mapToLong(Long::longValue).toArray(),
                s.bootstrapEdges.stream().mapToLong(e -> e[0]).toArray(),
                s.bootstrapEdges.stream().mapToLong(e -> e[1]).toArray(), s.bootstrapEdgeBase,
                s.masterEdges, s.marks, s.paired, s.duplicates, s.rejectedNoEdge, s.rejectedEdgeTaken,
                s.rejectedTooLate);
    }

    void applyTo(ClockSync s) {
        s.bootstrapped = bootstrapped;
        s.x0 = referenceInstrumentNs;
        s.m0 = referenceMasterNs;
        s.fit.restore(fitN, fitSums);
        s.consecutiveRejections = consecutiveRejections;
        s.minX = windowMinInstrumentNs;
        s.maxX = windowMaxInstrumentNs;
        s.latestMaster = latestMasterNs;
        for (int i = 0; i < windowInstrumentNs.length; i++) {
            s.window.add(windowInstrumentNs[i], windowMasterNs[i]);
        }
        for (int i = 0; i < edgeMasterNs.length; i++) {
            s.edges.put(edgeMasterNs[i], edgePairedInstrumentNs[i]);
        }
        for (int i = 0; i < pendingInstrumentNs.length; i++) {
            s.pending.put(pendingInstrumentNs[i], new long[] {pendingArrivalEdges[i], pendingEventNs[i]});
        }
        for (long x : seenInstrumentNs) {
            s.seen.add(x);
        }
        for (int i = 0; i < bootstrapEdgeNs.length; i++) {
            s.bootstrapEdges.add(new long[] {bootstrapEdgeNs[i], bootstrapEdgeEventNs[i]});
        }
        s.bootstrapEdgeBase = bootstrapEdgeBase;
        s.masterEdges = masterEdges;
        s.marks = marks;
        s.paired = paired;
        s.duplicates = duplicates;
        s.rejectedNoEdge = rejectedNoEdge;
        s.rejectedEdgeTaken = rejectedEdgeTaken;
        s.rejectedTooLate = rejectedTooLate;
    }

    @Override
    public long[] windowInstrumentNs() {
        return windowInstrumentNs.clone();
    }

    @Override
    public long[] windowMasterNs() {
        return windowMasterNs.clone();
    }

    @Override
    public long[] edgeMasterNs() {
        return edgeMasterNs.clone();
    }

    @Override
    public long[] edgePairedInstrumentNs() {
        return edgePairedInstrumentNs.clone();
    }

    @Override
    public long[] pendingInstrumentNs() {
        return pendingInstrumentNs.clone();
    }

    @Override
    public long[] pendingArrivalEdges() {
        return pendingArrivalEdges.clone();
    }

    @Override
    public long[] pendingEventNs() {
        return pendingEventNs.clone();
    }

    @Override
    public long[] bootstrapEdgeEventNs() {
        return bootstrapEdgeEventNs.clone();
    }

    @Override
    public long[] seenInstrumentNs() {
        return seenInstrumentNs.clone();
    }

    @Override
    public long[] bootstrapEdgeNs() {
        return bootstrapEdgeNs.clone();
    }
}
