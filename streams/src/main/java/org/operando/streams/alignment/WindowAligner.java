package org.operando.streams.alignment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.operando.streams.alignment.AlignedWindow.EcStats;
import org.operando.streams.alignment.AlignedWindow.OpticalMatch;

/**
 * Event-time alignment of one run on the master clock (plain Java; the Streams processor feeds it).
 *
 * <p>Each partner stream's (optical, EC) progress is the largest master time it has delivered; the watermark W is the
 * largest master time seen on any stream. An EM window [s, e] is first emitted when W &ge; e + settle and the slowest
 * partner stream has progressed to e + settle — so its content
 * does not depend on how the streams interleave — or, if a partner stream stalls, when W &ge; e + stall. It stays open until
 * F &ge; e + grace, where F ({@link #finalizedUpTo()}) is how far every stream still delivering has got, and a partner
 * arriving in between (out of its stream's order) amends it (same window, revision + 1). A record whose master end time
 * is earlier than F &minus; grace is beyond the grace period: the offer reports it as late so the caller dead-letters it.
 * A repeated (instrument, sequence) is reported as a duplicate and changes nothing.
 */
public final class WindowAligner {
    private final long settleNs;
    private final long graceNs;
    private final long toleranceNs;
    private final long stallNs;
    private long watermark = Long.MIN_VALUE;
    /** End time of the first record delivered on any stream. */
    private long firstDeliveredNs = Long.MIN_VALUE;

    private final TreeMap<Long, Window> windowsByEnd = new TreeMap<>();
    private final List<OpticalMatch> opticalFrames = new ArrayList<>();
    private final TreeMap<Long, double[]> ecSamples = new TreeMap<>(); // master ns -> {potential V, current A}
    private final Set<String> seen = new HashSet<>();
    /** Progress of the partner streams (optical, EC): the largest master time each has delivered. */
    private final java.util.Map<String, Long> progress = new java.util.HashMap<>();
    /** Progress of every stream that has delivered, EM included: the largest master time each has delivered. */
    private final java.util.Map<String, Long> delivered = new java.util.HashMap<>();

    /** What happened to an offered record. */
    public enum Outcome { ACCEPTED, DUPLICATE, LATE }

    public WindowAligner(long settleNs, long graceNs, long toleranceNs) {
        this(settleNs, graceNs, toleranceNs, graceNs);
    }

    /**
     * @param stallNs how far the newest data may run ahead of a window before it is emitted without waiting any longer
     *                for a stalled partner stream (&ge; grace). Below that, emission depends only on the partner
     *                streams' own progress, so results do not depend on how the streams interleave; a run's end is
     *                closed by {@link #finish()}.
     */
    public WindowAligner(long settleNs, long graceNs, long toleranceNs, long stallNs) {
        if (settleNs < 0 || graceNs < settleNs || toleranceNs < 0 || stallNs < graceNs) {
            throw new IllegalArgumentException("Expected 0 <= settle <= grace <= stall and tolerance >= 0. Got settle=" + settleNs
                    + " grace=" + graceNs + " stall=" + stallNs + " tolerance=" + toleranceNs);
        }
        this.settleNs = settleNs;
        this.graceNs = graceNs;
        this.toleranceNs = toleranceNs;
        this.stallNs = stallNs;
    }

    public long watermark() {
        return watermark;
    }

