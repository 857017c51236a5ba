package org.operando.ops.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.apache.avro.specific.SpecificRecord;
import org.operando.schema.ClockModel;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.CorrelationResult;
import org.operando.schema.DriftEstimate;
import org.operando.schema.Registration;
import org.operando.schema.RunStart;

/**
 * End-to-end latency per stream and stage: wall-clock time at which a result is seen (read committed) minus the
 * wall-clock time at which the data it is about were acquired. Every result names the master time it is about (a
 * drift estimate its frame's exposure mid-point, an aligned window its EM exposure's end, a registration its EM
 * frame, a correlation result its newest data, a clock model its newest trigger mark); {@link #acquiredWallMs} turns
 * that into wall-clock time by the run's anchor: the run's RunStart was published (its Kafka record timestamp) at the
 * run's start master time, and master time runs at the acquisition's pace from there (1 for a live experiment; the
 * demo sets its own). So a window held for its partners' data, or a result waiting for the processors' commit, counts
 * from the acquisition, not from the record that happened to release it. Without the run's anchor (a reader started
 * after the RunStart) or at max speed, the result's Kafka record timestamp stands in: the publish time of the source
 * record Kafka Streams derived it from.
 *
 * <p>Each observation goes to a Micrometer {@link Timer} {@code operando.latency.end.to.end} (tags {@code instrument},
 * {@code stage}; Prometheus histogram buckets between 1 ms and 60 s) and to an HdrHistogram per instrument (3
 * significant digits, cumulative over the run) from which {@link #summaryMs()} reads exact-to-0.1 % percentiles.
 * Negative differences (publisher and reader clocks disagree) are recorded as 0 and counted in {@link #negative()}.
 */
public final class EndToEndLatency implements MeterBinder {
    public static final String NAME = "operando.latency.end.to.end";
    private static final long MAX_TRACKABLE_NS = TimeUnit.HOURS.toNanos(1);
    /** Results about data acquired this long after their run's start are the steady state ({@link #steadySummaryMs}). */
    public static final long STEADY_AFTER_MS = 5_000;

