package org.operando.ops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scrape configurations in {@code ops/deploy/} pass {@code promtool check config}. The secure one names a token
 * file and a CA file that promtool insists exist: a copy is checked with those paths pointed at stand-ins.
 */
class PrometheusConfigTest {
    private static final Path DEPLOY = Path.of("deploy");

    @Test
    @Timeout(60)
    void shouldPassPromtoolCheckConfigForPlainAndTokenTlsScrapeConfigs() throws Exception {
        assertThat(check(DEPLOY.resolve("prometheus.yml"))).isEmpty();
        String secure = Files.readString(DEPLOY.resolve("prometheus-secure.yml"));
        assertThat(secure).contains("scheme: https").contains("credentials_file: /etc/operando/http.token")
                .contains("ca_file: /etc/operando/dashboard-ca.crt").contains("type: Bearer");
        Path dir = Files.createTempDirectory("operando-prometheus-");
        try {
            Files.writeString(dir.resolve("http.token"), "stand-in-token-0123456789\n");
            Files.writeString(dir.resolve("dashboard-ca.crt"), "stand-in\n");
            Path copy = Files.writeString(dir.resolve("prometheus.yml"), secure.replace("/etc/operando/", dir + "/"));
            assertThat(check(copy)).isEmpty();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** promtool's complaints, empty when the file is valid. */
    private static String check(Path config) throws Exception {
        if (!PromtoolCheck.available()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but " + PromtoolCheck.PROMTOOL + " is missing: install Debian's prometheus package");
            }
            org.junit.jupiter.api.Assumptions.abort("promtool not installed");
        }
        Process p = new ProcessBuilder(PromtoolCheck.PROMTOOL.toString(), "check", "config", config.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? "" : output;
    }
}
