package io.sigdrift.pipeline.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.pipeline.record.RawLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw feedback lines and rules polls → validated records, or REJECTED audit lines with the reason. */
class FeedbackParseFunctionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static List<JsonNode> rejected(OneInputStreamOperatorTestHarness<RawLine, FeedbackRecord> h) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        var q = h.getSideOutput(FeedbackParseFunction.REJECTED);
        if (q != null) {
            for (var r : q) {
                out.add(JSON.readTree(r.getValue()));
            }
        }
        return out;
    }

    @Test
    void validLinesPassBadOnesAreAuditedAndBlankLinesSkipped() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(new FeedbackParseFunction())) {
            h.processElement(new StreamRecord<>(new RawLine("file:/f/labels.jsonl", FeedbackJsonTest.CONTRACT_LABEL), 0));
            h.processElement(new StreamRecord<>(new RawLine("file:/f/labels.jsonl", "   "), 0));
            h.processElement(new StreamRecord<>(new RawLine("file:/f/labels.jsonl",
                    FeedbackJsonTest.CONTRACT_LABEL.replace("FALSE_POSITIVE", "MAYBE")), 0));
            h.processElement(new StreamRecord<>(RawLine.failed("file:/f/big.jsonl", "oversize", "{"), 0));
            List<FeedbackRecord> ok = h.extractOutputValues();
            assertEquals(1, ok.size());
            assertEquals("lbl-1a2b", ok.get(0).id);
            assertEquals(FeedbackRecord.LABEL, ok.get(0).type);
            List<JsonNode> bad = rejected(h);
            assertEquals(2, bad.size());
            assertEquals("lbl-1a2b", bad.get(0).get("id").asText(), "the id the bad line claims");
            assertEquals("REJECTED", bad.get(0).get("status").asText());
            assertTrue(bad.get(0).get("reason").asText().contains("kind must be one of"), bad.get(0).toString());
            assertTrue(bad.get(1).get("reason").asText().contains("oversize"), bad.get(1).toString());
        }
    }

    @Test
    void theRulesFileIsSentWhenItChangesAndACorruptOneIsRejected() throws Exception {
        Path file = tmp.resolve("rules.json");
        RulesFilePoller poller = new RulesFilePoller(file);
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(new FeedbackParseFunction())) {
            h.processElement(new StreamRecord<>(poller.map(0L), 0));   // missing
            Files.writeString(file, "{\"v\":1,\"rules\":[{\"id\":\"a\",\"action\":\"SUPPRESS\",\"source\":\"x*\"}]}");
            h.processElement(new StreamRecord<>(poller.map(1L), 0));
            h.processElement(new StreamRecord<>(poller.map(2L), 0));   // unchanged: nothing
            Files.writeString(file, "{\"v\":1,\"rules\":[{\"id\":\"a\"");
            h.processElement(new StreamRecord<>(poller.map(3L), 0));
            List<FeedbackRecord> ok = h.extractOutputValues();
            assertEquals(1, ok.size(), "the good file once");
            assertEquals(FeedbackRecord.RULES, ok.get(0).type);
            List<JsonNode> bad = rejected(h);
            assertEquals(2, bad.size());
            assertTrue(bad.get(0).get("reason").asText().contains("the rules file does not exist"), bad.get(0).toString());
            assertTrue(bad.get(1).get("reason").asText().contains("not JSON")
                    && bad.get(1).get("reason").asText().endsWith("the last good rules stay in force"), bad.get(1).toString());
        }
    }
}
