package org.operando.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dashboard role's and demo --keep-open's command-line errors, before anything is started. */
class DashboardCommandTest {
    private static CliRun.Result run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void shouldRequireBootstrapServersForDashboard() {
        CliRun.Result r = run("dashboard");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("operando: dashboard needs --bootstrap-servers of the cluster whose runs to show");
    }

    @Test
    void shouldRejectZeroKeepRunsInOneLine() {
        CliRun.Result r = run("--bootstrap-servers", "127.0.0.1:1", "dashboard", "--keep-runs", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--keep-runs").contains("expected a whole number of at least 1");
    }

    @Test
    void shouldRefuseKeepOpenWithoutDashboard() {
        CliRun.Result r = run("demo", "--keep-open", "--http-port", "-1");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("operando: --keep-open keeps the dashboard up, but --http-port -1 turns it off");
    }

    @Test
    void shouldListDashboardAndDescribeKeepOpenInHelp() {
        assertThat(run("--help").out()).contains("dashboard");
        assertThat(run("dashboard", "--help").out()).contains("--http-port").contains("--http-host").contains("--keep-runs");
        assertThat(run("demo", "--help").out()).contains("--keep-open");
    }
}
