package org.operando.ops.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.recording.RunRecorder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Captures one run's topics from a cluster into a Chronicle Queue archive with an index. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Record a run's records (keyed by its run id) from Kafka into DIR (Chronicle Queue + index.json).",
                "Inputs: runs, frames, electrochem, triggers, ground-truth; --include-results adds the processors' outputs.",
                "By default it stops once the run's RunStop and every record it announces are recorded (or on Ctrl-C)."})
public final class RecordCommand implements Runnable {
    @ParentCommand
    OperandoCommand parent;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "Run id to record.")
    String runId;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New directory for the recording.")
    Path out;

    @Option(names = "--include-results", description = "Also record the derived topics (clock models, drift, registrations, correlated).")
    boolean includeResults;

    @ArgGroup(exclusive = true)
    Stop stop = new Stop();

    static final class Stop {
        @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME", description = "Record for this long (30s, 10m, 1h).")
        Duration duration;

        @Option(names = "--until-stop", description = "Record until Ctrl-C, even past the run's end.")
        boolean untilStop;

        @Option(names = "--to-end", description = "Record what the topics hold now and exit (a finished run).")
        boolean toEnd;
    }

    @Option(names = "--progress", converter = DurationConverter.class, defaultValue = "5s", paramLabel = "TIME",
            description = "Interval between progress lines (default: ${DEFAULT-VALUE}).")
    Duration progress;

    @Override
    public void run() {
        ClientSettings client = parent.requireCluster("record", "of the cluster the run is on");
        RunRecorder.StopWhen when = stop.duration != null ? RunRecorder.StopWhen.DURATION
                : stop.toEnd ? RunRecorder.StopWhen.END_OF_TOPICS
                : stop.untilStop ? RunRecorder.StopWhen.UNTIL_STOP : RunRecorder.StopWhen.RUN_END;
        RunRecorder.Options options = new RunRecorder.Options(runId, RunRecorder.topics(includeResults), when, stop.duration, progress);
        try (StopSignal stop = StopSignal.install("operando-record-shutdown")) {
            // on Ctrl-C the recorder finishes its index before the JVM exits
            new RunRecorder(client.clientConfig(), System.out, System::nanoTime).record(options, out, stop.flag());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot write the recording to " + out + ": " + e.getMessage(), e);
        }
    }
}
