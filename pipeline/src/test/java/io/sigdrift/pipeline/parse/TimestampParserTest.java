package io.sigdrift.pipeline.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampParserTest {
    /** "Now" for syslog year inference: 2024-06-15. */
    private static final long REFERENCE = Instant.parse("2024-06-15T00:00:00Z").toEpochMilli();
    private final TimestampParser auto = TimestampParser.of("auto", ZoneOffset.UTC, REFERENCE);

    private static long ms(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void isoWithZoneFractionAndOffsetsIsParsed() {
        assertEquals(ms("2024-03-01T12:00:00.123Z"), auto.fromLine("2024-03-01T12:00:00.123Z INFO started"));
        assertEquals(ms("2024-03-01T10:00:00Z"), auto.fromLine("2024-03-01T12:00:00+02:00 x"));
        assertEquals(ms("2024-03-01T13:30:00Z"), auto.fromLine("2024-03-01T12:00:00-0130 x"));
        assertEquals(ms("2015-05-13T23:39:43.945Z"), auto.fromLine("2015-05-13T23:39:43.945958Z my-elb 1.2.3.4:80"));
    }

    @Test
    void log4jStyleIsoWithSpaceAndCommaMillisIsReadInTheConfiguredZone() {
        assertEquals(ms("2024-03-01T12:00:00.123Z"), auto.fromLine("2024-03-01 12:00:00,123 INFO [main] x"));
        TimestampParser paris = TimestampParser.of("auto", ZoneId.of("Europe/Paris"), REFERENCE);
        assertEquals(ms("2024-03-01T11:00:00.123Z"), paris.fromLine("2024-03-01 12:00:00,123 INFO [main] x"));
    }

    @Test
    void rfc3164SyslogGetsTheReferenceYearOrTheYearBefore() {
        assertEquals(ms("2024-03-01T08:05:09Z"), auto.fromLine("Mar  1 08:05:09 host sshd[12]: Accepted"));
        assertEquals(ms("2024-06-18T08:05:09Z"), auto.fromLine("Jun 18 08:05:09 host kernel: x"));
        // December seen in June is last December, not six months ahead.
        assertEquals(ms("2023-12-31T23:59:59Z"), auto.fromLine("Dec 31 23:59:59 host x"));
        assertEquals(ms("2024-03-01T08:05:09Z"), auto.fromLine("<34>Mar  1 08:05:09 host su: x"));
    }

    @Test
    void apacheCommonLogFormatIsFoundInsideTheLine() {
        String line = "10.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326";
        assertEquals(ms("2000-10-10T20:55:36Z"), auto.fromLine(line));
    }

    @Test
    void epochSecondsAndMillisAreRecognisedByLength() {
        assertEquals(1_700_000_000_000L, auto.fromLine("1700000000 fw01 action=block"));
        assertEquals(1_700_000_000_250L, auto.fromLine("1700000000.25 fw01 action=block"));
        assertEquals(1_700_000_000_123L, auto.fromLine("1700000000123 x"));
        assertEquals(TimestampParser.NONE, auto.fromLine("17000000001 x"));
    }

    @Test
    void jsonNumbersAreEpochSecondsMillisMicrosOrNanosByMagnitude() {
        assertEquals(1_700_000_000_000L, auto.fromNumber(1_700_000_000d));
        assertEquals(1_700_000_000_123L, auto.fromNumber(1_700_000_000_123d));
        assertEquals(1_700_000_000_123L, auto.fromNumber(1_700_000_000_123_000d));
        assertEquals(1_700_000_000_123L, auto.fromText("1700000000123"));
    }

    @Test
    void linesWithoutATimestampGiveNone() {
        assertEquals(TimestampParser.NONE, auto.fromLine("\tat com.acme.Foo.bar(Foo.java:12)"));
        assertEquals(TimestampParser.NONE, auto.fromLine("081109 203615 148 INFO dfs.DataNode"));
        assertEquals(TimestampParser.NONE, auto.fromLine(""));
        assertEquals(TimestampParser.NONE, auto.fromLine("2024-13-01T00:00:00Z month 13"));
        assertEquals(TimestampParser.NONE, auto.fromLine("Foo  1 08:05:09 not a month"));
    }

    @Test
    void aUserPatternParsesFromTheStartOfTheLine() {
        TimestampParser p = TimestampParser.of("pattern:yyyy/MM/dd HH:mm:ss", ZoneOffset.UTC, REFERENCE);
        assertEquals(ms("2024-03-01T12:00:00Z"), p.fromLine("2024/03/01 12:00:00 rest of line"));
        assertEquals(TimestampParser.NONE, p.fromLine("garbage"));
    }

    @Test
    void anUnknownFormatOrBadPatternNamesTheFlag() {
        var e = assertThrows(IllegalArgumentException.class, () -> TimestampParser.of("fancy", ZoneOffset.UTC, 0));
        assertTrue(e.getMessage().contains("--time-format"), e.getMessage());
        var p = assertThrows(IllegalArgumentException.class, () -> TimestampParser.of("pattern:yyyy-MM-dd {{", ZoneOffset.UTC, 0));
        assertTrue(p.getMessage().contains("--time-format"), p.getMessage());
    }

    @Test
    void civilDaysMatchJavaTimeAcrossCenturiesAndLeapYears() {
        for (String d : new String[] {"1970-01-01", "2000-02-29", "1900-03-01", "2100-12-31", "1969-12-31", "2024-02-29"}) {
            java.time.LocalDate ld = java.time.LocalDate.parse(d);
            assertEquals(ld.toEpochDay(), TimestampParser.daysFromCivil(ld.getYear(), ld.getMonthValue(), ld.getDayOfMonth()), d);
        }
    }
}
