package org.operando.producers.journal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Micrometer meters of one acquisition journal; no tags (one journal per producer process). */
public final class JournalMetrics implements MeterBinder {
    private final AcquisitionJournal journal;

    public JournalMetrics(AcquisitionJournal journal) {
        this.journal = journal;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("operando.journal.backlog", journal, AcquisitionJournal::backlogBytes).baseUnit("bytes")
                .description("Journaled value bytes not yet acknowledged by the broker").register(registry);
        Gauge.builder("operando.journal.backlog.records", journal, AcquisitionJournal::backlogRecords).baseUnit("records")
                .description("Journaled records not yet acknowledged by the broker").register(registry);
        Gauge.builder("operando.journal.backlog.limit", journal, j -> j.settings().maxBacklogBytes()).baseUnit("bytes")
                .description("Backlog bound past which appends are refused").register(registry);
        FunctionCounter.builder("operando.journal.appended", journal, AcquisitionJournal::appended).baseUnit("records")
                .description("Records appended to the journal since it was opened").register(registry);
        FunctionCounter.builder("operando.journal.bound.warnings", journal, AcquisitionJournal::boundWarnings).baseUnit("events")
                .description("Times the backlog crossed the warning fraction of its bound").register(registry);
        FunctionCounter.builder("operando.journal.rejected", journal, AcquisitionJournal::rejected).baseUnit("records")
                .description("Appends refused because the backlog bound was reached").register(registry);
    }
}
