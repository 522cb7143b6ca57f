package io.sigdrift.benchmarks.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Matching alerts to truths, the simulated analyst's choices and label lines, and the later-false-positive figures. */
class FeedbackScoreTest {
    static final long WINDOW = 300_000L;
    static final long HOUR = 3_600_000L;
    static final long T0 = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    static final long DAY = 24 * HOUR;

    static Truth scan(int id, int occurrence, long start) {
        return new Truth(id, true, "SCANNER", occurrence, "sshd", List.of("sshd/guessing"), start, start + HOUR / 2, FeedbackStream.SCANNER_IP,
                "scanner");
    }

    static final Truth SCAN0 = scan(0, 0, T0 + DAY + 10 * HOUR);
    static final Truth SCAN1 = scan(1, 1, T0 + 2 * DAY + 10 * HOUR);
    static final Truth SCAN2 = scan(2, 2, T0 + 3 * DAY + 10 * HOUR);
    static final Truth SCAN3 = scan(3, 3, T0 + 4 * DAY + 10 * HOUR);
    static final Truth BRUTE = new Truth(4, false, "BRUTE_FORCE", 0, "sshd", List.of("sshd/guessing"), T0 + 3 * DAY + 15 * HOUR,
            T0 + 3 * DAY + 15 * HOUR + HOUR / 2, "203.0.113.10", "brute force");
    static final Truth DROP = new Truth(5, false, "TRAFFIC_DROP", 0, "web", List.of("web/page"), T0 + 3 * DAY + 12 * HOUR,
            T0 + 3 * DAY + 13 * HOUR, null, "drop");
    static final List<Truth> TRUTHS = List.of(SCAN0, SCAN1, SCAN2, SCAN3, BRUTE, DROP);
    static final TruthMatcher MATCHER = new TruthMatcher(TRUTHS, Map.of("sshd/guessing", Set.of("fail", "invalid"), "web/page",
            Set.of("page")), WINDOW);

    static int ids;

    static Alert alert(String kind, String source, String signature, long windowStart, Alert.Value... attribution) {
        return new Alert("a" + (ids++), "CREATED", kind, 1, source, signature, windowStart, windowStart + WINDOW, 40, 2, 90,
                List.of(attribution), List.of());
    }

    static final Alert.Value SCANNER_VALUE = new Alert.Value(8, "IP", FeedbackStream.SCANNER_IP);

    @Test
    void anAlertOnATruthsSignatureOrItsSourcesVolumeInItsTimeMatchesIt() {
        assertSame(SCAN0, MATCHER.match(alert("SPIKE", "sshd", "fail", SCAN0.start() + WINDOW)));
        assertSame(SCAN0, MATCHER.match(alert("VOLUME", "sshd", null, SCAN0.start())));
        assertSame(BRUTE, MATCHER.match(alert("SPIKE", "sshd", "invalid", BRUTE.end() + 10 * 60_000)));
        assertNull(MATCHER.match(alert("SPIKE", "sshd", "session", SCAN0.start())), "another signature of the source");
        assertNull(MATCHER.match(alert("SPIKE", "web", "fail", SCAN0.start())), "another source");
        assertNull(MATCHER.match(alert("SPIKE", "sshd", "fail", SCAN0.end() + HOUR)), "long after the end");
        assertNull(MATCHER.match(alert("SPIKE", "sshd", "fail", SCAN0.start() - 2 * WINDOW)), "before the start");
    }

