package org.operando.ops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.operando.ops.dashboard.access.AccessGuard;
import org.operando.ops.dashboard.access.HttpSecurity;
import org.operando.ops.dashboard.access.PasswordFile;
import org.operando.ops.dashboard.access.Tls;
import org.operando.ops.metrics.OperandoMetrics;
import org.operando.schema.Compression;
import org.operando.schema.Frame;
import org.operando.schema.PixelType;
import org.operando.schemas.FramePixels;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;

/**
 * The dashboard's access layer against a real server (Jetty on a free port, no Kafka: the feed is handed one frame
 * directly): every route but {@code /healthz} needs the credential, a cross-site POST is refused even with one, the
 * token works over TLS with a keystore made by the JDK's keytool, basic auth works from a password file, and an open
 * non-loopback bind says so.
 */
@Timeout(120)
class DashboardAccessIT {
    private static final String TOKEN = "test-token-0123456789abcdef";
    private static final String EVIL = "https://evil.example";
    private static final String ROI = "api/roi?run=run-1&instrument=em-1&x=2&y=3&w=10&h=10";

    private OperandoMetrics metrics;
    private DashboardMetrics dm;
    private DashboardFeed feed;
    private Path dir;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void setUp() throws IOException {
        metrics = OperandoMetrics.create();
        dm = metrics.bind(new DashboardMetrics());
        feed = new DashboardFeed(Map.of("bootstrap.servers", "127.0.0.1:9"), Instant.EPOCH, Clock.systemUTC(), metrics.latency(), dm);
        byte[] frame = SchemaRegistry.get().encode(Frame.newBuilder().setRunId("run-1").setInstrumentId("em-1").setSequence(0)
                .setInstrumentTimeNs(0).setExposureNs(1).setWidth(64).setHeight(48).setPixelType(PixelType.U16).setPixelSizeNm(1)
                .setStageXNm(0).setStageYNm(0).setCompression(Compression.NONE)
                .setPixels(FramePixels.packU16(new short[64 * 48], Compression.NONE)).build());
        feed.handle(new ConsumerRecord<>(Topics.FRAMES, 0, 0, System.currentTimeMillis(), TimestampType.CREATE_TIME, 0, frame.length,
                "run-1", frame, new RecordHeaders(), Optional.empty()));
        dir = Files.createTempDirectory("operando-access-");
    }