    private final Map<String, ConcurrentHistogram> histograms = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ConcurrentHistogram>> stageHistograms = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentHistogram> steadyHistograms = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ConcurrentHistogram>> steadyStageHistograms = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder negative = new java.util.concurrent.atomic.LongAdder();
    private final Map<String, long[]> runAnchors = new ConcurrentHashMap<>(); // run -> {wall ms, master ns}
    private volatile double pace = 1.0;
    private volatile MeterRegistry registry;

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        this.registry = meterRegistry;
    }

    /**
     * Records one result.
     *
     * @param instrumentId  stream the result derives from (bounded: one per instrument)
     * @param stage         what produced it: clock, drift, registration, correlation, dead-letter
     * @param acquiredWallMs wall-clock epoch milliseconds at acquisition ({@link #acquiredWallMs})
     * @param resultWallMs   wall-clock epoch milliseconds when the result was seen
     */
    public void record(String instrumentId, String stage, long acquiredWallMs, long resultWallMs) {
        if (instrumentId == null || stage == null) {
            throw new IllegalArgumentException("instrumentId and stage are required. Got instrumentId=" + instrumentId + ", stage=" + stage);
        }
        long ms = resultWallMs - acquiredWallMs;
        if (ms < 0) {
            negative.increment();
            ms = 0;
        }
        long ns = Math.min(TimeUnit.MILLISECONDS.toNanos(ms), MAX_TRACKABLE_NS);
        histograms.computeIfAbsent(instrumentId, k -> new ConcurrentHistogram(MAX_TRACKABLE_NS, 3)).recordValue(ns);
        stageHistograms.computeIfAbsent(instrumentId, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(stage, k -> new ConcurrentHistogram(MAX_TRACKABLE_NS, 3)).recordValue(ns);
        MeterRegistry r = registry;
        if (r != null) {
            timers.computeIfAbsent(instrumentId + '\u0000' + stage, k -> Timer.builder(NAME)
                    .description("Wall-clock time from acquiring data to seeing (read committed) a result about them")
                    .tags("instrument", instrumentId, "stage", stage)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(r)).record(ns, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Master time runs {@code pace} times faster than wall-clock time during acquisition (1 = real time, a live
     * experiment); 0 or less: acquired as fast as possible, so results count from their source record's publish time.
     */
    public void pace(double pace) {
        this.pace = pace;
    }

    /** Anchors {@code start}'s run: it was published at {@code publishWallMs}, the wall time of its start master time. */
    public void runStarted(RunStart start, long publishWallMs) {
        runAnchors.putIfAbsent(start.getRunId(), new long[] {publishWallMs, start.getStartMasterTimeNs()});
    }

    /**
     * Records the latency of {@code result} (of {@code instrument}, made by {@code stage}) seen at {@code resultWallMs};
     * {@code publishWallMs} is its Kafka timestamp. A result about data acquired {@value #STEADY_AFTER_MS} ms or more
     * after its run's start also counts towards {@link #steadySummaryMs}: the run's first seconds include what no
     * processor can shorten (the clock fit needs its first trigger marks before any frame can be placed).
     */
    public void observe(SpecificRecord result, String instrument, String stage, long publishWallMs, long resultWallMs) {
        long[] anchor = anchorOf(result);
        long acquired = anchor == null ? publishWallMs : acquiredWallMs(result, anchor);
        record(instrument, stage, acquired, resultWallMs);
        if (anchor != null && acquired - anchor[0] >= STEADY_AFTER_MS) {
            long ns = Math.min(TimeUnit.MILLISECONDS.toNanos(Math.max(0, resultWallMs - acquired)), MAX_TRACKABLE_NS);
            steadyHistograms.computeIfAbsent(instrument, k -> new ConcurrentHistogram(MAX_TRACKABLE_NS, 3)).recordValue(ns);
            steadyStageHistograms.computeIfAbsent(instrument, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(stage, k -> new ConcurrentHistogram(MAX_TRACKABLE_NS, 3)).recordValue(ns);
        }
    }

    /** Per instrument, as {@link #summaryMs}, of results about data acquired {@value #STEADY_AFTER_MS} ms or more into their run. */
    public Map<String, Map<String, Number>> steadySummaryMs() {
        Map<String, Map<String, Number>> out = new TreeMap<>();
        steadyHistograms.forEach((id, h) -> out.put(id, percentiles(h)));
        return out;
    }

    /**
     * Wall-clock epoch milliseconds at which the data {@code result} is about were acquired; {@code publishWallMs}
     * (the result's Kafka timestamp) when that cannot be told.
     */
    public long acquiredWallMs(SpecificRecord result, long publishWallMs) {
        long[] anchor = anchorOf(result);
        return anchor == null ? publishWallMs : acquiredWallMs(result, anchor);
    }

    /** The run anchor {wall ms, master ns} that dates {@code result}, or null: no master time, no RunStart seen, max speed. */
    private long[] anchorOf(SpecificRecord result) {
        return masterTimeNs(result) == null || !(pace > 0) ? null : runAnchors.get(runIdOf(result));
    }

    private long acquiredWallMs(SpecificRecord result, long[] anchor) {
        return anchor[0] + Math.round((masterTimeNs(result) - anchor[1]) / 1e6 / pace);
    }

    /** False for a result that revises one already published (a window's later revision): not a new result's latency. */
    public static boolean isFirstRevision(SpecificRecord result) {
        return !(result instanceof CorrelatedSample c) || c.getRevision() == 0;
    }

    private static Long masterTimeNs(SpecificRecord r) {
        if (r instanceof DriftEstimate d) {
            return d.getMasterTimeNs();
        } else if (r instanceof CorrelatedSample c) {
            return c.getMasterEndNs();
        } else if (r instanceof Registration g) {
            return g.getMasterTimeNs();
        } else if (r instanceof CorrelationResult c) {
            return c.getMasterTimeNs();
        } else if (r instanceof ClockModel m) {
            // the newest mark of the fit, mapped by the model itself
            return m.getReferenceMasterTimeNs()
                    + Math.round((m.getValidToInstrumentTimeNs() - m.getReferenceInstrumentTimeNs()) * (1 + m.getSkew()));
        }
        return null;
    }

    private static String runIdOf(SpecificRecord r) {
        Object v = r.get(r.getSchema().getField("runId").pos());
        return v == null ? "" : v.toString();
    }

    /** Observations whose result time preceded the acquisition time (count). */
    public long negative() {
        return negative.sum();
    }

    /** Per instrument: {@code p50}, {@code p99}, {@code max} in milliseconds and {@code count}, for the run summary. */
    public Map<String, Map<String, Number>> summaryMs() {
        Map<String, Map<String, Number>> out = new TreeMap<>();
        histograms.forEach((id, h) -> out.put(id, percentiles(h)));
        return out;
    }

    /** Per instrument and stage (clock, drift, alignment, registration, correlation, dead-letter): as {@link #summaryMs}. */
    public Map<String, Map<String, Map<String, Number>>> stageSummaryMs() {
        return byStage(stageHistograms);
    }

    /** As {@link #stageSummaryMs}, of the steady state only ({@link #steadySummaryMs}). */
    public Map<String, Map<String, Map<String, Number>>> steadyStageSummaryMs() {
        return byStage(steadyStageHistograms);
    }

    private static Map<String, Map<String, Map<String, Number>>> byStage(Map<String, Map<String, ConcurrentHistogram>> histograms) {
        Map<String, Map<String, Map<String, Number>>> out = new TreeMap<>();
        histograms.forEach((id, stages) -> {
            Map<String, Map<String, Number>> byStage = new TreeMap<>();
            stages.forEach((stage, h) -> byStage.put(stage, percentiles(h)));
            out.put(id, byStage);
        });
        return out;
    }

    private static Map<String, Number> percentiles(ConcurrentHistogram h) {
        var copy = h.copy();
        Map<String, Number> s = new LinkedHashMap<>();
        s.put("p50", round(copy.getValueAtPercentile(50) / 1e6));
        s.put("p99", round(copy.getValueAtPercentile(99) / 1e6));
        s.put("max", round(copy.getMaxValue() / 1e6));
        s.put("count", copy.getTotalCount());
        return s;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
