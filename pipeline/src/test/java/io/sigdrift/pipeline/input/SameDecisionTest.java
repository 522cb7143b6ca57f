package io.sigdrift.pipeline.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigdrift.pipeline.parse.LineParser;
import io.sigdrift.pipeline.parse.ParseConfig;
import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.RawLine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same lines through {@code reduce}'s reader ({@link EventReader}) and {@code run}'s parser
 * ({@link LineParser}), both with their defaults: every line gets the same decision — the same event text, or a
 * skip in one that is a dead letter (blank: an empty-line count) in the other. Lines are tricky on purpose.
 */
class SameDecisionTest {
    private static final long NOW = Instant.parse("2026-03-14T12:00:00Z").toEpochMilli();

    /** One outcome per line: "event:TEXT", "skip:REASON" (reduce) / the dead letter's reason mapped back (run). */
    private static List<String> reduce(String name, List<String> lines) throws Exception {
        List<String> out = new ArrayList<>();
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        new EventReader(InputConfig.defaults(), new InputStats()).read(name, new ByteArrayInputStream(bytes),
                new EventHandler() {
                    @Override
                    public void event(long lineNumber, String source, String text) {
                        out.add("event:" + text);
                    }

                    @Override
                    public void skipped(long lineNumber, SkipReason reason) {
                        out.add("skip:" + reason);
                    }
                });
        return out;
    }

    private static List<String> run(String name, List<String> lines) {
        List<String> out = new ArrayList<>();
        LineParser parser = new LineParser(ParseConfig.defaults());
        for (String l : lines) {
            long blanks = parser.emptyLines();
            parser.parse(new RawLine(name, l), NOW, new LineParser.Output() {
                @Override
                public void line(ParsedLine line) {
                    out.add("event:" + line.message);
                }

                @Override
                public void deadLetter(DeadLetter d) {
                    out.add("skip:" + switch (d.reason) {
                        case DeadLetter.Reason.BINARY_RECORD -> SkipReason.BINARY;
                        case DeadLetter.Reason.INVALID_JSON -> SkipReason.MALFORMED_JSON;
                        case DeadLetter.Reason.MISSING_FIELD -> SkipReason.NO_MESSAGE;
                        default -> d.reason;
                    });
                }
            });
            if (parser.emptyLines() > blanks) {
                out.add("skip:" + SkipReason.BLANK);
            }
        }
        return out;
    }

    @Test
    void plainLinesWithControlCharactersBlanksAndBinaryGetTheSameDecisionInReduceAndRun() throws Exception {
        List<String> lines = List.of(
                "2026-03-14T00:00:01Z INFO start",
                "",
                "   ",
                "2026-03-14T00:00:02Z INFO padded\u0000\u0000",
                "2026-03-14T00:00:03Z \u001b[31mERROR\u001b[0m colour codes",
                "\u0000\u0001\u0002\u0003\u0004ab",
                "2026-03-14T00:00:04Z {\"not\":\"json, this file is plain\"}",
                "\tat a.B.c(B.java:1)",
                "2026-03-14T00:00:05Z caf\u00e9 \u65e5\u672c");
        List<String> reduced = reduce("app.log", lines);
        assertEquals(reduced, run("app.log", lines));
        assertEquals("event:2026-03-14T00:00:02Z INFO padded  ", reduced.get(3));
        assertEquals("skip:BINARY", reduced.get(5));
    }

    @Test
    void jsonLinesGetTheSameMessageOrSkipInReduceAndRun() throws Exception {
        List<String> lines = List.of(
                "{\"eventTime\":\"2026-03-14T00:00:01Z\",\"message\":\"StopInstances i-1 by alice\"}",
                "{\"time\":\"2026-03-14T00:00:02Z\",\"msg\":\"pino message\",\"log\":\"second choice\"}",
                "{\"log\":{\"message\":\"nested is not read by default\"},\"log2\":1}",
                "{\"stream\":\"stdout\",\"log\":\"docker line\\n\"}",
                "{\"message\":42}",
                "{\"message\":{\"text\":\"an object is no message\"},\"msg\":\"so msg is used\"}",
                "{\"message\":\"escaped NUL\\u0000 inside\"}",
                "{\"message\":\"   \"}",
                "{\"message\":\"cut",
                "[\"an\",\"array\"]",
                "not an object in a JSON file",
                "");
        List<String> reduced = reduce("trail.jsonl", lines);
        assertEquals(reduced, run("trail.jsonl", lines));
        assertEquals(List.of("event:StopInstances i-1 by alice", "event:pino message", "skip:NO_MESSAGE",
                "event:docker line", "event:42", "event:so msg is used", "event:escaped NUL  inside", "skip:BLANK",
                "skip:MALFORMED_JSON", "skip:MALFORMED_JSON", "skip:MALFORMED_JSON", "skip:BLANK"), reduced);
    }
}
