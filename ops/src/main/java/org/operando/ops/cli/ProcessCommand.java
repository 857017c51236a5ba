package org.operando.ops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.ops.pipeline.LagMonitor;
import org.operando.ops.pipeline.Pipeline;
import org.operando.ops.pipeline.StreamsRunner;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.OperandoTopology;
import org.operando.streams.ingest.IngestTopology;
import org.operando.streams.run.RunProcessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Only the processors: one Kafka Streams instance of Operando's application against an existing cluster, until
 * Ctrl-C. Start several (same {@code --application-id}) to spread runs over partitions.
 */
@Command(name = "process", mixinStandardHelpOptions = true,
        description = "Run Operando's processors (Kafka Streams) against an existing cluster until Ctrl-C.")
public final class ProcessCommand implements Callable<Integer> {
    @ParentCommand
    OperandoCommand parent;

    @Option(names = "--application-id", defaultValue = "operando", paramLabel = "ID",
            description = "Kafka Streams application id; instances with the same id share the work (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state directory (default: a temporary directory).")
    Path stateDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Processor setting, e.g. operando.alignment.grace.ms=5000 (repeatable).")
    Map<String, String> settings = new HashMap<>();

    @Option(names = "--threads", defaultValue = "1", converter = CountConverter.AtLeastOne.class, paramLabel = "N",
            description = "Stream threads in this instance (num.stream.threads; default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--standby-replicas", defaultValue = "0", converter = CountConverter.AtLeastZero.class, paramLabel = "N",
            description = "Warm copies of each task's state kept on other instances for a faster failover (num.standby.replicas; "
                    + "default: ${DEFAULT-VALUE}).")
    int standbyReplicas;

    /**
     * One progress line for the runs this instance's run tasks hold: per run, the inputs its stages have taken in so
     * far (run metadata, marks, EC blocks and frame analyses) and whether it has closed.
     */
    static String runLine(double seconds, Map<String, byte[]> runIndex) {
        StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT, "[%6.1f s] runs:", seconds));
        new java.util.TreeMap<>(runIndex).forEach((run, value) -> {
            RunProcessor.RunProgress p = RunProcessor.RunProgress.of(value);
            line.append(' ').append(run).append(' ').append(p.records()).append(p.closed() ? " (closed)" : "").append(',');
        });
        line.setLength(line.length() - 1);
        return line.toString();
    }

    @Override
    public Integer call() throws Exception {
        ClientSettings client = parent.requireCluster("process", "of the cluster to process");
        TopicProvisioner.ensureTopics(client.clientConfig(), parent.partitions, parent.replicationFactor);
        Map<String, Object> overrides = new HashMap<>(settings);
        // the flags win over the same keys given with --set
        overrides.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        overrides.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        OperandoStreamsConfig config = new OperandoStreamsConfig(overrides); // validates the settings before starting
        Path state = stateDir != null ? stateDir : Files.createTempDirectory("operando-streams-");
        try (StopSignal stop = StopSignal.install("operando-process-shutdown");
             StreamsRunner streams = new StreamsRunner(OperandoTopology.buildTopology(config), client, applicationId, state, overrides);
             LagMonitor lag = new LagMonitor(client.clientConfig(), applicationId, Pipeline.LAGGED)) {
            System.out.println("processors: application " + applicationId + " on " + client.bootstrapServers() + ", " + threads
                    + " stream thread(s), " + standbyReplicas + " standby replica(s); Ctrl-C stops");
            long warm = System.nanoTime();
            streams.start(); // returns once a short simulated run has been through the topology in memory (JIT warm-up)
            System.out.printf("processors: started (warm-up %.1f s)%n", (System.nanoTime() - warm) / 1e9);
            long start = System.nanoTime();
            while (!stop.flag().get()) {
                Thread.sleep(5_000);
                long processed = streams.counts(IngestTopology.PROCESSED_STORE).values().stream().mapToLong(Long::longValue).sum();
                long dead = streams.counts(IngestTopology.DEAD_LETTER_STORE).values().stream().mapToLong(Long::longValue).sum();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("[%6.1f s] %s | processed %d dead-lettered %d | lag %d%n", seconds,
                        streams.streams().state(), processed, dead, lag.lag());
                Map<String, byte[]> runs = streams.read(RunProcessor.INDEX_STORE);
                if (!runs.isEmpty()) {
                    System.out.println(runLine(seconds, runs));
                }
            }
            return 0;
        }
    }
}
