package org.operando.ops.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's meters: a Prometheus registry with JVM meters, the end-to-end latency recorder, and whatever
 * component binders and Kafka clients are bound to it. {@link #scrape()} gives the Prometheus text exposition after
 * letting every {@link Refreshable} binder pick up streams that appeared since the last scrape.
 *
 * <p>Usage: {@code var m = OperandoMetrics.create(); m.bind(new PipelineMetrics(publisher::stats, streams::counts,
 * lag::lag)); m.bind(streams.streams()); ...; m.latency().summaryMs(); m.close();}
 */
public final class OperandoMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OperandoMetrics.class);

    /** A binder whose set of meters grows as data arrive; refreshed before every scrape. */
    public interface Refreshable {
        void refresh();
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EndToEndLatency latency = new EndToEndLatency();
    private final List<Refreshable> refreshables = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

    private OperandoMetrics() {
    }

    /** A registry with JVM memory, GC, thread and processor meters and the latency recorder bound. */
    public static OperandoMetrics create() {
        OperandoMetrics m = new OperandoMetrics();
        new JvmMemoryMetrics().bindTo(m.registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(m.registry);
        m.closeables.add(gc);
        new JvmThreadMetrics().bindTo(m.registry);
        new ProcessorMetrics().bindTo(m.registry);
        m.latency.bindTo(m.registry);
        return m;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public EndToEndLatency latency() {
        return latency;
    }

    /** Binds a component's meters; a {@link Refreshable} binder is refreshed before each scrape. Returns the binder. */
    public <B extends MeterBinder> B bind(B binder) {
        binder.bindTo(registry);
        if (binder instanceof Refreshable r) {
            refreshables.add(r);
        }
        if (binder instanceof AutoCloseable c) {
            closeables.add(c);
        }
        return binder;
    }

    /** Kafka Streams client metrics ({@code kafka.stream.*}, {@code kafka.consumer.*}, ...) of the processors. */
    public void bind(KafkaStreams streams) {
        bind(new KafkaStreamsMetrics(streams));
    }

    /** Kafka consumer client metrics ({@code kafka.consumer.*}) of a consumer such as the dashboard feed's. */
    public void bind(Consumer<?, ?> consumer) {
        bind(new KafkaClientMetrics(consumer));
    }

    /** Prometheus text exposition format (version 0.0.4) of every meter. */
    public String scrape() {
        for (Refreshable r : refreshables) {
            try {
                r.refresh();
            } catch (RuntimeException e) {
                LOG.warn("Metrics refresh failed in {}: {}", r.getClass().getSimpleName(), e.toString());
            }
        }
        return registry.scrape();
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(closeables);
        java.util.Collections.reverse(all);
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("Closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        registry.close();
    }
}
