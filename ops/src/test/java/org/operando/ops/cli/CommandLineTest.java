package org.operando.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    private static CliRun.Result run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void shouldReportUnknownOptionInOneLineWithNonZeroExit() {
        CliRun.Result r = run("broker", "--bogus");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("operando: Unknown option: '--bogus'").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void shouldReportBadNumberInOneLine() {
        CliRun.Result r = run("--partitions", "many", "broker");
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
            CliRun.Result r = run("ingest", manifest.toString());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err().strip()).isEqualTo("operando: " + dir.resolve("missing.mrc") + ": does not exist");
            assertThat(r.out()).doesNotContain("broker");
            CliRun.Result idle = run("ingest", manifest.toString(), "--idle-stop", "5s");
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
        CliRun.Result r = run("frobnicate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void shouldRefuseBootstrapServersForEmbeddedBrokerWithOneLineError() {
        CliRun.Result r = run("--bootstrap-servers", "127.0.0.1:1", "broker");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("operando: broker starts its own Kafka; it does not take --bootstrap-servers");
    }

    @Test
    void shouldListProfilesInSimulateHelp() {
        CliRun.Result r = run("simulate", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("default").contains("operando").contains("pump-probe").contains("coregistration")
                .contains("load-small").contains("load-large").contains("faults");
    }

    @Test
    void shouldRejectUnknownProfileInOneLineBeforeStartingAnything() {
        CliRun.Result r = run("demo", "--profile", "nope", "--http-port", "-1");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("Unknown profile 'nope'").contains("pump-probe").doesNotContain("\tat ");
    }

    @Test
    void shouldRejectBadSpeedAndDurationInOneLine() {
        CliRun.Result speed = run("simulate", "--speed", "fast");
        assertThat(speed.exit()).isEqualTo(2);
        assertThat(speed.err().strip().lines()).hasSize(1);
        assertThat(speed.err()).contains("'fast' is not a speed");
        CliRun.Result duration = run("demo", "--duration", "thirty");
        assertThat(duration.exit()).isEqualTo(2);
        assertThat(duration.err().strip().lines()).hasSize(1);
        assertThat(duration.err()).contains("expected a number with a unit");
    }

    @Test
    void shouldRequireBootstrapServersForProcessors() {
        CliRun.Result r = run("process");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("operando: process needs --bootstrap-servers of the cluster to process");
    }

    @Test
    void shouldSayInWordsWithinTheTimeoutThatTheBrokerCannotBeReached(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path config = dir.resolve("client.properties");
        java.nio.file.Files.writeString(config, "default.api.timeout.ms=2000\n");
        long start = System.nanoTime();
        CliRun.Result r = run("--bootstrap-servers", "127.0.0.1:1", "--kafka-config", config.toString(), "process");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("operando: cannot reach Kafka at 127.0.0.1:1 within 2 s (is the broker running? check --bootstrap-servers")
                .doesNotContain("null").doesNotContain("\tat ");
        assertThat(seconds).as("seconds until the error").isLessThan(15);
    }

    @Test
    void shouldNameAMissingClientPropertiesFileInWords() {
        CliRun.Result r = run("--bootstrap-servers", "127.0.0.1:1", "--kafka-config", "/nonexistent/client.properties", "process");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("operando: Cannot read Kafka client properties /nonexistent/client.properties: "
                + "no such file or directory: /nonexistent/client.properties");
    }

    @Test
    void shouldListCommandsInHelp() {
        CliRun.Result r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("broker").contains("demo").contains("simulate").contains("process").contains("record").contains("replay")
                .contains("bench").contains("export");
    }

    @Test
    void shouldRejectZeroThreadsForProcessorsInOneLineBeforeConnecting() {
        CliRun.Result r = run("--bootstrap-servers", "127.0.0.1:1", "process", "--threads", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--threads").contains("'0' is not a count; expected a whole number of at least 1")
                .doesNotContain("\tat ");
    }

    @Test
    void shouldRejectNonNumericThreadsForDemoInOneLine() {
        CliRun.Result r = run("demo", "--threads", "two", "--http-port", "-1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("'two' is not a count").doesNotContain("\tat ");
    }

    @Test
    void shouldRejectNegativeStandbyReplicasInOneLine() {
        CliRun.Result r = run("--bootstrap-servers", "127.0.0.1:1", "process", "--standby-replicas", "-1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--standby-replicas").contains("expected a whole number of at least 0");
    }

    @Test
    void shouldDescribeThreadsAndStandbyReplicasInHelp() {
        CliRun.Result process = run("process", "--help");
        assertThat(process.exit()).isZero();
        assertThat(process.out()).contains("--threads=N").contains("--standby-replicas=N").contains("Stream threads");
        CliRun.Result demo = run("demo", "--help");
        assertThat(demo.out()).contains("--threads=N");
    }

    @Test
    void shouldRejectZeroInBenchThreadListInOneLine() {
        CliRun.Result r = run("bench", "--threads", "1,0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("'0' is not a count");
    }

    @Test
    void shouldRefuseBootstrapServersForBenchWithOneLineError() {
        CliRun.Result r = run("--bootstrap-servers", "127.0.0.1:1", "bench");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("operando: bench starts its own Kafka");
    }

    @Test
    void shouldRejectUnknownBenchProfileBeforeStartingAnything() {
        CliRun.Result r = run("bench", "--profile", "default,nope");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("Unknown profile 'nope'");
    }

    @Test
    void shouldRefuseDashboardCredentialAndTlsMistakesInOneLineBeforeStartingAnything() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("operando-cli-http-");
        try {
            java.nio.file.Path pw = java.nio.file.Files.writeString(dir.resolve("keystore.pw"), "right-password\n");
            java.nio.file.Path wrongPw = java.nio.file.Files.writeString(dir.resolve("wrong.pw"), "wrong-password\n");
            java.nio.file.Path keystore = dir.resolve("ks.p12");
            Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "operando", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "right-password",
                    "-keypass", "right-password").redirectErrorStream(true).start();
            keytool.getInputStream().readAllBytes();
            assertThat(keytool.waitFor()).isZero();
            java.nio.file.Path shortToken = java.nio.file.Files.writeString(dir.resolve("short.token"), "abc\n");

            record Case(int exit, String message, String... args) {
            }
            java.util.List<Case> cases = java.util.List.of(
                    new Case(2, "--http-auth basic needs --http-password-file FILE", "demo", "--http-auth", "basic"),
                    new Case(2, "--http-auth must be token, basic or none. Got 'open'", "demo", "--http-auth", "open"),
                    new Case(2, "--http-keystore and --http-keystore-password-file go together", "demo", "--http-keystore", keystore.toString()),
                    new Case(2, "--http-tls-cert and --http-tls-key go together", "demo", "--http-tls-cert", dir.resolve("c.pem").toString()),
                    new Case(2, "--http-token-file goes with --http-auth token, not none", "demo", "--http-auth", "none",
                            "--http-token-file", shortToken.toString()),
                    new Case(1, "operando: keystore " + dir.resolve("missing.p12") + " does not exist", "demo",
                            "--http-keystore", dir.resolve("missing.p12").toString(), "--http-keystore-password-file", pw.toString()),
                    new Case(1, "operando: cannot open keystore " + keystore + ": wrong password in " + wrongPw, "demo",
                            "--http-keystore", keystore.toString(), "--http-keystore-password-file", wrongPw.toString()),
                    new Case(1, "operando: token file " + dir.resolve("missing.token") + " does not exist", "demo",
                            "--http-token-file", dir.resolve("missing.token").toString()),
                    new Case(1, "operando: token from file " + shortToken + " must be at least 16 characters", "demo",
                            "--http-token-file", shortToken.toString()),
                    new Case(1, "operando: password file " + dir.resolve("users") + " does not exist", "demo",
                            "--http-host", "0.0.0.0", "--http-auth", "basic", "--http-password-file", dir.resolve("users").toString()),
                    new Case(1, "operando: cannot read certificate " + keystore + " (expected PEM X.509)", "demo",
                            "--http-tls-cert", keystore.toString(), "--http-tls-key", pw.toString()));
            for (Case c : cases) {
                CliRun.Result r = run(c.args());
                assertThat(r.exit()).as(String.join(" ", c.args()) + ": " + r.err()).isEqualTo(c.exit());
                assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
                assertThat(r.err()).contains(c.message()).doesNotContain("\tat ");
                assertThat(r.out()).doesNotContain("broker");
            }
        } finally {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void shouldAddAndReplaceUserInPasswordFileFromStandardInput() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("operando-cli-passwd-");
        java.io.InputStream oldIn = System.in;
        try {
            java.nio.file.Path file = dir.resolve("users");
            System.setIn(new java.io.ByteArrayInputStream("first password\n".getBytes(StandardCharsets.UTF_8)));
            CliRun.Result added = run("http-password", file.toString(), "alice", "--iterations", "1000");
            assertThat(added.exit()).as(added.err()).isZero();
            assertThat(added.out()).contains("added alice in " + file);
            System.setIn(new java.io.ByteArrayInputStream("second password\n".getBytes(StandardCharsets.UTF_8)));
            CliRun.Result changed = run("http-password", file.toString(), "alice", "--iterations", "1000");
            assertThat(changed.out()).contains("changed the password of alice");
            var users = org.operando.ops.dashboard.access.PasswordFile.read(file);
            assertThat(users.size()).isEqualTo(1);
            assertThat(users.verify("alice", "second password".toCharArray())).isTrue();
            assertThat(users.verify("alice", "first password".toCharArray())).isFalse();
            assertThat(java.nio.file.Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            CliRun.Result badUser = run("http-password", file.toString(), "al:ice");
            assertThat(badUser.exit()).isEqualTo(1);
            assertThat(badUser.err().strip().lines()).hasSize(1);
        } finally {
            System.setIn(oldIn);
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
