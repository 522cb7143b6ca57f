package io.sigdrift.pipeline.anomaly;

import io.sigdrift.pipeline.demo.AnomalyReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.pipeline.demo.Incident;
import io.sigdrift.pipeline.demo.IncidentKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The anomalies JSON schema and the demo's folding of incident changes into rows. */
class AnomalyJsonAndReportTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long MINUTE = 60_000L;
    static final long T = Instant.parse("2026-01-01T02:00:00Z").toEpochMilli();

    static AnomalyRecord record(String id, String change, String kind, String source, String signature, long start) {
        AnomalyRecord a = new AnomalyRecord();
        a.id = id;
        a.change = change;
        a.kind = kind;
        a.direction = kind.equals("DROP") ? -1 : 1;
        a.source = source;
        a.signature = signature;
        a.template = signature == null ? null : "tpl " + signature;
        a.windowStart = start;
        a.windowEnd = start + MINUTE;
        a.incidentStart = start;
        a.observed = 40;
        a.expected = Double.NaN;
        a.score = 90;
        a.probability = 1e-11;
        a.explanation = "Occurred 40 times where about 2 were expected.";
        a.examples = new String[] {"line one", "line two"};
        a.ancestors = new String[] {"0011"};
        a.windowExamples = new String[] {"line in window"};
        a.attribution = new AttributionRecord[] {AttributionRecord.of(new io.sigdrift.baselines.Attribution(
                3, "IP", "203.0.113.77", 38, 0.95, 0.004, 1e-12))};
        a.affectedBy = new String[] {"lbl-1"};
        return a;
    }

    @Test
    void everyDocumentedFieldIsWrittenAndNonFiniteNumbersBecomeNull() throws Exception {
        JsonNode n = JSON.readTree(AnomalyJson.encode(record("00000000000000ab", "CREATED", "SPIKE", "sshd", "sig1", T)));
        for (String f : List.of("v", "type", "id", "change", "kind", "direction", "source", "split", "signature", "template",
                "window_start", "window_end", "incident_start", "observed", "expected", "score", "probability",
                "explanation", "examples", "ancestors", "window_examples", "attribution", "affected_by")) {
            assertTrue(n.has(f), "missing " + f + " in " + n);
        }
        assertEquals(1, n.get("v").asInt());
        assertEquals("anomaly", n.get("type").asText());
        assertEquals("2026-01-01T02:00:00Z", n.get("window_start").asText());
        assertTrue(n.get("expected").isNull());
        assertEquals(2, n.get("examples").size());
        assertEquals("0011", n.get("ancestors").get(0).asText());
        assertEquals("203.0.113.77", n.get("attribution").get(0).get("value").asText());
        assertEquals(3, n.get("attribution").get(0).get("position").asInt());
        assertEquals(38, n.get("attribution").get(0).get("window_count").asLong());
        assertEquals(1e-12, n.get("attribution").get(0).get("p").asDouble());
        assertEquals("lbl-1", n.get("affected_by").get(0).asText());
        assertEquals("line in window", n.get("window_examples").get(0).asText());
    }

    @Test
    void changesOfOneIncidentFoldIntoOneRowAndMatchTheirLabel() throws Exception {
        List<JsonNode> records = new ArrayList<>();
        records.add(JSON.readTree(AnomalyJson.encode(record("a", "CLOSED", "SPIKE", "sshd", "sig1", T + 20 * MINUTE))));
        records.add(JSON.readTree(AnomalyJson.encode(record("a", "CREATED", "SPIKE", "sshd", "sig1", T))));
        records.add(JSON.readTree(AnomalyJson.encode(record("a", "UPDATED", "SPIKE", "sshd", "sig1", T + 3 * MINUTE))));
        records.add(JSON.readTree(AnomalyJson.encode(record("b", "CREATED", "DROP", "web", "sig2", T + 200 * MINUTE))));
        Incident burst = new Incident(0, IncidentKind.SPIKE, "sshd", "sshd/guessing", Instant.ofEpochMilli(T),
                Instant.ofEpochMilli(T + 10 * MINUTE), 10, "spike in sshd: burst");
        Incident stop = new Incident(1, IncidentKind.STOPPED_HEARTBEAT, "app", "app/heartbeat", Instant.ofEpochMilli(T),
                Instant.ofEpochMilli(T + 300 * MINUTE), 2 / 3.0, "stopped-heartbeat in app: stop");
        AnomalyReport.Summary s = AnomalyReport.summarise(records, List.of(burst, stop), MINUTE);
        assertEquals(2, s.rows().size());
        AnomalyReport.Row a = s.rows().get(0);
        assertEquals(T, a.firstStart());
        assertEquals(T + 4 * MINUTE, a.lastEnd());
        assertEquals(T + 20 * MINUTE, a.closedAt());
        assertEquals(List.of(burst), s.detected());
        assertEquals(a, s.firstDetection().get(burst));
        assertEquals(List.of(stop), s.missed(), "a DROP in another source is not the app's stopped heartbeat");
        assertEquals(1, s.unlabelled());
    }
}
