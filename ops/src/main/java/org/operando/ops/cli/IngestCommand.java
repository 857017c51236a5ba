package org.operando.ops.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import org.operando.ops.dashboard.DashboardServer;
import org.operando.ops.ingest.RunPublisher;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.ops.pipeline.Demo;
import org.operando.ops.pipeline.Pipeline;
import org.operando.ops.pipeline.RunSummary;
import org.operando.producers.AcquisitionSink;
import org.operando.producers.ingest.FileRunSource;
import org.operando.producers.journal.JournalSettings;
import org.operando.producers.journal.JournaledPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Publishes a run from instrument files (MRC, TIFF/OME-TIFF, potentiostat exports) named by a manifest, through the
 * acquisition journal. With {@code --bootstrap-servers} it only publishes (the processors run elsewhere, e.g.
 * {@code operando process}); without, it runs the whole job on the embedded broker as {@code demo} does, processors
 * and dashboard included, and prints the summary. Every file is checked before anything is published; see
 * docs/ingest.md.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Publish a run from instrument files named by a manifest (JSON or YAML, see docs/ingest.md).",
                "Without --bootstrap-servers: embedded broker, processors and dashboard, ending with a summary."})
public final class IngestCommand implements Callable<Integer> {
    @ParentCommand
    OperandoCommand parent;

    @Parameters(index = "0", paramLabel = "MANIFEST", description = "Manifest naming the instruments, their files and timing.")
    Path manifest;

    @Option(names = "--speed", defaultValue = "max", converter = SpeedConverter.class, paramLabel = "1|N|max",
            description = "Master seconds per wall second; 'max' = as fast as the broker takes them (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--follow", description = "Watch the folders while acquisition software writes into them: new files and growing "
            + "stacks are published as they complete, until --idle-stop or Ctrl-C (which publishes the RunStop).")
    boolean follow;

    @Option(names = "--idle-stop", converter = DurationConverter.class, paramLabel = "TIME",
            description = "With --follow: end the run when nothing new has come for this long (default: only Ctrl-C).")
    Duration idleStop;

    @Option(names = "--poll", converter = DurationConverter.class, defaultValue = "100ms", paramLabel = "TIME",
            description = "With --follow: how often the folders are looked at (default: ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run id (default: the manifest's runId, else its file name).")
    String runId;

    @Option(names = "--progress", converter = DurationConverter.class, defaultValue = "2s", paramLabel = "TIME",
            description = "Interval between progress lines (default: ${DEFAULT-VALUE}).")
    Duration progress;

    @Mixin
    HttpOptions http;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Embedded run only: also write the summary as JSON to FILE.")
    Path summaryJson;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (!follow && idleStop != null) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--idle-stop needs --follow");
        }
        double pace = follow ? 0 : speed;
        // embedded run: the dashboard's files are read and checked before anything starts
        DashboardServer.Settings dashboard = parent.bootstrapServers == null ? http.settings() : null;
        try (StopSignal stop = StopSignal.install("operando-ingest-stop")) {
            FileRunSource.Follow following = new FileRunSource.Follow(follow, poll, idleStop, stop.flag());
            // every file is opened and checked here, before a broker is started or anything is published
            FileRunSource source = FileRunSource.open(manifest, runId, following, System::nanoTime,
                    () -> System.currentTimeMillis() * 1_000_000L, line -> out.println("ingest: " + line));
            out.printf("ingest: run %s from %s%s%n", source.runId(), manifest, follow ? ", following its folders" : "");
            int code = parent.bootstrapServers == null ? embedded(source, pace, dashboard, stop, out) : publishOnly(source, pace, out);
            if (source.failure().isPresent()) {
                System.err.println("operando: " + source.failure().get().getMessage());
                return 1;
            }
            return code;
        }
    }

    /** The processors run elsewhere: publish the run and report what was acknowledged. */
    private int publishOnly(FileRunSource source, double pace, PrintStream out) throws Exception {
        ClientSettings client = ClientSettings.of(parent.bootstrapServers, parent.kafkaConfig);
        TopicProvisioner.ensureTopics(client.clientConfig(), parent.partitions, parent.replicationFactor);
        Path journal = Files.createTempDirectory("operando-ingest-journal-");
        try (source; AcquisitionSink sink = JournaledPublisher.open(JournalSettings.defaults(journal), client.clientConfig())) {
            RunPublisher.Result result = new RunPublisher(sink, out, System::nanoTime).publish(source, pace, progress);
            out.printf("ingest: run %s, %d records in %.1f s; acquisition records acknowledged per instrument: %s%n", source.runId(),
                    result.records(), result.seconds(), sink.stats().records(org.operando.schemas.Topics.ACQUISITION));
            return sink.stats().failed().isEmpty() ? 0 : 1;
        } finally {
            try (var files = Files.walk(journal)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The whole job on the embedded broker, as {@code demo} runs it, on the files' run. */
    private int embedded(FileRunSource source, double pace, DashboardServer.Settings dashboard, StopSignal stop, PrintStream out)
            throws Exception {
        Demo.Settings settings = new Demo.Settings(null, parent.partitions, parent.replicationFactor,
                new Pipeline.Options(Duration.ofDays(3650), pace, progress, Duration.ofSeconds(90)), "operando-ingest", Map.of(),
                dashboard);
        RunSummary summary = Demo.run(settings, source.runId(), bootstrap -> source, out, stop.flag());
        out.print(summary.toText());
        if (summaryJson != null) {
            summary.write(summaryJson);
            out.println("summary written to " + summaryJson);
        }
        return summary.allStreamsComplete() ? 0 : 3;
    }
}
