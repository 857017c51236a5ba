package org.operando.ops.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.producers.Acquired;
import org.operando.producers.AcquisitionSink;
import org.operando.producers.StreamStats;
import org.operando.producers.journal.JournalSettings;
import org.operando.producers.journal.JournaledPublisher;
import org.operando.producers.sim.SimulatorSource;
import org.operando.schemas.Topics;
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
            List<SimulatorSource> sources = new ArrayList<>();
            for (int r = 0; r < settings.runs(); r++) {
                sources.add(simulation.source(settings, runIdPrefix + "-" + r, r));
            }
            out.printf("simulate: profile %s, %d run(s), %s of master time each at %s%n", simulation.profile, sources.size(), duration,
                    pace <= 0 ? "max speed" : pace + "x");
            try (AcquisitionSink sink = JournaledPublisher.open(JournalSettings.defaults(journal), client.clientConfig())) {
                long t0 = System.nanoTime();
                long published = publish(sources, sink, pace, out, t0);
                sink.flush();
                for (SimulatorSource s : sources) {
                    s.epilogue(sink.stats().records(Topics.ACQUISITION)).forEach(sink::publish);
                }
                sink.flush();
                double seconds = (System.nanoTime() - t0) / 1e9;
                StreamStats stats = sink.stats();
                double mb = stats.topicBytes().values().stream().mapToLong(Long::longValue).sum() / 1e6;
                out.printf("%n=== simulate: %d records acknowledged in %.1f s (%.0f records/s, %.1f MB/s) ===%n", published, seconds,
                        published / seconds, mb / seconds);
                stats.records().forEach((id, n) -> out.printf("%-12s %-12s %10d records %10.1f MB%n", id, stats.modalities().get(id), n,
                        stats.bytes().getOrDefault(id, 0L) / 1e6));
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

    /** Interleaves the runs in master-time order, paced, with a progress line every 2 s. */
    private static long publish(List<SimulatorSource> sources, AcquisitionSink sink, double pace, PrintStream out, long t0)
            throws InterruptedException {
        record Head(Acquired item, SimulatorSource source) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparingLong(h -> h.item().masterTimeNs()));
        for (SimulatorSource s : sources) {
            s.preamble().forEach(sink::publish);
            s.next().ifPresent(a -> heads.add(new Head(a, s)));
        }
        long first = heads.isEmpty() ? 0 : heads.peek().item().masterTimeNs();
        long count = 0;
        long lastReport = t0;
        long lastCount = 0;
        while (!heads.isEmpty()) {
            Head h = heads.poll();
            if (pace > 0) {
                long wait = t0 + (long) ((h.item().masterTimeNs() - first) / pace) - System.nanoTime();
                if (wait > 1_000_000) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            sink.publish(h.item());
            count++;
            Optional<Acquired> next = h.source().next();
            next.ifPresent(a -> heads.add(new Head(a, h.source())));
            long now = System.nanoTime();
            if (now - lastReport > 2_000_000_000L) {
                out.printf("[%6.1f s] published %d records (%.0f records/s), master time %.1f s%n", (now - t0) / 1e9, count,
                        (count - lastCount) / ((now - lastReport) / 1e9), (h.item().masterTimeNs() - first) / 1e9);
                lastReport = now;
                lastCount = count;
            }
        }
        return count;
    }
}
