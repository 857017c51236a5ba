package org.operando.ops.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.operando.schema.Frame;
import org.operando.schema.RunStop;
import org.operando.schema.TriggerMark;
import org.operando.schemas.RecordHeaders;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;

class RunArchiveTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadBackRecordsByteForByteInCaptureOrderIncludingNullsAndHeaders() {
        byte[] frame = SchemaRegistry.get().encode(RunFixtures.frame("r1", "em-1", 3, 8).record());
        List<RecordedRecord> written = List.of(
                new RecordedRecord(Topics.FRAMES, 1, 42, 1_700_000_000_123L, "r1", frame,
                        List.of(new RecordedRecord.Header(RecordHeaders.INSTRUMENT, "em-1".getBytes()))),
                new RecordedRecord(Topics.TRIGGERS, 0, 7, 1_700_000_000_124L, null, null,
                        List.of(new RecordedRecord.Header("empty", null))),
                new RecordedRecord(Topics.TRIGGERS, 0, 8, 1_700_000_000_125L, "r1", new byte[0], List.of()));
        try (RunArchive archive = RunArchive.create(dir)) {
            written.forEach(archive::append);
        }
        List<RecordedRecord> read = new ArrayList<>();
        try (RunArchive archive = RunArchive.open(dir); RunArchive.Reader reader = archive.reader()) {
            for (RecordedRecord r = reader.next(); r != null; r = reader.next()) {
                read.add(r);
            }
        }
        assertThat(read).containsExactlyElementsOf(written);
    }

    @Test
    void shouldRefuseToRecordIntoADirectoryThatHoldsARecording() {
        new RecordingIndex("r1", List.of(), Map.of(), 0, 0, 0, null, null, false).write(dir);
        assertThatThrownBy(() -> RunArchive.create(dir)).hasMessageContaining("already holds a recording");
    }

    @Test
    void shouldRewriteRunIdAndLeaveEverythingElseOfTheRecordEqual() {
        Frame original = (Frame) RunFixtures.frame("orig", "em-1", 5, 16).record();
        byte[] rewritten = new RunIdRewriter("new-run").rewrite(SchemaRegistry.get().encode(original));
        Frame back = SchemaRegistry.get().decode(rewritten, Frame.class);
        assertThat(back.getRunId()).isEqualTo("new-run");
        back.setRunId("orig");
        assertThat(back).isEqualTo(original);
    }

    @Test
    void shouldPassUndecodableBytesThroughUnchangedAndCountThem() {
        RunIdRewriter rewriter = new RunIdRewriter("x");
        byte[] corrupt = {1, 2, 3};
        assertThat(rewriter.rewrite(corrupt)).isSameAs(corrupt);
        assertThat(rewriter.unchanged()).isEqualTo(1);
    }

    @Test
    void shouldIndexCountsInstrumentsTimestampsAndMasterTimesStatedByRecords() {
        RunRecorder.IndexBuilder index = new RunRecorder.IndexBuilder("r1", false);
        TriggerMark mark = (TriggerMark) RunFixtures.mark("r1", 1).record();
        index.add(new RecordedRecord(Topics.TRIGGERS, 0, 0, 2_000L, "r1", SchemaRegistry.get().encode(mark), List.of()), "timing");
        RunStop stop = RunStop.newBuilder().setRunId("r1").setInstrumentId("control").setStopMasterTimeNs(9_000_000_000L)
                .setWallClockEpochNs(1L).setReason("completed").build();
        index.add(new RecordedRecord(Topics.RUNS, 0, 0, 1_000L, "r1", SchemaRegistry.get().encode(stop), List.of()), null);
        RecordingIndex built = index.build();
        assertThat(built.recordsPerTopic()).isEqualTo(Map.of(Topics.TRIGGERS, 1L, Topics.RUNS, 1L));
        assertThat(built.instruments()).containsExactly("timing");
        assertThat(built.firstTimestampMs()).isEqualTo(1_000L);
        assertThat(built.lastTimestampMs()).isEqualTo(2_000L);
        assertThat(built.firstMasterTimeNs()).isEqualTo(9_000_000_000L);
        assertThat(built.lastMasterTimeNs()).isEqualTo(9_000_000_000L);
    }
}
