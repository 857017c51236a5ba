package org.operando.producers.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.operando.producers.Acquired;
import org.operando.schema.Modality;
import org.operando.schema.TriggerMark;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;

@Timeout(20)
class AcquisitionJournalTest {
    private static final long T0_MS = 1_790_000_000_000L;
    @TempDir
    Path dir;
    private final SetTimeProvider time = new SetTimeProvider(T0_MS * 1_000_000L);

    private JournalSettings settings() {
        return JournalSettings.defaults(dir).withTimeProvider(time);
    }

    static Acquired mark(long sequence) {
        TriggerMark m = TriggerMark.newBuilder().setRunId("run-j").setInstrumentId("timing").setTriggerLine("ttl0")
                .setSequence(sequence).setInstrumentTimeNs(sequence * 1_000L).build();
        return Acquired.of(Topics.TRIGGERS, "run-j", "timing", Modality.TIMING, m, 5_000L + sequence);
    }

    static long sequenceOf(JournalEntry e) {
        return SchemaRegistry.get().decode(e.value(), TriggerMark.class).getSequence();
    }

    private static List<Long> sequences(List<JournalEntry> entries) {
        return entries.stream().map(AcquisitionJournalTest::sequenceOf).toList();
    }

    private static void appendRange(AcquisitionJournal journal, long from, long to) {
        for (long s = from; s < to; s++) {
            journal.append(mark(s));
        }
    }

    private static void drain(JournalForwarder forwarder) throws InterruptedException {
        while (forwarder.forwardOnce() != 0) {
            // until caught up
        }
    }

