package org.operando.ops.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.operando.ops.bench.BacklogDrain;
import org.operando.ops.bench.BenchReport;
import org.operando.ops.bench.KafkaBaseline;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.simulator.Profile;
import org.operando.simulator.SimulationSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Processing-core throughput against Kafka's own, in one run on one embedded broker: ProducerPerformance and
 * ConsumerPerformance, then per profile a backlog published with no processor running, drained from its start with
 * each thread count in turn (a fresh application id each time) until every run's results are complete.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure Kafka's raw MB/s and the processors draining a backlog (MB/s, frames/s, peak heap), on an embedded broker.")
public final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    OperandoCommand parent;

    @Option(names = "--profile", split = ",", defaultValue = "default,coregistration", paramLabel = "NAME[,NAME...]",
            description = "Profiles whose backlogs are drained, one after the other (default: ${DEFAULT-VALUE}).")
    List<String> profiles;

    @Option(names = "--threads", split = ",", defaultValue = "1,2", converter = CountConverter.AtLeastOne.class, paramLabel = "N[,N...]",
            description = "Stream-thread counts to drain each backlog with (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Master-clock time of each run in the backlog (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--runs", converter = CountConverter.AtLeastOne.class, paramLabel = "N",
            description = "Concurrent runs per backlog (default: the profile's).")
    Integer runs;

    @Option(names = "--perf-records", defaultValue = "1000", converter = CountConverter.AtLeastOne.class, paramLabel = "N",
            description = "Records of 512 KiB for ProducerPerformance and ConsumerPerformance (default: ${DEFAULT-VALUE}).")
    int perfRecords;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Longest a drain may take before it is reported incomplete (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", defaultValue = "operando-bench.json", paramLabel = "FILE",
            description = "Also write the figures as JSON to FILE (default: ${DEFAULT-VALUE}).")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (parent.bootstrapServers != null) {
            throw new IllegalArgumentException("bench starts its own Kafka (it deletes the input topics' records between profiles); "
                    + "it does not take --bootstrap-servers");
        }
        List<SimulationSettings> settings = new ArrayList<>();
        for (String profile : profiles) {
            SimulationSettings s = Profile.byName(profile).settings().withDurationNs(duration.toNanos()); // rejects unknown names
            settings.add(runs != null ? s.withRuns(runs) : s);
        }
        PrintStream out = System.out;
        Path stateDir = Files.createTempDirectory("operando-bench-state-");
        try (EmbeddedKafka kafka = EmbeddedKafka.inTempDir().start()) {
            ClientSettings client = new ClientSettings(kafka.bootstrapServers(), Map.of());
            TopicProvisioner.ensureTopics(client.clientConfig(), parent.partitions, (short) 1);
            out.printf("bench: embedded broker at %s, %d partitions per topic; %d cores, max heap %d MB%n", kafka.bootstrapServers(),
                    parent.partitions, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            out.printf("bench: Kafka's ProducerPerformance and ConsumerPerformance, %d records of 512 KiB ...%n", perfRecords);
            KafkaBaseline.Result baseline = KafkaBaseline.measure(kafka.bootstrapServers(), perfRecords,
                    new PrintStream(java.io.OutputStream.nullOutputStream()));
            out.printf("  producer %.1f MB/s, consumer %.1f MB/s%n", baseline.producerMBps(), baseline.consumerMBps());
            Map<String, Object> echo = new LinkedHashMap<>();
            echo.put("profiles", profiles);
            echo.put("threads", threads);
            echo.put("durationS", duration.toMillis() / 1e3);
            echo.put("runs", runs);
            echo.put("partitions", parent.partitions);
            BenchReport report = new BenchReport(baseline, echo);
            for (int i = 0; i < profiles.size(); i++) {
                if (i > 0) {
                    BacklogDrain.clearInputs(client);
                }
                out.printf("bench: backlog of profile %s, %d run(s) of %s, published at max speed ...%n", profiles.get(i),
                        settings.get(i).runs(), duration);
                BacklogDrain.Backlog backlog = BacklogDrain.load(client, profiles.get(i), settings.get(i));
                out.printf("  %.1f MB, %d frames in %.1f s%n", backlog.inputBytes() / 1e6, backlog.frames(), backlog.loadSeconds());
                report.add(backlog);
                for (int n : threads) {
                    report.add(BacklogDrain.drain(client, backlog, n, stateDir, timeout, out));
                }
            }
            out.println();
            out.print(report.toTable());
            report.writeJson(json);
            out.println("figures written to " + json);
            return report.drains().stream().allMatch(BacklogDrain.Drain::complete) ? 0 : 3;
        } finally {
            try (var files = Files.walk(stateDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