    @Test
    void theAnalystLabelsTheFirstTwoOccurrencesThatAlertAndNothingElse() {
        Analyst analyst = new Analyst(MATCHER, "lbl-");
        List<Analyst.Label> day1 = analyst.review(List.of(alert("SPIKE", "sshd", "fail", SCAN0.start(), SCANNER_VALUE),
                alert("SPIKE", "sshd", "fail", SCAN0.start() + WINDOW, SCANNER_VALUE), alert("VOLUME", "sshd", null, SCAN0.start())), T0 + 2 * DAY);
        assertEquals(2, day1.size(), "one label per subject of an occurrence: the signature and the volume");
        assertEquals("FALSE_POSITIVE", day1.get(0).kind());
        assertEquals("VALUES", day1.get(0).scope());
        assertEquals(List.of(SCANNER_VALUE), day1.get(0).values());
        assertEquals("SIGNATURE", day1.get(1).scope(), "a volume alert names no value");
        List<Analyst.Label> later = analyst.review(List.of(alert("SPIKE", "sshd", "fail", SCAN1.start()),
                alert("SPIKE", "sshd", "fail", SCAN2.start(), SCANNER_VALUE), alert("SPIKE", "sshd", "fail", BRUTE.start()),
                alert("DROP", "web", "page", DROP.start())), T0 + 4 * DAY);
        assertEquals(1, later.size(), "the second occurrence only; not the third, nor incidents");
        assertSame(SCAN1, later.get(0).truth());
        assertEquals("SIGNATURE", later.get(0).scope(), "without attribution the analyst falls back to the signature");
        assertEquals(Map.of("SCANNER", SCAN1.end()), Analyst.laterFrom(analyst.labels()));
    }

    @Test
    void theAnalystConfirmsTheFirstIncidentsOnceEachAsTruePositivesWhenAskedTo() {
        Analyst analyst = new Analyst(MATCHER, "lbl-", 1, 0);
        List<Analyst.Label> given = analyst.review(List.of(alert("SPIKE", "sshd", "fail", BRUTE.start()),
                alert("SPIKE", "sshd", "invalid", BRUTE.start() + WINDOW), alert("DROP", "web", "page", DROP.start()),
                alert("SPIKE", "sshd", "fail", SCAN0.start(), SCANNER_VALUE)), T0 + 4 * DAY);
        assertEquals(2, given.size(), "one alert of the first incident, none of the second (bound 1), and the benign one: " + given);
        assertEquals("TRUE_POSITIVE", given.get(0).kind());
        assertSame(BRUTE, given.get(0).truth());
        assertEquals("SIGNATURE", given.get(0).scope(), "the alert names no cause value of the incident");
        assertEquals("FALSE_POSITIVE", given.get(1).kind());
        assertEquals(List.of(given.get(1)), Analyst.benign(analyst.labels()));
        assertEquals(Map.of("SCANNER", SCAN0.end()), Analyst.laterFrom(Analyst.benign(analyst.labels())));
    }

    @Test
    void theAnalystDismissesTheFirstNoiseAlertsOncePerSignatureWhenAskedTo() {
        Analyst analyst = new Analyst(MATCHER, "lbl-", 0, 2);
        long quiet = SCAN0.start() - 6 * HOUR;   // matches no truth
        List<Analyst.Label> given = analyst.review(List.of(alert("SPIKE", "sshd", "session", quiet),
                alert("SPIKE", "sshd", "session", quiet + WINDOW), alert("RARE", "web", "page", quiet),
                alert("SPIKE", "sshd", "accepted", quiet), alert("SPIKE", "sshd", "fail", SCAN0.start(), SCANNER_VALUE)), T0 + 2 * DAY);
        assertEquals(3, given.size(), "two noise labels (one per signature, bound 2) and the scanner: " + given);
        assertEquals(List.of("FALSE_POSITIVE", "SIGNATURE"), List.of(given.get(0).kind(), given.get(0).scope()));
        assertNull(given.get(0).truth());
        assertEquals("page", given.get(1).alert().signature());
        assertEquals(given.subList(0, 2), Analyst.noise(analyst.labels()));
        assertEquals(List.of(given.get(2)), Analyst.benign(analyst.labels()), "noise is not a benign behaviour's label");
        assertTrue(Analyst.json(given.get(0), new ObjectMapper()).contains("\"note\":\"noise: nothing happened\""));
        assertEquals(0, new Analyst(MATCHER, "x-").review(List.of(alert("SPIKE", "sshd", "session", quiet)), T0 + 2 * DAY).size(),
                "evaluation 1's analyst leaves noise alone");
    }

