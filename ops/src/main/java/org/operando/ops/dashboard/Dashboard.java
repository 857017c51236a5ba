package org.operando.ops.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongSupplier;
import org.operando.ops.metrics.OperandoMetrics;

/**
 * The dashboard as one thing to start and close: its Kafka feed, its meters (bound to {@code metrics}, with the
 * feed consumer's client metrics) and its HTTP server, which also serves {@code metrics} at {@code /metrics}.
 *
 * <p>From the demo: {@code try (Dashboard d = Dashboard.start(client.clientConfig(), DashboardServer.Settings.local(port),
 * metrics, lag::lag)) { out.println("dashboard: " + d.url()); ... }}
 */
public final class Dashboard implements AutoCloseable {
    private final DashboardFeed feed;
    private final DashboardServer server;

    private Dashboard(DashboardFeed feed, DashboardServer server) {
        this.feed = feed;
        this.server = server;
    }

    /**
     * Starts the feed (reading records published from now on, with a second of slack for clock disagreement between
     * this process and the broker) and the server.
     *
     * @param lag processors' total lag in records (-1 unknown), or null; read at most once a second
     */
    public static Dashboard start(Map<String, Object> clientConfig, DashboardServer.Settings settings, OperandoMetrics metrics,
                                  LongSupplier lag) {
        DashboardMetrics dm = metrics.bind(new DashboardMetrics());
        DashboardFeed feed = new DashboardFeed(clientConfig, Instant.now().minusSeconds(1), Clock.systemUTC(),
                metrics.latency(), dm);
        return serve(feed, settings, metrics, dm, lag);
    }

    /**
     * The standalone dashboard: every run the cluster's topics still hold, read from the beginning, the newest
     * {@code keepRuns} held in full and older ones read back when a page selects them.
     *
     * @param lag processors' total lag in records (-1 unknown), or null when there is none to show
     */
    public static Dashboard standalone(Map<String, Object> clientConfig, DashboardServer.Settings settings, OperandoMetrics metrics,
                                       int keepRuns, LongSupplier lag) {
        DashboardMetrics dm = metrics.bind(new DashboardMetrics());
        DashboardFeed feed = DashboardFeed.create(clientConfig, null, Clock.systemUTC(), metrics.latency(), dm, keepRuns);
        return serve(feed, settings, metrics, dm, lag);
    }

    /** Starts {@code feed} and the server over it; the feed is closed again if the server cannot start. */
    private static Dashboard serve(DashboardFeed feed, DashboardServer.Settings settings, OperandoMetrics metrics,
                                   DashboardMetrics dm, LongSupplier lag) {
        metrics.bind(feed.consumer());
        feed.start();
        try {
            return new Dashboard(feed, DashboardServer.start(settings, feed, metrics, dm, lag == null ? null : cached(lag)));
        } catch (RuntimeException e) {
            feed.close();
            throw e;
        }
    }

    /**
     * The feed alone, without an HTTP server: it still measures end-to-end latency into {@code metrics}, so a run
     * without a dashboard reports it too.
     */
    public static Dashboard headless(Map<String, Object> clientConfig, OperandoMetrics metrics) {
        DashboardFeed feed = DashboardFeed.resultsOnly(clientConfig, Instant.now().minusSeconds(1), Clock.systemUTC(),
                metrics.latency(), metrics.bind(new DashboardMetrics()));
        feed.start();
        return new Dashboard(feed, null);
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        return server.url();
    }

    public String metricsUrl() {
        return server.metricsUrl();
    }

    /** How to log in, or the warning of an open non-loopback bind: to print beside the address. */
    public java.util.List<String> accessLines() {
        return server.accessLines();
    }

    public int port() {
        return server.port();
    }

    public DashboardFeed feed() {
        return feed;
    }

    private static LongSupplier cached(LongSupplier source) {
        long[] value = {-1};
        long[] at = {Long.MIN_VALUE};
        long period = Duration.ofSeconds(1).toNanos();
        return () -> {
            synchronized (value) {
                long now = System.nanoTime();
                if (at[0] == Long.MIN_VALUE || now - at[0] >= period) {
                    value[0] = source.getAsLong();
                    at[0] = now;
                }
                return value[0];
            }
        };
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            feed.close();
        }
    }
}
