package org.operando.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.operando.ops.Main;

class CommandLineTest {
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
    void shouldReportUnknownOptionInOneLineWithNonZeroExit() {
        Result r = run("broker", "--bogus");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("operando: Unknown option: '--bogus'").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void shouldReportBadNumberInOneLine() {
        Result r = run("--partitions", "many", "broker");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("'many'").doesNotContain("\tat ");
    }

    @Test
    void shouldRefuseABadIngestManifestInOneLineBeforeStartingAnything() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("operando-cli-");
        try {
            java.nio.file.Path manifest = java.nio.file.Files.writeString(dir.resolve("m.yaml"),
                    "instruments:\n  - {id: em-1, modality: EM, path: missing.mrc}\n");
            Result r = run("ingest", manifest.toString());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err().strip()).isEqualTo("operando: " + dir.resolve("missing.mrc") + ": does not exist");
            assertThat(r.out()).doesNotContain("broker");
            Result idle = run("ingest", manifest.toString(), "--idle-stop", "5s");
            assertThat(idle.exit()).isEqualTo(2);
            assertThat(idle.err()).contains("--idle-stop needs --follow");
        } finally {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void shouldRejectUnknownCommand() {
        Result r = run("frobnicate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void shouldRefuseBootstrapServersForEmbeddedBrokerWithOneLineError() {
        Result r = run("--bootstrap-servers", "127.0.0.1:1", "broker");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("operando: broker starts its own Kafka; it does not take --bootstrap-servers");
    }

    @Test
    void shouldListProfilesInSimulateHelp() {
        Result r = run("simulate", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("default").contains("operando").contains("pump-probe").contains("coregistration")
                .contains("load-small").contains("load-large").contains("faults");
    }

    @Test
    void shouldRejectUnknownProfileInOneLineBeforeStartingAnything() {
        Result r = run("demo", "--profile", "nope", "--http-port", "-1");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("Unknown profile 'nope'").contains("pump-probe").doesNotContain("\tat ");
    }

    @Test
    void shouldRejectBadSpeedAndDurationInOneLine() {
        Result speed = run("simulate", "--speed", "fast");
        assertThat(speed.exit()).isEqualTo(2);
        assertThat(speed.err().strip().lines()).hasSize(1);
        assertThat(speed.err()).contains("'fast' is not a speed");
        Result duration = run("demo", "--duration", "thirty");
        assertThat(duration.exit()).isEqualTo(2);
        assertThat(duration.err().strip().lines()).hasSize(1);
        assertThat(duration.err()).contains("expected a number with a unit");
    }

    @Test
    void shouldRequireBootstrapServersForProcessors() {
        Result r = run("process");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("operando: process needs --bootstrap-servers of the cluster to process");
    }

    @Test
    void shouldSayInWordsWithinTheTimeoutThatTheBrokerCannotBeReached(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path config = dir.resolve("client.properties");
        java.nio.file.Files.writeString(config, "default.api.timeout.ms=2000\n");
        long start = System.nanoTime();
        Result r = run("--bootstrap-servers", "127.0.0.1:1", "--kafka-config", config.toString(), "process");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("operando: cannot reach Kafka at 127.0.0.1:1 within 2 s (is the broker running? check --bootstrap-servers")
                .doesNotContain("null").doesNotContain("\tat ");
        assertThat(seconds).as("seconds until the error").isLessThan(15);
    }

    @Test
    void shouldNameAMissingClientPropertiesFileInWords() {
        Result r = run("--bootstrap-servers", "127.0.0.1:1", "--kafka-config", "/nonexistent/client.properties", "process");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("operando: Cannot read Kafka client properties /nonexistent/client.properties: "
                + "no such file or directory: /nonexistent/client.properties");
    }

    @Test
    void shouldListCommandsInHelp() {
        Result r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("broker").contains("demo").contains("simulate").contains("process").contains("record").contains("replay")
                .contains("bench").contains("export");
    }

    @Test
    void shouldRejectZeroThreadsForProcessorsInOneLineBeforeConnecting() {
        Result r = run("--bootstrap-servers", "127.0.0.1:1", "process", "--threads", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--threads").contains("'0' is not a count; expected a whole number of at least 1")
                .doesNotContain("\tat ");
    }

    @Test
    void shouldRejectNonNumericThreadsForDemoInOneLine() {
        Result r = run("demo", "--threads", "two", "--http-port", "-1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("'two' is not a count").doesNotContain("\tat ");
    }

    @Test
    void shouldRejectNegativeStandbyReplicasInOneLine() {
        Result r = run("--bootstrap-servers", "127.0.0.1:1", "process", "--standby-replicas", "-1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--standby-replicas").contains("expected a whole number of at least 0");
    }

    @Test
    void shouldDescribeThreadsAndStandbyReplicasInHelp() {
        Result process = run("process", "--help");
        assertThat(process.exit()).isZero();
        assertThat(process.out()).contains("--threads=N").contains("--standby-replicas=N").contains("Stream threads");
        Result demo = run("demo", "--help");
        assertThat(demo.out()).contains("--threads=N");
    }

    @Test
    void shouldRejectZeroInBenchThreadListInOneLine() {
        Result r = run("bench", "--threads", "1,0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("'0' is not a count");
    }

    @Test
    void shouldRefuseBootstrapServersForBenchWithOneLineError() {
        Result r = run("--bootstrap-servers", "127.0.0.1:1", "bench");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("operando: bench starts its own Kafka");
    }

    @Test
    void shouldRejectUnknownBenchProfileBeforeStartingAnything() {
        Result r = run("bench", "--profile", "default,nope");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("Unknown profile 'nope'");
    }
}
