package org.operando.ops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.operando.ops.cli.OperandoCommand;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.producers.Acquired;
import org.operando.producers.Publisher;
import picocli.CommandLine;

/**
 * The standalone role, {@code operando --bootstrap-servers B dashboard --http-port 0 --keep-runs 1}, against a real
 * embedded broker: two runs published and finished before the dashboard starts are both listed; the newest is held in
 * full with its whole history on run time; the older one, evicted to the index (one run kept), is read back from
 * Kafka when it is asked for. The command stops when its thread is interrupted, as it does on Ctrl-C.
 */
class DashboardCommandIT {
    private static final Pattern URL = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/)");
    private static final int TICKS = 40;

    @Test
    @Timeout(180)
    void shouldServeRunsPublishedBeforeItStartedAndReadEvictedRunBackOnSelection() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.inTempDir().start()) {
            Map<String, Object> client = new ClientSettings(kafka.bootstrapServers(), Map.of()).clientConfig();
            TopicProvisioner.ensureTopics(client, 2, (short) 1);
            awaitLeaders(client);
            try (Publisher publisher = new Publisher(client)) {
                publishAll(publisher, new SyntheticDashboardSource("run-old", TICKS, new AtomicBoolean()));
                publishAll(publisher, new SyntheticDashboardSource("run-before", TICKS, new AtomicBoolean()));
                publisher.flush();
            }

            StringWriter text = new StringWriter();
            CommandLine cli = new CommandLine(new OperandoCommand());
            cli.setOut(new PrintWriter(text, true));
            cli.setErr(new PrintWriter(text, true));
            AtomicInteger exit = new AtomicInteger(-1);
            Thread command = new Thread(() -> exit.set(cli.execute("--bootstrap-servers", kafka.bootstrapServers(), "dashboard",
                    "--http-port", "0", "--keep-runs", "1")), "dashboard-command");
            command.start();
            try {
                String url = awaitUrl(text);
                JsonNode before = await(url + "api/state?run=run-before", s -> drift(s, "run-before").size() == TICKS);
                assertThat(before.get("runs")).extracting(r -> r.get("id").asText()).containsExactly("run-old", "run-before");
                assertThat(before.get("runs").get(1).get("open").asBoolean()).as("RunStop seen").isFalse();
                assertThat(before.get("runs").get(0).get("loaded").asBoolean()).as("older run evicted: --keep-runs 1").isFalse();
                JsonNode series = before.get("series").get("run-before");
                assertThat(series.get("timeBase").asText()).isEqualTo("master");
                assertThat(drift(before, "run-before").get(TICKS - 1).asDouble()).as("last drift estimate, run seconds")
                        .isCloseTo((TICKS - 1) * 0.125, within(1e-6));
                assertThat(series.get("stopS").asDouble()).isCloseTo(TICKS * 0.125, within(1e-9));
                assertThat(series.get("ec").get("pstat-1").get("t").size()).isGreaterThan(TICKS);
                assertThat(before.get("frame").get("corrected").asBoolean()).isTrue();
                assertThat(before.get("frame").get("sequence").asLong()).isEqualTo(TICKS - 1);
                assertThat(status(url + before.get("frame").get("url").asText().substring(1))).isEqualTo(200);
                assertThat(before.get("alerts")).extracting(a -> a.get("kind").asText()).as("finished run: no lag or stall")
                        .containsExactly("dead");

                JsonNode old = await(url + "api/state?run=run-old", s -> drift(s, "run-old").size() == TICKS);
                assertThat(old.get("series").get("run-old").get("clock").get("em-1").get("t").size()).isEqualTo(TICKS / 4);
                assertThat(old.get("runs").get(0).get("loaded").asBoolean()).as("read back").isTrue();
                assertThat(status(url + "metrics")).isEqualTo(200);
            } finally {
                command.interrupt();
                command.join(20_000);
            }
            assertThat(command.isAlive()).as("the command stops when interrupted").isFalse();
            assertThat(exit.get()).as("exit code; output:\n" + text).isZero();
            assertThat(text.toString()).contains("every run on " + kafka.bootstrapServers());
        }
    }

    /**
     * Waits until every partition of the new topics has a leader: an idempotent producer that starts sending at once
     * saw a retried first batch rejected as out of order (OutOfOrderSequenceException) and never finished its flush.
     */
    private static void awaitLeaders(Map<String, Object> client) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(client)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                boolean ready = admin.describeTopics(DashboardFeed.TOPICS).allTopicNames().get().values().stream()
                        .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("topics without leaders after 30 s");
                }
                Thread.sleep(100);
            }
        }
    }

    private static JsonNode drift(JsonNode state, String run) {
        JsonNode s = state.path("series").path(run).path("drift").path("em-1").path("t");
        return s.isMissingNode() ? StateView.JSON.createArrayNode() : s;
    }

    private static JsonNode await(String url, java.util.function.Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                last = StateView.JSON.readTree(r.body());
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("GET " + url + " never showed the whole run; last:\n" + last);
    }

    private static int status(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String awaitUrl(StringWriter text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = URL.matcher(text.toString());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No 'dashboard: http://...' line within 60 s:\n" + text);
    }

    private static void publishAll(Publisher publisher, SyntheticDashboardSource source) {
        source.preamble().forEach(publisher::publish);
        for (Optional<Acquired> a = source.next(); a.isPresent(); a = source.next()) {
            publisher.publish(a.get());
        }
    }
}
