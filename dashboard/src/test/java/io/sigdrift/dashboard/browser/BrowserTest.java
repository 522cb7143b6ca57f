package io.sigdrift.dashboard.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.dashboard.Fixtures;
import io.sigdrift.dashboard.ingest.IngestSettings;
import io.sigdrift.dashboard.ingest.Ingester;
import io.sigdrift.dashboard.store.Database;
import io.sigdrift.dashboard.store.Schema;
import io.sigdrift.dashboard.web.DashboardServer;
import io.sigdrift.dashboard.web.LabelWriter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real headless Chromium (Debian's chromium and chromium-driver; the driver service points
 * at /usr/bin/chromedriver, so Selenium Manager never downloads anything) over the {@link Fixtures} job
 * output: the feed, filters, keyboard triage, a signature, a compare, a label written to the feedback
 * stream, and hostile log lines that must render as text and run nothing. Screenshots go to
 * target/screenshots.
 */
class BrowserTest {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final String TOKEN = "browser-test-token-42";
    static final Instant NOW = Instant.parse("2026-03-16T09:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static Path dir;
    static Database db;
    static DashboardServer server;
    static WebDriver driver;
    static ChromeDriverService service;
    static Set<String> tempBefore;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "no Debian chromium/chromium-driver: apt-get install -y chromium chromium-driver (.ci/run does)");
        dir = Files.createTempDirectory("sigdrift-browser");
        Fixtures.write(dir.resolve("out"));
        db = new Database("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
        Schema.migrate(db);
        new Ingester(db, IngestSettings.of(dir.resolve("out"), dir.resolve("feedback")), null).runOnce();
        server = new DashboardServer(db, new LabelWriter(dir.resolve("feedback")), TOKEN, Clock.fixed(NOW, ZoneOffset.UTC),
                Map::of).start("127.0.0.1", 0);
        tempBefore = chromiumTempDirs();
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions opts = new ChromeOptions();
        opts.setBinary(CHROMIUM.toFile());
        opts.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,900",
                "--user-data-dir=" + dir.resolve("chrome-profile").toAbsolutePath());
        driver = new ChromeDriver(service, opts);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
        if (tempBefore != null) {
            for (String d : chromiumTempDirs()) {
                if (!tempBefore.contains(d)) {
                    deleteTree(Path.of(System.getProperty("java.io.tmpdir"), d));
                }
            }
        }
        if (dir != null) {
            deleteTree(dir);
        }
    }

    static Set<String> chromiumTempDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return new HashSet<>(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("org.chromium.Chromium."))
                    .toList());
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    String url(String hash) {
        return "http://127.0.0.1:" + server.port() + "/" + hash;
    }

    WebDriverWait waiting() {
        WebDriverWait w = new WebDriverWait(driver, WAIT);
        // the page re-renders lists and panes as data arrive: an element found a moment ago may be replaced
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    void open(String hash) {
        driver.get(url(hash));
        waiting().until(d -> ((JavascriptExecutor) d).executeScript("return document.readyState").equals("complete"));
    }

    List<WebElement> feedItems() {
        return driver.findElements(By.cssSelector("#feed-list .feed-item"));
    }

    void screenshot(String name) throws IOException {
        File f = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    static void assertNoAlert() {
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert(), "a script ran and opened a dialog");
    }

    void selectAnomaly(String id) {
        By item = By.cssSelector("#feed-list .feed-item[data-id='" + id + "']");
        waiting().until(d -> {
            d.findElement(item).click();
            return true;
        });
        waiting().until(d -> d.findElement(By.cssSelector("#detail h1")).getText().contains("sshd")
                && d.findElements(By.cssSelector("#feed-list .feed-item.selected[data-id='" + id + "']")).size() == 1);
    }

    @Test
    void theFeedShowsTheIncidentsNewestFirstAndTheFiltersNarrowIt() throws IOException {
        open("#token=" + TOKEN);
        waiting().until(d -> feedItems().size() == 2);
        assertEquals("2", feedItems().size() + "");
        assertTrue(driver.findElement(By.id("feed-meta")).getText().startsWith("2 anomalies"));
        waiting().until(d -> d.findElements(By.cssSelector("#detail .chart")).size() == 1);
        screenshot("anomaly-feed");

        new Select(driver.findElement(By.id("filter-kind"))).selectByValue("SPIKE");
        waiting().until(d -> feedItems().size() == 1);
        assertEquals(Fixtures.SPIKE_ID, feedItems().get(0).getDomAttribute("data-id"));

        WebElement search = driver.findElement(By.id("filter-q"));
        search.sendKeys("no such text anywhere");
        waiting().until(d -> d.findElement(By.id("detail")).getText().contains("No anomalies match these filters"));
        screenshot("anomaly-feed-empty");
    }

    @Test
    void hostileLogLinesRenderAsTextAndRunNothing() throws IOException {
        open("#/anomalies/" + Fixtures.NEW_ID);
        selectAnomaly(Fixtures.NEW_ID);
        waiting().until(d -> d.findElement(By.id("detail")).getText().contains(Fixtures.XSS_SCRIPT));
        WebElement detail = driver.findElement(By.id("detail"));
        String text = detail.getText();
        assertTrue(text.contains(Fixtures.XSS_IMG), "the img tag is shown as text");
        assertTrue(text.contains(Fixtures.XSS_LINK), "the javascript: link is shown as text");
        waiting().until(d -> d.findElement(By.id("window-lines")).getText().contains(Fixtures.XSS_WINDOW_LINE));
        assertTrue(driver.findElement(By.id("attribution")).getText().contains(Fixtures.XSS_VALUE),
                "the attributed value is shown as text");
        assertEquals(0, detail.findElements(By.tagName("script")).size());
        assertEquals(0, detail.findElements(By.tagName("img")).size());
        for (WebElement a : driver.findElements(By.tagName("a"))) {
            String href = a.getDomAttribute("href");
            assertFalse(href != null && href.toLowerCase().startsWith("javascript:"), "a javascript: link: " + href);
        }
        assertNoAlert();
        screenshot("xss-as-text");

        open("#/signatures/" + Fixtures.XSS);
        waiting().until(d -> d.findElement(By.id("signature-detail")).getText().contains(Fixtures.XSS_SCRIPT));
        assertEquals(0, driver.findElements(By.cssSelector("#signature-detail img, #signature-detail script")).size());
        assertNoAlert();
    }

    @Test
    void theKeyboardMovesThroughTheFeedAndOpensTheSignatureWithItsLineage() throws IOException {
        open("#/anomalies");
        waiting().until(d -> feedItems().size() == 2 && d.findElements(By.cssSelector(".feed-item.selected")).size() == 1);
        String first = driver.findElement(By.cssSelector(".feed-item.selected")).getDomAttribute("data-id");
        new Actions(driver).sendKeys("j").perform();
        waiting().until(d -> !d.findElement(By.cssSelector(".feed-item.selected")).getDomAttribute("data-id").equals(first));
        new Actions(driver).sendKeys("k").perform();
        waiting().until(d -> d.findElement(By.cssSelector(".feed-item.selected")).getDomAttribute("data-id").equals(first));

        selectAnomaly(Fixtures.SPIKE_ID);
        new Actions(driver).sendKeys("s").perform();
        waiting().until(d -> d.getCurrentUrl().contains("#/signatures/" + Fixtures.FAILED));
        // headings are upper-cased by CSS, and getText() returns the rendered text
        waiting().until(d -> d.findElement(By.id("signature-detail")).getText().contains("LINEAGE"));
        assertTrue(driver.findElement(By.cssSelector("#signature-detail .lineage")).getText().contains(Fixtures.FAILED_OLD),
                "the earlier id is listed in the lineage");
        screenshot("signature-detail");
    }

    @Test
    void topSignaturesShowTheNewOneAndLinkToItsDetail() throws IOException {
        open("#/signatures");
        waiting().until(d -> d.findElements(By.cssSelector("#sig-table tbody tr")).size() >= 3);
        WebElement strip = driver.findElement(By.id("new-in-range"));
        assertTrue(strip.getText().contains(Fixtures.XSS_SCRIPT));
        assertEquals(0, driver.findElements(By.cssSelector("#sig-table img, #sig-table script")).size());
        screenshot("top-signatures");
        driver.findElement(By.cssSelector("#sig-table tr[data-id='" + Fixtures.WEB_GET + "'] a.sig-link")).click();
        waiting().until(d -> d.findElement(By.id("signature-detail")).getText().contains("Signature in web"));
        assertNoAlert();
    }

    @Test
    void aCompareOfTheLastDayAgainstTheDayBeforeListsTheNewSignature() throws IOException {
        open("#/compare");
        new Select(waiting().until(d -> d.findElement(By.id("cmp-preset")))).selectByValue("day-previous");
        waiting().until(d -> d.findElements(By.cssSelector("#cmp-table tr[data-kind='NEW']")).size() == 1);
        WebElement row = driver.findElement(By.cssSelector("#cmp-table tr[data-kind='NEW']"));
        assertEquals(Fixtures.XSS, row.getDomAttribute("data-id"));
        assertTrue(row.getText().contains(Fixtures.XSS_SCRIPT));
        screenshot("compare");
        assertNoAlert();
    }

    @Test
    void labellingWithAKeyWritesTheLabelToTheFeedbackStream() throws Exception {
        open("#token=" + TOKEN);
        selectAnomaly(Fixtures.SPIKE_ID);
        String text = "brute force from 203.0.113.77";
        // the detail pane may still be re-rendered by the select that opening the page started: type into the
        // pane that stays (stale elements are retried by waiting()) and check the text arrived
        waiting().until(d -> {
            WebElement note = d.findElement(By.id("label-note"));
            if (!text.equals(note.getDomProperty("value"))) {
                note.clear();
                note.sendKeys(text);
            }
            return text.equals(d.findElement(By.id("label-note")).getDomProperty("value"));
        });
        driver.findElement(By.id("label-note")).sendKeys(org.openqa.selenium.Keys.ESCAPE);
        new Actions(driver).sendKeys("1").perform();
        try {
            waiting().until(d -> d.findElement(By.id("label-msg")).getText().contains("Labelled True positive"));
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("label-failed");
            throw new AssertionError("label message: " + driver.findElement(By.id("detail")).getText(), e);
        }
        screenshot("labelled");
        JsonNode label = feedbackRecord("label", Fixtures.SPIKE_ID);
        // the feedback stream's label line, self-contained as the analyst-loop contract says
        assertEquals(1, label.path("v").asInt());
        assertTrue(label.path("label_id").asText().startsWith("lbl-"), label.toString());
        assertEquals("TRUE_POSITIVE", label.path("kind").asText());
        assertEquals("VALUES", label.path("scope").asText());
        assertEquals("sshd", label.path("source").asText());
        assertEquals(Fixtures.FAILED, label.path("signature").asText());
        assertEquals("SPIKE", label.path("anomaly_kind").asText());
        assertEquals(Fixtures.SPIKE_VALUE, label.path("values").get(0).path("value").asText());
        assertEquals("IP", label.path("values").get(0).path("type").asText());
        assertEquals(12.0, label.path("observed").asDouble());
        assertEquals(100.0, label.path("score").asDouble());
        assertTrue(label.path("window_start").asText().startsWith("2026-03-15T"), label.toString());
        assertEquals(NOW.toString(), label.path("time").asText());
        assertTrue(label.path("expires").isNull());
        assertEquals(text, label.path("note").asText());
        waiting().until(d -> d.findElement(By.cssSelector(".feed-item[data-id='" + Fixtures.SPIKE_ID + "'] .label-chip"))
                .getText().equals("True positive"));

        waiting().until(d -> {
            d.findElement(By.cssSelector("#label-history li[data-label-id='" + label.path("label_id").asText() + "'] .revoke-btn"))
                    .click();
            return true;
        });
        waiting().until(d -> d.findElement(By.id("label-msg")).getText().contains("Label revoked"));
        JsonNode revoke = feedbackRecord("revoke", null);
        assertEquals(label.path("label_id").asText(), revoke.path("label_id").asText());
        assertEquals(NOW.toString(), revoke.path("time").asText());
        waiting().until(d -> d.findElements(By.cssSelector(".feed-item[data-id='" + Fixtures.SPIKE_ID + "'] .label-chip")).isEmpty());
        screenshot("label-revoked");
    }

    @Test
    void aSignaturesParameterValuesShowAsBarsWithHostileValuesAsText() throws IOException {
        open("#/signatures/" + Fixtures.XSS);
        waiting().until(d -> d.findElement(By.id("parameter-values")).getText().contains(Fixtures.XSS_VALUE));
        WebElement values = driver.findElement(By.id("parameter-values"));
        assertEquals(0, values.findElements(By.cssSelector("img, script")).size(), "the value is text, not markup");
        assertEquals(1, values.findElements(By.cssSelector("svg rect.bar")).size());
        assertNoAlert();

        open("#/signatures/" + Fixtures.FAILED);
        waiting().until(d -> d.findElement(By.id("parameter-values")).getText().contains(Fixtures.SPIKE_VALUE));
        values = driver.findElement(By.id("parameter-values"));
        String text = values.getText();
        assertTrue(text.contains(Fixtures.STEADY_ADDRESS) && text.contains("root") && text.contains("admin"), text);
        assertTrue(text.contains("other values"), "the values not listed per window: " + text);
        assertEquals(2, values.findElements(By.cssSelector(".distribution")).size(), "user and address positions");
        // the steady address's bar is longer than the scanner's (24 h of it against a 30-minute spike)
        List<WebElement> bars = values.findElements(By.cssSelector(".distribution[data-position='" + Fixtures.ADDRESS_POSITION
                + "'] rect.bar"));
        assertTrue(Double.parseDouble(bars.get(0).getDomAttribute("width")) > Double.parseDouble(bars.get(1).getDomAttribute("width")));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", values);
        screenshot("signature-parameter-values");
    }

    @Test
    void suppressedEventsAppearOnRequestWithWhatSuppressedThemAndLabelsSayWhatTheJobMadeOfThem() throws Exception {
        // labels as `sigdrift label` writes them; the fixture's audit stream has the job's verdict on both
        Fixtures.write(dir.resolve("feedback").resolve("labels.jsonl"), List.of(
                feedbackLabel(Fixtures.SUPPRESSING_LABEL, "FALSE_POSITIVE", "weekly scanner", "2026-03-15T10:50:00Z"),
                feedbackLabel(Fixtures.REJECTED_LABEL, "FALSE_POSITIVE", "same again", "2026-03-15T10:55:00Z")));
        new Ingester(db, IngestSettings.of(dir.resolve("out"), dir.resolve("feedback")), null).runOnce();

        open("#/anomalies");
        waiting().until(d -> feedItems().size() == 2);
        new Select(driver.findElement(By.id("filter-suppressed"))).selectByValue("include");
        waiting().until(d -> feedItems().size() == 3);
        By quiet = By.cssSelector("#feed-list .feed-item[data-id='" + Fixtures.SUPPRESSED_ID + "']");
        assertTrue(driver.findElement(quiet).getText().contains("suppressed"));
        assertTrue(driver.findElement(quiet).getText().contains(Fixtures.SUPPRESSING_LABEL), "affected by, in the feed");
        selectAnomaly(Fixtures.SUPPRESSED_ID);
        waiting().until(d -> d.findElements(By.id("suppressed-notice")).size() == 1);
        assertTrue(driver.findElement(By.id("affected-by")).getText().contains(Fixtures.SUPPRESSING_LABEL));
        By accepted = By.cssSelector("#label-history li[data-label-id='" + Fixtures.SUPPRESSING_LABEL + "'] .job-status");
        By rejected = By.cssSelector("#label-history li[data-label-id='" + Fixtures.REJECTED_LABEL + "'] .job-status");
        waiting().until(d -> d.findElement(accepted).getText().equals("accepted by the job"));
        assertEquals("rejected by the job: " + Fixtures.REJECTED_REASON, driver.findElement(rejected).getText());
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", driver.findElement(By.id("label-history")));
        screenshot("suppressed-and-job-verdicts");

        new Select(driver.findElement(By.id("filter-suppressed"))).selectByValue("only");
        waiting().until(d -> feedItems().size() == 1);
        assertNoAlert();
    }

    static String feedbackLabel(String labelId, String kind, String note, String time) {
        return new ObjectMapper().createObjectNode().put("v", 1).put("type", "label").put("label_id", labelId)
                .put("anomaly_id", Fixtures.SUPPRESSED_ID).put("kind", kind).put("scope", "SIGNATURE").put("source", "sshd")
                .put("signature", Fixtures.FAILED).put("anomaly_kind", "SPIKE").put("direction", 1)
                .put("window_start", "2026-03-15T10:00:00Z").put("time", time).putNull("expires").put("author", "ana")
                .put("note", note).toString();
    }

    /** The feedback file of this type (for this anomaly, when given). */
    static JsonNode feedbackRecord(String type, String anomalyId) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("feedback"))) {
            files = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
        for (Path f : files) {
            JsonNode n = new ObjectMapper().readTree(Files.readString(f));
            if (n.path("type").asText().equals(type) && (anomalyId == null || n.path("anomaly_id").asText().equals(anomalyId))) {
                return n;
            }
        }
        throw new AssertionError("no " + type + " record in " + files);
    }

    /**
     * First paint and the first view's data on the fixture output, from the Navigation and Paint Timing APIs
     * and the page's own User Timing mark; reported (target/screenshots/timing.txt), not asserted on time.
     */
    @Test
    void theFirstPaintAndTheFeedsDataAreTimedInTheBrowser() throws IOException {
        driver.get("about:blank");
        open("#/anomalies");
        waiting().until(d -> feedItems().size() == 2);
        waiting().until(d -> ((JavascriptExecutor) d)
                .executeScript("return performance.getEntriesByName('sigdrift-first-view').length") instanceof Long n && n == 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript(
                "const nav = performance.getEntriesByType('navigation')[0];"
                        + "const paint = Object.fromEntries(performance.getEntriesByType('paint').map(p => [p.name, p.startTime]));"
                        + "return { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd,"
                        + " load: nav.loadEventEnd, firstPaint: paint['first-paint'] || -1,"
                        + " firstContentfulPaint: paint['first-contentful-paint'] || -1,"
                        + " firstView: performance.getEntriesByName('sigdrift-first-view')[0].startTime };");
        String report = String.format(java.util.Locale.ROOT, "page timing (ms from navigation start): response end %.0f,"
                        + " DOMContentLoaded %.0f, load %.0f, first paint %.0f, first contentful paint %.0f,"
                        + " feed data on screen %.0f%n", num(t.get("responseEnd")), num(t.get("domContentLoaded")),
                num(t.get("load")), num(t.get("firstPaint")), num(t.get("firstContentfulPaint")), num(t.get("firstView")));
        System.out.print(report);
        Files.writeString(SCREENSHOTS.resolve("timing.txt"), report);
        assertTrue(num(t.get("firstContentfulPaint")) > 0, "the browser reported a first contentful paint: " + t);
        assertTrue(num(t.get("firstView")) >= num(t.get("domContentLoaded")), "the mark follows the page's load: " + t);
    }

    static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    @Test
    void anEmptyDatabaseSaysNoAnomaliesInThisRangeAndAnUnreachableOneSaysSo() throws Exception {
        Path emptyDir = dir.resolve("empty");
        try (Database empty = new Database("jdbc:h2:file:" + emptyDir.resolve("db").toAbsolutePath())) {
            Schema.migrate(empty);
            DashboardServer s = new DashboardServer(empty, null, TOKEN, Clock.fixed(NOW, ZoneOffset.UTC), Map::of)
                    .start("127.0.0.1", 0);
            try {
                driver.get("http://127.0.0.1:" + s.port() + "/#/anomalies");
                waiting().until(d -> d.findElement(By.id("detail")).getText().contains("No anomalies in this range"));
                screenshot("empty-state");
            } finally {
                s.close();
            }
        }
        // nothing listens on port 9 (discard) here: every query fails to connect (SQLState 08001)
        try (Database gone = new Database("jdbc:postgresql://127.0.0.1:9/sigdrift?connectTimeout=2")) {
            DashboardServer s = new DashboardServer(gone, null, TOKEN, Clock.fixed(NOW, ZoneOffset.UTC), Map::of)
                    .start("127.0.0.1", 0);
            try {
                java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + s.port() + "/api/anomalies"))
                                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(503, r.statusCode(), r.body());
                assertTrue(r.body().contains("database unreachable"), r.body());
                driver.get("http://127.0.0.1:" + s.port() + "/#/anomalies");
                waiting().until(d -> d.findElement(By.id("banner")).getText().startsWith("Database unreachable"));
                waiting().until(d -> d.findElement(By.id("feed-list")).getText().contains("Could not load anomalies"));
                waiting().until(d -> d.findElement(By.id("detail")).getText().contains("Database unreachable"));
                screenshot("database-unreachable");
            } finally {
                s.close();
            }
        }
    }
}