    /**
     * How far every stream has delivered: the slowest progress among the streams (EM and partners) that are within the
     * stall period of the newest data (a stream further behind counts as stalled and no longer holds anything back).
     * Lateness, closing and pruning follow it rather than the newest data, so a stream that runs behind the others, as
     * the topics of a fast replay can, is never cut off while it is still delivering.
     */
    public long finalizedUpTo() {
        if (watermark == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        long low = watermark;
        for (long p : delivered.values()) {
            if (p >= watermark - stallNs) {
                low = Math.min(low, p);
            }
        }
        // an announced partner that has not delivered yet holds everything from the first data on, until it stalls
        if (firstDeliveredNs >= watermark - stallNs && progress.values().stream().anyMatch(p -> p == Long.MIN_VALUE)) {
            low = Math.min(low, firstDeliveredNs);
        }
        return low;
    }

    /** An EM frame's exposure window on the master clock. */
    public Outcome offerEm(String instrumentId, long sequence, long startNs, long endNs, double sigmaNs) {
        Outcome o = admit(instrumentId, sequence, endNs, false);
        if (o == Outcome.ACCEPTED) {
            Window w = new Window(instrumentId, sequence, startNs, endNs, sigmaNs);
            windowsByEnd.put(endNs * 64 + Math.floorMod(sequence, 64), w);
            for (OpticalMatch m : opticalFrames) {
                w.consider(m, toleranceNs);
            }
        }
        return o;
    }

    /** An optical frame's exposure on the master clock. */
    public Outcome offerOptical(String instrumentId, long sequence, long startNs, long endNs) {
        Outcome o = admit(instrumentId, sequence, endNs, true);
        if (o == Outcome.ACCEPTED) {
            OpticalMatch m = new OpticalMatch(instrumentId, sequence, startNs, endNs, 0);
            opticalFrames.add(m);
            for (Window w : windowsByEnd.values()) {
                w.consider(m, toleranceNs);
            }
        }
        return o;
    }

    /** A block of EC samples; {@code timesNs} are master times. */
    public Outcome offerEc(String instrumentId, long sequence, long[] timesNs, double[] potentialV, double[] currentA) {
        if (timesNs.length == 0 || timesNs.length != potentialV.length || timesNs.length != currentA.length) {
            throw new IllegalArgumentException("EC block needs equal, non-empty arrays. Got " + timesNs.length + ", "
                    + potentialV.length + ", " + currentA.length);
        }
        Outcome o = admit(instrumentId, sequence, timesNs[timesNs.length - 1], true);
        if (o == Outcome.ACCEPTED) {
            for (int i = 0; i < timesNs.length; i++) {
                ecSamples.put(timesNs[i], new double[] {potentialV[i], currentA[i]});
            }
            for (Window w : windowsByEnd.values()) {
                if (w.emitted && timesNs[0] <= w.endNs && timesNs[timesNs.length - 1] >= w.startNs) {
                    w.dirty = true;
                }
            }
        }
        return o;
    }

    /**
     * Announces a partner stream (optical camera, potentiostat) before its first record, so that windows wait for it
     * from the start rather than being emitted before its first record was placed.
     */
    public void expectPartner(String instrumentId) {
        progress.putIfAbsent(instrumentId, Long.MIN_VALUE);
    }

    /** Advances the watermark (e.g. from a trigger mark) without data. */
    public void observe(long masterNs) {
        watermark = Math.max(watermark, masterNs);
    }

    /** Windows to publish now: first results and amendments. Call after each offer. */
    public List<AlignedWindow> poll() {
        List<AlignedWindow> out = new ArrayList<>();
        long finalized = finalizedUpTo();
        for (Iterator<Window> it = windowsByEnd.values().iterator(); it.hasNext(); ) {
            Window w = it.next();
            if (watermark < w.endNs + settleNs) {
                break;
            }
            boolean ready = slowestProgress() >= w.endNs + settleNs || watermark >= w.endNs + stallNs;
            if (!ready) {
                break;
            }
            if (!w.emitted || w.dirty) {
                out.add(w.result(summarize(w.startNs, w.endNs)));
                w.emitted = true;
                w.dirty = false;
            }
            if (finalized >= w.endNs + graceNs) {
                it.remove();
            }
        }
        prune(finalized);
        return out;
    }

    /** End of the data: every window not yet emitted (or amended since) is emitted now, and all are closed. */
    public List<AlignedWindow> finish() {
        List<AlignedWindow> out = new ArrayList<>();
        for (Window w : windowsByEnd.values()) {
            if (!w.emitted || w.dirty) {
                out.add(w.result(summarize(w.startNs, w.endNs)));
            }
        }
        windowsByEnd.clear();
        return out;
    }

    private long slowestProgress() {
        long min = Long.MAX_VALUE;
        for (long p : progress.values()) {
            min = Math.min(min, p);
        }
        return min;
    }

    /** Windows still open (not yet past their grace). */
    public int openWindows() {
        return windowsByEnd.size();
    }

    private Outcome admit(String instrumentId, long sequence, long endNs, boolean partner) {
        if (!seen.add(instrumentId + '#' + sequence)) {
            return Outcome.DUPLICATE;
        }
        if (watermark != Long.MIN_VALUE && endNs < finalizedUpTo() - graceNs) {
            return Outcome.LATE;
        }
        watermark = Math.max(watermark, endNs);
        delivered.merge(instrumentId, endNs, Math::max);
        if (firstDeliveredNs == Long.MIN_VALUE) {
            firstDeliveredNs = endNs;
        }
        if (partner) {
            progress.merge(instrumentId, endNs, Math::max);
        }
        return Outcome.ACCEPTED;
    }

    private void prune(long finalized) {
        long horizon = finalized - 2 * graceNs;
        opticalFrames.removeIf(m -> m.masterEndNs() < horizon);
        ecSamples.headMap(horizon).clear();
    }

    private EcStats summarize(long startNs, long endNs) {
        var inside = ecSamples.subMap(startNs, true, endNs, true);
        if (inside.isEmpty()) {
            return null;
        }
        double sumE = 0, sumI = 0, minE = Double.POSITIVE_INFINITY, maxE = Double.NEGATIVE_INFINITY;
        double minI = Double.POSITIVE_INFINITY, maxI = Double.NEGATIVE_INFINITY, charge = 0;
        long prevT = Long.MIN_VALUE;
        double prevI = 0;
        for (var e : inside.entrySet()) {
            double pot = e.getValue()[0];
            double cur = e.getValue()[1];
            sumE += pot;
            sumI += cur;
            minE = Math.min(minE, pot);
            maxE = Math.max(maxE, pot);
            minI = Math.min(minI, cur);
            maxI = Math.max(maxI, cur);
            if (prevT != Long.MIN_VALUE) {
                charge += 0.5 * (prevI + cur) * (e.getKey() - prevT) * 1e-9;
            }
            prevT = e.getKey();
            prevI = cur;
        }
        int n = inside.size();
        return new EcStats(n, sumE / n, minE, maxE, sumI / n, minI, maxI, charge);
    }

    private static final class Window {
        final String instrumentId;
        final long sequence;
        final long startNs;
        final long endNs;
        final double sigmaNs;
        final List<OpticalMatch> optical = new ArrayList<>();
        boolean emitted;
        boolean dirty;
        int revision = -1;

        Window(String instrumentId, long sequence, long startNs, long endNs, double sigmaNs) {
            this.instrumentId = instrumentId;
            this.sequence = sequence;
            this.startNs = startNs;
            this.endNs = endNs;
            this.sigmaNs = sigmaNs;
        }

        void consider(OpticalMatch m, long toleranceNs) {
            long overlap = Math.min(endNs + toleranceNs, m.masterEndNs()) - Math.max(startNs - toleranceNs, m.masterStartNs());
            if (overlap <= 0) {
                return;
            }
            double fraction = Math.min(1.0, overlap / (double) Math.max(1, endNs - startNs));
            optical.add(new OpticalMatch(m.instrumentId(), m.sequence(), m.masterStartNs(), m.masterEndNs(), fraction));
            if (emitted) {
                dirty = true;
            }
        }

        AlignedWindow result(EcStats ec) {
            revision++;
            List<OpticalMatch> sorted = new ArrayList<>(optical);
            sorted.sort(java.util.Comparator.comparing(OpticalMatch::instrumentId).thenComparingLong(OpticalMatch::sequence));
            return new AlignedWindow(instrumentId, sequence, startNs, endNs, sigmaNs, sorted, ec, revision);
        }
    }
}
