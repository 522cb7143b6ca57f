package io.sigdrift.pipeline.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.connect.tail.TailSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bounded run reads its feedback before it starts; an unbounded one streams it. */
class FeedbackSourcesTest {
    @TempDir
    Path tmp;

    @Test
    void aBoundedRunPreloadsTheDirectoryInFileOrderAndTheRulesWithRejectsKept() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("feedback"));
        Files.writeString(dir.resolve("b.jsonl"), FeedbackJson.encodeRevoke("lbl-1a2b", 0, "ana") + "\n");
        Files.writeString(dir.resolve("a.jsonl"), FeedbackJsonTest.CONTRACT_LABEL + "\n\n{oops\n");
        Files.writeString(dir.resolve(".in-progress.jsonl"), FeedbackJsonTest.CONTRACT_LABEL.replace("lbl-1a2b", "lbl-hidden") + "\n");
        Path rules = Files.writeString(tmp.resolve("rules.json"), "{\"v\":1,\"rules\":[{\"id\":\"r\",\"action\":\"DOWNRANK\",\"kind\":\"DROP\"}]}");
        FeedbackSources.Feedback f = FeedbackSources.build(StreamExecutionEnvironment.getExecutionEnvironment(),
                FeedbackSpec.directory(dir, rules), true, TailSettings.DEFAULTS);
        assertNull(f.records(), "nothing left to stream");
        List<String> types = f.preloaded().stream().map(r -> r.type + ":" + r.id).toList();
        assertEquals(List.of("label:lbl-1a2b", "rejected:null", "revoke:lbl-1a2b", "rules:rules"), types);
        assertTrue(f.preloaded().get(1).text.startsWith("not JSON"), f.preloaded().get(1).text);
    }

    @Test
    void anUnboundedRunStreamsItsFeedback() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("feedback"));
        Files.writeString(dir.resolve("a.jsonl"), FeedbackJsonTest.CONTRACT_LABEL + "\n");
        FeedbackSources.Feedback f = FeedbackSources.build(StreamExecutionEnvironment.getExecutionEnvironment(),
                FeedbackSpec.directory(dir, null), false, TailSettings.DEFAULTS);
        assertNotNull(f.records());
        assertNotNull(f.rejected());
        assertTrue(f.preloaded().isEmpty());
    }
}
