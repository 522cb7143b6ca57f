package io.sigdrift.pipeline.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.ParsedLine.TimeOrigin;
import io.sigdrift.pipeline.record.RawLine;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-source layout detection through {@link LineParser}, as the job runs it. */
class SourceTimesTest {
    private static final long NOW = Instant.parse("2024-06-15T12:00:00Z").toEpochMilli();
    private static final long T0 = Instant.parse("2024-03-14T09:26:53Z").toEpochMilli();

    private final List<ParsedLine> lines = new ArrayList<>();
    private final List<DeadLetter> dead = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final LineParser.Output out = new LineParser.Output() {
        @Override
        public void line(ParsedLine line) {
            lines.add(line);
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            dead.add(deadLetter);
        }

        @Override
        public void timeWarning(String source, String warning) {
            warnings.add(warning);
        }
    };

    private static String hpc(long epochSeconds) {
        return "482910 node-31 unix.hw state_change.available " + epochSeconds + " 1 Component State Change: Component \\042alt0\\042";
    }

    private static String syslog(int second) {
        return String.format("Mar 14 09:27:%02d web01 sshd[4242]: Failed password for root from 10.0.0.7 port 5022 ssh2", second);
    }

    @Test
    void eachSourceSettlesOnItsOwnLayoutAndFieldAndEveryLineKeepsItsOwnTime() {
        LineParser p = new LineParser(ParseConfig.defaults());
        for (int i = 0; i < 20; i++) {
            p.parse(new RawLine("hpc.log", hpc(T0 / 1000 + i * 3600)), NOW, out);
            p.parse(new RawLine("auth.log", syslog(i)), NOW, out);
        }
        assertEquals("EPOCH_S@4", p.layoutOf("hpc.log"));
        assertEquals("SYSLOG@0", p.layoutOf("auth.log"));
        for (int i = 0; i < 20; i++) {
            assertEquals(TimeOrigin.PARSED, lines.get(2 * i).timeOrigin);
            assertEquals(T0 + i * 3_600_000L, lines.get(2 * i).timestamp, "HPC lines are not in time order and need not be");
            assertEquals(Instant.parse("2024-03-14T09:27:00Z").toEpochMilli() + i * 1000L, lines.get(2 * i + 1).timestamp);
        }
    }

    @Test
    void aSourceIsDetectedFromItsFirstLinesWhichKeepTheirTimes() {
        LineParser p = new LineParser(ParseConfig.defaults());
        for (int i = 0; i < SourceTimes.DETECT_LINES - 1; i++) {
            p.parse(new RawLine("auth.log", syslog(i)), NOW, out);
        }
        assertNull(p.layoutOf("auth.log"), "still detecting");
        p.parse(new RawLine("auth.log", syslog(7)), NOW, out);
        assertEquals("SYSLOG@0", p.layoutOf("auth.log"));
        assertTrue(lines.stream().allMatch(l -> l.timeOrigin == TimeOrigin.PARSED));
    }

    @Test
    void aSourceRotatedToAnotherFormatIsDetectedAgainWithoutLosingATime() {
        LineParser p = new LineParser(ParseConfig.defaults());
        for (int i = 0; i < 10; i++) {
            p.parse(new RawLine("app.log", syslog(i)), NOW, out);
        }
        for (int i = 0; i < SourceTimes.REDETECT_AFTER + SourceTimes.DETECT_LINES; i++) {
            p.parse(new RawLine("app.log", String.format("2024-03-14 09:28:%02d,120 INFO  [main] c.a.Server - tick", i)), NOW, out);
        }
        assertEquals("ISO@0", p.layoutOf("app.log"));
        assertTrue(lines.stream().allMatch(l -> l.timeOrigin == TimeOrigin.PARSED));
        assertEquals(Instant.parse("2024-03-14T09:28:23.120Z").toEpochMilli(), lines.get(lines.size() - 1).timestamp);
    }

