package org.operando.ops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.operando.ops.metrics.OperandoMetrics;
import org.operando.ops.metrics.PipelineMetrics;
import org.operando.producers.StreamStats;
import org.operando.schema.Modality;
import org.operando.streams.ingest.IngestTopology;

/**
 * {@code /metrics} on the dashboard server, without Kafka: the feed is built but never started (its consumer does
 * not connect until polled). Our {@code operando_*} families must pass {@code promtool check metrics} (parse and lint);
 * the whole exposition must parse (Micrometer's {@code process_cpu_time_ns} and Kafka's client meter names break
 * promtool's naming lint, which is not ours to fix). Named meters carry their base units and bounded tags.
 */
class MetricsEndpointTest {
    @Test
    @Timeout(60)
    void shouldServeLintCleanPrometheusTextWithNamedMetersAndUnits() throws Exception {
        try (OperandoMetrics metrics = OperandoMetrics.create()) {
            DashboardMetrics dm = metrics.bind(new DashboardMetrics());
            metrics.bind(new PipelineMetrics(StreamStats::new, store -> switch (store) {
                case IngestTopology.PROCESSED_STORE -> Map.of("em-1", 7L);
                case IngestTopology.DEAD_LETTER_REASON_STORE -> Map.of("validate|BAD_COMPRESSION", 3L, "run-stages|STAGE_FAILURE", 1L);
                default -> Map.of("em-1", 2L);
            }, () -> 3));
            dm.frameReceived("em-1", Modality.EM);
            dm.frameReceived("em-1", Modality.EM);
            metrics.latency().record("em-1", "drift", 1_000, 1_250);
            DashboardFeed feed = new DashboardFeed(Map.of("bootstrap.servers", "127.0.0.1:9"), Instant.EPOCH, Clock.systemUTC(),
                    metrics.latency(), dm);
            try (DashboardServer server = DashboardServer.start(DashboardServer.Settings.local(0), feed, metrics, dm, null)) {
                assertThat(server.port()).isPositive();
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.metricsUrl()))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
                String text = r.body();
                assertThat(text)
                        .contains("operando_dashboard_frames_received_frames_total{instrument=\"em-1\",modality=\"em\"} 2.0")
                        .contains("operando_records_processed_records_total{instrument=\"em-1\",stage=\"ingest\"} 7.0")
                        .contains("operando_records_dead_lettered_records_total{instrument=\"em-1\",stage=\"ingest\"} 2.0")
                        .contains("operando_consumer_lag_records 3.0")
                        .contains("operando_dead_letters_records_total{reason=\"BAD_COMPRESSION\",stage=\"validate\"} 3.0")
                        .contains("operando_dead_letters_records_total{reason=\"STAGE_FAILURE\",stage=\"run-stages\"} 1.0")
                        .contains("# HELP operando_dead_letters_records_total Records dead-lettered, by the stage")
                        .contains("operando_dashboard_sse_clients 0.0")
                        .contains("operando_latency_end_to_end_seconds_bucket{instrument=\"em-1\",stage=\"drift\",le=\"+Inf\"} 1")
                        .contains("operando_latency_end_to_end_seconds_count{instrument=\"em-1\",stage=\"drift\"} 1")
                        .contains("# HELP operando_dashboard_render_seconds ");
                assertThat(PromtoolCheck.problems(PromtoolCheck.operandoFamilies(text))).as("our meters pass every lint rule").isEmpty();
                assertThat(PromtoolCheck.problems(text)).as("third-party meters may break naming lint, but the text must parse")
                        .noneMatch(PromtoolCheck::isParseError).noneMatch(p -> p.startsWith("operando_"));
            } finally {
                feed.close();
            }
        }
    }
}
