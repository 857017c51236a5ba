package org.operando.ops.dashboard;

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

/**
 * What the dashboard knows about one run: the newest frame per imaging stream (single slot), the newest registration
 * and drift per stream, and bounded, decimated histories for the plots. Written by the feed thread, read by the push
 * thread; every structure is thread-safe and bounded.
 */
public final class RunState {
    /** Electrochemical points kept (after decimation); older ones scroll out. */
    static final int EC_POINTS = 4000;
    /** Electrochemical points kept per block at most (decimation by an integer stride). */
    static final int EC_POINTS_PER_BLOCK = 100;
    static final int HISTORY = 2000;

    final String runId;
    final Map<String, Latest<Frame>> frames = new ConcurrentHashMap<>();
    final Map<String, Modality> modalities = new ConcurrentHashMap<>();
    /** Newest registration per EM instrument. */
    final Map<String, Registration> registrations = new ConcurrentHashMap<>();
    final Map<String, DriftEstimate> drift = new ConcurrentHashMap<>();
    /** Per instrument: master time s, dx px, dy px. */
    final Map<String, Series> driftHistory = new ConcurrentHashMap<>();
    /** Per potentiostat: time s (instrument clock, from its first sample), potential V, current A. */
    final Map<String, Series> ec = new ConcurrentHashMap<>();
    private final Map<String, Long> ecOriginNs = new ConcurrentHashMap<>();
    /** Per instrument: end of fit window s (instrument clock), residual sigma ns. */
    final Map<String, Series> clockResiduals = new ConcurrentHashMap<>();
    /** Per EM instrument: newest correlated samples' features with mean potential. */
    final Map<String, FeatureHistory> features = new ConcurrentHashMap<>();
    /** Per EM instrument and ROI: time s, ROI mean intensity (raw units), from the rendered frames. */
    final Map<String, Series> roiHistory = new ConcurrentHashMap<>();
    final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    RunState(String runId) {
        this.runId = runId;
    }

    /** Increments whenever anything in this run changes; the push thread sends only when it moved. */
    long version() {
        return version.get();
    }

    void counted(String instrumentId) {
        received.computeIfAbsent(instrumentId, k -> new LongAdder()).increment();
        version.incrementAndGet();
    }

    void modality(String instrumentId, Modality modality) {
        modalities.put(instrumentId, modality);
        version.incrementAndGet();
    }

    void frame(Frame frame) {
        frames.computeIfAbsent(frame.getInstrumentId(), k -> new Latest<>()).set(frame);
    }

    void electrochem(ElectrochemBlock block) {
        String id = block.getInstrumentId();
        long origin = ecOriginNs.computeIfAbsent(id, k -> block.getFirstSampleInstrumentTimeNs());
        Series s = ec.computeIfAbsent(id, k -> new Series(3, EC_POINTS));
        int n = Math.min(block.getPotentialV().size(), block.getCurrentA().size());
        int stride = Math.max(1, (n + EC_POINTS_PER_BLOCK - 1) / EC_POINTS_PER_BLOCK);
        for (int i = 0; i < n; i += stride) {
            double t = (block.getFirstSampleInstrumentTimeNs() - origin + (double) i * block.getSamplePeriodNs()) / 1e9;
            s.add(t, block.getPotentialV().get(i), block.getCurrentA().get(i));
        }
    }

    void drift(DriftEstimate d) {
        drift.put(d.getInstrumentId(), d);
        driftHistory.computeIfAbsent(d.getInstrumentId(), k -> new Series(3, HISTORY))
                .add(d.getMasterTimeNs() / 1e9, d.getDxPx(), d.getDyPx());
    }

    void registration(Registration r) {
        registrations.put(r.getInstrumentId(), r);
    }

    void clock(ClockModel c) {
        if (c.getUnsynchronized()) {
            return; // a declared clock of a run without triggers: no fit, no residuals to show
        }
        clockResiduals.computeIfAbsent(c.getInstrumentId(), k -> new Series(2, HISTORY))
                .add(c.getValidToInstrumentTimeNs() / 1e9, c.getResidualSigmaNs());
    }

    void correlated(CorrelatedSample c) {
        features.computeIfAbsent(c.getInstrumentId(), k -> new FeatureHistory(HISTORY)).add(c);
    }

    void deadLetter(String instrumentId) {
        deadLetters.computeIfAbsent(instrumentId == null ? "unknown" : instrumentId, k -> new LongAdder()).increment();
        version.incrementAndGet();
    }

    void roiMean(String instrumentId, double timeS, double mean) {
        roiHistory.computeIfAbsent(instrumentId, k -> new Series(2, HISTORY)).add(timeS, mean);
        version.incrementAndGet();
    }

    void clearRoi(String instrumentId) {
        roiHistory.remove(instrumentId);
        version.incrementAndGet();
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
}
