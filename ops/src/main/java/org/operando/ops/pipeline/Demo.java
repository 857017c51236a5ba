package org.operando.ops.pipeline;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.operando.ops.dashboard.Dashboard;
import org.operando.ops.dashboard.DashboardServer;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.BrokerWarmup;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.ops.metrics.OperandoMetrics;
import org.operando.ops.metrics.PipelineMetrics;
import org.operando.producers.AcquisitionSource;
import org.operando.producers.AcquisitionSink;
import org.operando.producers.journal.JournalSettings;
import org.operando.producers.journal.JournaledPublisher;
import org.operando.streams.OperandoTopology;
import org.operando.streams.OperandoStreamsConfig;

/**
 * The whole job in one process: the embedded broker (unless an external cluster is given), topics, processors,
 * a source, progress and the summary. Used by {@code operando demo} and by the integration tests.
 */
public final class Demo {
    /**
     * What to run; {@code external} null means start the embedded broker. {@code dashboard} null: no dashboard (the
     * feed still measures latency).
     */
    public record Settings(ClientSettings external, int partitions, short replication, Pipeline.Options options,
                           String applicationId, Map<String, Object> streamsOverrides, DashboardServer.Settings dashboard) {
        /** Without the dashboard. */
        public Settings(ClientSettings external, int partitions, short replication, Pipeline.Options options,
                        String applicationId, Map<String, Object> streamsOverrides) {
            this(external, partitions, replication, options, applicationId, streamsOverrides, (DashboardServer.Settings) null);
        }

        /**
         * The dashboard on {@code httpHost} (null: 127.0.0.1) and {@code httpPort} (null: none, 0: a free port), with
         * the default security for that address ({@link DashboardServer.Settings#Settings(String, int, Duration, int)}).
         */
        public Settings(ClientSettings external, int partitions, short replication, Pipeline.Options options,
                        String applicationId, Map<String, Object> streamsOverrides, Integer httpPort, String httpHost) {
            this(external, partitions, replication, options, applicationId, streamsOverrides, httpPort == null ? null
                    : new DashboardServer.Settings(httpHost == null ? "127.0.0.1" : httpHost, httpPort, Duration.ofMillis(200), 512));
        }
    }

    private Demo() {
    }

    /**
     * Runs one run to completion. {@code sourceFactory} gets the bootstrap address (for sources that need Kafka) and
     * returns the source; {@code runId} names the run.
     */
    public static RunSummary run(Settings settings, String runId, Function<String, AcquisitionSource> sourceFactory,
                                 PrintStream out, AtomicBoolean stop) throws Exception {
        return run(settings, runId, sourceFactory, out, stop, summary -> { });
    }

    /**
     * As above; {@code afterRun} gets the summary while broker, processors and dashboard are still up (e.g. to print
     * it and keep the page open until Ctrl-C); they close when it returns.
     */
    public static RunSummary run(Settings settings, String runId, Function<String, AcquisitionSource> sourceFactory,
                                 PrintStream out, AtomicBoolean stop, java.util.function.Consumer<RunSummary> afterRun)
            throws Exception {
        // the pipeline warms up while the broker starts; the processors' start waits for it (StreamsRunner.start)
        Thread warmup = new Thread(PipelineWarmup::once, "operando-warm-up");
        warmup.setDaemon(true);
        warmup.start();
        EmbeddedKafka kafka = null;
        Path stateDir = Files.createTempDirectory("operando-streams-");
        // acquisition is journaled locally before it is published, so a broker outage loses nothing
        Path journalDir = Files.createTempDirectory("operando-journal-");
        try {
            ClientSettings client = settings.external();
            if (client == null) {
                long t0 = System.nanoTime();
                kafka = EmbeddedKafka.inTempDir().start();
                client = new ClientSettings(kafka.bootstrapServers(), Map.of());
                out.printf("broker: embedded KRaft at %s (started in %.1f s)%n", kafka.bootstrapServers(), (System.nanoTime() - t0) / 1e9);
                // the broker and the clients' code compiled before the run (the pipeline warms up meanwhile)
                long w0 = System.nanoTime();
                int warmed = BrokerWarmup.run(kafka.bootstrapServers(), Duration.ofSeconds(20));
                out.printf("warm-up: %d frame-sized records through the broker in transactions (%.1f s); the processors warm up on a "
                        + "simulated run meanwhile%n", warmed, (System.nanoTime() - w0) / 1e9);
            } else {
                out.println("broker: external " + client.bootstrapServers());
            }
            TopicProvisioner.ensureTopics(client.clientConfig(), settings.partitions(), settings.replication());
            OperandoStreamsConfig streamsConfig = new OperandoStreamsConfig(settings.streamsOverrides());
            try (StreamsRunner streams = new StreamsRunner(OperandoTopology.buildTopology(streamsConfig), client,
                    settings.applicationId(), stateDir, settings.streamsOverrides());
                 AcquisitionSink publisher = JournaledPublisher.open(JournalSettings.defaults(journalDir), client.clientConfig());
                 LagMonitor lag = new LagMonitor(client.clientConfig(), settings.applicationId(), Pipeline.LAGGED);
                 AcquisitionSource source = sourceFactory.apply(client.bootstrapServers());
                 OperandoMetrics metrics = OperandoMetrics.create()) {
                streams.start();
                awaitRunning(streams, Duration.ofSeconds(60));
                // --- metrics and dashboard (issue 9) ---
                metrics.bind(new PipelineMetrics(publisher::stats, streams::counts, lag::lag));
                metrics.bind(streams.streams());
                metrics.latency().pace(settings.options().speed());
                try (Dashboard dashboard = startDashboard(settings, client, metrics, lag, out)) {
                    Pipeline pipeline = new Pipeline(publisher, streams, lag, out, System::nanoTime);
                    RunSummary summary = pipeline.run(runId, source, settings.options(), stop);
                    summary.section("latencyMs", metrics.latency().summaryMs());
                    summary.section("latencyByStageMs", metrics.latency().stageSummaryMs());
                    summary.section("latencySteadyMs", metrics.latency().steadySummaryMs());
                    summary.section("latencySteadyByStageMs", metrics.latency().steadyStageSummaryMs());
                    org.operando.ops.scoring.Scoring.addSections(summary, client.clientConfig(), runId);
                    afterRun.accept(summary);
                    return summary;
                }
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
            deleteQuietly(stateDir);
            deleteQuietly(journalDir);
        }
    }

    private static Dashboard startDashboard(Settings settings, ClientSettings client, OperandoMetrics metrics, LagMonitor lag,
                                            PrintStream out) {
        if (settings.dashboard() == null) {
            return Dashboard.headless(client.clientConfig(), metrics); // no page, but latency is still measured
        }
        Dashboard dashboard = Dashboard.start(client.clientConfig(), settings.dashboard(), metrics, lag::lag);
        out.println("dashboard: " + dashboard.url());
        out.println("metrics: " + dashboard.metricsUrl());
        dashboard.accessLines().forEach(out::println);
        return dashboard;
    }

    private static void awaitRunning(StreamsRunner streams, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!streams.isRunning()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Streams did not reach RUNNING within " + timeout.toSeconds()
                        + " s (state " + streams.streams().state() + ")");
            }
            Thread.sleep(100);
        }
    }

    /** Deletes a temporary directory and what it holds, as far as it can. */
    static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // temp dir: best effort
        }
    }
}
