package io.sigdrift.pipeline.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.input.InputConfig;
import io.sigdrift.pipeline.input.InputFormat;
import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.DeadLetter.Reason;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.ParsedLine.TimeOrigin;
import io.sigdrift.pipeline.record.RawLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineParserTest {
    private static final long NOW = Instant.parse("2024-06-15T12:00:00Z").toEpochMilli();
    private static final ParseConfig JSON = ParseConfig.builder().format(InputFormat.JSON)
            .jsonTimeField("ts").jsonSourceField("svc").jsonMessageField("msg").build();

    private final List<ParsedLine> lines = new ArrayList<>();
    private final List<DeadLetter> dead = new ArrayList<>();
    private final LineParser.Output out = new LineParser.Output() {
        @Override
        public void line(ParsedLine line) {
            lines.add(line);
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            dead.add(deadLetter);
        }
    };

    private void parse(ParseConfig config, String origin, String... texts) {
        LineParser p = new LineParser(config);
        for (String t : texts) {
            p.parse(new RawLine(origin, t), NOW, out);
        }
    }

    @Test
    void plainLinesAreKeyedByTheirFileUnlessASourceNameIsGiven() {
        parse(ParseConfig.defaults(), "/var/log/auth.log", "Mar  1 08:05:09 host sshd[1]: Accepted");
        assertEquals("/var/log/auth.log", lines.get(0).source);
        assertEquals(Instant.parse("2024-03-01T08:05:09Z").toEpochMilli(), lines.get(0).timestamp);
        parse(ParseConfig.builder().sourceName("ssh").build(), "/var/log/auth.log", "Mar  1 08:05:09 host x");
        assertEquals("ssh", lines.get(1).source);
    }

    @Test
    void aLineWithoutTimestampIsLeftToTheKeyedOperatorToInheritWithTheWallClockAsPlaceholder() {
        parse(ParseConfig.defaults(), "app.log", "2024-03-01 12:00:00,000 ERROR boom",
                "java.lang.IllegalStateException: x", "\tat a.B.c(B.java:1)");
        assertEquals(3, lines.size());
        assertEquals(TimeOrigin.PARSED, lines.get(0).timeOrigin);
        assertEquals(TimeOrigin.INHERITED, lines.get(2).timeOrigin);
        assertEquals(NOW, lines.get(2).timestamp);
        assertTrue(!lines.get(2).continuation, "without --multiline no line is a continuation");
    }

    @Test
    void withMultilineContinuationLinesAreMarkedAndNeverDeadLetteredForLackingATimestamp() {
        ParseConfig multiline = ParseConfig.builder().multiline(true).missingTime(ParseConfig.MissingTime.DEAD_LETTER).build();
        parse(multiline, "app.log", "2024-03-01 12:00:00,000 ERROR boom", "java.lang.IllegalStateException: x",
                "\tat a.B.c(B.java:1)", "Caused by: java.io.IOException: y", "\t... 3 more");
        assertEquals(4, lines.size(), "the exception line has no timestamp and is not a continuation: " + dead);
        assertEquals(1, dead.size());
        assertEquals(Reason.NO_TIMESTAMP, dead.get(0).reason);
        assertTrue(!lines.get(0).continuation);
        assertTrue(lines.subList(1, 4).stream().allMatch(l -> l.continuation && l.source.equals("app.log")));
    }

    @Test
    void multilineNeedsAnUnsplitSourceBecauseContinuationLinesMustReachTheirEventsKey() {
        var e = assertThrows(IllegalArgumentException.class, () -> ParseConfig.builder().multiline(true).splits(4).build());
        assertTrue(e.getMessage().contains("--multiline") && e.getMessage().contains("--split"));
    }

    @Test
    void withMissingTimeDeadLetterALineWithoutTimestampIsADeadLetter() {
        parse(ParseConfig.builder().missingTime(ParseConfig.MissingTime.DEAD_LETTER).build(), "x", "no time here");
        assertEquals(0, lines.size());
        assertEquals(Reason.NO_TIMESTAMP, dead.get(0).reason);
    }

    @Test
    void timestampsFarInTheFutureOrPastAreDeadLetters() {
        parse(ParseConfig.builder().maxFuture(Duration.ofHours(1)).build(), "x",
                "2024-06-15T14:00:00Z too far ahead", "1999-12-31T23:59:59Z too old", "2024-06-15T12:30:00Z fine");
        assertEquals(1, lines.size());
        assertEquals(2, dead.size());
        assertEquals(Reason.TIMESTAMP_OUT_OF_RANGE, dead.get(0).reason);
        assertTrue(dead.get(0).detail.contains("--max-future"), dead.get(0).detail);
    }

    @Test
    void jsonLinesTakeTheConfiguredFields() {
        parse(JSON, "topic", "{\"ts\":\"2024-03-01T12:00:00Z\",\"svc\":\"api\",\"msg\":\"GET /x 200\",\"extra\":{\"a\":[1,2]}}");
        ParsedLine l = lines.get(0);
        assertEquals("api", l.source);
        assertEquals("GET /x 200", l.message);
        assertEquals(Instant.parse("2024-03-01T12:00:00Z").toEpochMilli(), l.timestamp);
    }

    @Test
    void jsonWithEpochNumbersIsAccepted() {
        parse(JSON, "t", "{\"ts\":1709294400.5,\"svc\":\"api\",\"msg\":\"m\"}");
        assertEquals(1_709_294_400_500L, lines.get(0).timestamp);
    }

    @Test
    void jsonWithAStrictTimeFieldOfTheWrongTypeNoMessageOrSyntaxErrorsBecomesDeadLettersWithTheReason() {
        parse(JSON, "t",
                "{\"ts\":true,\"svc\":\"api\",\"msg\":\"m\"}",
                "{\"ts\":1709294400,\"svc\":\"api\",\"msg\":{\"nested\":1}}",
                "{\"ts\":1709294400,\"svc\":\"api\"}",
                "{\"ts\":\"yesterday\",\"svc\":\"api\",\"msg\":\"m\"}",
                "{\"ts\":1709294400,\"svc\":\"api\",\"msg\":\"m\"",
                "[1,2,3]",
                "plain text, not json");
        assertEquals(0, lines.size());
        assertEquals(List.of(Reason.WRONG_TYPE, Reason.MISSING_FIELD, Reason.MISSING_FIELD, Reason.BAD_TIMESTAMP,
                        Reason.INVALID_JSON, Reason.INVALID_JSON, Reason.INVALID_JSON),
                dead.stream().map(d -> d.reason).toList());
        assertTrue(dead.get(0).detail.contains("--json-time") && dead.get(0).detail.contains("boolean"), dead.get(0).detail);
        assertTrue(dead.get(1).detail.contains("msg"), dead.get(1).detail);
    }

    @Test
    void aJsonLineWithoutASourceFieldTakesItsSourceFromItsFileAsAPlainLineDoes() {
        parse(JSON, "/logs/cloudtrail.jsonl", "{\"ts\":1709294400,\"msg\":\"m\"}", "{\"ts\":1709294400,\"svc\":42,\"msg\":\"m\"}");
        assertEquals(List.of("/logs/cloudtrail.jsonl", "42"), lines.stream().map(l -> l.source).toList(),
                "no source field: the file; a scalar source is its text");
        ParseConfig byFile = ParseConfig.builder().sourceNaming(ParseConfig.SourceNaming.FILE).build();
        parse(byFile, "/logs/cloudtrail.jsonl", "{\"eventTime\":\"2024-03-01T12:00:00Z\",\"message\":\"m\"}");
        assertEquals("cloudtrail", lines.get(2).source);
    }

    @Test
    void autoFormatReadsAFileAsJsonWhenItsFirstLineIsAnObjectWithTheDefaultFieldOrder() {
        parse(ParseConfig.defaults(), "trail.jsonl",
                "{\"eventTime\":\"2024-03-01T12:00:05Z\",\"eventName\":\"StopInstances\",\"message\":\"stop i-1\"}",
                "{\"@timestamp\":\"2024-03-01T12:00:06Z\",\"msg\":\"pino style\",\"log\":\"ignored: msg comes first\"}",
                "{\"time\":\"12ms\",\"log\":\"2024-03-01T12:00:07Z docker style\"}",
                "not an object: malformed in a JSON file");
        assertEquals(List.of("stop i-1", "pino style", "2024-03-01T12:00:07Z docker style"),
                lines.stream().map(l -> l.message).toList());
        assertEquals(List.of(Instant.parse("2024-03-01T12:00:05Z").toEpochMilli(), Instant.parse("2024-03-01T12:00:06Z").toEpochMilli(),
                        Instant.parse("2024-03-01T12:00:07Z").toEpochMilli()), lines.stream().map(l -> l.timestamp).toList(),
                "a default time field that holds no time ('12ms') is ignored, not fatal: the message's time is used");
        assertEquals(List.of(Reason.INVALID_JSON), dead.stream().map(d -> d.reason).toList());

        parse(ParseConfig.defaults(), "app.log", "2024-03-01T12:00:00Z plain first", "{\"message\":\"a brace line in a plain file\"}");
        assertEquals("{\"message\":\"a brace line in a plain file\"}", lines.get(4).message, "the file was decided plain");
    }

    @Test
    void aMissingJsonSourceFieldFallsBackToTheSourceFlag() {
        ParseConfig c = ParseConfig.builder().format(InputFormat.JSON).sourceName("default").build();
        parse(c, "t", "{\"timestamp\":\"2024-03-01T12:00:00Z\",\"message\":\"m\"}");
        assertEquals("default", lines.get(0).source);
    }

    @Test
    void onlyAMessageTheCleanerFoundPrintableAsciiIsMarkedSoForTheShuffle() {
        parse(ParseConfig.defaults(), "f", "2024-03-01T12:00:00Z plain ascii ok", "2024-03-01T12:00:00Z tab\there",
                "2024-03-01T12:00:00Z naïve", "2024-03-01T12:00:00Z nul\u0000replaced");
        assertEquals(List.of(true, false, false, false), lines.stream().map(l -> l.printableAscii).toList());
        lines.clear();
        parse(JSON, "t", "{\"ts\":\"2024-03-01T12:00:00Z\",\"msg\":\"json ascii\"}",
                "{\"ts\":\"2024-03-01T12:00:00Z\",\"msg\":\"lone \\ud800 escape\"}",
                "{\"ts\":\"2024-03-01T12:00:00Z\",\"msg\":\"é\"}");
        assertEquals(List.of("json ascii", "lone \ud800 escape", "é"), lines.stream().map(l -> l.message).toList());
        assertEquals(List.of(true, false, false), lines.stream().map(l -> l.printableAscii).toList());
    }

    @Test
    void controlCharactersAreReplacedBinaryTextIsADeadLetterAndBlankLinesAreCountedNotEmitted() {
        LineParser p = new LineParser(ParseConfig.defaults());
        p.parse(RawLine.failed("topic", Reason.BINARY_RECORD, "not UTF-8, first bytes: ff00"), NOW, out);
        p.parse(new RawLine("f", "2024-03-01T12:00:00Z abc\u0000def"), NOW, out);
        p.parse(new RawLine("f", "\u0000\u0001\u0002\u0003x"), NOW, out);
        p.parse(new RawLine("f", "   "), NOW, out);
        assertEquals(List.of(Reason.BINARY_RECORD, Reason.BINARY_RECORD), dead.stream().map(d -> d.reason).toList());
        assertEquals(1, p.emptyLines());
        assertEquals(List.of("2024-03-01T12:00:00Z abc def"), lines.stream().map(l -> l.message).toList(),
                "a NUL is noise in a readable line, as in reduce");
        assertEquals(1, p.repairedLines());
    }

    @Test
    void aLineOverTheLimitIsCutAndCountedNotDeadLettered() {
        LineParser p = new LineParser(ParseConfig.defaults());
        String huge = "2024-03-01T12:00:00Z " + "é".repeat(InputConfig.DEFAULT_MAX_LINE_BYTES);
        p.parse(new RawLine("f", huge), NOW, out);
        assertTrue(dead.isEmpty());
        assertEquals(1, p.truncatedLines());
        assertTrue(lines.get(0).message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= InputConfig.DEFAULT_MAX_LINE_BYTES);
        assertTrue(lines.get(0).message.endsWith("é"), "cut at a character boundary");
    }

    @Test
    void splitsSpreadOneSourceOverStableSubKeys() {
        ParseConfig c = ParseConfig.builder().splits(4).build();
        parse(c, "hot", "2024-03-01T12:00:00Z a", "2024-03-01T12:00:00Z b", "2024-03-01T12:00:00Z a");
        assertEquals(lines.get(0).split, lines.get(2).split);
        assertTrue(lines.stream().allMatch(l -> l.split >= 0 && l.split < 4));
    }

    @Test
    void badConfigurationNamesTheFlag() {
        var e = assertThrows(IllegalArgumentException.class, () -> ParseConfig.builder().splits(0).build());
        assertTrue(e.getMessage().contains("--split"));
        e = assertThrows(IllegalArgumentException.class, () -> ParseConfig.builder().jsonSourceField(" ").build());
        assertTrue(e.getMessage().contains("--json-source"));
        e = assertThrows(IllegalArgumentException.class, () -> ParseConfig.builder().timeFormat("nope").build());
        assertTrue(e.getMessage().contains("--time-format"));
    }

    @Test
    void jsonTimeComesFromTheFirstDefaultFieldPresentElseFromTheMessage() {
        ParseConfig c = ParseConfig.builder().format(InputFormat.JSON).build();
        parse(c, "t",
                "{\"ts\":1709287200,\"@timestamp\":\"2024-03-01T12:00:00Z\",\"timestamp\":\"2024-03-01T10:00:00Z\",\"source\":\"a\",\"message\":\"m\"}",
                "{\"ts\":1709287200,\"source\":\"a\",\"message\":\"m\"}",
                "{\"eventTime\":\"2024-03-01T13:00:00Z\",\"eventName\":\"ConsoleLogin\",\"source\":\"ct\",\"message\":\"login\"}",
                "{\"source\":\"a\",\"message\":\"2024-03-01 14:00:00,000 INFO the message carries it\"}");
        // JsonFields.DEFAULT_TIME_FIELDS order: timestamp, @timestamp, eventTime, time, ts
        assertEquals(List.of(Instant.parse("2024-03-01T10:00:00Z").toEpochMilli(), 1_709_287_200_000L,
                        Instant.parse("2024-03-01T13:00:00Z").toEpochMilli(), Instant.parse("2024-03-01T14:00:00Z").toEpochMilli()),
                lines.stream().map(l -> l.timestamp).toList());
        assertTrue(dead.isEmpty(), dead.toString());
    }

    @Test
    void aYearlessLineTakesTheYearOfItsOwnRecordsReferenceNotOfTheParsersStart() {
        LineParser p = new LineParser(ParseConfig.defaults());
        long dec5 = Instant.parse("2026-12-05T10:00:00Z").toEpochMilli();
        long jan9 = Instant.parse("2027-01-09T10:00:00Z").toEpochMilli();
        p.parse(new RawLine("auth.log", "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186"), dec5, out);
        p.parse(new RawLine("auth.log", "Jan  8 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186"), jan9, out);
        assertTrue(dead.isEmpty(), dead.toString());
        assertEquals(Instant.parse("2025-12-10T06:55:46Z").toEpochMilli(), lines.get(0).timestamp);
        assertEquals(Instant.parse("2027-01-08T06:55:46Z").toEpochMilli(), lines.get(1).timestamp);
    }

    /** A source's printable-ASCII hint (the file reader's) spares the cleaner's scan and changes nothing else. */
    @Test
    void aLineMarkedPrintableAsciiByItsSourceParsesAsTheSameUnmarkedLine() {
        String[] texts = {"2024-03-01 12:00:00,000 ERROR boom 42", "   ", "Mar  1 08:05:09 host sshd[1]: ok"};
        for (boolean hint : new boolean[] {false, true}) {
            LineParser p = new LineParser(ParseConfig.defaults());
            for (String t : texts) {
                RawLine raw = new RawLine("app.log", t);
                raw.printableAscii = hint;
                p.parse(raw, NOW, out);
            }
        }
        assertEquals(4, lines.size(), "the blank line is no event either way");
        for (int i = 0; i < 2; i++) {
            ParsedLine a = lines.get(i);
            ParsedLine b = lines.get(i + 2);
            assertEquals(a.toString(), b.toString());
            assertEquals(a.printableAscii, b.printableAscii);
            assertTrue(b.printableAscii);
        }
    }
}
