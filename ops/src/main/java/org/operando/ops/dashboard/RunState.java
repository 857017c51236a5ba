package org.operando.ops.dashboard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.operando.schema.ClockModel;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.DriftEstimate;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.Modality;
import org.operando.schema.Registration;
import org.operando.schema.Rejected;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;

/**
 * What the dashboard knows about one run: per imaging stream the newest frame paired with its drift estimate
 * ({@link CorrectedFrames}, single slot), the newest registration and drift, whole-run decimated histories for the
 * plots, and what the health table and banners need (counts, newest record timestamps, recent result latency, dead
 * letters with their reasons). Written by the feed thread, read by the push thread; every structure is thread-safe
 * and bounded, so a run costs at most a few frames plus {@code ~HISTORY} rows per series however long it is.
 */
public final class RunState {
    /** Electrochemical points kept per potentiostat over the whole run (decimated, {@link DecimatingSeries}). */
    static final int EC_POINTS = 8000;
    /** Electrochemical points kept per block at most (decimation by an integer stride). */
    static final int EC_POINTS_PER_BLOCK = 100;
    static final int HISTORY = 2000;
    static final int DEAD_LETTER_REASONS = 100;
    private static final int LATENCIES = 64;

    /** A dead letter as the page lists it. */
    record DeadLetter(long timestampMs, String instrumentId, String stage, String reasonCode, String reason, String topic,
                      int partition, long offset) {
    }

    final String runId;
    final RunClock clock = new RunClock();
    final Map<String, CorrectedFrames> frames = new ConcurrentHashMap<>();
    final Map<String, Modality> modalities = new ConcurrentHashMap<>();
    /** Newest registration per EM instrument. */
    final Map<String, Registration> registrations = new ConcurrentHashMap<>();
    final Map<String, DriftEstimate> drift = new ConcurrentHashMap<>();
    /** Per instrument: run time s, dx, dy (published), raw dx, raw dy, pixels. */
    final Map<String, DecimatingSeries> driftHistory = new ConcurrentHashMap<>();
    /** Per potentiostat: instrument time, potential V, current A, cycle. */
    final Map<String, InstrumentTrace> ec = new ConcurrentHashMap<>();
    /** Per instrument: end of the fit window (instrument time), residual sigma ns. */
    final Map<String, InstrumentTrace> clockResiduals = new ConcurrentHashMap<>();
    /** Per EM instrument: correlated samples' features with mean potential and run time. */
    final Map<String, FeatureHistory> features = new ConcurrentHashMap<>();
    /** Per imaging instrument with a ROI: frame time (instrument clock), ROI mean intensity (raw units). */
    final Map<String, InstrumentTrace> roiHistory = new ConcurrentHashMap<>();
    final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();
    /** Newest record timestamp (publish time, epoch ms) per acquiring instrument. */
    final Map<String, Long> lastInputMs = new ConcurrentHashMap<>();
    private final Deque<DeadLetter> deadLetterReasons = new ArrayDeque<>();
    private final long[] latencies = new long[LATENCIES];
    private int latencyCount;
    private final AtomicLong version = new AtomicLong();
    private volatile long firstInputMs = Long.MAX_VALUE;
    private volatile long newestInputMs = Long.MIN_VALUE;
    private volatile long newestResultMs = Long.MIN_VALUE;
    private volatile boolean stopped;
    private volatile String specimen = "";
    private volatile long startWallMs = Long.MIN_VALUE;
    private volatile long stopMasterNs = Long.MIN_VALUE;
    /** Wall-clock time (epoch ms) the newest live result reached the dashboard; MIN_VALUE before any. */
    private volatile long lastLiveResultMs = Long.MIN_VALUE;

    RunState(String runId) {
        this.runId = runId;
    }

    /** Increments whenever anything in this run changes; the push thread sends only when it moved. */
    long version() {
        return version.get();
    }

    private void changed() {
        version.incrementAndGet();
    }

    /** An acquisition record (frame, EC block) of {@code instrumentId} published at {@code timestampMs}. */
    void input(String instrumentId, long timestampMs) {
        received.computeIfAbsent(instrumentId, k -> new LongAdder()).increment();
        lastInputMs.merge(instrumentId, timestampMs, Math::max);
        firstInputMs = Math.min(firstInputMs, timestampMs);
        newestInputMs = Math.max(newestInputMs, timestampMs);
        changed();
    }

    /**
     * A result of {@code stage} whose record timestamp is {@code timestampMs}, seen at {@code seenMs}, {@code latencyMs}
     * after the acquisition of the data it is about (-1: a record from the topics' past, whose delay says nothing about
     * the processors).
     */
    void result(String stage, long timestampMs, long seenMs, long latencyMs) {
        received.computeIfAbsent("result:" + stage, k -> new LongAdder()).increment();
        newestResultMs = Math.max(newestResultMs, timestampMs);
        if (latencyMs >= 0) {
            synchronized (latencies) {
                latencies[latencyCount++ % LATENCIES] = latencyMs;
            }
            lastLiveResultMs = seenMs;
        }
        changed();
    }

    void start(RunStart s) {
        clock.start(s.getStartMasterTimeNs());
        specimen = s.getSpecimen();
        startWallMs = s.getWallClockEpochNs() / 1_000_000;
        s.getInstruments().forEach(i -> modalities.put(i.getInstrumentId(), i.getModality()));
        changed();
    }

    void stop(RunStop s) {
        stopped = true;
        stopMasterNs = s.getStopMasterTimeNs();
        changed();
    }

    void modality(String instrumentId, Modality modality) {
        modalities.put(instrumentId, modality);
        changed();
    }

