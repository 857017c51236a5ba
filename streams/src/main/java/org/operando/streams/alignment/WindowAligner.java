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
 * <p>Every stream's progress is its own: the largest master start and end time it has delivered. Nothing depends on
 * how the streams interleave or how fast they are delivered:
 * <ul>
 *   <li>An EM window [s, e] is first emitted once every partner stream (optical, EC) that is not stalled has delivered
 *       up to e + settle (so all of its in-order data for the window are there); in a run without partners, once the
 *       EM stream itself (or a trigger mark, {@link #observe}) has passed e + settle.</li>
 *   <li>A record is late only when it starts more than the grace period before the newest start its own stream has
 *       delivered: out of its own stream's order beyond the grace period. The offer reports it so the caller
 *       dead-letters it.</li>
 *   <li>A window stays open (a partner record arriving out of its stream's order within the grace period amends it:
 *       same window, revision + 1) until every partner stream that is not stalled has started a record more than
 *       the grace period after its end; by the rule above, no record that could still touch it is then accepted.</li>
 *   <li>A partner stream that stops delivering (a camera that died) is declared stalled by the caller
 *       ({@link #stalled}), from wall-clock silence, and no longer holds windows back; it counts again from its next
 *       record. The run's end is closed by {@link #finish()}.</li>
 * </ul>
 * A repeated (instrument, sequence) is reported as a duplicate and changes nothing.
 */
public final class WindowAligner {
    private final long settleNs;
    private final long graceNs;
    private final long toleranceNs;
    private long watermark = Long.MIN_VALUE;

    /** Windows by (end, instrument, sequence): no packing, so no overflow for any epoch-nanosecond time. */
    private final TreeMap<WindowKey, Window> windowsByEnd = new TreeMap<>();
    private final List<OpticalMatch> opticalFrames = new ArrayList<>();
    private final TreeMap<Long, double[]> ecSamples = new TreeMap<>(); // master ns -> {potential V, current A}
    private final Set<String> seen = new HashSet<>();
    /** Every stream that has delivered or is announced: {largest start, largest end} delivered, MIN before any. */
    private final java.util.Map<String, long[]> streams = new java.util.HashMap<>();
    private final Set<String> partners = new HashSet<>();
    private final Set<String> emStreams = new HashSet<>();
    private final Set<String> stalled = new HashSet<>();
    private final List<String> closed = new ArrayList<>();

    /** What happened to an offered record. */
    public enum Outcome { ACCEPTED, DUPLICATE, LATE }

    private record WindowKey(long endNs, String instrumentId, long sequence) implements Comparable<WindowKey> {
        @Override
        public int compareTo(WindowKey o) {
            int c = Long.compare(endNs, o.endNs);
            if (c == 0) {
                c = instrumentId.compareTo(o.instrumentId);
            }
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    public WindowAligner(long settleNs, long graceNs, long toleranceNs) {
        if (settleNs < 0 || graceNs < settleNs || toleranceNs < 0) {
            throw new IllegalArgumentException("Expected 0 <= settle <= grace and tolerance >= 0. Got settle=" + settleNs
                    + " grace=" + graceNs + " tolerance=" + toleranceNs);
        }
        this.settleNs = settleNs;
        this.graceNs = graceNs;
        this.toleranceNs = toleranceNs;
    }

    public long watermark() {
        return watermark;
    }

    /** The newest start time {@code instrumentId}'s stream has delivered, or Long.MIN_VALUE. */
    public long progressOf(String instrumentId) {
        long[] p = streams.get(instrumentId);
        return p == null ? Long.MIN_VALUE : p[0];
    }

    /** An EM frame's exposure window on the master clock. */
    public Outcome offerEm(String instrumentId, long sequence, long startNs, long endNs, double sigmaNs) {
        emStreams.add(instrumentId);
        Outcome o = admit(instrumentId, sequence, startNs, endNs);
        if (o == Outcome.ACCEPTED) {
            Window w = new Window(instrumentId, sequence, startNs, endNs, sigmaNs);
            windowsByEnd.put(new WindowKey(endNs, instrumentId, sequence), w);
            for (OpticalMatch m : opticalFrames) {
                w.consider(m, toleranceNs);
            }
        }
        return o;
    }

    /** An optical frame's exposure on the master clock. */
    public Outcome offerOptical(String instrumentId, long sequence, long startNs, long endNs) {
        partners.add(instrumentId);
        Outcome o = admit(instrumentId, sequence, startNs, endNs);
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
        partners.add(instrumentId);
        Outcome o = admit(instrumentId, sequence, timesNs[0], timesNs[timesNs.length - 1]);
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
        partners.add(instrumentId);
        streams.putIfAbsent(instrumentId, new long[] {Long.MIN_VALUE, Long.MIN_VALUE});
    }

    /**
     * Announces an EM stream before its first record: partner data are kept for its windows until it delivers (its
     * records may come long after another EM stream's, from another task).
     */
    public void expectEm(String instrumentId) {
        emStreams.add(instrumentId);
        streams.putIfAbsent(instrumentId, new long[] {Long.MIN_VALUE, Long.MIN_VALUE});
    }

    /** A partner stream has stopped delivering: windows no longer wait for it, until it delivers again. */
    public void stalled(String instrumentId) {
        if (streams.containsKey(instrumentId)) {
            stalled.add(instrumentId);
        }
    }

    /** Partner streams currently declared stalled. */
    public Set<String> stalledStreams() {
        return java.util.Collections.unmodifiableSet(stalled);
    }

    /** Advances event time with a master-clock trigger mark (emission of windows in runs without partners). */
    public void observe(long masterNs) {
        watermark = Math.max(watermark, masterNs);
    }

    /** Windows to publish now: first results and amendments. Call after each offer. */
    public List<AlignedWindow> poll() {
        List<AlignedWindow> out = new ArrayList<>();
        boolean anyPartner = partners.stream().anyMatch(p -> !stalled.contains(p));
        for (Iterator<Window> it = windowsByEnd.values().iterator(); it.hasNext(); ) {
            Window w = it.next();
            if (!ready(w, anyPartner)) {
                break;
            }
            if (!w.emitted || w.dirty) {
                out.add(w.result(summarize(w.startNs, w.endNs)));
                w.emitted = true;
                w.dirty = false;
            }
            if (!anyPartner || finalFor(w)) {
                it.remove();
                closed.add(w.instrumentId + "#" + w.sequence);
            }
        }
        prune();
        return out;
    }

    private boolean ready(Window w, boolean anyPartner) {
        long due = w.endNs + settleNs;
        if (!anyPartner) {
            long[] own = streams.get(w.instrumentId);
            return watermark >= due || (own != null && own[1] >= due);
        }
        for (String p : partners) {
            if (!stalled.contains(p) && streams.get(p)[1] < due) {
                return false;
            }
        }
        return true;
    }

    /** Every partner not stalled has started a record more than the grace period after the window's end. */
    private boolean finalFor(Window w) {
        for (String p : partners) {
            if (!stalled.contains(p) && streams.get(p)[0] <= w.endNs + graceNs) {
                return false;
            }
        }
        return true;
    }

    /** EM windows closed since the last call ("instrument#sequence"): no amendment can come for them any more. */
    public List<String> drainClosed() {
        List<String> out = new ArrayList<>(closed);
        closed.clear();
        return out;
    }

    /** End of the data: every window not yet emitted (or amended since) is emitted now, and all are closed. */
    public List<AlignedWindow> finish() {
        List<AlignedWindow> out = new ArrayList<>();
        for (Window w : windowsByEnd.values()) {
            if (!w.emitted || w.dirty) {
                out.add(w.result(summarize(w.startNs, w.endNs)));
            }
            closed.add(w.instrumentId + "#" + w.sequence);
        }
        windowsByEnd.clear();
        return out;
    }

    /** Windows still open (not yet past their grace). */
    public int openWindows() {
        return windowsByEnd.size();
    }

    private Outcome admit(String instrumentId, long sequence, long startNs, long endNs) {
        if (!seen.add(instrumentId + '#' + sequence)) {
            return Outcome.DUPLICATE;
        }
        long[] p = streams.computeIfAbsent(instrumentId, k -> new long[] {Long.MIN_VALUE, Long.MIN_VALUE});
        if (p[0] != Long.MIN_VALUE && startNs < p[0] - graceNs) {
            seen.remove(instrumentId + '#' + sequence);
            return Outcome.LATE;
        }
        p[0] = Math.max(p[0], startNs);
        p[1] = Math.max(p[1], endNs);
        stalled.remove(instrumentId);
        watermark = Math.max(watermark, endNs);
        return Outcome.ACCEPTED;
    }

    /**
     * Partner data no EM window can still need: older than every open window's start, and than every EM stream's newest
     * start minus twice the grace period (an EM frame starting earlier than its stream's newest start minus the grace
     * period is late). Partner data that arrive after the EM windows they belong to are kept for those windows.
     */
    private void prune() {
        if (emStreams.isEmpty()) {
            return;
        }
        long horizon = Long.MAX_VALUE;
        for (String em : emStreams) {
            if (!stalled.contains(em)) {
                horizon = Math.min(horizon, streams.get(em)[0]);
            }
        }
        if (horizon == Long.MIN_VALUE || horizon == Long.MAX_VALUE) {
            return;
        }
        for (Window w : windowsByEnd.values()) {
            horizon = Math.min(horizon, w.startNs + 2 * graceNs); // open windows keep what overlaps them
        }
        long keepFrom = horizon - 2 * graceNs - toleranceNs;
        opticalFrames.removeIf(m -> m.masterEndNs() < keepFrom);
        ecSamples.headMap(keepFrom).clear();
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