    @Test
    void aNumberEarlyInAStackTraceLineIsNoTimeOfTheSource() {
        LineParser p = new LineParser(ParseConfig.defaults());
        for (int i = 0; i < 10; i++) {
            p.parse(new RawLine("app.log", syslog(i)), NOW, out);
        }
        p.parse(new RawLine("app.log", "Caused by: java.lang.IllegalStateException: 1700000000 expired"), NOW, out);
        ParsedLine last = lines.get(lines.size() - 1);
        assertEquals(TimeOrigin.INHERITED, last.timeOrigin, "an epoch-looking number years from the source's clock: " + last);
    }

    @Test
    void anOddFirstLineDoesNotKeepTheSourcesRealLayoutFromBeingDated() {
        LineParser p = new LineParser(ParseConfig.defaults());
        p.parse(new RawLine("app.log", "build 1500000000 starting"), NOW, out);   // a number that looks like 2017
        for (int i = 0; i < 10; i++) {
            p.parse(new RawLine("app.log", syslog(i)), NOW, out);
        }
        assertEquals("SYSLOG@0", p.layoutOf("app.log"));
        assertTrue(lines.subList(1, 11).stream().allMatch(l -> l.timeOrigin == TimeOrigin.PARSED), lines.toString());
    }

    @Test
    void perSourceStateIsBoundedAndTheLeastRecentlyUsedSourceIsEvictedAndCounted() {
        LineParser p = new LineParser(ParseConfig.defaults(), 2);
        for (String source : new String[] {"a", "b", "a", "c"}) {
            for (int i = 0; i < SourceTimes.DETECT_LINES; i++) {
                p.parse(new RawLine(source, syslog(i)), NOW, out);
            }
        }
        assertEquals(2, p.trackedSources());
        assertEquals(1, p.evictedSources());
        assertNull(p.layoutOf("b"), "b was least recently used");
        assertEquals("SYSLOG@0", p.layoutOf("a"));
        assertEquals("SYSLOG@0", p.layoutOf("c"));
        assertEquals(4 * SourceTimes.DETECT_LINES, lines.stream().filter(l -> l.timeOrigin == TimeOrigin.PARSED).count(),
                "an evicted source's lines are still dated: it only detects again");
    }

    @Test
    void aSourceMostlyWithoutTimestampsGetsOneWarningNamingItAndASampleLine() {
        LineParser p = new LineParser(ParseConfig.defaults());
        for (int i = 0; i < 3 * SourceTimes.JUDGE_AFTER_LINES; i++) {
            p.parse(new RawLine("/var/log/plain.log", "worker " + i + " finished a job"), NOW, out);
            p.parse(new RawLine("auth.log", syslog(i % 60)), NOW, out);
        }
        p.finish(out);
        assertEquals(1, warnings.size(), warnings.toString());
        String w = warnings.get(0);
        assertTrue(w.contains("/var/log/plain.log") && w.contains("worker 0 finished a job") && w.contains("--time-format"), w);
    }

    @Test
    void aShortSourceWithoutTimestampsIsWarnedAboutAtTheEndOfInputOnce() {
        LineParser p = new LineParser(ParseConfig.defaults());
        p.parse(new RawLine("stdin", "hello"), NOW, out);
        p.parse(new RawLine("stdin", "world"), NOW, out);
        assertTrue(warnings.isEmpty(), "judged only after " + SourceTimes.JUDGE_AFTER_LINES + " lines or at the end");
        p.finish(out);
        p.finish(out);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("2 of its first 2 lines"), warnings.get(0));
    }

    @Test
    void findingTheTimeOfASettledSourceAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        TimestampParser parser = ParseConfig.defaults().timestampParser();
        String[] samples = {syslog(1), hpc(T0 / 1000), "2024-03-14 09:26:53,747 - INFO  [main] x",
                "03-14 09:26:53.811  1702  2395 D WindowManager: x", "[Thu Mar 14 09:26:53 2024] [error] x"};
        for (String line : samples) {
            SourceTimes times = new SourceTimes("s");
            long sum = 0;
            for (int i = 0; i < 20_000; i++) {   // detect, then warm up
                sum += times.find(parser, line, NOW);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                sum += times.find(parser, line, NOW + i);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(sum != 0);
            assertTrue(allocated < 4_096, line + ": " + allocated + " bytes for 100,000 lines");
        }
    }
}
