package org.operando.ops.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.operando.ops.export.ExportFormat;
import org.operando.ops.export.KafkaRunSource;
import org.operando.ops.export.RecordingRunSource;
import org.operando.ops.export.RunExporter;
import org.operando.ops.export.RunSource;
import org.operando.schemas.Topics;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Exports a run, from the Kafka topics or a recording, to OME-Zarr or NeXus/HDF5. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a run to OME-Zarr (NGFF 0.4, for napari, Fiji, zarr) or NeXus/HDF5 (for h5py, NeXpy, silx):",
                "one image per imaging instrument (raw frames, drift as tables, registered optical frames as EM channels),",
                "the electrochemistry on the master clock, clock models, drift, registrations and correlation results.",
                "Writes DIR/<run>.ome.zarr or DIR/<run>.nxs. See docs/export.md."})
public final class ExportCommand implements Runnable {
    @ParentCommand
    OperandoCommand parent;

    @ArgGroup(exclusive = true, multiplicity = "1")
    From from;

    static final class From {
        @Option(names = "--run", paramLabel = "ID", description = "Run id to read from the Kafka topics (needs --bootstrap-servers).")
        String runId;

        @Option(names = "--recording", paramLabel = "DIR", description = "Directory written by 'operando record'.")
        Path recording;
    }

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the export into (created if missing).")
    Path out;

    @Option(names = "--format", required = true, paramLabel = "ome-zarr|nexus", converter = FormatConverter.class,
            description = "Output format: ome-zarr or nexus.")
    ExportFormat format;

    @Option(names = "--progress", converter = DurationConverter.class, defaultValue = "5s", paramLabel = "TIME",
            description = "Interval between progress lines (default: ${DEFAULT-VALUE}).")
    Duration progress;

    @Option(names = "--level", defaultValue = "1", paramLabel = "0-9",
            description = "zlib compression level of every chunk (default: ${DEFAULT-VALUE}, the fastest).")
    int level;

    static final class FormatConverter implements ITypeConverter<ExportFormat> {
        @Override
        public ExportFormat convert(String value) {
            return ExportFormat.byName(value);
        }
    }

    @Override
    public void run() {
        if (level < 0 || level > 9) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--level must be 0..9. Got " + level);
        }
        RunExporter.Options options = new RunExporter.Options(format, out, progress, level, 8, RunExporter.Options.defaultThreads());
        try (RunSource source = open()) {
            new RunExporter(System.out, System::nanoTime, Clock.systemUTC()).export(source, options);
        }
    }

    private RunSource open() {
        if (from.recording != null) {
            return new RecordingRunSource(from.recording);
        }
        List<String> topics = new ArrayList<>(List.of(Topics.RUNS, Topics.ELECTROCHEM, Topics.TRIGGERS, Topics.FRAMES));
        topics.addAll(Topics.RESULTS);
        return new KafkaRunSource(parent.requireCluster("export --run", "of the cluster the run is on").clientConfig(), from.runId, topics);
    }
}
