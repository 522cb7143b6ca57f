package io.sigdrift.pipeline.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.feedback.Label;
import io.sigdrift.baselines.feedback.LabelKind;
import io.sigdrift.baselines.feedback.LabelScope;
import io.sigdrift.baselines.feedback.SuppressionRule;
import io.sigdrift.baselines.feedback.ValueRef;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The feedback line and rules formats of docs/feedback.md: round trips and the messages of bad records. */
class FeedbackJsonTest {
    /** The contract's example label, verbatim. */
    static final String CONTRACT_LABEL = "{\"v\":1,\"type\":\"label\",\"label_id\":\"lbl-1a2b\",\"anomaly_id\":\"9f2c4e1a0b7d3c55\","
            + "\"kind\":\"FALSE_POSITIVE\",\"scope\":\"VALUES\",\"source\":\"sshd\",\"signature\":\"5b1e0c2d9a7f4e31\","
            + "\"anomaly_kind\":\"SPIKE\",\"direction\":1,\"values\":[{\"position\":8,\"type\":\"IP\",\"value\":\"203.0.113.77\"}],"
            + "\"observed\":412.0,\"expected\":20.5,\"score\":87.0,\"window_start\":\"2026-03-14T10:05:00Z\","
            + "\"time\":\"2026-03-14T11:20:31Z\",\"expires\":null,\"author\":\"ana\",\"note\":\"weekly scanner\"}";

    private static String reason(String line) {
        return assertThrows(IllegalArgumentException.class, () -> FeedbackJson.parseLine(line)).getMessage();
    }

    @Test
    void theContractsLabelParsesAndRoundTrips() {
        Label l = FeedbackJson.parseLine(CONTRACT_LABEL).label();
        assertEquals("lbl-1a2b", l.labelId());
        assertEquals(LabelKind.FALSE_POSITIVE, l.kind());
        assertEquals(LabelScope.VALUES, l.scope());
        assertEquals(List.of(new ValueRef(8, "IP", "203.0.113.77")), l.values());
        assertEquals(Instant.parse("2026-03-14T10:05:00Z").toEpochMilli(), l.windowStart());
        assertEquals(Label.NEVER, l.expires());
        assertEquals(l, FeedbackJson.parseLine(FeedbackJson.encode(l)).label());
    }

    @Test
    void aRevokeNamesItsLabel() {
        FeedbackJson.Line r = FeedbackJson.parseLine(FeedbackJson.encodeRevoke("lbl-1a2b", 0, "ana"));
        assertNull(r.label());
        assertEquals("lbl-1a2b", r.id());
        assertEquals("revoke", r.type());
    }

    @Test
    void badRecordsAreRejectedWithTheFieldNamed() {
        assertTrue(reason("{\"v\":1,").startsWith("not JSON"));
        assertEquals("not a JSON object", reason("[1,2]"));
        assertTrue(reason(CONTRACT_LABEL.replace("\"v\":1", "\"v\":2")).startsWith("\"v\" must be 1"));
        assertTrue(reason(CONTRACT_LABEL.replace("\"type\":\"label\"", "\"type\":\"vote\"")).startsWith("type must be"));
        assertTrue(reason(CONTRACT_LABEL.replace("FALSE_POSITIVE", "MAYBE")).contains("kind must be one of"));
        assertTrue(reason(CONTRACT_LABEL.replace("\"scope\":\"VALUES\"", "\"scope\":\"ALL\"")).contains("scope must be one of"));
        assertTrue(reason(CONTRACT_LABEL.replace("\"window_start\":\"2026-03-14T10:05:00Z\",", "")).contains("window_start is required"));
        assertTrue(reason(CONTRACT_LABEL.replace("\"source\":\"sshd\"", "\"source\":\"\"")).contains("source is required"));
        assertTrue(reason(CONTRACT_LABEL.replace("\"expires\":null", "\"expires\":\"2026-03-14T10:00:00Z\""))
                .contains("expires must be after"));
        assertTrue(reason(CONTRACT_LABEL.replace("\"values\":[{\"position\":8,\"type\":\"IP\",\"value\":\"203.0.113.77\"}]",
                "\"values\":[]")).contains("scope VALUES needs at least one value"));
        assertTrue(reason(CONTRACT_LABEL.replace("87.0", "\"high\"")).contains("score must be a number"));
        assertTrue(reason(CONTRACT_LABEL.replace("\"time\":\"2026-03-14T11:20:31Z\"", "\"time\":\"yesterday\""))
                .contains("time must be an ISO instant"));
        assertTrue(reason("{\"v\":1,\"type\":\"revoke\"}").contains("label_id is required"));
        assertTrue(reason("x".repeat(FeedbackJson.MAX_RECORD_CHARS + 1)).startsWith("record longer than"));
    }