    @AfterEach
    void tearDown() throws IOException {
        feed.close();
        metrics.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private DashboardServer start(DashboardServer.Settings settings) {
        return DashboardServer.start(settings, feed, metrics, dm, null);
    }

    private static DashboardServer.Settings on(String host, HttpSecurity security) {
        return new DashboardServer.Settings(host, 0, Duration.ofMillis(200), 512, security);
    }

    @Test
    void shouldRefuseEveryRouteButHealthCheckWithoutCredentialOffLoopbackByDefault() throws Exception {
        // no security given: a wildcard bind gets a generated token
        try (DashboardServer server = start(new DashboardServer.Settings("0.0.0.0", 0, Duration.ofMillis(200), 512))) {
            String base = "http://127.0.0.1:" + server.port();
            assertThat(server.accessLines()).anySatisfy(l -> assertThat(l).startsWith("dashboard token: "))
                    .anySatisfy(l -> assertThat(l).contains("?token="));
            String token = generatedToken(server.accessLines());
            List<String> routes = new ArrayList<>(server.routes());
            assertThat(routes).contains("GET /metrics", "GET /events", "GET /api/state", "POST /api/roi", "GET " + AccessGuard.HEALTH_PATH);
            for (String path : staticPaths(base, token)) {
                routes.add("GET " + path);
            }
            routes.add("GET /no-such-page");
            for (String route : routes) {
                String method = route.substring(0, route.indexOf(' '));
                String path = route.substring(route.indexOf(' ') + 1).replace("{", "").replace("}", "");
                HttpResponse<String> open = send(method, base + path, Map.of("Origin", base));
                if (path.equals(AccessGuard.HEALTH_PATH)) {
                    assertThat(open.statusCode()).as(route).isEqualTo(200);
                    assertThat(open.body()).isEqualTo("ok");
                    continue;
                }
                assertThat(open.statusCode()).as(route + " without a credential").isEqualTo(401);
                assertThat(open.headers().firstValue("WWW-Authenticate")).as(route).hasValue("Bearer realm=\"operando\"");
                assertThat(send(method, base + path, Map.of("Authorization", "Bearer wrong-" + token, "Origin", base)).statusCode())
                        .as(route + " with a wrong token").isEqualTo(401);
                assertThat(send(method, base + path + "?token=wrong-" + token, Map.of("Origin", base)).statusCode())
                        .as(route + " with a wrong login token").isEqualTo(401);
            }
            HttpResponse<String> page = send("GET", base + "/", Map.of("Authorization", "Bearer " + token));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("/app.js");
            HttpResponse<String> scrape = send("GET", base + "/metrics", Map.of("Authorization", "Bearer " + token));
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("operando_dashboard_frames_received_frames_total");
        }
    }

    @Test
    void shouldLogBrowserInByTokenUrlAndRefuseForgedCrossSitePostEvenWithValidCredential() throws Exception {
        try (DashboardServer server = start(on("127.0.0.1", HttpSecurity.token(new HttpSecurity.Token(TOKEN, "test", false))))) {
            String base = "http://127.0.0.1:" + server.port() + "/";
            HttpResponse<String> login = send("GET", base + "?token=" + TOKEN + "&run=run-1", Map.of());
            assertThat(login.statusCode()).isEqualTo(303);
            assertThat(login.headers().firstValue("Location")).hasValue("/?run=run-1");
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie).startsWith(AccessGuard.COOKIE_PREFIX + server.port() + "=").contains("HttpOnly").contains("SameSite=Strict")
                    .contains("Path=/").doesNotContain(TOKEN).doesNotContain("Secure");
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            Map<String, String> session = Map.of("Cookie", cookie);
            assertThat(send("GET", base, session).statusCode()).isEqualTo(200);
            assertThat(send("GET", base + "api/state", session).body()).contains("run-1");
            assertThat(send("GET", base + "api/frame.png", session).headers().firstValue("Content-Type")).hasValue("image/png");
            HttpResponse<InputStream> events = http.send(HttpRequest.newBuilder(URI.create(base + "events")).header("Cookie", cookie)
                    .header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = events.body()) {
                assertThat(events.statusCode()).isEqualTo(200);
                assertThat(events.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
                assertThat(new String(in.readNBytes(": connected".length()), StandardCharsets.UTF_8)).isEqualTo(": connected");
            }
            assertThat(send("GET", base, Map.of("Cookie", AccessGuard.COOKIE_PREFIX + server.port() + "=forged")).statusCode()).isEqualTo(401);

            String self = "http://127.0.0.1:" + server.port();
            HttpResponse<String> forged = send("POST", base + ROI, Map.of("Cookie", cookie, "Origin", EVIL));
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.body()).contains("cross-site request refused").contains(EVIL);
            assertThat(send("POST", base + ROI, Map.of("Cookie", cookie, "Referer", EVIL + "/page")).statusCode()).isEqualTo(403);
            assertThat(send("POST", base + ROI, Map.of("Cookie", cookie, "Origin", "null")).statusCode()).isEqualTo(403);
            assertThat(send("POST", base + ROI, Map.of("Cookie", cookie, "Origin", "http://127.0.0.1:1")).statusCode()).as("other port")
                    .isEqualTo(403);
            assertThat(send("POST", base + ROI, Map.of("Cookie", cookie)).statusCode()).as("a cookie needs Origin or Referer").isEqualTo(403);
            assertThat(send("POST", base + ROI, Map.of("Authorization", "Bearer " + TOKEN, "Origin", EVIL)).statusCode()).isEqualTo(403);
            assertThat(send("POST", base + ROI, Map.of("Cookie", cookie, "Origin", self)).statusCode()).isEqualTo(204);
            assertThat(send("POST", base + ROI, Map.of("Cookie", cookie, "Referer", self + "/?run=run-1")).statusCode()).isEqualTo(204);
            assertThat(send("POST", base + ROI, Map.of("Authorization", "Bearer " + TOKEN)).statusCode()).as("a script").isEqualTo(204);

            Map<String, String> script = Map.of("Authorization", "Bearer " + TOKEN);
            assertRefused(send("POST", base + "api/roi?run=run-1&x=1.5&y=0&w=1&h=1", script), 400, "x must be an integer");
            assertRefused(send("POST", base + "api/roi?run=run-1&x=NaN&y=0&w=1&h=1", script), 400, "x must be an integer");
            assertRefused(send("POST", base + "api/roi?run=run-1&x=60&y=0&w=10&h=1", script), 400, "w must be 1..4");
            assertRefused(send("POST", base + "api/roi?run=run-1&x=0&y=-1&w=10&h=1", script), 400, "y must be 0..47");
            assertRefused(send("POST", base + "api/roi?run=run-1&x=0&y=0&h=1", script), 400, "w is missing");
            assertRefused(send("POST", base + "api/roi?run=nope&x=0&y=0&w=1&h=1", script), 404, "unknown run 'nope'");
            assertRefused(send("POST", base + "api/roi?run=run-1&instrument=opt-9&x=0&y=0&w=1&h=1", script), 404, "no imaging stream 'opt-9'");
            HttpResponse<String> big = http.send(HttpRequest.newBuilder(URI.create(base + ROI)).header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[AccessGuard.MAX_BODY_BYTES + 1])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertRefused(big, 413, "at most " + AccessGuard.MAX_BODY_BYTES);
        }
    }

