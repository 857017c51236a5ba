package org.operando.ops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.operando.ops.dashboard.access.HttpSecurity;
import org.operando.ops.pipeline.Demo;
import org.operando.ops.pipeline.Pipeline;
import org.operando.ops.pipeline.RunSummary;

/**
 * Drives Debian's headless Chromium against a live {@code Demo.run} (embedded broker, synthetic run) and checks that
 * the page updates without reloading: the frame image changes, the plots grow, the controls act, the overlay appears
 * once a registration is present; a second run does the same behind a generated token, logging in by the printed
 * URL. Leaves a screenshot in {@code target/dashboard.png}. Without Chromium the test is skipped locally and fails
 * when {@code CI=true}.
 */
class DashboardBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Pattern DASHBOARD = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/)");
    private static final Pattern LOGIN = Pattern.compile("dashboard login: (http://127\\.0\\.0\\.1:\\d+/)\\?token=([A-Za-z0-9_-]+)");

    @Test
    @Timeout(240)
    void shouldUpdateFramePlotsAndControlsLiveWithoutReload() throws Exception {
        requireChromium();
        checkLivePage(null, "operando-dashboard-it");
    }

    /** The same page behind a generated token: the browser logs in once by the printed URL and then works by its cookie. */
    @Test
    @Timeout(240)
    void shouldLogInWithPrintedTokenUrlAndStillUpdateLive() throws Exception {
        requireChromium();
        checkLivePage(new DashboardServer.Settings("127.0.0.1", 0, Duration.ofMillis(200), 512,
                HttpSecurity.token(HttpSecurity.Token.generate())), "operando-dashboard-token-it");
    }

    /** {@code dashboard} null: the default loopback dashboard, served openly. */
    private void checkLivePage(DashboardServer.Settings dashboard, String applicationId) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true);
        AtomicBoolean stop = new AtomicBoolean();
        Pipeline.Options options = new Pipeline.Options(Duration.ofMinutes(10), 1.0, Duration.ofSeconds(5), Duration.ofSeconds(2));
        Demo.Settings settings = dashboard == null
                ? new Demo.Settings(null, 1, (short) 1, options, applicationId, Map.of(), 0, null)
                : new Demo.Settings(null, 1, (short) 1, options, applicationId, Map.of(), dashboard);
        CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> {
            try {
                return Demo.run(settings, SyntheticDashboardSource.RUN, b -> new SyntheticDashboardSource(), out, stop);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String url = awaitUrl(log, run);
        String token = null;
        if (dashboard != null) {
            Matcher login = LOGIN.matcher(log.toString());
            assertThat(login.find()).as("a generated token's login URL is printed:\n" + log).isTrue();
            assertThat(login.group(1)).isEqualTo(url);
            token = login.group(2);
        }
        Path profile = Files.createTempDirectory("operando-chromium-");
        WebDriver driver = chrome(profile);
        try {
            if (token != null) {
                driver.get(url);
                assertThat(driver.getPageSource()).as("no page without the token").contains("needs its token").doesNotContain("app.js");
                driver.get(url + "?token=" + token);
                assertThat(driver.getCurrentUrl()).as("the token leaves the address bar").isEqualTo(url);
            }
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1500, 1400));
            if (token == null) {
                driver.get(url);
            }
            JavascriptExecutor js = (JavascriptExecutor) driver;
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));

            wait.until(d -> num(js, "return window.operando.state.frameUpdates") >= 2);
            String firstSrc = driver.findElement(By.id("frame")).getAttribute("src");
            String lastEcTime = "var d = window.operando.charts.it.data.datasets[0].data; return Math.round(d[d.length - 1].x * 1000)";
            long ecTime = num(js, lastEcTime);
            long cvPoints = num(js, "return window.operando.charts.cv.data.datasets[0].data.length");
            long driftPoints = num(js, "return window.operando.charts.drift.data.datasets[0].data.length");
            wait.until(d -> !driver.findElement(By.id("frame")).getAttribute("src").equals(firstSrc));
            wait.until(d -> num(js, lastEcTime) > ecTime); // new EC points (the series is capped, so it scrolls once full)
            assertThat(num(js, "return window.operando.charts.cv.data.datasets[0].data.length")).isGreaterThanOrEqualTo(cvPoints);
            wait.until(d -> num(js, "return window.operando.charts.drift.data.datasets[0].data.length") > driftPoints);
            assertThat(driver.findElement(By.id("frame-counter")).getText()).contains("600×600").contains("1/2");
            assertThat(((Number) js.executeScript("return document.getElementById('frame').naturalWidth")).intValue())
                    .as("EM frame downsampled to at most 512 px").isEqualTo(300);

            // registration present: the overlay is drawn and the opacity slider changes it
            wait.until(d -> driver.findElement(By.id("overlay")).isDisplayed());
            assertThat(driver.findElement(By.id("overlay-note")).getText()).contains("opt-1").contains("drift-corrected");
            WebElement slider = driver.findElement(By.id("opacity"));
            for (int i = 0; i < 15; i++) {
                slider.sendKeys(Keys.ARROW_RIGHT);
            }
            assertThat(driver.findElement(By.id("opacity-value")).getText()).isEqualTo("65 %");
            assertThat(driver.findElement(By.id("overlay")).getCssValue("opacity")).isEqualTo("0.65");

            // a typed ROI is drawn and its mean plotted
            setInput(driver, "roi-x", "250");
            setInput(driver, "roi-y", "250");
            setInput(driver, "roi-w", "100");
            setInput(driver, "roi-h", "100");
            driver.findElement(By.id("roi-set")).click();
            wait.until(d -> num(js, "var r = window.operando.charts.roi.data.datasets; return r.length ? r[0].data.length : 0") >= 2);

            // the plots that have data fill in; pump-probe stays a placeholder
            wait.until(d -> num(js, "return window.operando.charts.features.data.datasets.length") >= 1
                    && num(js, "return window.operando.charts.clock.data.datasets.length") >= 1
                    && num(js, "return window.operando.charts.it.data.datasets.length") >= 1);
            assertThat(driver.findElement(By.id("pump-note")).isDisplayed()).isTrue();
            wait.until(d -> driver.findElement(By.id("health")).getText().contains("em-1"));

            Thread.sleep(1500); // a few more pushes so the screenshot shows traced curves
            Path shot = Path.of("target", dashboard == null ? "dashboard.png" : "dashboard-token.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

            // instrument picker: switching to the optical stream shows its frame and drops the overlay
            new Select(driver.findElement(By.id("instrument"))).selectByValue("opt-1");
            wait.until(d -> driver.findElement(By.id("frame-counter")).getText().contains("150×150"));
            assertThat(driver.findElement(By.id("overlay-note")).getText()).contains("no registration yet");

            String metrics = get(url + "metrics", token);
            Files.writeString(Path.of("target", "dashboard-metrics.txt"), metrics);
            assertThat(metrics).contains("operando_dashboard_frames_received_frames_total{instrument=\"em-1\",modality=\"em\"}")
                    .contains("operando_latency_end_to_end_seconds_bucket").contains("operando_records_published_records_total")
                    .contains("kafka_consumer_fetch_manager_records_consumed_total").contains("kafka_stream_");
            assertThat(PromtoolCheck.problems(PromtoolCheck.operandoFamilies(metrics))).as("our meters pass promtool's lint").isEmpty();
            assertThat(PromtoolCheck.problems(metrics)).as("Kafka's own meter names break lint rules, but the text must parse")
                    .noneMatch(PromtoolCheck::isParseError).noneMatch(p -> p.startsWith("operando_"));
        } catch (RuntimeException | AssertionError e) {
            System.err.println("--- demo log ---\n" + log + "\n--- /api/state ---\n" + get(url + "api/state", token)
                    + "\n--- page ---\n" + ((JavascriptExecutor) driver).executeScript("return JSON.stringify({errors: "
                    + "window.operandoErrors, events: window.operando && window.operando.state.events, frames: window.operando"
                    + " && window.operando.state.frameUpdates, connection: document.getElementById('connection').textContent})")
                    + "\n--- browser console ---");
            driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).forEach(System.err::println);
            throw e;
        } finally {
            driver.quit();
            stop.set(true);
        }
        RunSummary summary = run.get(120, TimeUnit.SECONDS);
        assertThat(summary.json().get("latencyMs").get("em-1").get("p50").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(log.toString()).contains("metrics: " + url + "metrics");
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

    private static String awaitUrl(ByteArrayOutputStream log, CompletableFuture<?> run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Matcher m = DASHBOARD.matcher(log.toString());
            if (m.find()) {
                return m.group(1);
            }
            if (run.isDone()) {
                fail("Demo ended before printing the dashboard address:\n" + log);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No 'dashboard: http://...' line within 120 s:\n" + log);
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

    /** {@code token} null: no credential. */
    private static String get(String url, String token) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