    @Test
    void backgroundAlertsAreCountedAfterTheLabellingEnded() {
        List<Alert> bg = List.of(alert("SPIKE", "web", "page", T0 + DAY), alert("SPIKE", "web", "page", T0 + 3 * DAY));
        assertEquals(1, FeedbackScore.after(bg, T0 + DAY));
        assertEquals(2, FeedbackScore.after(bg, T0));
    }

    @Test
    void theAnalystStopsAtTwentyLabels() {
        List<Truth> many = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        Map<String, Set<String>> series = new java.util.HashMap<>();
        for (int k = 0; k < 15; k++) {
            long start = T0 + DAY + k * 2 * HOUR;
            many.add(new Truth(k, true, "KIND" + k, 0, "app", List.of("app/s" + k), start, start + HOUR, null, "k"));
            series.put("app/s" + k, Set.of("s" + k + "a", "s" + k + "b"));
            alerts.add(alert("SPIKE", "app", "s" + k + "a", start));
            alerts.add(alert("NEW", "app", "s" + k + "b", start));
        }
        Analyst analyst = new Analyst(new TruthMatcher(many, series, WINDOW), "x-");
        assertEquals(Analyst.MAX_LABELS, analyst.review(alerts, T0 + 3 * DAY).size());
    }

    @Test
    void aLabelLineCarriesTheContractsFieldsCopiedFromTheAlert() throws Exception {
        Analyst analyst = new Analyst(MATCHER, "lbl-7-");
        Analyst.Label l = analyst.review(List.of(alert("SPIKE", "sshd", "fail", SCAN0.start(), SCANNER_VALUE)), T0 + 2 * DAY).get(0);
        JsonNode n = new ObjectMapper().readTree(Analyst.json(l, new ObjectMapper()));
        assertEquals(1, n.get("v").asInt());
        assertEquals("label", n.get("type").asText());
        assertEquals("lbl-7-1", n.get("label_id").asText());
        assertEquals(l.alert().id(), n.get("anomaly_id").asText());
        assertEquals("FALSE_POSITIVE", n.get("kind").asText());
        assertEquals("VALUES", n.get("scope").asText());
        assertEquals("sshd", n.get("source").asText());
        assertEquals("fail", n.get("signature").asText());
        assertEquals("SPIKE", n.get("anomaly_kind").asText());
        assertEquals(1, n.get("direction").asInt());
        assertEquals(8, n.get("values").get(0).get("position").asInt());
        assertEquals(FeedbackStream.SCANNER_IP, n.get("values").get(0).get("value").asText());
        assertEquals(40.0, n.get("observed").asDouble());
        assertEquals(90.0, n.get("score").asDouble());
        assertEquals(Instant.ofEpochMilli(SCAN0.start()).toString(), n.get("window_start").asText());
        assertEquals(Instant.ofEpochMilli(T0 + 2 * DAY).toString(), n.get("time").asText());
        assertTrue(n.get("expires").isNull());
        assertEquals(Analyst.AUTHOR, n.get("author").asText());
    }

    @Test
    void laterFalsePositivesAreTheAlertingOccurrencesAfterTheLastLabelledOneInBothRuns() {
        Map<String, Long> laterFrom = Map.of("SCANNER", SCAN1.end());
        List<Truth> later = FeedbackScore.later(TRUTHS, laterFrom);
        assertEquals(List.of(SCAN2, SCAN3), later);
        long warm = T0 + DAY;
        FeedbackScore base = FeedbackScore.of(List.of(alert("SPIKE", "sshd", "fail", SCAN2.start()), alert("VOLUME", "sshd", null, SCAN2.start()),
                alert("SPIKE", "sshd", "fail", SCAN3.start()), alert("SPIKE", "sshd", "fail", BRUTE.start()),
                alert("SPIKE", "app", "x", T0 + 5 * DAY)), TRUTHS, MATCHER, warm);
        FeedbackScore labelled = FeedbackScore.of(List.of(alert("VOLUME", "sshd", null, SCAN2.start()), alert("SPIKE", "sshd", "fail",
                BRUTE.start())), TRUTHS, MATCHER, warm);
        assertEquals(2, base.alerted(later));
        assertEquals(3, base.alerts(later));
        assertEquals(1, labelled.alerted(later));
        assertEquals(1, base.background().size());
        List<Truth> incidents = FeedbackScore.incidents(TRUTHS);
        assertEquals(1, base.alerted(incidents));
        assertEquals(1, labelled.alerted(incidents));
    }