    void frame(Frame frame) {
        frames.computeIfAbsent(frame.getInstrumentId(), k -> new CorrectedFrames()).frame(frame);
    }

    void electrochem(ElectrochemBlock block) {
        String id = block.getInstrumentId();
        InstrumentTrace s = ec.computeIfAbsent(id, k -> new InstrumentTrace(k, 3, EC_POINTS));
        int n = Math.min(block.getPotentialV().size(), block.getCurrentA().size());
        int stride = Math.max(1, (n + EC_POINTS_PER_BLOCK - 1) / EC_POINTS_PER_BLOCK);
        int cycle = block.getCycle() == null ? 0 : block.getCycle();
        for (int i = 0; i < n; i += stride) {
            s.add(block.getFirstSampleInstrumentTimeNs(), (double) i * block.getSamplePeriodNs(), block.getPotentialV().get(i),
                    block.getCurrentA().get(i), cycle);
        }
    }

    void drift(DriftEstimate d) {
        drift.put(d.getInstrumentId(), d);
        clock.seen(d.getMasterTimeNs());
        driftHistory.computeIfAbsent(d.getInstrumentId(), k -> new DecimatingSeries(6, HISTORY))
                .add(d.getMasterTimeNs(), d.getDxPx(), d.getDyPx(), d.getRawDxPx(), d.getRawDyPx(), d.getSequence());
        frames.computeIfAbsent(d.getInstrumentId(), k -> new CorrectedFrames()).drift(d);
    }

    void registration(Registration r) {
        registrations.put(r.getInstrumentId(), r);
    }

    void clock(ClockModel c) {
        if (c.getUnsynchronized()) {
            clock.model(c); // a declared clock: no fit and no residuals, but it still puts the instrument on the master clock
            return;
        }
        clock.model(c);
        clockResiduals.computeIfAbsent(c.getInstrumentId(), k -> new InstrumentTrace(k, 1, HISTORY))
                .add(c.getValidToInstrumentTimeNs(), 0, c.getResidualSigmaNs());
    }

    void correlated(CorrelatedSample c) {
        clock.seen(c.getMasterStartNs());
        features.computeIfAbsent(c.getInstrumentId(), k -> new FeatureHistory(HISTORY)).add(c);
    }

    void deadLetter(Rejected rej, String instrumentId, long timestampMs) {
        String id = instrumentId == null ? "unknown" : instrumentId;
        deadLetters.computeIfAbsent(id, k -> new LongAdder()).increment();
        synchronized (deadLetterReasons) {
            deadLetterReasons.addLast(new DeadLetter(timestampMs, id, rej.getStage(), rej.getReasonCode() == null ? ""
                    : rej.getReasonCode().toString(), rej.getReason(), rej.getSourceTopic(), rej.getSourcePartition(),
                    rej.getSourceOffset()));
            while (deadLetterReasons.size() > DEAD_LETTER_REASONS) {
                deadLetterReasons.removeFirst();
            }
        }
        changed();
    }

    void roiMean(String instrumentId, long instrumentTimeNs, double mean) {
        roiHistory.computeIfAbsent(instrumentId, k -> new InstrumentTrace(k, 1, HISTORY)).add(instrumentTimeNs, 0, mean);
        changed();
    }

    void clearRoi(String instrumentId) {
        roiHistory.remove(instrumentId);
        changed();
    }

    Map<String, Long> receivedCounts() {
        Map<String, Long> out = new TreeMap<>();
        received.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    Map<String, Long> deadLetterCounts() {
        Map<String, Long> out = new TreeMap<>();
        deadLetters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    long deadLetterTotal() {
        return deadLetters.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The newest dead letters, oldest first (at most {@link #DEAD_LETTER_REASONS}). */
    List<DeadLetter> deadLetterReasons() {
        synchronized (deadLetterReasons) {
            return new ArrayList<>(deadLetterReasons);
        }
    }

    /** When the newest live result reached the dashboard (epoch ms), MIN_VALUE before any. */
    long lastLiveResultMs() {
        return lastLiveResultMs;
    }

    /** Median of the last results' latency (wall clock at the dashboard minus record timestamp), ms; -1 before any. */
    long recentLatencyP50Ms() {
        synchronized (latencies) {
            int n = Math.min(latencyCount, LATENCIES);
            if (n == 0) {
                return -1;
            }
            long[] copy = java.util.Arrays.copyOf(latencies, n);
            java.util.Arrays.sort(copy);
            return copy[n / 2];
        }
    }

    /**
     * How far the results trail the acquisition, seconds of publish time: newest acquisition record minus newest
     * result (or minus the first acquisition record while there is no result). 0 before any acquisition record.
     */
    double resultsBehindS() {
        if (newestInputMs == Long.MIN_VALUE) {
            return 0;
        }
        long ref = newestResultMs == Long.MIN_VALUE ? firstInputMs : newestResultMs;
        return Math.max(0, newestInputMs - ref) / 1e3;
    }

    boolean stopped() {
        return stopped;
    }

    String specimen() {
        return specimen;
    }

    /** Wall-clock start (epoch ms) from the RunStart, else the first acquisition record's timestamp; MIN_VALUE if neither. */
    long startWallMs() {
        if (startWallMs != Long.MIN_VALUE) {
            return startWallMs;
        }
        return firstInputMs == Long.MAX_VALUE ? Long.MIN_VALUE : firstInputMs;
    }

    long newestInputMs() {
        return newestInputMs;
    }

    /** Run time of the RunStop, seconds; NaN while the run is open. */
    double stopS() {
        return stopMasterNs == Long.MIN_VALUE ? Double.NaN : clock.runS(stopMasterNs);
    }
}