    @Test
    void shouldReadBackEveryFieldOfAppendedRecordsInOrder() {
        try (AcquisitionJournal journal = AcquisitionJournal.open(settings())) {
            appendRange(journal, 0, 3);
            List<JournalEntry> read = new ArrayList<>();
            try (JournalReader reader = journal.reader()) {
                for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                    read.add(e);
                }
            }
            assertThat(sequences(read)).containsExactly(0L, 1L, 2L);
            JournalEntry first = read.get(0);
            assertThat(first.topic()).isEqualTo(Topics.TRIGGERS);
            assertThat(first.runId()).isEqualTo("run-j");
            assertThat(first.instrumentId()).isEqualTo("timing");
            assertThat(first.modality()).isEqualTo(Modality.TIMING);
            assertThat(first.masterTimeNs()).isEqualTo(5_000L);
            assertThat(first.journaledAtMs()).isEqualTo(T0_MS);
            assertThat(first.value()).isEqualTo(SchemaRegistry.get().encode(mark(0).record()));
            assertThat(journal.backlogRecords()).isEqualTo(3);
            assertThat(journal.backlogBytes()).isEqualTo(read.stream().mapToLong(e -> e.value().length).sum());
        }
    }

    @Test
    void shouldForwardEveryRecordOnceInOrderAndEmptyTheBacklog() throws Exception {
        ListTarget target = new ListTarget();
        try (AcquisitionJournal journal = AcquisitionJournal.open(settings());
             JournalForwarder forwarder = new JournalForwarder(journal, target, batch(7))) {
            appendRange(journal, 0, 50);
            drain(forwarder);
            assertThat(sequences(target.delivered)).containsExactlyElementsOf(LongStream.range(0, 50).boxed().toList());
            assertThat(journal.backlogRecords()).isZero();
            assertThat(journal.backlogBytes()).isZero();
            assertThat(journal.ackedIndex()).isEqualTo(journal.lastAppendedIndex());
            assertThat(journal.awaitAcknowledged(0)).isTrue();
        }
    }

    @Test
    void shouldResumeAfterLastAcknowledgedBatchWhenRestartedMidwayWithoutDuplicates() throws Exception {
        ListTarget target = new ListTarget();
        try (AcquisitionJournal journal = AcquisitionJournal.open(settings());
             JournalForwarder forwarder = new JournalForwarder(journal, target, batch(30))) {
            appendRange(journal, 0, 100);
            forwarder.forwardOnce();
            forwarder.forwardOnce();
        }
        assertThat(target.delivered).hasSize(60);
        try (AcquisitionJournal journal = AcquisitionJournal.open(settings());
             JournalForwarder forwarder = new JournalForwarder(journal, target, batch(30))) {
            assertThat(journal.backlogRecords()).as("backlog recovered on reopen").isEqualTo(40);
            appendRange(journal, 100, 120);
            drain(forwarder);
        }
        assertThat(sequences(target.delivered)).containsExactlyElementsOf(LongStream.range(0, 120).boxed().toList());
    }

    @Test
    void shouldSendBatchAgainAfterCrashBeforeAcknowledgementSoNothingIsLost() throws Exception {
        ListTarget target = new ListTarget();
        try (AcquisitionJournal journal = AcquisitionJournal.open(settings());
             JournalForwarder forwarder = new JournalForwarder(journal, target, batch(10))) {
            appendRange(journal, 0, 25);
            forwarder.forwardOnce();
            target.crashOnNextAck();
            assertThatThrownBy(forwarder::forwardOnce).hasMessageContaining("simulated crash");
        }
        try (AcquisitionJournal journal = AcquisitionJournal.open(settings());
             JournalForwarder forwarder = new JournalForwarder(journal, target, batch(10))) {
            drain(forwarder);
        }
        List<Long> expected = new ArrayList<>(LongStream.range(0, 20).boxed().toList());
        expected.addAll(LongStream.range(10, 25).boxed().toList());
        assertThat(sequences(target.delivered)).as("the unacknowledged batch 10..19 is sent again, nothing skipped")
                .containsExactlyElementsOf(expected);
    }

    @Test
    void shouldRewindAndResendBatchThatReportedFailures() throws Exception {
        ListTarget target = new ListTarget().failNextBatch(3);
        try (AcquisitionJournal journal = AcquisitionJournal.open(settings());
             JournalForwarder forwarder = new JournalForwarder(journal, target, batch(10))) {
            appendRange(journal, 0, 15);
            assertThat(forwarder.forwardOnce()).isEqualTo(-1);
            assertThat(journal.backlogRecords()).isEqualTo(15);
            drain(forwarder);
            assertThat(forwarder.failedBatches()).isEqualTo(1);
        }
        assertThat(sequences(target.delivered)).containsExactlyElementsOf(LongStream.range(0, 15).boxed().toList());
    }

    @Test
    void shouldWarnOnceAtWarnFractionAndRefusePastBoundUntilForwarded() throws Exception {
        // sequences 100..110 all encode to the same length, so the bound falls exactly after ten records
        int size = SchemaRegistry.get().encode(mark(100).record()).length;
        JournalSettings bounded = new JournalSettings(dir, TestRollCycles.TEST_SECONDLY, 1, 10L * size, 0.5, time);
        ListTarget target = new ListTarget();
        try (AcquisitionJournal journal = AcquisitionJournal.open(bounded);
             JournalForwarder forwarder = new JournalForwarder(journal, target, batch(100))) {
            appendRange(journal, 100, 104);
            assertThat(journal.boundWarnings()).isZero();
            appendRange(journal, 104, 110);
            assertThat(journal.boundWarnings()).as("one warning on crossing 50 %, not one per record").isEqualTo(1);
            assertThatThrownBy(() -> journal.append(mark(110))).isInstanceOf(JournalFullException.class)
                    .hasMessageContaining("bound of " + 10L * size);
            assertThat(journal.rejected()).isEqualTo(1);
            var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            new JournalMetrics(journal).bindTo(registry);
            assertThat(registry.get("operando.journal.bound.warnings").functionCounter().count()).isEqualTo(1.0);
            assertThat(registry.get("operando.journal.backlog").gauge().value()).isEqualTo(10.0 * size);
            drain(forwarder);
            journal.append(mark(110));
            assertThat(journal.backlogRecords()).isEqualTo(1);
            assertThat(registry.get("operando.journal.backlog.records").gauge().value()).isEqualTo(1.0);
        }
        assertThat(target.delivered).hasSize(10);
    }

    @Test
    void shouldDeleteOnlyForwardedCyclesOlderThanRetention() throws Exception {
        JournalSettings secondly = new JournalSettings(dir, TestRollCycles.TEST_SECONDLY, 1, 1L << 30, 0.8, time);
        ListTarget target = new ListTarget();
        try (AcquisitionJournal journal = AcquisitionJournal.open(secondly);
             JournalForwarder forwarder = new JournalForwarder(journal, target, batch(1000))) {
            for (int second = 0; second < 5; second++) {
                appendRange(journal, second * 10L, second * 10L + 10);
                time.advanceMillis(1000);
                if (second == 2) {
                    drain(forwarder); // seconds 0..2 forwarded, 3 and 4 not yet
                }
            }
            assertThat(cycleFiles()).hasSize(5);
            int deleted = journal.pruneForwardedCycles();
            assertThat(deleted).as("seconds 0 and 1 are forwarded and older than the one retained cycle").isEqualTo(2);
            assertThat(cycleFiles()).hasSize(3);
            drain(forwarder);
            assertThat(sequences(target.delivered)).containsExactlyElementsOf(LongStream.range(0, 50).boxed().toList());
        }
    }

    private File[] cycleFiles() {
        return dir.toFile().listFiles((d, name) -> name.endsWith(".cq4"));
    }

    private static JournalForwarder.Settings batch(int records) {
        JournalForwarder.Settings d = JournalForwarder.Settings.defaults();
        return new JournalForwarder.Settings(records, d.batchBytes(), d.idlePause(), d.maxRetryPause(), d.pruneEvery());
    }
}