    @Test
    void shouldServeTheRightTokenOverTlsFromKeystoreAndPemAndRefuseWrongOne() throws Exception {
        SelfSignedKey key = SelfSignedKey.create(dir);
        HttpClient trusting = key.trustingClient();
        HttpSecurity token = HttpSecurity.token(new HttpSecurity.Token(TOKEN, "test", false));

        for (Tls tls : List.of(Tls.fromKeystore(key.keystore(), key.passwordFile()), Tls.fromPem(key.certPem(), key.keyPem()))) {
            try (DashboardServer server = start(on("127.0.0.1", token.withTls(tls)))) {
                assertThat(server.url()).startsWith("https://127.0.0.1:");
                URI metricsUri = URI.create(server.metricsUrl());
                HttpResponse<String> ok = trusting.send(HttpRequest.newBuilder(metricsUri).header("Authorization", "Bearer " + TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ok.statusCode()).as(tls.source()).isEqualTo(200);
                assertThat(ok.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
                assertThat(ok.body()).contains("operando_dashboard_sse_clients");
                assertThat(trusting.send(HttpRequest.newBuilder(metricsUri).header("Authorization", "Bearer " + TOKEN + "x").build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
                assertThat(trusting.send(HttpRequest.newBuilder(metricsUri).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                        .isEqualTo(401);
                HttpResponse<String> login = trusting.send(HttpRequest.newBuilder(URI.create(server.url() + "?token=" + TOKEN)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(login.statusCode()).isEqualTo(303);
                assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");
                assertThat(trusting.send(HttpRequest.newBuilder(URI.create(server.url() + "healthz")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("ok");
                String self = server.url().substring(0, server.url().length() - 1);
                assertThat(trusting.send(HttpRequest.newBuilder(URI.create(server.url() + ROI)).header("Authorization", "Bearer " + TOKEN)
                        .header("Origin", "http" + self.substring(5)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).as("Origin with http:// is another origin").isEqualTo(403);
                // plain HTTP to the TLS port is not served
                HttpResponse<String> plain = null;
                try {
                    plain = http.send(HttpRequest.newBuilder(URI.create("http" + metricsUri.toString().substring(5)))
                            .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException expected) {
                    // the TLS connector drops it
                }
                if (plain != null) {
                    assertThat(plain.statusCode()).isNotEqualTo(200);
                }
            }
        }
    }

    @Test
    void shouldAcceptBasicAuthFromPasswordFileAndRefuseWrongPassword() throws Exception {
        Path passwords = dir.resolve("passwords");
        PasswordFile.put(passwords, "alice", "correct horse".toCharArray(), 10_000);
        PasswordFile.put(passwords, "bob", "battery staple".toCharArray(), 10_000);
        assertThat(Files.readString(passwords)).doesNotContain("correct horse").contains("alice:pbkdf2-sha256:10000:");
        try (DashboardServer server = start(on("127.0.0.1", HttpSecurity.basic(PasswordFile.read(passwords))))) {
            String base = "http://127.0.0.1:" + server.port() + "/";
            assertThat(server.accessLines()).containsExactly("dashboard auth: HTTP basic, 2 user(s) from " + passwords);
            HttpResponse<String> none = send("GET", base + "api/state", Map.of());
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic realm=\"operando\"");
            assertThat(send("GET", base + "api/state", basic("alice", "correct horse")).statusCode()).isEqualTo(200);
            assertThat(send("GET", base + "metrics", basic("bob", "battery staple")).statusCode()).isEqualTo(200);
            assertThat(send("GET", base + "api/state", basic("alice", "correct horse")).statusCode()).as("remembered").isEqualTo(200);
            assertThat(send("GET", base + "api/state", basic("alice", "battery staple")).statusCode()).isEqualTo(401);
            assertThat(send("GET", base + "api/state", basic("mallory", "correct horse")).statusCode()).isEqualTo(401);
            assertThat(send("GET", base + "api/state", Map.of("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(401);
            Map<String, String> forged = new java.util.HashMap<>(basic("alice", "correct horse"));
            forged.put("Origin", EVIL);
            assertThat(send("POST", base + ROI, forged).statusCode()).as("a browser sends basic credentials cross-site").isEqualTo(403);
        }
    }

    @Test
    void shouldWarnWhenServingOpenlyOffLoopbackAndKeepCrossSiteCheck() throws Exception {
        try (DashboardServer server = start(on("0.0.0.0", HttpSecurity.open()))) {
            assertThat(server.accessLines()).singleElement().asString().startsWith("WARNING: dashboard on 0.0.0.0 has no authentication")
                    .contains("--http-auth none");
            String base = "http://127.0.0.1:" + server.port() + "/";
            assertThat(send("GET", base + "api/state", Map.of()).statusCode()).isEqualTo(200);
            assertThat(send("POST", base + ROI, Map.of("Origin", EVIL)).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void shouldServeLoopbackOpenlyWithoutNoticeButRefuseRebindingHostName() throws Exception {
        try (DashboardServer server = start(DashboardServer.Settings.local(0))) {
            assertThat(server.accessLines()).isEmpty();
            String base = "http://127.0.0.1:" + server.port() + "/";
            assertThat(send("GET", base + "api/state", Map.of()).statusCode()).isEqualTo(200);
            assertThat(send("POST", base + ROI, Map.of("Origin", "http://127.0.0.1:" + server.port())).statusCode()).isEqualTo(204);
            assertThat(send("POST", base + ROI, Map.of("Origin", EVIL)).statusCode()).isEqualTo(403);
            assertThat(statusWithHost(server.port(), "localhost:" + server.port())).isEqualTo(200);
            assertThat(statusWithHost(server.port(), "rebound.evil.example:" + server.port())).isEqualTo(403);
        }
    }

    private static void assertRefused(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains(message);
    }

    private HttpResponse<String> send(String method, String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The page's own scripts and styles, as index.html names them: static files are behind the guard too. */
    private List<String> staticPaths(String base, String token) throws Exception {
        String html = send("GET", base + "/", Map.of("Authorization", "Bearer " + token)).body();
        List<String> paths = new ArrayList<>(List.of("/", "/index.html"));
        Matcher m = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(html);
        while (m.find()) {
            paths.add(m.group(1));
        }
        assertThat(paths).contains("/app.js", "/style.css").anyMatch(p -> p.startsWith("/webjars/"));
        for (String p : paths) {
            assertThat(send("GET", base + p, Map.of("Authorization", "Bearer " + token)).statusCode()).as(p).isEqualTo(200);
        }
        return paths;
    }

    private static String generatedToken(List<String> lines) {
        String line = lines.stream().filter(l -> l.startsWith("dashboard token: ")).findFirst().orElseThrow();
        return line.substring("dashboard token: ".length(), line.indexOf(' ', "dashboard token: ".length()));
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** java.net.http will not send a Host header of our choosing: a raw request on a socket does. */
    private static int statusWithHost(int port, String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/state HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
