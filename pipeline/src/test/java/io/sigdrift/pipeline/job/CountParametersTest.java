package io.sigdrift.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.baselines.attribution.SpaceSaving;
import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.JsonLines;
import io.sigdrift.pipeline.record.ParameterRecord;
import io.sigdrift.pipeline.record.LineBatch;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.StageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The counts stream's per-signature records carry the window's parameter value distributions (the optional
 * {@code "parameters"} field), read from the sketches the count stage keeps for attribution.
 */
class CountParametersTest {
    static final long MINUTE = 60_000L;
    static final long T0 = Instant.parse("2026-03-14T00:00:00Z").toEpochMilli();
    static final String SCANNER = "203.0.113.77";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSignaturesCountRecordListsItsTopValuesPerPositionAndTheStageRecordDoesNot() throws Exception {
        List<CountRecord> main = new ArrayList<>();
        List<StageRecord> stage = new ArrayList<>();
        var op = new SignatureCountOperator(EngineSettings.defaults(), MINUTE, 16).withStageOutput();
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(op, new SigdriftJob.BatchKey(), Types.STRING)) {
            h.open();
            for (int i = 0; i < 40; i++) {
                String address = i < 30 ? SCANNER : "10.0.0." + i;
                long ts = T0 + i * 1_000L;
                h.processElement(LineBatch.of(new ParsedLine("sshd", 0, "sshd[" + (100 + i) + "]: Failed password for root from " + address
                        + " port 22 ssh2", ts, ParsedLine.TimeOrigin.PARSED)), ts);
            }
            h.processWatermark(Long.MAX_VALUE);
            for (Object o : h.getOutput()) {
                if (o instanceof StreamRecord<?> s && s.getValue() instanceof CountRecord c) {
                    main.add(c);
                }
            }
            h.getSideOutput(SignatureCountOperator.STAGE).forEach(s -> stage.add(s.getValue()));
        }
        CountRecord failed = main.stream().filter(c -> !c.isTotal()).findFirst().orElseThrow();
        assertEquals(40, failed.count);
        assertNotNull(failed.parameters);
        ParameterRecord address = Arrays.stream(failed.parameters).filter(p -> Arrays.asList(p.values).contains(SCANNER))
                .findFirst().orElseThrow(() -> new AssertionError(JsonLines.count(failed)));
        assertEquals(SCANNER, address.values[0]);
        assertEquals(30, address.counts[0]);
        assertEquals(40, address.total);
        assertTrue(address.values.length <= 5);
        assertTrue(failed.parameters.length <= 6);
        assertNull(failed.examples, "window lines go to the anomaly stage only");
        CountRecord toStage = stage.stream().filter(r -> r.count != null && !r.count.isTotal()).findFirst().orElseThrow().count;
        assertNull(toStage.parameters, "distributions go to the counts stream only");
        assertTrue(toStage.values.length > 0 && toStage.examples.length > 0, "attribution still gets its values and lines");
        assertNull(main.stream().filter(CountRecord::isTotal).findFirst().orElseThrow().parameters);
    }

    @Test
    void theParametersFieldRoundTripsThroughTheCountsJson() throws Exception {
        CountRecord c = CountRecord.forSignature("sshd", 0, T0, T0 + MINUTE, "b2b2b2b2b2b2b2b2", 40);
        ParameterRecord p = new ParameterRecord();
        p.position = 8;
        p.type = "IP";
        p.total = 40;
        p.values = new String[] {SCANNER, "<script>alert(1)</script>"};
        p.counts = new long[] {30, 2};
        c.parameters = new ParameterRecord[] {p};
        JsonNode n = JSON.readTree(JsonLines.count(c));
        assertEquals("count", n.get("type").asText());
        assertEquals(40, n.get("count").asLong());
        JsonNode back = n.get("parameters").get(0);
        assertEquals(8, back.get("position").asInt());
        assertEquals("IP", back.get("type").asText());
        assertEquals(40, back.get("total").asLong());
        assertEquals(SCANNER, back.get("top").get(0).get("value").asText());
        assertEquals(30, back.get("top").get(0).get("count").asLong());
        assertEquals("<script>alert(1)</script>", back.get("top").get(1).get("value").asText());
        assertEquals(2, back.get("top").get(1).get("count").asLong());

        CountRecord plain = CountRecord.forSignature("sshd", 0, T0, T0 + MINUTE, "b2b2b2b2b2b2b2b2", 40);
        assertFalse(JSON.readTree(JsonLines.count(plain)).has("parameters"), "absent when the job has no sketches");
        assertFalse(JSON.readTree(JsonLines.count(CountRecord.total("sshd", 0, T0, T0 + MINUTE, 40, 1))).has("parameters"));
        assertTrue(SpaceSaving.MAX_VALUE_CHARS <= 64, "values are as short as attribution's");
    }
}
