package org.operando.ops.export;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.operando.ops.recording.RecordedRecord;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.Registration;
import org.operando.schemas.RecordDecodeException;
import org.operando.schemas.RecordHeaders;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;
import org.operando.schemas.Validation;

/**
 * Exports one run to a file format scientists open: three passes over the run's records. The first collects the
 * run's description and the processors' results (small, held); the second streams the electrochemistry onto the
 * master clock; the third streams the frames, one at a time, into one image per imaging instrument, with each
 * registered optical instrument resampled into the EM image as a further channel. Frames and samples go to disk
 * as they come, so the heap holds a few frames (see {@link OverlayPairing}), not the run.
 */
public final class RunExporter {
    /**
     * @param progress  interval between progress lines
     * @param zlibLevel compression level of every chunk, 0..9
     * @param hold      frames an EM frame may wait for its nearest optical frame (see {@link OverlayPairing})
     * @param threads   threads that resample and compress planes
     */
    public record Options(ExportFormat format, Path outDir, Duration progress, int zlibLevel, int hold, int threads) {
        public Options {
            if (format == null || outDir == null) {
                throw new IllegalArgumentException("An export needs a format and an output directory");
            }
        }

        public static int defaultThreads() {
            return ChunkEncoder.defaultThreads();
        }

        public static Options of(ExportFormat format, Path outDir) {
            return new Options(format, outDir, Duration.ofSeconds(2), 1, 8, ChunkEncoder.defaultThreads());
        }
    }

    /** What was exported. */
    public record Result(Path output, long bytesWritten, long bytesRead, double seconds, long peakHeapBytes, long liveHeapBytes,
                         Map<String, Object> run) {
    }

    private static final List<String> METADATA_TOPICS = java.util.stream.Stream.concat(java.util.stream.Stream.of(Topics.RUNS),
            Topics.RESULTS.stream()).toList();

    private final PrintStream out;
    private final LongSupplier nanoClock;
    private final java.time.Clock wallClock;

    public RunExporter(PrintStream out, LongSupplier nanoClock, java.time.Clock wallClock) {
        this.out = out;
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
    }

    public Result export(RunSource source, Options options) {
        ExportProgress progress = new ExportProgress(out, nanoClock, options.progress().toNanos());
        progress.resetHeapPeak();
        String runId = source.runId();
        Path output = options.format().output(options.outDir(), runId);
        if (Files.exists(output)) {
            throw new IllegalArgumentException("Output " + output + " already exists; choose a new directory or remove it");
        }
        RunMetadata meta = new RunMetadata(runId);
        Map<String, Long> seen = new TreeMap<>();
        progress.pass("metadata and results from " + source.describe());
        source.scan(METADATA_TOPICS, r -> {
            progress.read(r.size());
            meta.add(r);
        });
        meta.start(); // fails here, before writing anything, when the run is not there
        if (meta.stop() == null) {
            out.println("warning: run " + runId + " has no RunStop yet: exporting what the topics hold now");
        }
        try {
            Files.createDirectories(options.outDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create output directory " + options.outDir() + ": " + e.getMessage(), e);
        }
        try (RunWriter writer = options.format().open(output, runId, options.zlibLevel());
             Zlib zlib = new Zlib(options.zlibLevel())) {
            Map<String, EcLog> ec = electrochem(source, meta, writer, seen, progress);
            progress.pass("frames");
            FrameExport frames = new FrameExport(meta, writer, zlib, options.hold(), options.threads(), progress);
            try (frames) {
            source.scan(List.of(Topics.FRAMES), r -> {
                progress.read(r.size());
                count(seen, r);
                frames.add(r);
            });
                frames.finish();
            }
            List<Table> tables = new ArrayList<>(RunTables.of(meta));
            frames.stacks().forEach(s -> tables.add(s.table()));
            ec.values().forEach(log -> tables.add(log.table()));
            Map<String, Object> run = RunDescription.of(meta, seen, frames, ec, source.describe(), options.format(), wallClock.instant());
            progress.pass("metadata and tables");
            writer.finish(frames.stacks(), tables, run);
            progress.sampleLive();
            Result result = new Result(output, writer.bytesWritten(), progress.bytesRead(), progress.elapsedSeconds(), progress.heapPeak(),
                    progress.liveAfterGc(), run);
            out.println(summary(result, frames, ec, meta, options.format()));
            return result;
        }
    }

    private Map<String, EcLog> electrochem(RunSource source, RunMetadata meta, RunWriter writer, Map<String, Long> seen,
                                           ExportProgress progress) {
        Map<String, InOrder<ElectrochemBlock>> order = new TreeMap<>();
        Map<String, EcLog> logs = new TreeMap<>();
        Map<String, ClockMap> clocks = new TreeMap<>();
        java.util.function.Consumer<ElectrochemBlock> emit = b -> {
            ClockMap clock = clocks.computeIfAbsent(b.getInstrumentId(), meta::clock);
            int n = b.getPotentialV().size();
            double[] t = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = clock.secondsSinceStart(b.getFirstSampleInstrumentTimeNs() + i * b.getSamplePeriodNs());
            }
            double period = n > 1 ? (t[n - 1] - t[0]) / (n - 1) : b.getSamplePeriodNs() / 1e9;
            logs.computeIfAbsent(b.getInstrumentId(), EcLog::new).add(b, n == 0 ? Double.NaN : t[0], period);
            writer.ecBlock(b.getInstrumentId(), t, b.getPotentialV(), b.getCurrentA());
            progress.wrote(writer.bytesWritten());
        };
        progress.pass("electrochemistry");
        source.scan(List.of(Topics.ELECTROCHEM, Topics.TRIGGERS), r -> {
            progress.read(r.size());
            count(seen, r);
            if (!r.topic().equals(Topics.ELECTROCHEM)) {
                return;
            }
            ElectrochemBlock b = decode(r, ElectrochemBlock.class);
            if (b != null && Validation.check(b).isEmpty()) {
                order.computeIfAbsent(b.getInstrumentId(), k -> new InOrder<>(256)).add(b.getSequence(), b, emit);
            } else {
                progress.skipped();
            }
        });
        order.values().forEach(o -> o.finish(emit));
        return logs;
    }

