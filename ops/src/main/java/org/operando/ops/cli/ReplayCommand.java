package org.operando.ops.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.ops.recording.RecordingIndex;
import org.operando.ops.recording.RunReplayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Publishes a recorded run back into Kafka at its recorded pace, faster, or as fast as possible. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Publish a recorded run (see 'record') back into Kafka with its recorded timing.",
                "The processors consuming it run as usual (operando demo / the streams application) with their own settings; "
                        + "to re-process with other parameters, start them with those settings and replay --as-run NEWID."})
public final class ReplayCommand implements Runnable {
    @ParentCommand
    OperandoCommand parent;

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory written by 'operando record'.")
    Path dir;

    @Option(names = "--speed", defaultValue = "1", converter = SpeedConverter.class, paramLabel = "1|N|max",
            description = "Recorded seconds per wall second; 'max' = as fast as the broker takes them (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--as-run", paramLabel = "NEWID", description = "Publish under this run id (keys and records rewritten).")
    String asRun;

    @Option(names = "--progress", converter = DurationConverter.class, defaultValue = "5s", paramLabel = "TIME",
            description = "Interval between progress lines (default: ${DEFAULT-VALUE}).")
    Duration progress;

    @Override
    public void run() {
        ClientSettings client = parent.requireCluster("replay", "of the cluster to publish to");
        RunReplayer.Options options = new RunReplayer.Options(speed, asRun, progress);
        RecordingIndex.read(dir); // fail fast, before touching Kafka, when DIR is not a recording
        TopicProvisioner.ensureTopics(client.clientConfig(), parent.partitions, parent.replicationFactor);
        try (StopSignal stop = StopSignal.install("operando-replay-shutdown")) {
            new RunReplayer(client.clientConfig(), System.out, System::nanoTime).replay(dir, options, stop.flag());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Replay interrupted", e);
        }
    }
}
