package org.operando.streams.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Online clock synchronisation of one instrument against the master clock (the timing generator's).
 *
 * <p>Feed it, in any interleaving, the master edge times ({@link #onMasterEdge(long)}, exact master
 * times of the trigger edges) and this instrument's marks of those edges
 * ({@link #onInstrumentMark(long)}, instrument clock). It pairs marks with edges, rejects spurious,
 * outlying and duplicated marks, and keeps a least-squares line
 * {@code master = a + (1 + b)·instrument} over a {@link FitWindow}:
 * <ol>
 *   <li>Bootstrap: the first {@code bootstrapMarks} marks are paired by consensus on the offset;
 *       the period ambiguity is resolved by event times when both streams carry them
 *       ({@link #onMasterEdge(long, long)}), otherwise by delivery order ({@link PairingBootstrap}).</li>
 *   <li>Afterwards each mark x is predicted on the master clock, m̂ = line(x), and paired with the
 *       nearest master edge if |edge − m̂| ≤ gate, where
 *       {@code gate = clamp(k·sqrt(σ_e² + σ_e²(1/N + (x − x̄)²/Sxx)), minGate, f·T)},
 *       σ_e = max(σ̂, prior σ), k = {@code gateSigmas}; after two or more rejections in a row the gate
 *       doubles per rejection (up to f·T), so a too-narrow gate cannot lock the instrument out. A mark with a master edge within T/2 of m̂ but
 *       outside the gate is an outlier and rejected at once; a mark with no edge within T/2 is held
 *       while the master stream is behind m̂ + gate (its edge may still come), then rejected.</li>
 *   <li>Paired marks update running means/co-moments (O(1)); marks leaving the window are removed
 *       the same way, so an update never refits the whole window.</li>
 * </ol>
 * Internally x is said relative to the first paired mark x₀ and the fitted quantity is
 * v = (m − m₀) − (x − x₀) (master minus instrument, small), so hours-large offsets lose no precision.
 *
 * <p>Staleness: {@link #isStale(long)} is true when the instrument time asked about lies more than
 * {@code staleAfterNs} past the newest paired mark; the caller should flag (or hold) such frames.
 *
 * <p>Mutable, single-threaded (one instance per instrument, owned by one stream task). Cost per mark
 * or edge: O(1) for the fit plus O(log R) for the bounded edge/mark history (R ≈ retention/T).
 */
public final class ClockSync {
    static final long UNPAIRED = Long.MIN_VALUE;
    /** "No event time given" in the two-argument feed methods. */
    public static final long NO_EVENT_TIME = Long.MIN_VALUE;
    private static final int BOOTSTRAP_EDGE_CAP = 4096;

    private final ClockSyncSettings settings;
    final RunningLineFit fit = new RunningLineFit();
    final PairRing window = new PairRing();
    final TreeMap<Long, Long> edges = new TreeMap<>();
    /** Held marks: instrument time → {master edges received at arrival, event time or NO_EVENT_TIME}. */
    final TreeMap<Long, long[]> pending = new TreeMap<>();
    final TreeSet<Long> seen = new TreeSet<>();
    /** Edges received before the bootstrap, ascending: {master time, event time or NO_EVENT_TIME}. */
    final List<long[]> bootstrapEdges = new ArrayList<>();
    long bootstrapEdgeBase;
    boolean bootstrapped;
    long x0;
    long m0;
    long minX = Long.MAX_VALUE;
    long maxX = Long.MIN_VALUE;
    long latestMaster = Long.MIN_VALUE;
    long masterEdges;
    long marks;
    long paired;
    long duplicates;
    long rejectedNoEdge;
    long rejectedEdgeTaken;
    long rejectedTooLate;
    long consecutiveRejections;
    private ClockModel cachedModel;
    private long currentMark;
    private MarkOutcome currentOutcome;

    public ClockSync(ClockSyncSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings may not be null; use ClockSyncSettings.defaults()");
        }
        this.settings = settings;
    }

    public ClockSyncSettings settings() {
        return settings;
    }

    /** A master edge (exact master time, ns). Duplicated edges are ignored. */
    public void onMasterEdge(long masterNs) {
        onMasterEdge(masterNs, NO_EVENT_TIME);
    }

    /**
     * A master edge with the time its record was made in a clock common to both streams (e.g. the Kafka
     * record timestamp set by the producer, in ns). With event times on both streams the bootstrap pairs
     * by event time instead of delivery order, which survives delivery bursts and any tie order; they
     * need only agree between the streams to better than T/2.
     */
    public void onMasterEdge(long masterNs, long eventTimeNs) {
        if (edges.containsKey(masterNs)) {
            return;
        }
        edges.put(masterNs, UNPAIRED);
        masterEdges++;
        latestMaster = Math.max(latestMaster, masterNs);
        if (!bootstrapped) {
            int at = bootstrapEdges.size();
            while (at > 0 && bootstrapEdges.get(at - 1)[0] > masterNs) {
                at--;
            }
            bootstrapEdges.add(at, new long[] {masterNs, eventTimeNs});
            if (bootstrapEdges.size() > BOOTSTRAP_EDGE_CAP) {
                bootstrapEdges.remove(0);
                bootstrapEdgeBase++;
            }
            tryBootstrap();
        } else {
            resolvePending();
        }
        while (!edges.isEmpty() && edges.firstKey() < latestMaster - settings.edgeRetentionNs()) {
            edges.pollFirstEntry();
        }
    }

    /**
     * This instrument's time stamp of a trigger edge (instrument clock, ns).
     *
     * @return what was done with it now; a {@link MarkOutcome#PENDING} mark is settled later
     */
    public MarkOutcome onInstrumentMark(long instrumentNs) {
        return onInstrumentMark(instrumentNs, NO_EVENT_TIME);
    }

    /**
     * A mark with the time its record was made in the clock common to both streams; see
     * {@link #onMasterEdge(long, long)}. Used only by the bootstrap.
     */
    public MarkOutcome onInstrumentMark(long instrumentNs, long eventTimeNs) {
        marks++;
        if (!seen.add(instrumentNs)) {
            duplicates++;
            return MarkOutcome.DUPLICATE;
        }
        while (seen.first() < seen.last() - settings.edgeRetentionNs()) {
            seen.pollFirst();
        }
        currentMark = instrumentNs;
        currentOutcome = MarkOutcome.PENDING;
        if (!bootstrapped) {
            hold(instrumentNs, eventTimeNs);
            tryBootstrap();
            return pending.containsKey(instrumentNs) ? MarkOutcome.PENDING : currentOutcome;
        }
        MarkOutcome outcome = tryPair(instrumentNs);
        if (outcome == MarkOutcome.PENDING) {
            hold(instrumentNs, eventTimeNs);
            return pending.containsKey(instrumentNs) ? MarkOutcome.PENDING : currentOutcome;
        }
        return outcome;
    }

    /** The current model, or empty before the bootstrap or with fewer than minMarksForModel marks. */
    public Optional<ClockModel> model() {
        if (!bootstrapped || fit.n() < settings.minMarksForModel()) {
            return Optional.empty();
        }
        if (cachedModel == null) {
            cachedModel = buildModel();
        }
        return Optional.of(cachedModel);
    }

    /** The current model; throws {@link ClockNotSyncedException} when there is none. */
    public ClockModel requireModel() {
        return model().orElseThrow(() -> new ClockNotSyncedException((int) fit.n(), settings.minMarksForModel()));
    }

    /** Puts an instrument time on the master clock with the fit's standard error there. */
    public MasterTime toMaster(long instrumentNs) {
        return requireModel().predict(instrumentNs);
    }

    /**
     * True when there is no model or {@code instrumentNowNs} is more than {@code staleAfterNs} past the
     * newest paired mark. {@code instrumentNowNs} is in this instrument's clock (e.g. the frame's stamp).
     */
    public boolean isStale(long instrumentNowNs) {
        return model().map(m -> m.isStaleAt(instrumentNowNs, settings.staleAfterNs())).orElse(true);
    }

    /** The Cramér–Rao bound for the marks now in the window, given the true jitter σ. */
    public SyncBound bound(double knownSigmaNs) {
        if (!bootstrapped || fit.n() < 2) {
            throw new ClockNotSyncedException((int) fit.n(), 2);
        }
        return new SyncBound(knownSigmaNs, fit.n(), x0, fit.meanU(), fit.cuu());
    }

    public SyncCounters counters() {
        return new SyncCounters(masterEdges, marks, paired, pending.size(), duplicates, rejectedNoEdge,
                rejectedEdgeTaken, rejectedTooLate);
    }

    /** The state as plain fields, for a state store. */
    public ClockSyncSnapshot snapshot() {
        return ClockSyncSnapshot.of(this);
    }

    /** Rebuilds a {@link ClockSync} from {@link #snapshot()} under the same settings. */
    public static ClockSync restore(ClockSyncSettings settings, ClockSyncSnapshot snapshot) {
        ClockSync sync = new ClockSync(settings);
        snapshot.applyTo(sync);
        return sync;
    }

    private void hold(long x, long eventTimeNs) {
        pending.put(x, new long[] {masterEdges, eventTimeNs});
        while (pending.size() > settings.maxPendingMarks()) {
            settle(pending.pollFirstEntry().getKey(), MarkOutcome.REJECTED_NO_EDGE);
        }
    }

    private void tryBootstrap() {
        int k = settings.bootstrapMarks();
        if (pending.size() < k) {
            return;
        }
        long[] xs = new long[k];
        long[] arrivals = new long[k];
        long[] eventTimes = new long[k];
        int i = 0;
        long maxArrival = 0;
        for (Map.Entry<Long, long[]> e : pending.entrySet()) {
            if (i == k) {
                break;
            }
            xs[i] = e.getKey();
            arrivals[i] = e.getValue()[0];
            eventTimes[i] = e.getValue()[1];
            maxArrival = Math.max(maxArrival, arrivals[i]);
            i++;
        }
        if (masterEdges <= maxArrival + settings.bootstrapArrivalSlack()) {
            return; // the edges a mark may belong to have not all arrived
        }
        long maxMarkEvent = java.util.Arrays.stream(eventTimes).max().orElse(NO_EVENT_TIME);
        long maxEdgeEvent = bootstrapEdges.stream().mapToLong(e -> e[1]).max().orElse(NO_EVENT_TIME);
        long minEdgeEvent = bootstrapEdges.stream().mapToLong(e -> e[1]).min().orElse(NO_EVENT_TIME);
        boolean eventTimesAdvance = java.util.Arrays.stream(eventTimes).noneMatch(t -> t == NO_EVENT_TIME)
                && bootstrapEdges.stream().noneMatch(e -> e[1] == NO_EVENT_TIME)
                && maxEdgeEvent - minEdgeEvent >= (bootstrapEdges.size() - 1) * settings.nominalPeriodNs() / 2;
        if (eventTimesAdvance
                && maxEdgeEvent < maxMarkEvent + (settings.bootstrapArrivalSlack() + 1) * settings.nominalPeriodNs()) {
            return; // by event time, the edges of these marks have not all arrived (the master stream runs behind)
        }
        long[] edgeArray = bootstrapEdges.stream().mapToLong(e -> e[0]).toArray();
        long[] edgeEvents = bootstrapEdges.stream().mapToLong(e -> e[1]).toArray();
        PairingBootstrap.Pairs pairs = PairingBootstrap.find(xs, arrivals, eventTimes, edgeArray, edgeEvents,
                bootstrapEdgeBase, settings);
        if (pairs.size() < 3) {
            settle(pending.pollFirstEntry().getKey(), MarkOutcome.REJECTED_NO_EDGE);
            return;
        }
        bootstrapped = true;
        bootstrapEdges.clear();
        x0 = pairs.instrumentNs()[0];
        m0 = pairs.masterNs()[0];
        for (int p = 0; p < pairs.size(); p++) {
            pending.remove(pairs.instrumentNs()[p]);
            pair(pairs.instrumentNs()[p], pairs.masterNs()[p]);
        }
        resolvePending();
    }

    private void resolvePending() {
        if (pending.isEmpty()) {
            return;
        }
        for (Long x : new ArrayList<>(pending.keySet())) {
            MarkOutcome outcome = tryPair(x);
            if (outcome != MarkOutcome.PENDING) {
                pending.remove(x);
            }
        }
    }

    /** Pairs, rejects (updating counters) or returns PENDING without side effects. */
    private MarkOutcome tryPair(long x) {
        double u = (double) (x - x0);
        double sigma = Math.max(fit.residualSigma(), settings.jitterSigmaNs());
        double du = u - fit.meanU();
        double h = 1.0 / fit.n() + (fit.cuu() > 0 ? du * du / fit.cuu() : 0.0);
        double gate = settings.gateSigmas() * sigma * Math.sqrt(1.0 + h);
        if (consecutiveRejections >= 2) {
            // two marks in a row without an edge almost never happen by chance (spurious marks are rare):
            // the gate is too narrow for this clock, so widen it until a mark pairs again
            gate *= 1L << Math.min(consecutiveRejections - 1, 20);
        }
        gate = Math.min(Math.max(gate, settings.minGateNs()),
                settings.maxGateFractionOfPeriod() * settings.nominalPeriodNs());
        long predicted = m0 + (x - x0) + Math.round(fit.meanV() + fit.slope() * du);
        long g = (long) Math.ceil(gate);
        if (predicted + g < latestMaster - settings.edgeRetentionNs()) {
            return settle(x, MarkOutcome.REJECTED_TOO_LATE);
        }
        Map.Entry<Long, Long> below = edges.floorEntry(predicted);
        Map.Entry<Long, Long> above = edges.ceilingEntry(predicted);
        Map.Entry<Long, Long> nearest = below;
        if (nearest == null || (above != null && above.getKey() - predicted < predicted - below.getKey())) {
            nearest = above;
        }
        if (nearest != null && Math.abs(nearest.getKey() - predicted) <= gate) {
            if (nearest.getValue() != UNPAIRED) {
                return settle(x, MarkOutcome.REJECTED_EDGE_TAKEN);
            }
            pair(x, nearest.getKey());
            return MarkOutcome.PAIRED;
        }
        if (nearest != null && Math.abs(nearest.getKey() - predicted) < settings.nominalPeriodNs() / 2) {
            // its edge is here but outside the gate; the next edge is a period away: an outlier
            return settle(x, MarkOutcome.REJECTED_NO_EDGE);
        }
        if (latestMaster < predicted + g) {
            return MarkOutcome.PENDING;
        }
        return settle(x, MarkOutcome.REJECTED_NO_EDGE);
    }

    private void pair(long x, long m) {
        edges.put(m, x);
        fit.add(x - x0, (m - m0) - (x - x0));
        cachedModel = null;
        settle(x, MarkOutcome.PAIRED);
        maxX = Math.max(maxX, x);
        minX = Math.min(minX, x);
        FitWindow w = settings.window();
        if (w.kind() == FitWindow.Kind.ALL) {
            return;
        }
        window.add(x, m);
        while (window.size() > 0 && (w.kind() == FitWindow.Kind.LAST_MARKS ? window.size() > w.maxMarks()
                : window.x(0) < maxX - w.durationNs())) {
            fit.remove(window.x(0) - x0, (window.m(0) - m0) - (window.x(0) - x0));
            window.removeFirst();
        }
        minX = window.x(0);
    }

    private MarkOutcome settle(long x, MarkOutcome outcome) {
        switch (outcome) {
            case PAIRED -> {
                paired++;
                consecutiveRejections = 0;
            }
            case REJECTED_NO_EDGE -> {
                rejectedNoEdge++;
                consecutiveRejections++;
            }
            case REJECTED_EDGE_TAKEN -> rejectedEdgeTaken++;
            case REJECTED_TOO_LATE -> rejectedTooLate++;
            default -> throw new IllegalStateException("Not a final outcome: " + outcome);
        }
        if (x == currentMark) {
            currentOutcome = outcome;
        }
        return outcome;
    }

    private ClockModel buildModel() {
        long n = fit.n();
        double sigma = fit.residualSigma();
        double s2 = sigma * sigma;
        double cuu = fit.cuu();
        // the reference is the centroid rounded to a whole ns; its value comes from the exact sums, so the model does
        // not depend on which pair is the origin (x0, m0) nor on the order the pairs came in
        long ur = fit.roundedMeanU();
        long xr = x0 + ur;
        double dr = fit.fromMeanU(ur);
        RunningLineFit.LineValue value = fit.valueAt(ur);
        double varB = cuu > 0 ? s2 / cuu : 0.0;
        return new ClockModel(xr, m0 + ur + value.whole(), value.fraction(), fit.slope(), sigma, (int) n,
                s2 / n + dr * dr * varB, dr * varB, varB, minX, maxX);
    }
}