    static <T extends org.apache.avro.specific.SpecificRecord> T decode(RecordedRecord r, Class<T> type) {
        try {
            return SchemaRegistry.get().decode(r.value(), type);
        } catch (RecordDecodeException e) {
            return null;
        }
    }

    private static void count(Map<String, Long> seen, RecordedRecord r) {
        String instrument = null;
        for (RecordedRecord.Header h : r.headers()) {
            if (h.key().equals(RecordHeaders.INSTRUMENT) && h.value() != null) {
                instrument = new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        seen.merge(instrument == null ? "(no instrument header)" : instrument, 1L, Long::sum);
    }

    private static String summary(Result r, FrameExport frames, Map<String, EcLog> ec, RunMetadata meta, ExportFormat format) {
        StringBuilder what = new StringBuilder();
        for (ImageStack s : frames.stacks()) {
            String channels = s.modality() == org.operando.schema.Modality.EM ? "x" + s.channels().size() : "";
            what.append(String.format("%s %d%sx%dx%d %s, ", s.instrumentId(), s.frames(), channels, s.height(), s.width(),
                    s.type().toString().toLowerCase()));
        }
        ec.forEach((id, log) -> what.append(String.format("%s %,d EC samples, ", id, log.samples())));
        long drift = meta.drift().values().stream().mapToLong(Map::size).sum();
        long clocks = meta.clockModels().values().stream().mapToLong(List::size).sum();
        what.append(String.format("%d drift estimates, %d registrations, %d clock models, %d correlation results", drift,
                meta.registrations().size(), clocks, meta.results().size()));
        double s = Math.max(1e-9, r.seconds());
        return String.format("exported run %s (%s) -> %s: %s; wrote %.1f MB in %.1f s (%.1f MB/s), read %.1f MB of records (%.1f MB/s); "
                        + "heap: peak %.0f MB in use, at most %.0f MB live after GC", meta.runId(), format.cliName(), r.output(), what,
                r.bytesWritten() / 1e6, s, r.bytesWritten() / 1e6 / s, r.bytesRead() / 1e6, r.bytesRead() / 1e6 / s,
                r.peakHeapBytes() / 1e6, r.liveHeapBytes() / 1e6);
    }

    /** The last registration per (EM, optical) pair, grouped per EM instrument, optical instruments in order. */
    static Map<String, List<Registration>> registrationsPerEm(RunMetadata meta) {
        Map<String, List<Registration>> perEm = new LinkedHashMap<>();
        meta.lastRegistrations().values().forEach(g -> perEm.computeIfAbsent(g.getInstrumentId(), k -> new ArrayList<>()).add(g));
        return perEm;
    }

    /** Frames are decoded here only to be routed; a frame that does not decode or validate is skipped and counted. */
    static Frame frame(RecordedRecord r) {
        Frame f = decode(r, Frame.class);
        return f != null && Validation.check(f).isEmpty() ? f : null;
    }
}
