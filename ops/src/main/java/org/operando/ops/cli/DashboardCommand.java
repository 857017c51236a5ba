package org.operando.ops.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.operando.ops.dashboard.Dashboard;
import org.operando.ops.dashboard.DashboardFeed;
import org.operando.ops.dashboard.DashboardServer;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.metrics.OperandoMetrics;
import org.operando.ops.pipeline.LagMonitor;
import org.operando.ops.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Only the dashboard, against an existing cluster, until Ctrl-C (or until its thread is interrupted): every run the
 * topics hold, past ones included, the newest {@code --keep-runs} in full and older ones read back when selected.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Serve the live dashboard and /metrics for every run on an existing cluster, past runs included, until Ctrl-C.")
public final class DashboardCommand implements Callable<Integer> {
    @ParentCommand
    OperandoCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    HttpOptions http;

    @Option(names = "--keep-runs", defaultValue = "" + DashboardFeed.DEFAULT_KEEP_RUNS, converter = CountConverter.AtLeastOne.class,
            paramLabel = "N", description = "Runs held in memory in full; older ones are listed and read back from Kafka when "
                    + "selected (default: ${DEFAULT-VALUE}).")
    int keepRuns;

    @Option(names = "--application-id", defaultValue = "operando", paramLabel = "ID",
            description = "Kafka Streams application id of the processors whose lag the page shows (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Override
    public Integer call() throws Exception {
        ClientSettings client = parent.requireCluster("dashboard", "of the cluster whose runs to show");
        if (http.port < 0) {
            throw new IllegalArgumentException("the dashboard command serves the page: --http-port -1 turns it off; give a port (0 = any free one)");
        }
        DashboardServer.Settings settings = http.settings(); // files read and checked before anything connects
        PrintWriter out = spec.commandLine().getOut();
        try (StopSignal stop = StopSignal.install("operando-dashboard-stop");
             OperandoMetrics metrics = OperandoMetrics.create();
             LagMonitor lag = new LagMonitor(client.clientConfig(), applicationId, Pipeline.LAGGED);
             Dashboard dashboard = Dashboard.standalone(client.clientConfig(), settings, metrics, keepRuns, lag::lag)) {
            out.println("dashboard: " + dashboard.url());
            out.println("metrics: " + dashboard.metricsUrl());
            dashboard.accessLines().forEach(out::println);
            out.println("every run on " + client.bootstrapServers() + " (the newest " + keepRuns + " in memory); Ctrl-C stops");
            out.flush();
            while (!stop.flag().get()) {
                Thread.sleep(200);
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
