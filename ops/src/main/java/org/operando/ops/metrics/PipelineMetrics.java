package org.operando.ops.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.operando.producers.StreamStats;
import org.operando.schema.Modality;
import org.operando.streams.ingest.IngestTopology;

/**
 * Pipeline accounting as meters: what the publisher has had acknowledged, what the processors have validated and
 * dead-lettered (from the Streams count stores), and consumer lag. Streams appear while a run goes on, so
 * {@link #refresh()} (called before each scrape by {@link OperandoMetrics}) registers meters for newly seen
 * instruments and takes one snapshot of every source, which the meters then read.
 *
 * <p>Meters: {@code operando.records.published} and {@code operando.bytes.published} (tags instrument, modality),
 * {@code operando.publish.failures}, {@code operando.records.processed} and {@code operando.records.dead.lettered}
 * (tags instrument, stage=ingest), {@code operando.dead.letters} (every dead letter, tags stage and reason: its
 * {@code ReasonCode}), gauge {@code operando.consumer.lag} (records; NaN when unknown).
 */
public final class PipelineMetrics implements MeterBinder, OperandoMetrics.Refreshable {
    private final Supplier<StreamStats> stats;
    private final Function<String, Map<String, Long>> storeCounts;
    private final LongSupplier lag;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Set<String> registeredReasons = ConcurrentHashMap.newKeySet();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), -1);
    private MeterRegistry registry;

    /**
     * @param stats       the publisher's stats, e.g. {@code publisher::stats}
     * @param storeCounts reads a Streams count store by name, e.g. {@code streamsRunner::counts}
     * @param lag         total consumer lag of the processors, or -1 when unknown, e.g. {@code lagMonitor::lag}
     */
    public PipelineMetrics(Supplier<StreamStats> stats, Function<String, Map<String, Long>> storeCounts, LongSupplier lag) {
        this.stats = stats;
        this.storeCounts = storeCounts;
        this.lag = lag;
    }

    @Override
    public synchronized void bindTo(MeterRegistry meterRegistry) {
        this.registry = meterRegistry;
        Gauge.builder("operando.consumer.lag", this, m -> m.snapshot.lag < 0 ? Double.NaN : m.snapshot.lag)
                .description("Records on the processors' input topics not yet committed as processed")
                .baseUnit("records").register(meterRegistry);
        refresh();
    }

    @Override
    public synchronized void refresh() {
        StreamStats s = stats.get();
        Snapshot now = new Snapshot(s.records(), s.bytes(), s.failed(), storeCounts.apply(IngestTopology.PROCESSED_STORE),
                storeCounts.apply(IngestTopology.DEAD_LETTER_STORE), storeCounts.apply(IngestTopology.DEAD_LETTER_REASON_STORE),
                lag.getAsLong());
        snapshot = now;
        if (registry == null) {
            return;
        }
        Map<String, Modality> modalities = s.modalities();
        for (String id : now.published.keySet()) {
            register(id, modalities.get(id));
        }
        for (String id : now.processed.keySet()) {
            register(id, modalities.get(id));
        }
        for (String id : now.dead.keySet()) {
            register(id, modalities.get(id));
        }
        for (String stageAndReason : now.reasons.keySet()) {
            registerReason(stageAndReason);
        }
    }

    /**
     * One counter per dead-letter stage and reason code seen ("stage|CODE" in the store). Both tags are bounded: stages are
     * the pipeline's stage and processor names, codes the {@code ReasonCode} symbols (docs/dead-letters.md).
     */
    private void registerReason(String stageAndReason) {
        int bar = stageAndReason.lastIndexOf('|');
        if (bar < 0 || !registeredReasons.add(stageAndReason)) {
            return;
        }
        FunctionCounter.builder("operando.dead.letters", this, x -> x.snapshot.reasons.getOrDefault(stageAndReason, 0L))
                .description("Records dead-lettered, by the stage that rejected them and the class of reason (see docs/dead-letters.md)")
                .baseUnit("records")
                .tags("stage", stageAndReason.substring(0, bar), "reason", stageAndReason.substring(bar + 1))
                .register(registry);
    }

    private void register(String id, Modality modality) {
        if (!registered.add(id)) {
            return;
        }
        String m = modality == null ? "unknown" : modality.name().toLowerCase(java.util.Locale.ROOT);
        FunctionCounter.builder("operando.records.published", this, x -> x.snapshot.published.getOrDefault(id, 0L))
                .description("Records the broker acknowledged from the publisher").baseUnit("records")
                .tags("instrument", id, "modality", m).register(registry);
        FunctionCounter.builder("operando.bytes.published", this, x -> x.snapshot.bytes.getOrDefault(id, 0L))
                .description("Encoded record bytes the broker acknowledged from the publisher").baseUnit(BaseUnits.BYTES)
                .tags("instrument", id, "modality", m).register(registry);
        FunctionCounter.builder("operando.publish.failures", this, x -> x.snapshot.failed.getOrDefault(id, 0L))
                .description("Records the publisher could not deliver").baseUnit("records")
                .tags("instrument", id, "modality", m).register(registry);
        FunctionCounter.builder("operando.records.processed", this, x -> x.snapshot.processed.getOrDefault(id, 0L))
                .description("Records the processors decoded and validated").baseUnit("records")
                .tags("instrument", id, "stage", "ingest").register(registry);
        FunctionCounter.builder("operando.records.dead.lettered", this, x -> x.snapshot.dead.getOrDefault(id, 0L))
                .description("Records sent to the dead-letter topic").baseUnit("records")
                .tags("instrument", id, "stage", "ingest").register(registry);
    }

    private record Snapshot(Map<String, Long> published, Map<String, Long> bytes, Map<String, Long> failed,
                            Map<String, Long> processed, Map<String, Long> dead, Map<String, Long> reasons, long lag) {
    }
}
