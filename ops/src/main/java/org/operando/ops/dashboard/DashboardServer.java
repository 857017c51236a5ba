package org.operando.ops.dashboard;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.operando.ops.dashboard.access.AccessGuard;
import org.operando.ops.dashboard.access.HttpSecurity;
import org.operando.ops.metrics.OperandoMetrics;
import org.operando.schema.DriftEstimate;
import org.operando.schema.Frame;
import org.operando.schema.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard and {@code /metrics} over HTTP (Javalin on Jetty).
 *
 * <p>Routes: {@code /} the page (static files from {@code /dashboard} on the classpath, Chart.js from its WebJar),
 * {@code /events?run=A&run=B&instrument=} server-sent events for the selected runs (the first is the focused one,
 * whose frame is shown; none: the newest run), one {@code state} event per push; {@code /api/state} the same JSON
 * once; {@code /api/frame.png} and {@code /api/overlay.png} the newest rendered images, drift-corrected
 * ({@code &raw=1}: as acquired); {@code /api/dead-letters?run=} the run's newest dead letters with their reasons;
 * {@code POST /api/roi} the region of interest; {@code /metrics} Prometheus text; {@code /healthz} "ok".
 *
 * <p>Access: every request but {@code /healthz} passes an {@link AccessGuard} (credential, cross-site check) set by
 * {@link Settings#security()}; with a {@link org.operando.ops.dashboard.access.Tls} key the one connector speaks
 * HTTPS instead of HTTP.
 *
 * <p>Backpressure: one push thread wakes every {@code pushInterval}; for each connected selection it renders the
 * newest frame only if a newer one arrived since the last push (intermediate frames are superseded in the single
 * slot, never queued) and sends a state event only if a selected run changed, or once a second (banners and
 * silences age). So the page gets at most {@code 1 / pushInterval} frames per second however fast data arrive.
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

    /**
     * @param host         address to bind, {@code 127.0.0.1} unless the dashboard must be reachable from elsewhere
     * @param port         TCP port; 0 picks a free one
     * @param pushInterval time between pushes (200 ms = at most 5 frames/s)
     * @param maxSide      longest side of a rendered frame, pixels
     * @param security     credential and TLS ({@link HttpSecurity#defaultFor}: open on loopback, else a generated token)
     */
    public record Settings(String host, int port, Duration pushInterval, int maxSide, HttpSecurity security) {
        public Settings {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("Dashboard host may not be empty; expected e.g. 127.0.0.1");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Dashboard port must be 0..65535 (0 = any free port). Got " + port);
            }
            if (pushInterval.toMillis() < 50) {
                throw new IllegalArgumentException("Push interval must be at least 50 ms. Got " + pushInterval);
            }
            if (security == null) {
                throw new IllegalArgumentException("Dashboard security may not be null; HttpSecurity.open() serves without a credential");
            }
        }

        /** With the default security for {@code host}: open on loopback, a generated token anywhere else. */
        public Settings(String host, int port, Duration pushInterval, int maxSide) {
            this(host, port, pushInterval, maxSide, HttpSecurity.defaultFor(host));
        }

        public static Settings local(int port) {
            return new Settings("127.0.0.1", port, Duration.ofMillis(200), 512);
        }
    }

    /** One page: its selected runs (empty: the newest), the focused instrument, what was last sent and when. */
    private record Client(SseClient sse, List<String> runs, String instrument, long[] lastSent) {
    }

    private final Settings settings;
    private final DashboardFeed feed;
    private final OperandoMetrics metrics;
    private final DashboardMetrics dashboardMetrics;
    private final LongSupplier lag;
    private final Alerts alerts;
    private final java.time.Clock clock;
    private final FrameRenderer renderer;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final Map<String, Renders> renders = new ConcurrentHashMap<>();
    private final Map<String, FrameRenderer.Roi> rois = new ConcurrentHashMap<>();
    private final RateTracker rates = new RateTracker();
    private final ScheduledExecutorService pusher;
    private final Javalin app;

    /** Renders of one (run, instrument): the newest version drawn, drift-corrected and raw. */
    private static final class Renders {
        volatile long version;
        volatile StateView.FrameInfo info;
        volatile byte[] frame;
        /** Encoded when a page asks for it: most never toggle to raw. */
        volatile java.util.function.Supplier<byte[]> rawFrame;
        volatile byte[] overlay;
        volatile java.util.function.Supplier<byte[]> rawOverlay;
        /** Set when the ROI changed: re-render the same frame. */
        volatile boolean stale;
        long superseded;
    }

    private DashboardServer(Settings settings, DashboardFeed feed, OperandoMetrics metrics, DashboardMetrics dm, LongSupplier lag,
                            Alerts alerts, java.time.Clock clock) {
        this.settings = settings;
        this.feed = feed;
        this.metrics = metrics;
        this.dashboardMetrics = dm;
        this.lag = lag;
        this.alerts = alerts;
        this.clock = clock;
        this.renderer = new FrameRenderer(settings.maxSide());
        this.app = Javalin.create(cfg -> {
            cfg.jetty.host = settings.host();
            cfg.jetty.port = settings.port();
            if (settings.security().tlsEnabled()) {
                cfg.jetty.addConnector((server, http) -> settings.security().tls().connector(server, http, settings.host(), settings.port()));
            }
            cfg.routes.before(new AccessGuard(settings.security(), settings.host()));
            cfg.routes.get(AccessGuard.HEALTH_PATH, ctx -> ctx.contentType("text/plain").result("ok"));
            cfg.staticFiles.add("/dashboard", Location.CLASSPATH);
            cfg.staticFiles.enableWebjars();
            cfg.startup.showJavalinBanner = false;
            // compressed responses are buffered, which holds server-sent events back; PNGs do not compress anyway
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
            cfg.routes.get("/api/state", ctx -> ctx.contentType("application/json").result(stateJson(ctx.queryParams("run"),
                    ctx.queryParam("instrument"))));
            cfg.routes.get("/api/dead-letters", this::deadLetters);
            cfg.routes.get("/api/frame.png", ctx -> image(ctx, false));
            cfg.routes.get("/api/overlay.png", ctx -> image(ctx, true));
            cfg.routes.post("/api/roi", this::setRoi);
            cfg.routes.sse("/events", this::connect);
        });
        this.pusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "operando-dashboard-push");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the server and its push thread.
     *
     * @param lag total processor lag in records (-1 unknown), or null when there is none to show
     */
    public static DashboardServer start(Settings settings, DashboardFeed feed, OperandoMetrics metrics,
                                        DashboardMetrics dashboardMetrics, LongSupplier lag) {
        return start(settings, feed, metrics, dashboardMetrics, lag, Alerts.DEFAULT, java.time.Clock.systemUTC());
    }

    /** As above, with the banners' thresholds and the wall clock that ages silences. */
    static DashboardServer start(Settings settings, DashboardFeed feed, OperandoMetrics metrics, DashboardMetrics dashboardMetrics,
                                 LongSupplier lag, Alerts alerts, java.time.Clock clock) {
        DashboardServer s = new DashboardServer(settings, feed, metrics, dashboardMetrics, lag, alerts, clock);
        s.app.start();
        long ms = settings.pushInterval().toMillis();
        s.pusher.scheduleWithFixedDelay(s::pushSafely, ms, ms, TimeUnit.MILLISECONDS);
        return s;
    }

    public int port() {
        return app.port();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        return (settings.security().tlsEnabled() ? "https" : "http") + "://" + settings.host() + ":" + port() + "/";
    }

    public String metricsUrl() {
        return url() + "metrics";
    }

    /** What to print beside the address at start-up: how to log in, or the warning of an open non-loopback bind. */
    public List<String> accessLines() {
        return settings.security().describe(settings.host(), url());
    }

    /** The routes declared on the server ("GET /api/state", ...), static files aside: every one is behind the guard. */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(e -> e.endpoint)
                .filter(e -> e.method.isHttpMethod()).map(e -> e.method.name() + " " + e.path).toList();
    }

    private void connect(SseClient sse) {
        Context ctx = sse.ctx();
        Client c = new Client(sse, List.copyOf(ctx.queryParams("run")), ctx.queryParam("instrument"), new long[] {-1, 0});
        clients.add(c);
        dashboardMetrics.clientConnected();
        sse.onClose(() -> {
            clients.remove(c);
            dashboardMetrics.clientDisconnected();
        });
        sse.keepAlive();
        sse.sendComment("connected");
    }

    private void pushSafely() {
        try {
            push();
        } catch (RuntimeException e) {
            LOG.warn("Dashboard push failed: {}", e.toString(), e);
        }
    }

    private void push() {
        Map<String, String> cache = new LinkedHashMap<>();
        java.util.Set<String> shown = new java.util.HashSet<>();
        long now = clock.millis();
        for (Client c : clients) {
            if (c.sse().terminated()) {
                continue;
            }
            List<RunState> runs = resolveRuns(c.runs());
            runs.forEach(r -> shown.add(r.runId));
            RunState focus = runs.isEmpty() ? null : runs.get(0);
            String instrument = focus == null ? null : resolveInstrument(focus, c.instrument());
            if (focus != null && instrument != null) {
                renderIfNew(focus, instrument);
            }
            long version = renderVersion(focus, instrument);
            for (RunState r : runs) {
                version = version * 31 + r.version() + 1;
            }
            if (version == c.lastSent()[0] && now - c.lastSent()[1] < 1000) {
                continue;
            }
            String key = String.join("\u0000", c.runs()) + '\u0001' + instrument;
            String json = cache.computeIfAbsent(key, k -> render(runs, instrument));
            c.sse().sendEvent("state", json);
            c.lastSent()[0] = version;
            c.lastSent()[1] = now;
        }
        feed.catalog().pin(shown);
    }

    private long renderVersion(RunState run, String instrument) {
        if (run == null) {
            return 0;
        }
        Renders r = renders.get(run.runId + '\u0000' + instrument);
        return r == null ? 0 : r.version * 1_000_003L;
    }

    /** Synchronized: the push thread and {@code /api/state} requests may both ask for the same render. */
    private synchronized void renderIfNew(RunState run, String instrument) {
        CorrectedFrames slot = run.frames.get(instrument);
        if (slot == null) {
            return;
        }
        Latest.Versioned<CorrectedFrames.Pair> newest = slot.displayed();
        if (newest.value() == null) {
            return;
        }
        String key = run.runId + '\u0000' + instrument;
        Renders r = renders.computeIfAbsent(key, k -> new Renders());
        if (newest.version() == r.version && !r.stale) {
            return;
        }
        r.stale = false;
        long skipped = Math.max(0, newest.version() - r.version - 1);
        r.superseded += skipped;
        dashboardMetrics.superseded(skipped);
        Frame frame = newest.value().frame();
        DriftEstimate drift = newest.value().drift();
        FrameRenderer.Roi roi = rois.get(key);
        FrameRenderer.Rendered rendered = dashboardMetrics.render().record(() -> renderer.render(frame, roi, drift));
        if (roi != null && !Double.isNaN(rendered.roiMean())) {
            run.roiMean(instrument, frame.getInstrumentTimeNs(), rendered.roiMean());
        }
        r.rawFrame = rendered.rawPng();
        r.frame = rendered.correctedPng() != null ? rendered.correctedPng() : rendered.png();
        DriftEstimate emDrift = drift == null ? run.drift.get(instrument) : drift;
        r.overlay = overlay(run, instrument, frame, drift == null ? emDrift : null);
        byte[] shownOverlay = r.overlay;
        r.rawOverlay = drift == null ? () -> shownOverlay : FrameRenderer.once(() -> overlay(run, instrument, frame, emDrift));
        Latest.Versioned<Frame> received = slot.newest();
        r.info = StateView.info(newest.value(), newest.version(), received.value() == null ? -1 : received.value().getSequence(),
                rendered, r.superseded);
        r.version = newest.version();
    }

    /** The overlay on the EM frame as shown: {@code emDrift} null for the drift-corrected frame. */
    private byte[] overlay(RunState run, String instrument, Frame em, DriftEstimate emDrift) {
        Registration reg = run.registrations.get(instrument);
        if (reg == null) {
            return null;
        }
        String optical = reg.getOpticalInstrumentId().toString();
        CorrectedFrames slot = run.frames.get(optical);
        // the newest optical frame paired with its own drift estimate (or the newest, raw, without a drift stage)
        CorrectedFrames.Pair opt = slot == null ? null : slot.displayed().value();
        if (opt == null) {
            return null;
        }
        try {
            return renderer.overlay(em, opt.frame(), reg, emDrift, opt.drift());
        } catch (IllegalArgumentException e) {
            LOG.warn("Cannot draw overlay of {} on {}: {}", optical, instrument, e.getMessage());
            return null;
        }
    }

    private String stateJson(List<String> runIds, String instrument) {
        List<RunState> runs = resolveRuns(runIds);
        RunState focus = runs.isEmpty() ? null : runs.get(0);
        String inst = focus == null ? null : resolveInstrument(focus, instrument);
        if (focus != null && inst != null) {
            renderIfNew(focus, inst);
        }
        return render(runs, inst);
    }

    private String render(List<RunState> runs, String instrument) {
        RunState focus = runs.isEmpty() ? null : runs.get(0);
        String key = focus == null ? null : focus.runId + '\u0000' + instrument;
        Renders r = key == null ? null : renders.get(key);
        FrameRenderer.Roi roi = key == null ? null : rois.get(key);
        StateView.Selection sel = new StateView.Selection(feed.catalog().entries(), runs, instrument, r == null ? null : r.info,
                r != null && r.overlay != null, roi);
        long lagRecords = lag == null ? -1 : lag.getAsLong();
        return StateView.build(sel, health(), run -> rates.rates(run.runId, run.receivedCounts()), alerts, clock.millis(),
                lagRecords).toString();
    }

    private Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("latencyMs", metrics.latency().summaryMs());
        h.put("sseClients", dashboardMetrics.sseClients());
        return h;
    }

    /** The requested runs held in full (an evicted one is read back and appears once loaded), else the newest run. */
    private List<RunState> resolveRuns(List<String> runIds) {
        List<RunState> out = new java.util.ArrayList<>();
        for (String id : runIds) {
            RunState s = id == null || id.isBlank() ? null : feed.select(id);
            if (s != null && !out.contains(s)) {
                out.add(s);
            }
        }
        if (out.isEmpty() && runIds.stream().allMatch(id -> id == null || id.isBlank())) {
            List<String> all = feed.runs();
            for (int i = all.size() - 1; i >= 0; i--) {
                RunState s = feed.run(all.get(i));
                if (s != null) {
                    out.add(s);
                    break;
                }
            }
        }
        return out;
    }

    private RunState resolveRun(String runId) {
        List<RunState> runs = resolveRuns(runId == null ? List.of() : List.of(runId));
        return runs.isEmpty() ? null : runs.get(0);
    }

    /** The requested instrument, else the first EM stream, else the first imaging stream. */
    private static String resolveInstrument(RunState run, String requested) {
        if (requested != null && run.frames.containsKey(requested)) {
            return requested;
        }
        String firstImaging = null;
        for (String id : new java.util.TreeSet<>(run.frames.keySet())) {
            if (run.modalities.get(id) == org.operando.schema.Modality.EM) {
                return id;
            }
            if (firstImaging == null) {
                firstImaging = id;
            }
        }
        return firstImaging;
    }

    private void deadLetters(Context ctx) {
        RunState run = resolveRun(ctx.queryParam("run"));
        com.fasterxml.jackson.databind.node.ObjectNode root = StateView.JSON.createObjectNode();
        if (run != null) {
            root.put("run", run.runId).put("total", run.deadLetterTotal());
            var list = root.putArray("newest");
            List<RunState.DeadLetter> reasons = run.deadLetterReasons();
            for (int i = reasons.size() - 1; i >= 0; i--) {
                list.add(StateView.JSON.valueToTree(reasons.get(i)));
            }
        }
        ctx.contentType("application/json").result(root.toString());
    }

    private void image(Context ctx, boolean overlay) {
        RunState run = resolveRun(ctx.queryParam("run"));
        String instrument = run == null ? null : resolveInstrument(run, ctx.queryParam("instrument"));
        Renders r = run == null ? null : renders.get(run.runId + '\u0000' + instrument);
        boolean raw = ctx.queryParam("raw") != null;
        byte[] bytes = r == null ? null : overlay ? (raw ? r.rawOverlay.get() : r.overlay) : (raw ? r.rawFrame.get() : r.frame);
        if (bytes == null) {
            ctx.status(404).result("no " + (overlay ? "overlay" : "frame") + " yet");
            return;
        }
        ctx.header("Cache-Control", "no-store").contentType("image/png").result(bytes);
    }

    /**
     * {@code POST /api/roi?run=&instrument=&x=&y=&w=&h=} (raw EM pixels) or {@code ...&clear=1}. A named run or
     * instrument must exist (404 otherwise); the numbers must be integers and the box inside the newest frame (400).
     */
    private void setRoi(Context ctx) {
        String runId = ctx.queryParam("run");
        String requested = ctx.queryParam("instrument");
        RunState run = resolveRun(runId);
        if (run == null) {
            ctx.status(404).result(runId == null || runId.isBlank() ? "no run yet to set a ROI on" : "unknown run '" + runId + "'");
            return;
        }
        if (requested != null && !requested.isBlank() && !run.frames.containsKey(requested)) {
            ctx.status(404).result("run " + run.runId + " has no imaging stream '" + requested + "'");
            return;
        }
        String instrument = resolveInstrument(run, requested);
        if (instrument == null) {
            ctx.status(404).result("no imaging stream to set a ROI on yet");
            return;
        }
        String key = run.runId + '\u0000' + instrument;
        if (ctx.queryParam("clear") != null) {
            rois.remove(key);
        } else {
            Frame newest = run.frames.get(instrument).newest().value();
            try {
                rois.put(key, RoiQuery.parse(ctx::queryParam, newest == null ? RoiQuery.MAX_SIDE : newest.getWidth(),
                        newest == null ? RoiQuery.MAX_SIDE : newest.getHeight()));
            } catch (IllegalArgumentException e) {
                ctx.status(400).result(e.getMessage() + " (" + instrument + ")");
                return;
            }
        }
        run.clearRoi(instrument);
        Renders r = renders.get(key);
        if (r != null) {
            r.stale = true; // re-render the newest frame with the new ROI at the next push
        }
        ctx.status(204);
    }

    @Override
    public void close() {
        pusher.shutdownNow();
        clients.forEach(c -> c.sse().close());
        app.stop();
    }
}
