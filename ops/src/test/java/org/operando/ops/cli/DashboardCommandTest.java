package org.operando.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.operando.ops.Main;

/** The dashboard role's and demo --keep-open's command-line errors, before anything is started. */
class DashboardCommandTest {
    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void shouldRequireBootstrapServersForDashboard() {
        Result r = run("dashboard");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("operando: dashboard needs --bootstrap-servers of the cluster whose runs to show");
    }

    @Test
    void shouldRejectZeroKeepRunsInOneLine() {
        Result r = run("--bootstrap-servers", "127.0.0.1:1", "dashboard", "--keep-runs", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--keep-runs").contains("expected a whole number of at least 1");
    }

    @Test
    void shouldRefuseKeepOpenWithoutDashboard() {
        Result r = run("demo", "--keep-open", "--http-port", "-1");
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