    @Test
    void aRulesFileParsesEveryMatcher() {
        List<SuppressionRule> rules = FeedbackJson.parseRules("{\"v\":1,\"rules\":[{\"id\":\"nightly-backup\",\"action\":\"SUPPRESS\","
                + "\"source\":\"backup-*\",\"signature\":\"abc\",\"kind\":\"SPIKE\",\"template\":\"rsync .*\","
                + "\"values\":[{\"position\":3,\"value\":\"/srv\"},{\"value\":\"/home\"}],\"hours\":\"22:30-04:00\","
                + "\"days\":[\"SAT\",\"sunday\"],\"dates\":[{\"from\":\"2026-12-24\",\"to\":\"2026-12-27\"}],\"zone\":\"Europe/Paris\","
                + "\"note\":\"n\",\"expires\":\"2027-01-01T00:00:00Z\"}]}");
        SuppressionRule r = rules.get(0);
        assertEquals(SuppressionRule.Action.SUPPRESS, r.action());
        assertEquals(AnomalyKind.SPIKE, r.kind());
        assertEquals(22 * 60 + 30, r.fromMinute());
        assertEquals(4 * 60, r.toMinute());
        assertEquals(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), r.days());
        assertEquals(ValueRef.ANY_POSITION, r.values().get(1).position());
        assertEquals(Instant.parse("2027-01-01T00:00:00Z").toEpochMilli(), r.expires());
    }

    @Test
    void aCorruptRulesFileIsRejectedAsAWholeWithTheRuleNamed() {
        String[][] cases = {
                {"{\"v\":1,\"rules\":[", "not JSON"},
                {"{\"v\":1}", "\"rules\" must be an array"},
                {"{\"v\":1,\"rules\":[{\"id\":\"a\",\"action\":\"SUPPRESS\"}]}", "rule 1 (a): rule a has no matcher"},
                {"{\"v\":1,\"rules\":[{\"id\":\"a\",\"action\":\"SUPPRESS\",\"source\":\"x\"},{\"id\":\"a\",\"action\":\"SUPPRESS\",\"source\":\"y\"}]}",
                        "rule 2 (a): duplicate rule id a"},
                {"{\"v\":1,\"rules\":[{\"id\":\"b\",\"action\":\"HIDE\",\"source\":\"x\"}]}", "rule 1 (b): action must be one of"},
                {"{\"v\":1,\"rules\":[{\"id\":\"c\",\"action\":\"SUPPRESS\",\"template\":\"(\"}]}", "rule 1 (c): template is not a valid regex"},
                {"{\"v\":1,\"rules\":[{\"id\":\"d\",\"action\":\"SUPPRESS\",\"hours\":\"25:00-26:00\"}]}", "rule 1 (d): hours must be HH:MM-HH:MM"},
                {"{\"v\":1,\"rules\":[{\"id\":\"e\",\"action\":\"SUPPRESS\",\"days\":[\"FUNDAY\"]}]}", "rule 1 (e): days: 'FUNDAY' is not a day"},
                {"{\"v\":1,\"rules\":[{\"id\":\"f\",\"action\":\"SUPPRESS\",\"dates\":[{\"from\":\"2026-12-27\",\"to\":\"2026-12-24\"}]}]}",
                        "rule 1 (f): a date range needs from <= to"},
                {"{\"v\":1,\"rules\":[{\"id\":\"g\",\"action\":\"SUPPRESS\",\"source\":\"x\",\"zone\":\"Mars/Olympus\"}]}",
                        "rule 1 (g): zone 'Mars/Olympus' is not a time zone id"},
        };
        for (String[] c : cases) {
            String message = assertThrows(IllegalArgumentException.class, () -> FeedbackJson.parseRules(c[0]), c[0]).getMessage();
            assertTrue(message.startsWith(c[1]), c[0] + " → " + message);
        }
    }
}
