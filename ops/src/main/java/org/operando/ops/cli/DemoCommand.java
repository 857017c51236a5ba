package org.operando.ops.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.pipeline.Demo;
import org.operando.ops.pipeline.Pipeline;
import org.operando.ops.pipeline.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The whole job in one process on the embedded broker (or an external cluster), ending with a summary. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run broker, simulator, producers, processors and dashboard in one process; print progress and a summary.")
public final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    OperandoCommand parent;

    @Mixin
    SimulationOptions simulation;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Master-clock time to simulate: 500ms, 30s, 2m, 1h (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--speed", defaultValue = "1", converter = SpeedConverter.class, paramLabel = "X|max",
            description = "Pace: 1 = real time, N = N times faster, max = as fast as the machine goes (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the summary as JSON to FILE.")
    Path summaryJson;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run id (default: sim-<profile>-<seed>).")
    String runId;

    @Option(names = "--grace", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Alignment grace period for late data (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--threads", defaultValue = "2", converter = CountConverter.AtLeastOne.class, paramLabel = "N",
            description = "Stream threads of the processors (num.stream.threads; default: ${DEFAULT-VALUE}, one per partition, so a "
                    + "camera's pixel work and the run's stages do not wait for each other).")
    int threads;

    @Mixin
    HttpOptions http;

    @Option(names = "--keep-open", description = "After the run's summary, keep broker, processors and dashboard up until Ctrl-C "
            + "(to look at the finished run on the page).")
    boolean keepOpen;

    @Override
    public Integer call() throws Exception {
        if (keepOpen && http.port < 0) {
            throw new IllegalArgumentException("--keep-open keeps the dashboard up, but --http-port -1 turns it off: give a port (0 = any free one)");
        }
        var dashboard = http.settings(); // files read and checked before a broker starts
        double pace = speed;
        var settings = simulation.settings(duration);
        String id = runId != null ? runId : "sim-" + simulation.profile + "-" + settings.seed();
        ClientSettings external = parent.bootstrapServers == null ? null : ClientSettings.of(parent.bootstrapServers, parent.kafkaConfig);
        Map<String, Object> overrides = new HashMap<>();
        overrides.put(org.operando.streams.OperandoStreamsConfig.GRACE_MS, grace.toMillis());
        overrides.put(org.apache.kafka.streams.StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        Demo.Settings demo = new Demo.Settings(external, parent.partitions, parent.replicationFactor,
                new Pipeline.Options(duration, pace, Duration.ofSeconds(2), Duration.ofSeconds(90)), "operando", overrides,
                dashboard);

        PrintStream out = System.out;
        try (StopSignal stop = StopSignal.install("operando-demo-stop")) {
            out.printf("demo: profile %s, seed %d, %s of master time at %s, run %s, %d stream thread(s)%n", simulation.profile,
                    settings.seed(), duration, pace <= 0 ? "max speed" : pace + "x", id, threads);
            RunSummary summary = Demo.run(demo, id, bootstrap -> simulation.source(settings, id, 0), out, stop.flag(), s -> {
                out.print(s.toText());
                if (summaryJson != null) {
                    try {
                        s.write(summaryJson);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException("Cannot write the summary to " + summaryJson, e);
                    }
                    out.println("summary written to " + summaryJson);
                }
                if (keepOpen) {
                    out.println("run finished; dashboard kept open (--keep-open): Ctrl-C stops");
                    out.flush();
                    while (!stop.flag().get()) {
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            });
            return summary.allStreamsComplete() ? 0 : 3;
        }
    }
}
