package io.sigdrift.pipeline.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.parse.TimestampParser.Layout;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * One test per header shape, with lines written in the shape of the real logs (Loghub's ten systems, nginx,
 * RFC 5424, glog, Tomcat, ...): each must give its own time, at the layout and field it has.
 */
class TimestampParserTest {
    /** The record's reference time ("now") in most tests: 2024-06-15. */
    private static final long REFERENCE = ms("2024-06-15T00:00:00Z");
    private static final Duration MAX_FUTURE = Duration.ofDays(1);
    private final TimestampParser auto = TimestampParser.of("auto", ZoneOffset.UTC, MAX_FUTURE);

    private static long ms(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private void assertFound(String expectedIso, Layout layout, int token, String line) {
        assertEquals(ms(expectedIso), auto.scan(line, REFERENCE), line);
        assertEquals(layout, auto.scanLayout(), line);
        assertEquals(token, auto.scanToken(), line);
        assertEquals(ms(expectedIso), auto.parseAt(layout, token, line, REFERENCE), "the kept layout parses it alone: " + line);
    }

    // ---- the formats of the Loghub systems

    @Test
    void apacheErrorLogTimeInBracketsWithWeekdayIsFound() {
        assertFound("2024-03-14T09:26:53Z", Layout.WEEKDAY, 0,
                "[Thu Mar 14 09:26:53 2024] [error] [client 10.1.2.3] File does not exist: /var/www/html/favicon.ico");
        assertFound("2024-03-14T09:26:53.123Z", Layout.WEEKDAY, 0,
                "[Thu Mar 14 09:26:53.123456 2024] [core:error] [pid 1234:tid 5678] AH00126: Invalid URI in request");
    }

    @Test
    void androidLogcatTimeWithoutYearIsFoundAndDatedBeforeTheReference() {
        assertFound("2024-03-14T09:26:53.811Z", Layout.MONTH_DAY, 0,
                "03-14 09:26:53.811  1702  2395 D WindowManager: printFreezingDisplayLogs opening app wtoken = AppWindowToken{9f4ef63}");
    }

    @Test
    void hdfsCompactYyMMddHHmmssIsFound() {
        assertFound("2024-03-14T09:26:53Z", Layout.YYMMDD_HHMMSS, 0,
                "240314 092653 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_3886504906 terminating");
    }

    @Test
    void sparkTwoDigitYearWithSlashesIsFound() {
        assertFound("2024-03-14T09:26:53Z", Layout.YY_SLASH, 0,
                "24/03/14 09:26:53 INFO storage.BlockManager: Found block rdd_2_3 locally");
    }

    @Test
    void windowsCbsTimeEndedByACommaIsFound() {
        assertFound("2024-03-14T09:26:53Z", Layout.ISO, 0,
                "2024-03-14 09:26:53, Info                  CBS    Starting TrustedInstaller initialization.");
    }

    @Test
    void bglEpochSecondsInTheSecondFieldAreFound() {
        assertFound("2024-03-14T09:26:53Z", Layout.EPOCH_S, 1,
                "- 1710408413 2024.03.14 R12-M0-N3-C:J05-U01 2024-03-14-09.26.53.118732 R12-M0-N3-C:J05-U01 RAS KERNEL INFO generating core.2275");
        assertFound("2024-03-14T09:26:53.118Z", Layout.ISO, 0,
                "2024-03-14-09.26.53.118732 R12-M0-N3-C:J05-U01 RAS KERNEL INFO DB2 timestamp first");
    }

    @Test
    void hpcEpochSecondsInTheFifthFieldAreFound() {
        assertFound("2024-03-14T09:26:53Z", Layout.EPOCH_S, 4,
                "482910 node-31 unix.hw state_change.available 1710408413 1 Component State Change: Component \\042alt0\\042 is in the available state");
    }

    @Test
    void syslogWithPaddedDaysAndFractionsIsFound() {
        assertFound("2024-03-14T09:26:53Z", Layout.SYSLOG, 0,
                "Mar 14 09:26:53 web01 sshd[4242]: Failed password for root from 10.0.0.7 port 5022 ssh2");
        assertFound("2024-03-04T09:26:53Z", Layout.SYSLOG, 0, "Mar  4 09:26:53 web01 kernel: [ 1.234] usb 1-1: new device");
        assertFound("2024-03-04T09:26:53.250Z", Layout.SYSLOG, 0, "Mar  4 09:26:53.250 web01 app[7]: tick");
        assertFound("2024-03-14T09:26:53Z", Layout.SYSLOG, 0, "<34>Mar 14 09:26:53 web01 su: 'su root' failed for alice");
        assertFound("2023-03-14T09:26:53Z", Layout.SYSLOG, 0, "Mar 14 2023 09:26:53 fw01 %ASA-6-302013: Built connection");
    }

    @Test
    void log4jAndPythonIsoWithCommaOrDotMillisIsFound() {
        assertFound("2024-03-14T09:26:53.747Z", Layout.ISO, 0,
                "2024-03-14 09:26:53,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200");
        assertFound("2024-03-14T09:26:53.747Z", Layout.ISO, 0, "2024-03-14 09:26:53.747 ERROR app.worker: job 17 failed");
    }

    // ---- other common shapes

    @Test
    void nginxErrorLogWithSlashedDateIsFound() {
        assertFound("2024-03-14T09:26:53Z", Layout.ISO, 0,
                "2024/03/14 09:26:53 [error] 3141#3141: *7 open() \"/usr/share/nginx/html/x\" failed (2: No such file or directory)");
    }

    @Test
    void rfc5424SyslogTimeAfterThePriorityAndVersionIsFound() {
        assertFound("2024-03-14T09:26:53.003Z", Layout.ISO, 1,
                "<34>1 2024-03-14T09:26:53.003Z web01 su - ID47 - 'su root' failed for lonvick on /dev/pts/8");
        assertFound("2024-03-14T07:26:53Z", Layout.ISO, 1, "<165>1 2024-03-14T09:26:53+02:00 web01 evntslog - ID47 [x@1 a=\"b\"] up");
    }

    @Test
    void isoWithTOrSpaceFractionsAndOffsetsIsFound() {
        assertFound("2024-03-01T12:00:00.123Z", Layout.ISO, 0, "2024-03-01T12:00:00.123Z INFO started");
        assertFound("2024-03-01T10:00:00Z", Layout.ISO, 0, "2024-03-01T12:00:00+02:00 x");
        assertFound("2024-03-01T13:30:00Z", Layout.ISO, 0, "2024-03-01T12:00:00-0130 x");
        assertFound("2015-05-13T23:39:43.945Z", Layout.ISO, 0, "2015-05-13T23:39:43.945958Z my-elb 1.2.3.4:80");
    }

    @Test
    void compactFormsAreFound() {
        assertFound("2024-03-14T09:26:53.606Z", Layout.COMPACT, 0, "20240314-09:26:53:606|Step_LSC|30002312|onStandStepChanged 3579");
        assertFound("2024-03-14T09:26:53Z", Layout.COMPACT, 0, "20240314T092653Z backup done");
        assertFound("2024-03-14T09:26:53Z", Layout.YYMMDD_HHMMSS, 0, "240314 092653 INFO x");
    }

    @Test
    void bracketedFormsAreFound() {
        assertFound("2024-03-14T09:26:53.123Z", Layout.ISO, 0, "[2024-03-14 09:26:53.123] [main] INFO  c.a.Server - listening");
        assertFound("2000-10-10T20:55:36Z", Layout.DAY_MONTH_NAME, 3,
                "10.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326");
        assertFound("2024-03-14T09:26:53Z", Layout.MONTH_DAY, 0,
                "[03.14 09:26:53] chrome.exe - proxy.example.com:443 open through proxy proxy.example.com:5070 HTTPS");
    }

    @Test
    void epochSecondsOrMillisAsAHeaderFieldAreFound() {
        assertFound("2023-11-14T22:13:20Z", Layout.EPOCH_S, 0, "1700000000 fw01 action=block");
        assertFound("2023-11-14T22:13:20.250Z", Layout.EPOCH_S, 0, "1700000000.25 fw01 action=block");
        assertFound("2023-11-14T22:13:20.123Z", Layout.EPOCH_MS, 0, "1700000000123 x");
        assertFound("2023-11-14T22:13:20.123Z", Layout.EPOCH_MS, 2, "fw01 deny 1700000000123 tcp 10.0.0.1:443");
    }

    @Test
    void glogTomcatRfc2822AndJavaDateFormsAreFound() {
        assertFound("2024-03-14T09:26:53.123Z", Layout.GLOG, 0, "I0314 09:26:53.123456       1 controller.go:123] Starting workers");
        assertFound("2024-03-14T09:26:53.123Z", Layout.DAY_MONTH_NAME, 0,
                "14-Mar-2024 09:26:53.123 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in 734 ms");
        assertFound("2024-03-14T09:26:53Z", Layout.WEEKDAY, 0, "Thu, 14 Mar 2024 09:26:53 +0000 mailer: queued");
        assertFound("2024-03-14T09:26:53Z", Layout.WEEKDAY, 0, "Thu Mar 14 09:26:53 UTC 2024 cron: started");
    }

    // ---- what is not a time

    @Test
    void numbersAndDatesOutsideTheHeaderOrOutOfRangeAreNoTime() {
        long none = TimestampParser.NONE;
        assertEquals(none, auto.scan("\tat com.acme.Foo.bar(Foo.java:12)", REFERENCE));
        assertEquals(none, auto.scan("", REFERENCE));
        assertEquals(none, auto.scan("2024-13-01T00:00:00Z month 13", REFERENCE));
        assertEquals(none, auto.scan("Foo  1 08:05:09 not a month", REFERENCE));
        assertEquals(none, auto.scan("17000000001 eleven digits is no epoch", REFERENCE));
        assertEquals(none, auto.scan("0900000000 seconds (1998) are before 2000: no plausible epoch", REFERENCE));
        assertEquals(none, auto.scan("1700000000x glued to text", REFERENCE));
        assertEquals(none, auto.scan("10.0.0.1 - - GET / HTTP/1.1 200 2326", REFERENCE));
        assertEquals(none, auto.scan("v1.2.3 released 12:00:00 time alone", REFERENCE));
        assertEquals(none, auto.scan("a b c d e f 2024-03-14T09:26:53Z only in the seventh field", REFERENCE),
                "the time is looked for in the first " + TimestampParser.MAX_HEADER_TOKENS + " fields only");
        assertEquals(none, auto.scan("04-31 10:00:00.000 no April 31st", REFERENCE));
    }

    // ---- years of yearless dates, against the record's own reference

    @Test
    void aYearlessDateLaterThanTheReferenceIsLastYears() {
        long dec5 = ms("2026-12-05T00:00:00Z");
        assertEquals(ms("2025-12-10T06:55:46Z"), auto.fromLine("Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster", dec5));
        assertEquals(ms("2026-12-04T06:55:46Z"), auto.fromLine("Dec  4 06:55:46 LabSZ sshd[24200]: x", dec5));
    }

    @Test
    void decemberReadOnNewYearsDayIsLastYearsAndJanuaryReadOnNewYearsEveIsNextYearsWithinMaxFuture() {
        long jan1 = ms("2027-01-01T00:00:30Z");
        assertEquals(ms("2026-12-31T23:59:00Z"), auto.fromLine("Dec 31 23:59:00 host x", jan1));
        assertEquals(ms("2027-01-01T00:00:10Z"), auto.fromLine("Jan  1 00:00:10 host x", jan1));
        long newYearsEve = ms("2026-12-31T23:59:50Z");
        assertEquals(ms("2027-01-01T00:00:10Z"), auto.fromLine("Jan  1 00:00:10 host clock slightly ahead", newYearsEve));
        assertEquals(ms("2026-01-02T00:00:10Z"), auto.fromLine("Jan  2 00:00:10 host more than a day ahead", newYearsEve));
    }

    @Test
    void maxFutureDecidesWhetherASlightlyAheadDateIsThisYearsOrLastYears() {
        long dec5 = ms("2026-12-05T09:00:00Z");
        TimestampParser strict = TimestampParser.of("auto", ZoneOffset.UTC, Duration.ZERO);
        assertEquals(ms("2025-12-05T10:00:00Z"), strict.fromLine("Dec  5 10:00:00 host x", dec5));
        TimestampParser hour = TimestampParser.of("auto", ZoneOffset.UTC, Duration.ofHours(1));
        assertEquals(ms("2026-12-05T10:00:00Z"), hour.fromLine("Dec  5 10:00:00 host x", dec5));
    }

    @Test
    void aReferenceThatAdvancesPastSevenDaysAndPastAYearKeepsDatingLinesRight() {
        String line = "Jan  5 10:00:00 host cron[1]: tick";
        long start = ms("2026-01-01T00:00:00Z");
        assertEquals(ms("2025-01-05T10:00:00Z"), auto.fromLine(line, start), "4 days ahead of Jan 1: last year's");
        long eightDaysLater = start + Duration.ofDays(8).toMillis();
        assertEquals(ms("2026-01-05T10:00:00Z"), auto.fromLine(line, eightDaysLater), "read on Jan 9: this year's");
        long aYearAndAMonthLater = start + Duration.ofDays(400).toMillis();
        assertEquals(ms("2027-01-05T10:00:00Z"), auto.fromLine(line, aYearAndAMonthLater), "read on 2027-02-05");
        assertEquals(ms("2027-01-05T10:00:00Z"), auto.fromLine("01-05 10:00:00.000  12  34 I App: logcat too",
                aYearAndAMonthLater));
    }

    @Test
    void yearBoundariesAreCachedSoLinesOfOneYearDoNoCalendarMath() {
        TimestampParser p = TimestampParser.of("auto", ZoneOffset.UTC, MAX_FUTURE);
        long now = ms("2026-03-01T00:00:00Z");
        for (int i = 0; i < 10_000; i++) {
            p.fromLine("Feb 28 23:59:59 host x", now + i * 60_000L);
        }
        assertEquals(1, p.yearCacheRecomputations());
        p.fromLine("Feb 28 23:59:59 host x", ms("2027-03-01T00:00:00Z"));
        assertEquals(2, p.yearCacheRecomputations(), "a new year of the reference rebuilds it once");
    }

    @Test
    void february29thTakesTheLatestLeapYearNotAfterTheReference() {
        assertEquals(ms("2024-02-29T12:00:00Z"), auto.fromLine("Feb 29 12:00:00 host x", ms("2027-03-01T00:00:00Z")));
        assertEquals(ms("2028-02-29T12:00:00Z"), auto.fromLine("Feb 29 12:00:00 host x", ms("2028-03-01T00:00:00Z")));
    }

    @Test
    void yearlessDatesAreReadInTheConfiguredZone() {
        TimestampParser paris = TimestampParser.of("auto", ZoneId.of("Europe/Paris"), MAX_FUTURE);
        assertEquals(ms("2024-03-01T07:05:09Z"), paris.fromLine("Mar  1 08:05:09 host sshd[12]: Accepted", REFERENCE));
        assertEquals(ms("2024-03-01T11:00:00.123Z"), paris.fromLine("2024-03-01 12:00:00,123 INFO [main] x", REFERENCE));
    }

    // ---- explicit formats, JSON values

    @Test
    void explicitFormatsReadTheStartOfTheLine() {
        TimestampParser syslog = TimestampParser.of("rfc3164", ZoneOffset.UTC, MAX_FUTURE);
        assertEquals(ms("2023-12-31T23:59:59Z"), syslog.fromLine("Dec 31 23:59:59 host x", REFERENCE));
        TimestampParser clf = TimestampParser.of("clf", ZoneOffset.UTC, MAX_FUTURE);
        assertEquals(ms("2000-10-10T20:55:36Z"), clf.fromLine("10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /\"", REFERENCE));
        TimestampParser epochMs = TimestampParser.of("epoch-ms", ZoneOffset.UTC, MAX_FUTURE);
        assertEquals(1_700_000_000_123L, epochMs.fromLine("1700000000123 x", REFERENCE));
    }

    @Test
    void jsonNumbersAreEpochSecondsMillisMicrosOrNanosByMagnitude() {
        assertEquals(1_700_000_000_000L, auto.fromNumber(1_700_000_000d));
        assertEquals(1_700_000_000_123L, auto.fromNumber(1_700_000_000_123d));
        assertEquals(1_700_000_000_123L, auto.fromNumber(1_700_000_000_123_000d));
        assertEquals(1_700_000_000_123L, auto.fromText("1700000000123", REFERENCE));
        assertEquals(ms("2024-03-01T12:00:00Z"), auto.fromText("2024-03-01T12:00:00Z", REFERENCE));
    }

    @Test
    void aUserPatternParsesFromTheStartOfTheLine() {
        TimestampParser p = TimestampParser.of("pattern:yyyy/MM/dd HH:mm:ss", ZoneOffset.UTC, MAX_FUTURE);
        assertEquals(ms("2024-03-01T12:00:00Z"), p.fromLine("2024/03/01 12:00:00 rest of line", REFERENCE));
        assertEquals(TimestampParser.NONE, p.fromLine("garbage", REFERENCE));
    }

    @Test
    void anUnknownFormatOrBadPatternNamesTheFlag() {
        var e = assertThrows(IllegalArgumentException.class, () -> TimestampParser.of("fancy", ZoneOffset.UTC, MAX_FUTURE));
        assertTrue(e.getMessage().contains("--time-format"), e.getMessage());
        var p = assertThrows(IllegalArgumentException.class,
                () -> TimestampParser.of("pattern:yyyy-MM-dd {{", ZoneOffset.UTC, MAX_FUTURE));
        assertTrue(p.getMessage().contains("--time-format"), p.getMessage());
    }

    @Test
    void civilDaysMatchJavaTimeAcrossCenturiesAndLeapYears() {
        for (String d : new String[] {"1970-01-01", "2000-02-29", "1900-03-01", "2100-12-31", "1969-12-31", "2024-02-29"}) {
            java.time.LocalDate ld = java.time.LocalDate.parse(d);
            assertEquals(ld.toEpochDay(), TimestampParser.daysFromCivil(ld.getYear(), ld.getMonthValue(), ld.getDayOfMonth()), d);
        }
    }

    // ---- the ISO parser's memo of the last minute (TimestampParser.iso)

    @Test
    void consecutiveIsoTimesOfOneMinuteAndTheNextMinuteDayAndYearParseAsAlone() {
        TimestampParser iso = TimestampParser.of("iso", ZoneOffset.UTC, MAX_FUTURE);
        String[] times = {"2026-03-14T10:15:00.000Z", "2026-03-14T10:15:59.999Z", "2026-03-14T10:15:07Z",
                "2026-03-14T10:16:00.001Z", "2026-03-15T10:16:00Z", "2027-03-15T10:16:00Z", "2026-03-14T10:15:30Z",
                "2026-03-14T10:15:30+02:00", "2026-03-14T10:15:30,250Z"};
        for (String t : times) {
            assertEquals(Instant.parse(t.replace(',', '.')).toEpochMilli(), iso.fromLine(t + " GET /index.html", REFERENCE), t);
        }
    }

    @Test
    void aLineSharingTheRememberedMinuteIsStillRejectedForABadSecondOrSeparator() {
        TimestampParser iso = TimestampParser.of("iso", ZoneOffset.UTC, MAX_FUTURE);
        assertEquals(ms("2026-03-14T10:15:00Z"), iso.fromLine("2026-03-14T10:15:00Z ok", REFERENCE));
        assertEquals(TimestampParser.NONE, iso.fromLine("2026-03-14T10:15:61Z bad second", REFERENCE));
        assertEquals(TimestampParser.NONE, iso.fromLine("2026-03-14T10:15:6", REFERENCE), "too short for a second");
        assertEquals(TimestampParser.NONE, iso.fromLine("2026-03-14T10:1", REFERENCE), "shorter than the minute");
        assertEquals(TimestampParser.NONE, iso.fromLine("2026-03-14T10:65:00Z bad minute", REFERENCE));
        assertEquals(TimestampParser.NONE, iso.fromLine("2026-13-14T10:15:00Z bad month", REFERENCE));
        assertEquals(ms("2026-03-14T10:15:00Z"), iso.fromLine("2026-03-14T10:15 no seconds", REFERENCE));
        // the same date in the DB2 layout: another separator in the remembered chars, another parse
        assertEquals(ms("2026-03-14T10:15:09.123Z"), iso.fromLine("2026-03-14-10.15.09.123456 RAS KERNEL", REFERENCE));
        assertEquals(TimestampParser.NONE, iso.fromLine("2026-03-14-10.15 RAS KERNEL", REFERENCE), "DB2 needs seconds");
    }

    /**
     * The memo must never change a result: a parser that has seen every line before gives each line the time a
     * fresh parser gives it, on random sequences of ISO-like lines that often share a minute and often differ from
     * the previous line in one char (digits out of range, other separators, cut lines, zones).
     */
    @Test
    void aParserWithAMemoGivesEachLineTheTimeAFreshParserGives() {
        java.util.Random rnd = new java.util.Random(20260314L);
        char[] edits = {'0', '1', '2', '3', '5', '9', '-', '/', ':', '.', ',', 'T', ' ', 'Z', '+', 'x'};
        TimestampParser memo = TimestampParser.of("auto", ZoneId.of("Europe/Berlin"), MAX_FUTURE);
        String previous = "2026-03-14T10:15:00.000Z a";
        int parsed = 0;
        for (int k = 0; k < 50_000; k++) {
            char[] line = previous.toCharArray();
            int edit = rnd.nextInt(4);
            if (edit == 0) {
                line[rnd.nextInt(line.length)] = edits[rnd.nextInt(edits.length)];
            } else if (edit == 1) {
                int at = 17 + rnd.nextInt(Math.max(1, line.length - 17));
                if (at < line.length) {
                    line[at] = (char) ('0' + rnd.nextInt(10));
                }
            }
            String text = new String(line, 0, rnd.nextInt(10) == 0 ? rnd.nextInt(line.length + 1) : line.length);
            if (rnd.nextInt(50) == 0 || text.length() < 10) {
                text = String.format("20%02d-%02d-%02d%c%02d:%02d:%02d.%03d%s msg", rnd.nextInt(40), 1 + rnd.nextInt(12),
                        1 + rnd.nextInt(28), rnd.nextBoolean() ? 'T' : ' ', rnd.nextInt(24), rnd.nextInt(60),
                        rnd.nextInt(60), rnd.nextInt(1000), rnd.nextBoolean() ? "Z" : "+01:00");
            }
            TimestampParser fresh = TimestampParser.of("auto", ZoneId.of("Europe/Berlin"), MAX_FUTURE);
            long expected = fresh.parseAt(Layout.ISO, 0, text, REFERENCE);
            assertEquals(expected, memo.parseAt(Layout.ISO, 0, text, REFERENCE), text);
            parsed += expected == TimestampParser.NONE ? 0 : 1;
            previous = text.length() >= 10 ? text : previous;
        }
        assertTrue(parsed > 10_000 && parsed < 45_000, "both outcomes often: " + parsed);
    }
}
