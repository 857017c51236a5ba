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

/**
 * End-to-end latency per stream: wall-clock time at which a result is seen minus wall-clock time at which the
 * source record was published. The publish time travels as the Kafka record timestamp (producers set it at send;
 * Kafka Streams copies the input timestamp onto every record it derives), so
 * {@code latency = resultWallMs - record.timestamp()}.
 *
 * <p>Each observation goes to a Micrometer {@link Timer} {@code operando.latency.end.to.end} (tags {@code instrument},
 * {@code stage}; Prometheus histogram buckets between 1 ms and 60 s) and to an HdrHistogram per instrument (3
 * significant digits, cumulative over the run) from which {@link #summaryMs()} reads exact-to-0.1 % percentiles.
 * Negative differences (publisher and reader clocks disagree) are recorded as 0 and counted in {@link #negative()}.
 */
public final class EndToEndLatency implements MeterBinder {
    public static final String NAME = "operando.latency.end.to.end";
    private static final long MAX_TRACKABLE_NS = TimeUnit.HOURS.toNanos(1);

    private final Map<String, ConcurrentHistogram> histograms = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder negative = new java.util.concurrent.atomic.LongAdder();
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
     * @param publishWallMs wall-clock epoch milliseconds at publish (the Kafka record timestamp)
     * @param resultWallMs  wall-clock epoch milliseconds when the result was seen
     */
    public void record(String instrumentId, String stage, long publishWallMs, long resultWallMs) {
        if (instrumentId == null || stage == null) {
            throw new IllegalArgumentException("instrumentId and stage are required. Got instrumentId=" + instrumentId + ", stage=" + stage);
        }
        long ms = resultWallMs - publishWallMs;
        if (ms < 0) {
            negative.increment();
            ms = 0;
        }
        long ns = Math.min(TimeUnit.MILLISECONDS.toNanos(ms), MAX_TRACKABLE_NS);
        histograms.computeIfAbsent(instrumentId, k -> new ConcurrentHistogram(MAX_TRACKABLE_NS, 3)).recordValue(ns);
        MeterRegistry r = registry;
        if (r != null) {
            timers.computeIfAbsent(instrumentId + '\u0000' + stage, k -> Timer.builder(NAME)
                    .description("Wall-clock time from publishing an acquisition record to seeing a result derived from it")
                    .tags("instrument", instrumentId, "stage", stage)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(r)).record(ns, TimeUnit.NANOSECONDS);
        }
    }

    /** Observations whose result time preceded the publish time (count). */
    public long negative() {
        return negative.sum();
    }

    /** Per instrument: {@code p50}, {@code p99}, {@code max} in milliseconds and {@code count}, for the run summary. */
    public Map<String, Map<String, Number>> summaryMs() {
        Map<String, Map<String, Number>> out = new TreeMap<>();
        histograms.forEach((id, h) -> {
            var copy = h.copy();
            Map<String, Number> s = new LinkedHashMap<>();
            s.put("p50", round(copy.getValueAtPercentile(50) / 1e6));
            s.put("p99", round(copy.getValueAtPercentile(99) / 1e6));
            s.put("max", round(copy.getMaxValue() / 1e6));
            s.put("count", copy.getTotalCount());
            out.put(id, s);
        });
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
