package org.operando.ops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.operando.ops.dashboard.access.HttpSecurity;
import org.operando.ops.dashboard.access.Tls;
import org.operando.ops.metrics.OperandoMetrics;

/**
 * Debian's Prometheus scrapes the dashboard over HTTPS with a bearer token, using {@code ops/deploy/prometheus-secure.yml}
 * with its paths and target pointed at this test's files and server; a second job with a wrong token is refused.
 */
class PrometheusScrapeIT {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    @Test
    @Timeout(120)
    void shouldBeScrapedByPrometheusWithTokenOverTlsAndRefuseWrongToken() throws Exception {
        if (!Files.isExecutable(PROMETHEUS)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but " + PROMETHEUS + " is missing: install Debian's prometheus package");
            }
            org.junit.jupiter.api.Assumptions.abort("prometheus not installed");
        }
        Path dir = Files.createTempDirectory("operando-prometheus-it-");
        Process prometheus = null;
        try (OperandoMetrics metrics = OperandoMetrics.create()) {
            SelfSignedKey key = SelfSignedKey.create(dir);
            Path tokenFile = Files.writeString(dir.resolve("http.token"), "scrape-token-0123456789abcdef\n");
            Files.writeString(dir.resolve("wrong.token"), "wrong-token-0123456789abcdef\n");
            Files.copy(key.certPem(), dir.resolve("dashboard-ca.crt"));
            DashboardMetrics dm = metrics.bind(new DashboardMetrics());
            DashboardFeed feed = new DashboardFeed(Map.of("bootstrap.servers", "127.0.0.1:9"), Instant.EPOCH, Clock.systemUTC(),
                    metrics.latency(), dm);
            HttpSecurity security = HttpSecurity.token(HttpSecurity.tokenFromFile(tokenFile)).withTls(Tls.fromPem(key.certPem(), key.keyPem()));
            try (feed; DashboardServer server = DashboardServer.start(new DashboardServer.Settings("127.0.0.1", 0, Duration.ofMillis(200),
                    512, security), feed, metrics, dm, null)) {
                String job = Files.readString(Path.of("deploy", "prometheus-secure.yml"))
                        .replace("/etc/operando/", dir + "/").replace("processing-host.example.org:8080", "127.0.0.1:" + server.port())
                        .replace("scrape_interval: 5s", "scrape_interval: 1s");
                String wrongJob = job.substring(job.indexOf("  - job_name: operando")).replace("job_name: operando", "job_name: wrong-token")
                        .replace(dir + "/http.token", dir + "/wrong.token");
                Path config = Files.writeString(dir.resolve("prometheus.yml"), job + wrongJob);
                int port = freePort();
                prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                        "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("prometheus.log").toFile()).start();
                Map<String, JsonNode> targets = awaitScraped(port, prometheus, dir.resolve("prometheus.log"));
                assertThat(targets.get("operando").get("health").asText()).as(targets.get("operando").toString()).isEqualTo("up");
                assertThat(targets.get("operando").get("scrapeUrl").asText()).startsWith("https://127.0.0.1:");
                assertThat(targets.get("wrong-token").get("health").asText()).isEqualTo("down");
                assertThat(targets.get("wrong-token").get("lastError").asText()).contains("401");
            }
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Both jobs' targets, once each has been scraped at least once. */
    private static Map<String, JsonNode> awaitScraped(int port, Process prometheus, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                fail("prometheus exited:\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/targets")).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = new ObjectMapper().readTree(r.body());
                Map<String, JsonNode> byJob = new HashMap<>();
                for (JsonNode t : last.path("data").path("activeTargets")) {
                    if (!"unknown".equals(t.path("health").asText())) {
                        byJob.put(t.path("labels").path("job").asText(), t);
                    }
                }
                if (byJob.size() == 2) {
                    return byJob;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("targets not scraped within 90 s: " + last + "\n" + Files.readString(log));
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
