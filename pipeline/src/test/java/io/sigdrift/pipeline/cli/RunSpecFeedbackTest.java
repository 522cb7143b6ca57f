package io.sigdrift.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.feedback.FeedbackBook;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --feedback DIR|kafka://… --rules FILE --max-labels N}. */
class RunSpecFeedbackTest {
    @TempDir
    Path tmp;

    private RunSpec parse(String... extra) {
        String[] base = {"--input", tmp.toString(), "--output", "stdout", "--no-checkpoints"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return RunSpec.parse(all);
    }

    @Test
    void withoutFeedbackFlagsThereIsNoFeedback() {
        assertNull(parse().feedback());
    }

    @Test
    void aFeedbackDirectoryIsCreatedAndTheRulesFileMustExist() throws Exception {
        Path dir = tmp.resolve("feedback");
        Path rules = Files.writeString(tmp.resolve("rules.json"), "{\"v\":1,\"rules\":[]}");
        RunSpec s = parse("--feedback", dir.toString(), "--rules", rules.toString(), "--follow");
        assertEquals(dir, s.feedback().labelsDir());
        assertEquals(rules, s.feedback().rules());
        assertEquals(FeedbackBook.DEFAULT_MAX_LABELS, s.feedback().maxLabels());
        assertTrue(Files.isDirectory(dir));
        assertFalse(s.boundedInput(), "--follow: feedback is followed too");
        assertTrue(parse("--feedback", dir.toString()).boundedInput());

        var e = assertThrows(IllegalArgumentException.class, () -> parse("--rules", tmp.resolve("missing.json").toString()));
        assertTrue(e.getMessage().contains("is not a file"), e.getMessage());
    }

    @Test
    void aKafkaFeedbackTopicAndTheLabelBound() {
        RunSpec s = parse("--feedback", "kafka://h:9092/labels", "--max-labels", "500");
        assertEquals("h:9092", s.feedback().kafkaBootstrap());
        assertEquals("labels", s.feedback().kafkaTopic());
        assertEquals(500, s.feedback().maxLabels());
    }

    @Test
    void feedbackWithoutAnomaliesOrABoundWithoutFeedbackIsBadUsage() {
        var e = assertThrows(IllegalArgumentException.class, () -> parse("--feedback", tmp.resolve("f").toString(), "--no-anomalies"));
        assertTrue(e.getMessage().contains("cannot be used with --no-anomalies"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--max-labels", "5"));
        assertTrue(e.getMessage().contains("--max-labels needs --feedback"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--feedback", "stdout"));
        assertTrue(e.getMessage().contains("--feedback must be a directory"), e.getMessage());
    }

    @Test
    void learnedSuppressionIsOffByDefaultAndNeedsFeedbackAndAThresholdAboveOneHalf() {
        String dir = tmp.resolve("fb").toString();
        assertNull(parse("--feedback", dir).feedback().learned());
        var on = parse("--feedback", dir, "--learned-suppression").feedback().learned();
        assertEquals(io.sigdrift.pipeline.feedback.LearnedSuppressionConfig.DEFAULT_THRESHOLD, on.threshold());
        assertEquals(0.97, parse("--feedback", dir, "--learned-suppression", "--learned-threshold", "0.97").feedback().learned().threshold());
        var e = assertThrows(IllegalArgumentException.class, () -> parse("--learned-suppression"));
        assertTrue(e.getMessage().contains("--learned-suppression needs --feedback"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--feedback", dir, "--learned-threshold", "0.97"));
        assertTrue(e.getMessage().contains("--learned-threshold needs --learned-suppression"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("--feedback", dir, "--learned-suppression", "--learned-threshold", "0.4"));
        assertThrows(IllegalArgumentException.class, () -> parse("--feedback", dir, "--learned-suppression", "--learned-threshold", "1.5"));
    }
}
