package io.sigdrift.dashboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.dashboard.Fixtures;
import io.sigdrift.dashboard.ingest.IngestSettings;
import io.sigdrift.dashboard.ingest.Ingester;
import io.sigdrift.dashboard.store.Database;
import io.sigdrift.dashboard.store.Schema;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over a seeded database (the {@link Fixtures} job output, ingested), run on every database the
 * dashboard supports: subclasses give the JDBC URL.
 */
abstract class ApiContract {
    static final String TOKEN = "test-token-0123456789";
    static final Instant NOW = Instant.parse("2026-03-16T09:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Database db;
    DashboardServer server;
    Fixtures fixtures;
    HttpClient http = HttpClient.newHttpClient();
    Path feedback;

    abstract String jdbcUrl();

    @BeforeEach
    void start() throws Exception {
        fixtures = Fixtures.write(dir.resolve("out"));
        feedback = dir.resolve("feedback");
        db = new Database(jdbcUrl());
        db.with(c -> {
            try (var s = c.createStatement()) {
                for (String t : Schema.TABLES) {
                    s.execute("DROP TABLE IF EXISTS " + t);
                }
            }
            return null;
        });
        Schema.migrate(db);
        new Ingester(db, IngestSettings.of(dir.resolve("out"), feedback), null).runOnce();
        server = new DashboardServer(db, new LabelWriter(feedback), TOKEN, Clock.fixed(NOW, ZoneOffset.UTC), Map::of)
                .start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        // null when start() was skipped (ApiOnPostgresTest without a database) or failed half-way
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = get(pathAndQuery);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    HttpResponse<String> post(String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/labels"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static final String DAY2 = "from=" + q("2026-03-15T00:00:00Z") + "&to=" + q("2026-03-16T00:00:00Z");

    @Test
    void theAnomalyFeedListsIncidentsNewestFirstWithTheirLatestChange() throws Exception {
        JsonNode page = getJson("/api/anomalies");
        assertEquals(2, page.path("total").asInt());
        JsonNode first = page.path("items").get(0);
        assertTrue(first.path("incidentStart").asText().startsWith("2026-03-15T16:00"));
        JsonNode spike = Stream.of(page.path("items").get(0), page.path("items").get(1))
                .filter(n -> n.path("id").asText().equals(Fixtures.SPIKE_ID)).findFirst().orElseThrow();
        assertEquals("CLOSED", spike.path("change").asText());
    }

    @Test
    void theFeedFiltersBySourceKindScoreTextAndRange() throws Exception {
        assertEquals(1, getJson("/api/anomalies?kind=NEW").path("total").asInt());
        assertEquals(1, getJson("/api/anomalies?min_score=50").path("total").asInt());
        assertEquals(0, getJson("/api/anomalies?source=web").path("total").asInt());
        assertEquals(1, getJson("/api/anomalies?q=" + q("failed PASSWORD")).path("total").asInt());
        assertEquals(0, getJson("/api/anomalies?q=" + q("100%_")).path("total").asInt(), "LIKE wildcards are literal");
        assertEquals(0, getJson("/api/anomalies?from=" + q("2026-03-14T00:00:00Z") + "&to=" + q("2026-03-14T06:00:00Z"))
                .path("total").asInt());
        assertEquals(2, getJson("/api/anomalies?" + DAY2).path("total").asInt());
    }

    @Test
    void aLabelNeedsTheTokenInAHeader() throws Exception {
        String body = "{\"anomaly_id\":\"" + Fixtures.SPIKE_ID + "\",\"kind\":\"TRUE_POSITIVE\"}";
        assertEquals(401, post(body, Map.of("Content-Type", "application/json")).statusCode());
        assertEquals(403, post(body, Map.of("Content-Type", "application/json", "Authorization", "Bearer wrong-token-x"))
                .statusCode());
        assertEquals(403, post(body, Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN,
                "Origin", "https://evil.example")).statusCode(), "a foreign origin is refused even with the token");
        assertEquals(415, post(body, Map.of("Content-Type", "text/plain", "Authorization", "Bearer " + TOKEN)).statusCode(),
                "a cross-site form can only send text/plain or form types");
        try (Stream<Path> files = Files.exists(feedback) ? Files.list(feedback) : Stream.empty()) {
            assertEquals(0, files.count(), "nothing was written by refused requests");
        }
    }

    static List<Path> feedbackFiles(Path feedback) throws IOException {
        try (Stream<Path> s = Files.list(feedback)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    @Test
    void aLabelIsWrittenInTheFeedbackStreamsFormatWithTheAnomalysValuesAndShownInTheFeed() throws Exception {
        HttpResponse<String> r = post("{\"anomaly_id\":\"" + Fixtures.SPIKE_ID + "\",\"kind\":\"FALSE_POSITIVE\","
                + "\"note\":\"weekly scanner <b>\",\"author\":\"ana\",\"for\":\"7d\"}",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN));
        assertEquals(201, r.statusCode(), r.body());
        List<Path> files = feedbackFiles(feedback);
        assertEquals(1, files.size());
        assertTrue(files.get(0).getFileName().toString().endsWith(".jsonl"));
        JsonNode rec = JSON.readTree(Files.readString(files.get(0)));
        // every field of the contract's label line, copied from the anomaly so the job needs no lookup
        assertEquals(1, rec.path("v").asInt());
        assertEquals("label", rec.path("type").asText());
        assertTrue(rec.path("label_id").asText().matches("lbl-[0-9a-f]{32}"), rec.toString());
        assertEquals(Fixtures.SPIKE_ID, rec.path("anomaly_id").asText());
        assertEquals("FALSE_POSITIVE", rec.path("kind").asText());
        assertEquals("VALUES", rec.path("scope").asText(), "the narrowest scope the anomaly supports");
        assertEquals("sshd", rec.path("source").asText());
        assertEquals(Fixtures.FAILED, rec.path("signature").asText());
        assertEquals("SPIKE", rec.path("anomaly_kind").asText());
        assertEquals(1, rec.path("direction").asInt());
        assertEquals(1, rec.path("values").size());
        assertEquals(8, rec.path("values").get(0).path("position").asInt());
        assertEquals("IP", rec.path("values").get(0).path("type").asText());
        assertEquals(Fixtures.SPIKE_VALUE, rec.path("values").get(0).path("value").asText());
        assertEquals(12.0, rec.path("observed").asDouble(), "the incident's newest change (CLOSED)");
        assertEquals(13.0, rec.path("expected").asDouble());
        assertEquals(100.0, rec.path("score").asDouble());
        String windowStart = Fixtures.SPIKE_START.plus(Fixtures.WINDOW.multipliedBy(18)).toString();
        assertEquals(windowStart, rec.path("window_start").asText());
        assertEquals(NOW.toString(), rec.path("time").asText());
        assertEquals(Instant.parse(windowStart).plus(Fixtures.WINDOW).plus(Duration.ofDays(7)).toString(),
                rec.path("expires").asText(), "expiry in event time: the window's end plus 7 days");
        assertEquals("ana", rec.path("author").asText());
        assertEquals("weekly scanner <b>", rec.path("note").asText());

        assertEquals(1, getJson("/api/anomalies?label=FALSE_POSITIVE").path("total").asInt());
        assertEquals(1, getJson("/api/anomalies?label=unlabeled").path("total").asInt());
        // the ingester reads the label file back: same label id, so still one label
        new Ingester(db, IngestSettings.of(dir.resolve("out"), feedback), null).runOnce();
        JsonNode detail = getJson("/api/anomalies/" + Fixtures.SPIKE_ID);
        assertEquals(1, detail.path("labels").size());
        assertEquals(Fixtures.SPIKE_VALUE, detail.path("labels").get(0).path("values").get(0).path("value").asText());
        assertEquals(rec.path("label_id").asText(), detail.path("anomaly").path("labelId").asText());
    }

    @Test
    void aRevokeIsWrittenInTheContractsFormatAndTheLabelStopsCounting() throws Exception {
        Map<String, String> h = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN);
        HttpResponse<String> r = post("{\"anomaly_id\":\"" + Fixtures.NEW_ID + "\",\"kind\":\"EXPECTED\",\"scope\":\"SOURCE\"}", h);
        assertEquals(201, r.statusCode(), r.body());
        String labelId = JSON.readTree(r.body()).path("label_id").asText();
        assertEquals(1, getJson("/api/anomalies?label=EXPECTED").path("total").asInt());
        assertEquals(401, postTo("/api/labels/" + labelId + "/revoke", "{}", Map.of("Content-Type", "application/json"))
                .statusCode(), "a revoke needs the token too");
        HttpResponse<String> rv = postTo("/api/labels/" + labelId + "/revoke", "{\"author\":\"ben\"}", h);
        assertEquals(201, rv.statusCode(), rv.body());
        List<Path> files = feedbackFiles(feedback);
        assertEquals(2, files.size());
        JsonNode revoke = files.stream().map(f -> {
            try {
                return JSON.readTree(Files.readString(f));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).filter(n -> n.path("type").asText().equals("revoke")).findFirst().orElseThrow();
        assertEquals(1, revoke.path("v").asInt());
        assertEquals(labelId, revoke.path("label_id").asText());
        assertEquals(NOW.toString(), revoke.path("time").asText());
        assertEquals("ben", revoke.path("author").asText());

        assertEquals(0, getJson("/api/anomalies?label=EXPECTED").path("total").asInt());
        assertEquals(1, getJson("/api/anomalies?label=revoked").path("total").asInt());
        assertEquals(2, getJson("/api/anomalies?label=unlabeled").path("total").asInt(), "a revoked label is no label");
        assertEquals(409, postTo("/api/labels/" + labelId + "/revoke", "{}", h).statusCode());
        assertEquals(404, postTo("/api/labels/lbl-nothing/revoke", "{}", h).statusCode());
        // read back from the feedback directory: still revoked, once
        new Ingester(db, IngestSettings.of(dir.resolve("out"), feedback), null).runOnce();
        JsonNode label = getJson("/api/anomalies/" + Fixtures.NEW_ID).path("labels").get(0);
        assertEquals("SOURCE", label.path("scope").asText());
        assertEquals("ben", label.path("revokedBy").asText());
        assertEquals(1, getJson("/api/anomalies?label=revoked").path("total").asInt());
    }

    @Test
    void anomaliesCarryTheWindowsLinesTheAttributedValuesAndWhatChangedThem() throws Exception {
        JsonNode a = getJson("/api/anomalies/" + Fixtures.SPIKE_ID).path("anomaly");
        assertEquals(2, a.path("windowExamples").size());
        JsonNode v = a.path("attribution").get(0);
        assertEquals(Fixtures.SPIKE_VALUE, v.path("value").asText());
        assertEquals(0.96, v.path("window_share").asDouble());
        assertEquals(0.004, v.path("baseline_share").asDouble());
        assertEquals(1e-12, v.path("p").asDouble());
        assertEquals(List.of(Fixtures.AFFECTING_RULE), JSON.convertValue(a.path("affectedBy"), List.class));
        JsonNode n = getJson("/api/anomalies/" + Fixtures.NEW_ID).path("anomaly");
        assertEquals(Fixtures.XSS_WINDOW_LINE, n.path("windowExamples").get(0).asText());
        assertEquals(Fixtures.XSS_VALUE, n.path("attribution").get(0).path("value").asText());
    }

    HttpResponse<String> postTo(String path, String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void badLabelsAreRefusedWithA4xxThatSaysWhy() throws Exception {
        Map<String, String> h = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN);
        assertEquals(400, post("{\"anomaly_id\":\"" + Fixtures.NEW_ID + "\",\"kind\":\"MAYBE\"}", h).statusCode());
        assertEquals(404, post("{\"anomaly_id\":\"ffffffffffffffff\",\"kind\":\"EXPECTED\"}", h).statusCode());
        assertEquals(400, post("not json", h).statusCode());
        assertEquals(400, post("{\"anomaly_id\":\"../../etc\",\"kind\":\"EXPECTED\"}", h).statusCode());
        assertEquals(413, post("{\"note\":\"" + "x".repeat(40_000) + "\"}", h).statusCode());
        HttpResponse<String> badFor = post("{\"anomaly_id\":\"" + Fixtures.NEW_ID + "\",\"kind\":\"EXPECTED\","
                + "\"scope\":\"VALUES\",\"for\":\"forever\"}", h);
        assertEquals(400, badFor.statusCode(), badFor.body());
        assertEquals(400, post("{\"anomaly_id\":\"" + Fixtures.NEW_ID + "\",\"kind\":\"EXPECTED\",\"scope\":\"EVERYTHING\"}", h)
                .statusCode());
    }

    @Test
    void rangesLimitsAndParametersAreBoundedWithClearErrors() throws Exception {
        HttpResponse<String> r = get("/api/signatures?from=" + q("2026-01-01T00:00:00Z") + "&to=" + q("2026-06-01T00:00:00Z"));
        assertEquals(400, r.statusCode());
        assertTrue(JSON.readTree(r.body()).path("error").asText().contains("at most 62 days"));
        assertEquals(400, get("/api/anomalies?limit=100000").statusCode());
        assertEquals(400, get("/api/anomalies?from=yesterday").statusCode());
        assertEquals(400, get("/api/anomalies?label=maybe").statusCode());
        assertEquals(400, get("/api/anomalies?min_score=NaN").statusCode());
        assertEquals(404, get("/api/nothing").statusCode());
        assertEquals(404, get("/api/anomalies/0000000000000000").statusCode());
    }

    @Test
    void topSignaturesHaveCountsSharesSparklinesAndFollowLineage() throws Exception {
        JsonNode page = getJson("/api/signatures?from=" + q("2026-03-14T00:00:00Z") + "&to=" + q("2026-03-16T00:00:00Z")
                + "&buckets=48");
        long total = fixtures.totalsBySource.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(total, page.path("total").asLong());
        JsonNode top = page.path("items").get(0);
        assertEquals(Fixtures.WEB_GET, top.path("id").asText());
        JsonNode failed = null;
        for (JsonNode n : page.path("items")) {
            if (n.path("id").asText().equals(Fixtures.FAILED)) {
                failed = n;
            }
            assertFalse(n.path("id").asText().equals(Fixtures.FAILED_OLD), "old ids are mapped to their live id");
        }
        assertEquals((long) fixtures.countsBySignature.get(Fixtures.FAILED), failed.path("count").asLong(),
                "windows before the generalisation count under the new id");
        long sparkSum = 0;
        for (JsonNode v : failed.path("sparkline")) {
            sparkSum += v.asLong();
        }
        assertEquals(failed.path("count").asLong(), sparkSum);
        assertEquals(48, failed.path("sparkline").size());
        assertEquals((double) failed.path("count").asLong() / total, failed.path("share").asDouble(), 1e-12);
    }

    @Test
    void aRangeWithRaggedEdgesCountsTheSameAsTheSumOfItsWindows() throws Exception {
        Instant from = Instant.parse("2026-03-14T10:25:00Z");
        Instant to = Instant.parse("2026-03-15T13:35:00Z");
        long expected = 0;
        for (int w = 0; w < Fixtures.WINDOWS; w++) {
            Instant ws = Fixtures.START.plus(Fixtures.WINDOW.multipliedBy(w));
            if (!ws.isBefore(from) && ws.isBefore(to)) {
                expected += 50 + (w % 11);
            }
        }
        JsonNode page = getJson("/api/signatures?source=web&from=" + q(from.toString()) + "&to=" + q(to.toString()));
        assertEquals(expected, page.path("items").get(0).path("count").asLong());
        assertEquals(expected, page.path("total").asLong());
        // hour buckets on the hour (the first one, 10:00-11:00, holds only 10:25-11:00 of the range):
        // whole hours from the rollup, the edges from the windows
        assertEquals(3_600_000L, page.path("bucketMillis").asLong());
        long sparkSum = 0;
        for (JsonNode v : page.path("items").get(0).path("sparkline")) {
            sparkSum += v.asLong();
        }
        assertEquals(expected, sparkSum);
        long firstBucket = 0;
        for (int w = 0; w < Fixtures.WINDOWS; w++) {
            Instant ws = Fixtures.START.plus(Fixtures.WINDOW.multipliedBy(w));
            if (!ws.isBefore(from) && ws.isBefore(Instant.parse("2026-03-14T11:00:00Z"))) {
                firstBucket += 50 + (w % 11);
            }
        }
        assertEquals(firstBucket, page.path("items").get(0).path("sparkline").get(0).asLong());
    }

    @Test
    void aNewSignatureIsMarkedNewInItsRange() throws Exception {
        JsonNode page = getJson("/api/signatures?" + DAY2);
        assertEquals(1, page.path("newInRange").asInt());
        for (JsonNode n : page.path("items")) {
            assertEquals(n.path("id").asText().equals(Fixtures.XSS), n.path("isNew").asBoolean(), n.toString());
        }
    }

    @Test
    void signatureDetailHasLineageExamplesSeriesAndItsAnomalies() throws Exception {
        JsonNode d = getJson("/api/signatures/" + Fixtures.FAILED + "?from=" + q("2026-03-14T00:00:00Z") + "&to="
                + q("2026-03-16T00:00:00Z"));
        assertEquals(Fixtures.FAILED, d.path("signature").path("id").asText());
        assertEquals(Fixtures.FAILED_OLD, d.path("lineage").get(0).path("id").asText());
        assertEquals(Fixtures.FAILED, d.path("lineage").get(0).path("supersededBy").asText());
        assertEquals((long) fixtures.countsBySignature.get(Fixtures.FAILED), d.path("count").asLong());
        assertEquals(1, d.path("anomalies").size());
        assertTrue(d.path("examples").size() >= 2);
        assertEquals(404, get("/api/signatures/ffffffffffffffff").statusCode());
    }

    @Test
    void anomalyDetailHasTheSignaturesCountsAroundTheEventAndTheExpectedValues() throws Exception {
        JsonNode d = getJson("/api/anomalies/" + Fixtures.SPIKE_ID);
        JsonNode series = d.path("series");
        // 6 h before the incident start to 6 h after its last window, every window present (zeros included)
        assertTrue(series.size() >= 12 * 12, "series of " + series.size());
        boolean sawSpike = false;
        for (JsonNode p : series) {
            if (p.path("t").asText().equals(Fixtures.SPIKE_START.toString())) {
                sawSpike = p.path("value").asLong() >= 200;
            }
        }
        assertTrue(sawSpike);
        assertEquals(3, d.path("windows").size());
        assertEquals(13.0, d.path("windows").get(0).path("expected").asDouble());
        assertEquals(Fixtures.FAILED, d.path("signatureInfo").path("id").asText());
    }

    @Test
    void compareFindsTheNewSignatureAndTheChangedOneWithTheGTest() throws Exception {
        // target: the spike's hour; baseline: the same hour the day before
        Instant t0 = Fixtures.SPIKE_START;
        JsonNode c = getJson("/api/compare?baseline_from=" + q(t0.minus(Duration.ofDays(1)).toString()) + "&baseline_to="
                + q(t0.minus(Duration.ofDays(1)).plus(Duration.ofHours(1)).toString()) + "&target_from=" + q(t0.toString())
                + "&target_to=" + q(t0.plus(Duration.ofHours(1)).toString()) + "&source=sshd");
        assertEquals(1, c.path("newCount").asInt());
        JsonNode first = null;
        double previousScore = Double.MAX_VALUE;
        for (JsonNode r : c.path("rows")) {
            assertTrue(r.path("score").asDouble() <= previousScore, "ranked by score");
            previousScore = r.path("score").asDouble();
            if (r.path("id").asText().equals(Fixtures.FAILED)) {
                first = r;
            }
        }
        assertEquals("CHANGED", first.path("kind").asText());
        assertTrue(first.path("targetCount").asLong() > 5 * first.path("baselineCount").asLong(), first.toString());
        long b = first.path("baselineCount").asLong();
        long t = first.path("targetCount").asLong();
        double g = io.sigdrift.signatures.reduce.GTest.g(b, c.path("baselineEvents").asLong(), t,
                c.path("targetEvents").asLong());
        assertEquals(g, first.path("score").asDouble(), 1e-9);
        JsonNode newRow = null;
        for (JsonNode r : c.path("rows")) {
            if (r.path("kind").asText().equals("NEW")) {
                newRow = r;
            }
        }
        assertEquals(Fixtures.XSS, newRow.path("id").asText());
        assertTrue(newRow.path("ratio").isNull());
    }

    @Test
    void everyResponseCarriesTheContentSecurityPolicy() throws Exception {
        for (String p : List.of("/", "/api/anomalies", "/api/nothing")) {
            HttpResponse<String> r = get(p);
            assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'self'"), p);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
        }
        assertNull(get("/api/anomalies").headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    }

    @Test
    void staticFilesCannotEscapeTheirFolder() throws Exception {
        for (String p : List.of("/../pom.xml", "/%2e%2e/%2e%2e/pom.xml", "/..%2f..%2fsimplelogger.properties",
                "/../simplelogger.properties", "/%2e%2e%2fsimplelogger.properties")) {
            HttpResponse<String> r = get(p);
            assertTrue(r.statusCode() >= 400, p + " answered " + r.statusCode());
            assertFalse(r.body().contains("simpleLogger"), p);
        }
    }

    // ---------------------------------------------------------------- parameter values, suppressed, audit

    /** The fixture's value counts of a signature over [from, to) by window start, per "position/value", and totals per position. */
    private Map<String, Long> expectedValues(String signature, Instant from, Instant to, boolean totals) {
        Map<String, Long> m = new java.util.TreeMap<>();
        for (Fixtures.ValueRow v : totals ? fixtures.positionTotals : fixtures.valueRows) {
            if (v.signature().equals(signature) && !v.windowStart().isBefore(from) && v.windowStart().isBefore(to)) {
                m.merge(totals ? Integer.toString(v.position()) : v.position() + "/" + v.value(), v.count(), Long::sum);
            }
        }
        return m;
    }

    private static Map<String, Long> shownValues(JsonNode detail, boolean totals) {
        Map<String, Long> m = new java.util.TreeMap<>();
        for (JsonNode p : detail.path("parameters")) {
            if (totals) {
                m.put(p.path("position").asText(), p.path("total").asLong());
            } else {
                for (JsonNode v : p.path("values")) {
                    m.put(p.path("position").asText() + "/" + v.path("value").asText(), v.path("count").asLong());
                }
            }
        }
        return m;
    }

    @Test
    void aSignaturesDetailHasItsParameterValueDistributionsSummedOverTheRangeAcrossItsLineage() throws Exception {
        Instant from = Fixtures.START;
        Instant to = Fixtures.START.plus(Duration.ofDays(2));
        JsonNode d = getJson("/api/signatures/" + Fixtures.FAILED + "?from=" + q(from.toString()) + "&to=" + q(to.toString()));
        assertEquals(expectedValues(Fixtures.FAILED, from, to, false), shownValues(d, false),
                "windows of the old id count for the live one");
        assertEquals(expectedValues(Fixtures.FAILED, from, to, true), shownValues(d, true));
        JsonNode address = null;
        for (JsonNode p : d.path("parameters")) {
            if (p.path("position").asInt() == Fixtures.ADDRESS_POSITION) {
                address = p;
            }
        }
        assertEquals("IP", address.path("type").asText());
        assertEquals(Fixtures.STEADY_ADDRESS, address.path("values").get(0).path("value").asText(), "most frequent first");
        assertEquals(Fixtures.SPIKE_VALUE, address.path("values").get(1).path("value").asText());
        assertEquals(200L * Fixtures.SPIKE_WINDOWS, address.path("values").get(1).path("count").asLong());
        assertEquals(2L * Fixtures.WINDOWS, address.path("other").asLong(), "two unlisted addresses per window");
        assertEquals(address.path("other").asDouble() / address.path("total").asDouble(), address.path("otherShare").asDouble(), 1e-9);
    }

    @Test
    void distributionsOfARangeWithRaggedEdgesEqualTheSumOfItsWindows() throws Exception {
        // the spike hour with 25 minutes before and 35 after: hour rollups in the middle, window rows at the edges
        Instant from = Fixtures.SPIKE_START.minus(Duration.ofMinutes(85));
        Instant to = Fixtures.SPIKE_START.plus(Duration.ofMinutes(95));
        JsonNode d = getJson("/api/signatures/" + Fixtures.FAILED + "?from=" + q(from.toString()) + "&to=" + q(to.toString()));
        assertEquals(expectedValues(Fixtures.FAILED, from, to, false), shownValues(d, false));
        assertEquals(expectedValues(Fixtures.FAILED, from, to, true), shownValues(d, true));
        JsonNode quiet = getJson("/api/signatures/" + Fixtures.XSS + "?from=" + q("2026-03-14T00:00:00Z") + "&to="
                + q("2026-03-14T06:00:00Z"));
        assertEquals(0, quiet.path("parameters").size(), "no windows, no distribution");
    }

    @Test
    void aHostileParameterValueIsReturnedVerbatimAsAJsonString() throws Exception {
        JsonNode d = getJson("/api/signatures/" + Fixtures.XSS + "?" + DAY2);
        JsonNode p = d.path("parameters").get(0);
        assertEquals(Fixtures.XSS_POSITION, p.path("position").asInt());
        assertEquals(Fixtures.XSS_VALUE, p.path("values").get(0).path("value").asText());
        assertEquals(1.0, p.path("values").get(0).path("share").asDouble(), 1e-9);
        assertEquals(0, p.path("other").asLong());
    }

    @Test
    void suppressedEventsAreLeftOutOfTheFeedUnlessAskedForAndSayWhatSuppressedThem() throws Exception {
        assertEquals(2, getJson("/api/anomalies").path("total").asInt());
        JsonNode all = getJson("/api/anomalies?suppressed=include");
        assertEquals(3, all.path("total").asInt());
        JsonNode only = getJson("/api/anomalies?suppressed=only");
        assertEquals(1, only.path("total").asInt());
        JsonNode quiet = only.path("items").get(0);
        assertEquals(Fixtures.SUPPRESSED_ID, quiet.path("id").asText());
        assertTrue(quiet.path("suppressed").asBoolean());
        assertEquals(Fixtures.SUPPRESSING_LABEL, quiet.path("affectedBy").get(0).asText());
        assertFalse(getJson("/api/anomalies").path("items").get(0).path("suppressed").asBoolean());
        assertTrue(getJson("/api/anomalies/" + Fixtures.SUPPRESSED_ID).path("anomaly").path("suppressed").asBoolean(),
                "its detail is there");
        JsonNode status = getJson("/api/status").path("database");
        assertEquals(2, status.path("anomalies").asInt());
        assertEquals(1, status.path("suppressedAnomalies").asInt());
        assertEquals(1, getJson("/api/signatures/" + Fixtures.FAILED + "?" + DAY2).path("anomalies").size(),
                "a signature lists the incidents the job alerted on");
        HttpResponse<String> bad = get("/api/anomalies?suppressed=maybe");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("suppressed must be"), bad.body());
    }

    private String label(String kind) throws Exception {
        HttpResponse<String> r = post("{\"anomaly_id\":\"" + Fixtures.SPIKE_ID + "\",\"kind\":\"" + kind + "\"}",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN));
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("label_id").asText();
    }

    private JsonNode labelOf(String labelId) throws Exception {
        for (JsonNode l : getJson("/api/anomalies/" + Fixtures.SPIKE_ID).path("labels")) {
            if (l.path("labelId").asText().equals(labelId)) {
                return l;
            }
        }
        throw new AssertionError("no label " + labelId);
    }

    @Test
    void eachLabelShowsWhetherTheJobAcceptedItOrWhyItRejectedIt() throws Exception {
        String accepted = label("TRUE_POSITIVE");
        assertTrue(labelOf(accepted).path("jobStatus").isNull(), "not reported by the job yet");
        Path later = dir.resolve("out/audit/part-later-0.jsonl");
        Fixtures.write(later, List.of(audit("label", accepted, "ACCEPTED", null, NOW.plusSeconds(1))));
        new Ingester(db, IngestSettings.of(dir.resolve("out"), feedback), null).runOnce();
        JsonNode l = labelOf(accepted);
        assertEquals("ACCEPTED", l.path("jobStatus").asText());
        assertEquals(NOW.plusSeconds(1).toString(), l.path("jobTime").asText());

        String rejected = label("FALSE_POSITIVE");
        Fixtures.write(later, List.of(audit("label", rejected, "REJECTED", "the label book is full", NOW.plusSeconds(2)),
                // a second revoke of the accepted label is rejected: the label stays as it was
                audit("revoke", accepted, "REJECTED", "unknown label id " + accepted, NOW.plusSeconds(3))));
        new Ingester(db, IngestSettings.of(dir.resolve("out"), feedback), null).runOnce();
        assertEquals("REJECTED", labelOf(rejected).path("jobStatus").asText());
        assertEquals("the label book is full", labelOf(rejected).path("jobReason").asText());
        assertEquals("ACCEPTED", labelOf(accepted).path("jobStatus").asText());
        assertEquals(2, labelOf(accepted).path("audit").size(), "the history lists the rejected revoke");

        Fixtures.write(later, List.of(audit("revoke", accepted, "REVOKED", null, NOW.plusSeconds(4))));
        new Ingester(db, IngestSettings.of(dir.resolve("out"), feedback), null).runOnce();
        assertEquals("REVOKED", labelOf(accepted).path("jobStatus").asText());
    }

    static String audit(String record, String id, String status, String reason, Instant time) {
        com.fasterxml.jackson.databind.node.ObjectNode n = JSON.createObjectNode().put("v", 1).put("type", "audit")
                .put("time", time.toString()).put("record", record).put("id", id).put("status", status);
        n.put("reason", reason);
        return n.toString();
    }
}