    @Test
    void anIncidentSharesALabelledSignatureWhenItsSeriesWasCountedInIt() {
        Analyst analyst = new Analyst(MATCHER, "l-");
        analyst.review(List.of(alert("SPIKE", "sshd", "fail", SCAN0.start())), T0 + 2 * DAY);
        assertEquals(List.of(BRUTE), FeedbackScore.sharingLabelledSignatures(TRUTHS, analyst.labels(), MATCHER));
        Analyst volumeOnly = new Analyst(MATCHER, "v-");
        volumeOnly.review(List.of(alert("VOLUME", "sshd", null, SCAN0.start())), T0 + 2 * DAY);
        assertEquals(List.of(), FeedbackScore.sharingLabelledSignatures(TRUTHS, volumeOnly.labels(), MATCHER));
    }

    @Test
    void anAlertRecordOfTheAnomaliesSchemaIsReadWithMissingNewFieldsAsEmpty() throws Exception {
        JsonNode n = new ObjectMapper().readTree("{\"v\":1,\"type\":\"anomaly\",\"id\":\"9f2c00000000abcd\",\"change\":\"CREATED\","
                + "\"kind\":\"SPIKE\",\"direction\":1,\"source\":\"sshd\",\"split\":0,\"signature\":\"fail\",\"window_start\":"
                + "\"2026-03-03T10:00:00Z\",\"window_end\":\"2026-03-03T10:05:00Z\",\"observed\":40,\"expected\":null,\"score\":88}");
        Alert a = Alert.of(n);
        assertEquals("9f2c00000000abcd", a.id());
        assertTrue(Double.isNaN(a.expected()));
        assertEquals(List.of(), a.attribution());
        assertEquals(List.of(), a.affectedBy());
        assertSame(SCAN0, MATCHER.match(a));
    }

    @Test
    void theWiderCountTakesEveryUnlabelledOccurrenceAfterTheFirstLabelledOne() {
        Analyst analyst = new Analyst(MATCHER, "w-");
        analyst.review(List.of(alert("SPIKE", "sshd", "fail", SCAN0.start())), T0 + 2 * DAY);
        analyst.review(List.of(alert("SPIKE", "sshd", "fail", SCAN2.start())), T0 + 4 * DAY);
        assertEquals(List.of(SCAN1, SCAN3), FeedbackScore.unlabelledAfterFirst(TRUTHS, analyst.labels()));
        assertEquals(List.of(SCAN3), FeedbackScore.later(TRUTHS, Analyst.laterFrom(analyst.labels())));
    }

    @Test
    void optionsTakeADateOrAMidnightInstantAsStart() {
        assertEquals(Instant.parse("2026-10-15T00:00:00Z"), FeedbackBenchmark.parse(new String[] {"--start", "2026-10-15"}).start());
        assertEquals(Instant.parse("2026-10-15T00:00:00Z"), FeedbackBenchmark.parse(new String[] {"--start", "2026-10-15T00:00:00Z"}).start());
        assertEquals(java.time.Duration.ofSeconds(5), FeedbackBenchmark.parse(new String[] {"--checkpoint-interval", "5s"}).checkpointInterval());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> FeedbackBenchmark.parse(new String[] {"--days"}));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> FeedbackBenchmark.parse(new String[] {"--nope"}));
    }
}
