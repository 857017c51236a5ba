package org.operando.ops.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.ops.pipeline.InterleavedRuns;
import org.operando.producers.AcquisitionSink;
import org.operando.producers.StreamStats;
import org.operando.producers.journal.JournalSettings;
import org.operando.producers.journal.JournaledPublisher;
import org.operando.simulator.SimulationSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The simulator and producers only: publishes one or more concurrent simulated runs to Kafka (the given cluster, or
 * an embedded broker), for processors running elsewhere and for load tests. Prints progress and a summary.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Publish simulated runs (EM, optical, potentiostat, trigger marks, ground truth) to Kafka.")
public final class SimulateCommand implements Callable<Integer> {
    @ParentCommand
    OperandoCommand parent;

    @Mixin
    SimulationOptions simulation;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Master-clock time to simulate per run (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--speed", defaultValue = "1", converter = SpeedConverter.class, paramLabel = "X|max", description = "Pace: 1 = real time, N times faster, or max.")
    double speed;

    @Option(names = "--runs", paramLabel = "N", description = "Concurrent runs (overrides the profile).")
    Integer runs;

    @Option(names = "--run-id", defaultValue = "sim", paramLabel = "PREFIX", description = "Run ids are PREFIX-<index> (default: ${DEFAULT-VALUE}).")
    String runIdPrefix;

    @Override
    public Integer call() throws Exception {
        double pace = speed;
        SimulationSettings settings = simulation.settings(duration);
        if (runs != null) {
            settings = settings.withRuns(runs);
        }
        PrintStream out = System.out;
        EmbeddedKafka kafka = null;
        Path journal = Files.createTempDirectory("operando-sim-journal-");
        try {
            ClientSettings client;
            if (parent.bootstrapServers == null) {
                kafka = EmbeddedKafka.inTempDir().start();
                client = new ClientSettings(kafka.bootstrapServers(), Map.of());
                out.println("broker: embedded KRaft at " + kafka.bootstrapServers());
            } else {
                client = ClientSettings.of(parent.bootstrapServers, parent.kafkaConfig);
            }
            TopicProvisioner.ensureTopics(client.clientConfig(), parent.partitions, parent.replicationFactor);
            List<InterleavedRuns.Run> sources = new ArrayList<>();
            for (int r = 0; r < settings.runs(); r++) {
                String id = runIdPrefix + "-" + r;
                sources.add(new InterleavedRuns.Run(id, simulation.source(settings, id, r)));
            }
            out.printf("simulate: profile %s, %d run(s), %s of master time each at %s%n", simulation.profile, sources.size(), duration,
                    pace <= 0 ? "max speed" : pace + "x");
            try (AcquisitionSink sink = JournaledPublisher.open(JournalSettings.defaults(journal), client.clientConfig())) {
                InterleavedRuns.Result result = InterleavedRuns.publish(sources, sink, pace, out, null, new AtomicBoolean());
                long published = result.records();
                double seconds = result.seconds();
                StreamStats stats = sink.stats();
                double mb = stats.topicBytes().values().stream().mapToLong(Long::longValue).sum() / 1e6;
                out.printf("%n=== simulate: %d records acknowledged in %.1f s (%.0f records/s, %.1f MB/s) ===%n", published, seconds,
                        published / seconds, mb / seconds);
                stats.records().forEach((id, n) -> out.printf("%-12s %-12s %10d records %10.1f MB%n", id, stats.modalities().get(id), n,
                        stats.bytes().getOrDefault(id, 0L) / 1e6));
                if (sources.size() > 1) {
                    // each run's RunStop announced its own records, not the sums above
                    result.announced().forEach((run, counts) -> out.printf("run %-12s announced %s%n", run, counts));
                }
                return stats.failed().isEmpty() ? 0 : 1;
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
            try (var files = Files.walk(journal)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
