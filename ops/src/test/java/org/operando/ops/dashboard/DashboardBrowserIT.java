package org.operando.ops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.operando.ops.dashboard.access.HttpSecurity;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.ops.metrics.OperandoMetrics;
import org.operando.producers.Acquired;
import org.operando.producers.Publisher;

/**
 * Drives Debian's headless Chromium against the dashboard on an embedded broker, fed by {@link SyntheticDashboardSource}
 * (published by this test at its real pace, with no processors: the source publishes the results itself, so the
 * test controls them) and checks what the page shows:
 * <ul>
 *   <li>the drift-corrected frame keeps the drifting disc on the same pixel (within 1 raw px) while the raw frames
 *       move by tens of pixels (positions read from the rendered PNGs the page loads);</li>
 *   <li>every chart has points, and every time axis runs from 0 to about the run's length in seconds (the master
 *       clock starts at an epoch-like 1.65e18 ns, so a page that plotted master time would fail);</li>
 *   <li>the drift path has equal x/y scales; two runs can be shown at once;</li>
 *   <li>the dead-letter banner links to the reasons; the lag banner appears when results stop while acquisition
 *       goes on (processors paused); the stall banner when the instruments fall silent.</li>
 * </ul>
 * Screenshots and the measured fiducial positions go to {@code target/screenshots/}. Without Chromium the test is
 * skipped locally and fails when {@code CI=true}.
 */
class DashboardBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final String RUN = SyntheticDashboardSource.RUN;
    private static final String EARLIER = "run-dash-earlier";

    @Test
    @Timeout(300)
    void shouldShowCorrectedFrameRunTimeChartsSeveralRunsAndBanners() throws Exception {
        requireChromium();
        Files.createDirectories(SHOTS);
        try (EmbeddedKafka kafka = EmbeddedKafka.inTempDir().start()) {
            Map<String, Object> client = new ClientSettings(kafka.bootstrapServers(), Map.of()).clientConfig();
            TopicProvisioner.ensureTopics(client, 1, (short) 1);
            AtomicLong lagRecords = new AtomicLong(0);
            AtomicBoolean pauseResults = new AtomicBoolean();
            AtomicBoolean stopPublishing = new AtomicBoolean();
            try (OperandoMetrics metrics = OperandoMetrics.create();
                 Dashboard dashboard = Dashboard.start(client, DashboardServer.Settings.local(0), metrics, lagRecords::get);
                 Publisher publisher = new Publisher(client)) {
                awaitTrue(() -> dashboard.feed().isAssigned(), Duration.ofSeconds(30), "dashboard feed assigned");
                // a short finished run, published at once, then the live one at its real pace
                publishAll(publisher, new SyntheticDashboardSource(EARLIER, 48, new AtomicBoolean()));
                publisher.flush();
                awaitTrue(() -> dashboard.feed().runs().contains(EARLIER), Duration.ofSeconds(30), "earlier run seen");
                long t0 = System.nanoTime();
                Thread live = new Thread(() -> publishPaced(publisher, new SyntheticDashboardSource(RUN, Long.MAX_VALUE, pauseResults),
                        t0, stopPublishing), "synthetic-live-run");
                live.setDaemon(true);
                live.start();
                awaitTrue(() -> dashboard.feed().runs().contains(RUN), Duration.ofSeconds(30), "live run seen");
                try {
                    browse(dashboard.url(), t0, pauseResults, stopPublishing, lagRecords);
                } finally {
                    stopPublishing.set(true);
                    live.join(5_000);
                }
                String metricsText = get(dashboard.metricsUrl());
                Files.writeString(SHOTS.resolve("dashboard-metrics.txt"), metricsText);
                assertThat(metricsText).contains("operando_dashboard_frames_received_frames_total{instrument=\"em-1\",modality=\"em\"}")
                        .contains("operando_latency_end_to_end_seconds_bucket").contains("kafka_consumer_fetch_manager_records_consumed_total");
                assertThat(PromtoolCheck.problems(PromtoolCheck.operandoFamilies(metricsText))).as("our meters pass promtool's lint").isEmpty();
            }
        }
    }

    /** The same page behind a generated token: the browser logs in once by the token URL and then works by its cookie. */
    @Test
    @Timeout(240)
    void shouldLogInWithTheTokenUrlAndStillShowTheLivePage() throws Exception {
        requireChromium();
        Files.createDirectories(SHOTS);
        HttpSecurity.Token token = HttpSecurity.Token.generate();
        try (EmbeddedKafka kafka = EmbeddedKafka.inTempDir().start()) {
            Map<String, Object> client = new ClientSettings(kafka.bootstrapServers(), Map.of()).clientConfig();
            TopicProvisioner.ensureTopics(client, 1, (short) 1);
            AtomicBoolean stopPublishing = new AtomicBoolean();
            try (OperandoMetrics metrics = OperandoMetrics.create();
                 Dashboard dashboard = Dashboard.start(client, new DashboardServer.Settings("127.0.0.1", 0, Duration.ofMillis(200), 512,
                         HttpSecurity.token(token)), metrics, () -> 0);
                 Publisher publisher = new Publisher(client)) {
                awaitTrue(() -> dashboard.feed().isAssigned(), Duration.ofSeconds(30), "dashboard feed assigned");
                long t0 = System.nanoTime();
                Thread live = new Thread(() -> publishPaced(publisher, new SyntheticDashboardSource(RUN, Long.MAX_VALUE, new AtomicBoolean()),
                        t0, stopPublishing), "synthetic-token-run");
                live.setDaemon(true);
                live.start();
                String url = dashboard.url();
                WebDriver driver = chrome(Files.createTempDirectory("operando-chromium-"));
                JavascriptExecutor js = (JavascriptExecutor) driver;
                try {
                    driver.get(url);
                    assertThat(driver.getPageSource()).as("no page without the token").contains("needs its token").doesNotContain("app.js");
                    driver.get(url + "?token=" + token.value());
                    assertThat(driver.getCurrentUrl()).as("the token leaves the address bar").isEqualTo(url);
                    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
                    wait.until(d -> num(js, "return window.operando.state.frameUpdates") >= 3);
                    wait.until(d -> num(js, "return window.operando.charts.drift.data.datasets.length") >= 1
                            && num(js, "return window.operando.charts.drift.data.datasets[0].data.length") >= 2);
                    assertThat(driver.findElement(By.id("frame")).getAttribute("src")).contains("/api/frame.png");
                    shot(driver, "token-login.png");
                    assertThat(js.executeScript("return window.operandoErrors")).asList().as("no script errors").isEmpty();
                } finally {
                    driver.quit();
                    stopPublishing.set(true);
                    live.join(5_000);
                }
            }
        }
    }

    private void browse(String url, long t0, AtomicBoolean pauseResults, AtomicBoolean stopPublishing, AtomicLong lagRecords)
            throws Exception {
        Path profile = Files.createTempDirectory("operando-chromium-");
        WebDriver driver = chrome(profile);
        JavascriptExecutor js = (JavascriptExecutor) driver;
        try {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1600, 1500));
            driver.get(url);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            wait.until(d -> num(js, "return window.operando.state.frameUpdates") >= 3);
            assertThat(driver.findElement(By.id("frame")).getAttribute("src")).as("the page shows the corrected frame")
                    .contains("/api/frame.png").doesNotContain("raw=1");
            assertThat(driver.findElement(By.id("frame-note")).getText()).startsWith("drift-corrected");

            // 1. a static feature stays put in corrected frames while raw frames move
            fiducialStaysPut(url);

            // 2. every chart has points on run-time axes (after a ROI is set, the ROI chart too)
            setInput(driver, "roi-x", "250");
            setInput(driver, "roi-y", "250");
            setInput(driver, "roi-w", "100");
            setInput(driver, "roi-h", "100");
            driver.findElement(By.id("roi-set")).click();
            wait.until(d -> chartsWithoutPoints(js).isEmpty());
            Thread.sleep(1500); // a few more pushes so the curves are traced
            double elapsed = (System.nanoTime() - t0) / 1e9;
            for (String chart : List.of("drift", "it", "clock", "roi")) {
                Map<?, ?> axis = (Map<?, ?>) js.executeScript("var s = window.operando.charts." + chart + ".scales.x; "
                        + "return {min: s.min, max: s.max, ticks: s.ticks.map(t => t.value), dataMax: Math.max(...window.operando.charts."
                        + chart + ".data.datasets.flatMap(d => d.data.map(p => p.x)))};");
                double min = ((Number) axis.get("min")).doubleValue();
                double max = ((Number) axis.get("max")).doubleValue();
                assertThat(min).as(chart + " time axis starts at the run start").isGreaterThanOrEqualTo(0);
                assertThat(max).as(chart + " time axis ends near the run's length (%.1f s), not at an epoch", elapsed)
                        .isLessThan(elapsed + 10).isGreaterThan(1);
                assertThat(((Number) axis.get("dataMax")).doubleValue()).as(chart + " newest point").isLessThan(elapsed + 1);
                for (Object tick : (List<?>) axis.get("ticks")) {
                    assertThat(((Number) tick).doubleValue()).as(chart + " tick").isBetween(0.0, elapsed + 10);
                }
            }
            Map<?, ?> path = (Map<?, ?>) js.executeScript("var s = window.operando.charts.path.scales; "
                    + "return {x: s.x.max - s.x.min, y: s.y.max - s.y.min};");
            assertThat(((Number) path.get("x")).doubleValue()).as("drift path: equal x/y scale")
                    .isCloseTo(((Number) path.get("y")).doubleValue(), org.assertj.core.api.Assertions.within(1e-6))
                    .as("and not collapsed onto a line").isGreaterThan(40);
            long cycles = num(js, "return window.operando.charts.cv.data.datasets.length");
            assertThat(cycles).as("CV: one dataset per cycle since the run start (8 s cycles)").isGreaterThanOrEqualTo((long) (elapsed / 8));
            assertThat(num(js, "return window.operando.charts.cv.data.datasets[0].data[0] ? 1 : 0")).isEqualTo(1);
            shot(driver, "live.png");
            js.executeScript("document.getElementById('health').scrollIntoView()");
            shot(driver, "health.png");
            js.executeScript("window.scrollTo(0, 0)");
            assertThat(((Number) js.executeScript("return document.querySelector('#health tbody tr').getBoundingClientRect().height"))
                    .doubleValue()).as("a health row is one line, not wrapped into a column").isLessThan(30);

            // 3. the dead letter: banner with a link to its reasons, listed on the page
            // (banners are re-rendered with every update: read them where they are, a stale element is looked up again)
            String deadText = bannerText(driver, "dead", 10);
            assertThat(deadText).contains("1 dead letter").contains("payload shorter");
            String deadLink = new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElement(By.cssSelector(".banner.dead")).findElement(By.linkText("JSON")).getAttribute("href"));
            assertThat(deadLink).endsWith("/api/dead-letters?run=" + RUN);
            wait.until(d -> d.findElement(By.id("dead-table")).getText().contains("PAYLOAD_SIZE"));
            assertThat(get(url + "api/dead-letters?run=" + RUN)).contains("\"reasonCode\":\"PAYLOAD_SIZE\"").contains("\"offset\":42");
            assertThat(driver.findElements(By.cssSelector(".banner.lag"))).as("no lag banner while results keep up").isEmpty();

            // 4. raw on a toggle
            driver.findElement(By.id("raw")).click();
            wait.until(d -> d.findElement(By.id("frame")).getAttribute("src").contains("raw=1"));
            assertThat(driver.findElement(By.id("frame-note")).getText()).startsWith("raw");
            shot(driver, "raw.png");
            driver.findElement(By.id("raw")).click();
            wait.until(d -> !d.findElement(By.id("frame")).getAttribute("src").contains("raw=1"));

            // 5. two runs at once: the finished earlier run overlaid on the live one
            driver.findElement(By.cssSelector("input[data-run='" + EARLIER + "']")).click();
            wait.until(d -> labels(js, "drift").contains(EARLIER + " · dx") && labels(js, "drift").contains(RUN + " · dx"));
            assertThat(labels(js, "clock")).anyMatch(l -> l.startsWith(EARLIER + " · ")).anyMatch(l -> l.startsWith(RUN + " · "));
            assertThat(driver.findElement(By.id("health")).getText()).contains(EARLIER).contains(RUN);
            shot(driver, "two-runs.png");
            driver.findElement(By.cssSelector("input[data-run='" + EARLIER + "']")).click();
            wait.until(d -> !labels(js, "drift").contains(EARLIER + " · dx"));

            // 6. processors paused: acquisition goes on, results stop -> lag banner
            lagRecords.set(12_345);
            pauseResults.set(true);
            assertThat(bannerText(driver, "lag", 20)).startsWith("Processors lag real time").contains("behind acquisition");
            new WebDriverWait(driver, Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElement(By.cssSelector(".banner.lag")).getText().contains("12345 records unprocessed"));
            shot(driver, "lag.png");

            // 7. the other imaging stream: no drift estimates, shown raw, no overlay
            new Select(driver.findElement(By.id("instrument"))).selectByValue("opt-1");
            wait.until(d -> d.findElement(By.id("frame-counter")).getText().contains("150×150"));
            assertThat(driver.findElement(By.id("frame-note")).getText()).contains("no drift estimate");
            new Select(driver.findElement(By.id("instrument"))).selectByValue("em-1");

            // 8. instruments silent while the run is open -> stall banner
            stopPublishing.set(true);
            assertThat(bannerText(driver, "stall", 20)).startsWith("No record from").contains("while the run is open");
            shot(driver, "stall.png");
            assertThat(js.executeScript("return window.operandoErrors")).asList().as("no script errors").isEmpty();
        } catch (RuntimeException | AssertionError e) {
            System.err.println("--- /api/state (first 4000 chars) ---\n" + truncate(get(url + "api/state?run=" + RUN), 4000)
                    + "\n--- page ---\n" + js.executeScript("return JSON.stringify({errors: window.operandoErrors, events: "
                    + "window.operando && window.operando.state.events, frames: window.operando && window.operando.state.frameUpdates})")
                    + "\n--- browser console ---");
            driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).forEach(System.err::println);
            shot(driver, "failure.png");
            throw e;
        } finally {
            driver.quit();
        }
    }

    /**
     * Reads successive frames the page would load, corrected and raw, and locates the bright disc in each (centroid of
     * pixels above 200 of 255, in raw pixels = displayed x factor).
     */
    private static void fiducialStaysPut(String url) throws Exception {
        List<double[]> corrected = new ArrayList<>();
        List<double[]> raw = new ArrayList<>();
        long lastVersion = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (corrected.size() < 8 && System.nanoTime() < deadline) {
            var state = StateView.JSON.readTree(get(url + "api/state?run=" + RUN + "&instrument=em-1"));
            var frame = state.get("frame");
            if (frame != null && frame.get("version").asLong() != lastVersion) {
                // both images of one render: fetch them before the next push replaces the render
                byte[] c = getBytes(url + frame.get("url").asText().substring(1));
                byte[] r = getBytes(url + frame.get("rawUrl").asText().substring(1));
                int f = frame.get("factor").asInt();
                double[] pc = brightCentroid(c, f);
                double[] pr = brightCentroid(r, f);
                if (pc != null && pr != null) {
                    corrected.add(pc);
                    raw.add(pr);
                }
                lastVersion = frame.get("version").asLong();
            }
            Thread.sleep(400);
        }
        assertThat(corrected).as("distinct frames read").hasSizeGreaterThanOrEqualTo(6);
        double[] spreadC = spread(corrected);
        double[] spreadR = spread(raw);
        double maxC = maxDeviation(corrected);
        StringBuilder report = new StringBuilder("frame\tcorrected x\tcorrected y\traw x\traw y (raw px)\n");
        for (int i = 0; i < corrected.size(); i++) {
            report.append(String.format("%d\t%.2f\t%.2f\t%.2f\t%.2f%n", i, corrected.get(i)[0], corrected.get(i)[1], raw.get(i)[0], raw.get(i)[1]));
        }
        report.append(String.format("corrected: max distance from mean %.2f px, range x %.2f y %.2f px; raw: range x %.2f y %.2f px%n",
                maxC, spreadC[0], spreadC[1], spreadR[0], spreadR[1]));
        Files.writeString(SHOTS.resolve("fiducial.txt"), report);
        System.out.print(report);
        assertThat(maxC).as("disc in corrected frames stays within 1 px of its mean position").isLessThanOrEqualTo(1.0);
        assertThat(Math.max(spreadR[0], spreadR[1])).as("while in raw frames it moves").isGreaterThan(10);
    }

    /** Centroid in raw pixels of the displayed pixels brighter than 200; null when there are none. */
    private static double[] brightCentroid(byte[] png, int factor) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        double sx = 0;
        double sy = 0;
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (img.getRaster().getSample(x, y, 0) > 200) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        // displayed pixel u covers raw pixels [f u, f u + f): its centre is f u + (f - 1) / 2
        return n == 0 ? null : new double[] {factor * sx / n + (factor - 1) / 2.0, factor * sy / n + (factor - 1) / 2.0};
    }

    private static double[] spread(List<double[]> pts) {
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE};
        for (double[] p : pts) {
            for (int k = 0; k < 2; k++) {
                lo[k] = Math.min(lo[k], p[k]);
                hi[k] = Math.max(hi[k], p[k]);
            }
        }
        return new double[] {hi[0] - lo[0], hi[1] - lo[1]};
    }

    private static double maxDeviation(List<double[]> pts) {
        double mx = pts.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double my = pts.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        return pts.stream().mapToDouble(p -> Math.hypot(p[0] - mx, p[1] - my)).max().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<String> chartsWithoutPoints(JavascriptExecutor js) {
        return (List<String>) js.executeScript("var c = window.operando.charts; return Object.keys(c).filter(k => "
                + "c[k].data.datasets.reduce((n, d) => n + d.data.length, 0) === 0);");
    }

    @SuppressWarnings("unchecked")
    /** The text of the banner of {@code kind} once it shows, looked up again when an update re-rendered it meanwhile. */
    private static String bannerText(WebDriver driver, String kind, int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector(".banner." + kind)).getText());
    }

    private static List<String> labels(JavascriptExecutor js, String chart) {
        return (List<String>) js.executeScript("return window.operando.charts." + chart + ".data.datasets.map(d => d.label);");
    }

    private static void publishAll(Publisher publisher, SyntheticDashboardSource source) {
        source.preamble().forEach(publisher::publish);
        for (Optional<Acquired> a = source.next(); a.isPresent(); a = source.next()) {
            publisher.publish(a.get());
        }
    }

    /** Publishes each record when its master time (from the run start) has passed since {@code t0}. */
    private static void publishPaced(Publisher publisher, SyntheticDashboardSource source, long t0, AtomicBoolean stop) {
        source.preamble().forEach(publisher::publish);
        try {
            while (!stop.get()) {
                Acquired a = source.next().orElseThrow();
                long dueNs = t0 + (a.masterTimeNs() - SyntheticDashboardSource.MASTER_START_NS);
                long waitNs = dueNs - System.nanoTime();
                if (waitNs > 0) {
                    Thread.sleep(waitNs / 1_000_000, (int) (waitNs % 1_000_000));
                }
                if (!stop.get()) {
                    publisher.publish(a);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void shot(WebDriver driver, String name) throws Exception {
        Files.write(SHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }

    private static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing: install Debian's chromium and chromium-driver");
        }
        Assumptions.assumeTrue(present, "Chromium or chromedriver not installed; browser test skipped outside CI");
    }

    private static WebDriver chrome(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static long num(JavascriptExecutor js, String script) {
        Object v = js.executeScript(script);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static void setInput(WebDriver driver, String id, String value) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "…";
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + url).isEqualTo(200);
        return r.body();
    }

    private static byte[] getBytes(String url) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET " + url).isEqualTo(200);
        return r.body();
    }
}
