package org.operando.producers.journal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.operando.producers.Acquired;
import org.operando.producers.journal.AcquisitionJournal;
import org.operando.producers.journal.JournalSettings;
import org.operando.schema.Compression;
import org.operando.schema.Frame;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schema.TriggerMark;
import org.operando.schemas.FramePixels;
import org.operando.schemas.Topics;

/**
 * Append rate of the acquisition journal, Avro encoding included (what a producer pays per record before it may
 * go on acquiring). No forwarder runs: the backlog only grows, so each iteration gets a fresh journal.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalAppendBenchmark {
    /** mark: a trigger mark (~40 B); frame8k: a 64 x 64 u16 frame (~8.3 kB); frame128k: 256 x 256 u16 (~131 kB). */
    @Param({"mark", "frame8k", "frame128k"})
    public String payload;

    private Path dir;
    private AcquisitionJournal journal;
    private Acquired item;

    @Setup(Level.Iteration)
    public void open() throws Exception {
        dir = Files.createTempDirectory("operando-journal-bench-");
        journal = AcquisitionJournal.open(JournalSettings.defaults(dir).withMaxBacklogBytes(Long.MAX_VALUE / 4));
        item = switch (payload) {
            case "mark" -> Acquired.of(Topics.TRIGGERS, "bench", "timing", Modality.TIMING, TriggerMark.newBuilder().setRunId("bench")
                    .setInstrumentId("timing").setTriggerLine("ttl0").setSequence(1).setInstrumentTimeNs(1_000L).build(), 1_000L);
            case "frame8k" -> frame(64);
            case "frame128k" -> frame(256);
            default -> throw new IllegalArgumentException("Unknown payload " + payload);
        };
    }

    private static Acquired frame(int side) {
        Frame f = Frame.newBuilder().setRunId("bench").setInstrumentId("em-1").setSequence(1).setInstrumentTimeNs(1_000L)
                .setExposureNs(1_000L).setWidth(side).setHeight(side).setPixelType(PixelType.U16).setPixelSizeNm(2).setStageXNm(0)
                .setStageYNm(0).setCompression(Compression.NONE)
                .setPixels(FramePixels.packU16(new short[side * side], Compression.NONE)).build();
        return Acquired.of(Topics.FRAMES, "bench", "em-1", Modality.EM, f, 1_000L);
    }

    @Benchmark
    public long append() {
        return journal.append(item);
    }

    @TearDown(Level.Iteration)
    public void close() throws Exception {
        journal.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
