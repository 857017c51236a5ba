package org.operando.ops.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.operando.schema.Modality;

/**
 * The dashboard's own meters: {@code operando.dashboard.frames.received} (tags instrument, modality),
 * {@code operando.dashboard.frames.superseded} (frames replaced in the single slot before they were drawn),
 * {@code operando.dashboard.records.undecodable}, {@code operando.dashboard.render} (timer: decode, downsample,
 * encode of one frame) and gauge {@code operando.dashboard.sse.clients}.
 */
public final class DashboardMetrics implements MeterBinder {
    private final AtomicInteger sseClients = new AtomicInteger();
    private final Map<String, Counter> framesReceived = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry = new SimpleMeterRegistry();
    private volatile Counter superseded;
    private volatile Counter undecodable;
    private volatile Timer render;

    public DashboardMetrics() {
        bindTo(registry);
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        this.registry = meterRegistry;
        framesReceived.clear();
        Gauge.builder("operando.dashboard.sse.clients", sseClients, AtomicInteger::get)
                .description("Browsers connected to the dashboard's server-sent event stream").baseUnit("clients")
                .register(meterRegistry);
        superseded = Counter.builder("operando.dashboard.frames.superseded").baseUnit("frames")
                .description("Frames replaced by a newer one before the dashboard drew them (latest-only backpressure)")
                .register(meterRegistry);
        undecodable = Counter.builder("operando.dashboard.records.undecodable").baseUnit("records")
                .description("Records the dashboard feed could not decode and skipped").register(meterRegistry);
        render = Timer.builder("operando.dashboard.render")
                .description("Time to decode, downsample, contrast-stretch and encode one frame for the page")
                .publishPercentileHistogram().register(meterRegistry);
    }

    void frameReceived(String instrumentId, Modality modality) {
        String m = modality == null ? "unknown" : modality.name().toLowerCase(Locale.ROOT);
        framesReceived.computeIfAbsent(instrumentId + '\u0000' + m, k -> Counter.builder("operando.dashboard.frames.received")
                .description("Frames the dashboard feed received").baseUnit("frames")
                .tags("instrument", instrumentId, "modality", m).register(registry)).increment();
    }

    void superseded(long frames) {
        if (frames > 0) {
            superseded.increment(frames);
        }
    }

    void undecodable() {
        undecodable.increment();
    }

    Timer render() {
        return render;
    }

    int clientConnected() {
        return sseClients.incrementAndGet();
    }

    int clientDisconnected() {
        return sseClients.decrementAndGet();
    }

    int sseClients() {
        return sseClients.get();
    }
}
