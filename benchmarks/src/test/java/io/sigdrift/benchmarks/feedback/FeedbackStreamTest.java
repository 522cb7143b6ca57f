package io.sigdrift.benchmarks.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feedback benchmark's generator: what recurs how often, determinism, any start weekday, and the lines it writes. */
class FeedbackStreamTest {
    static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");

    static Map<String, Integer> counts(List<Truth> truths, boolean benign) {
        Map<String, Integer> out = new HashMap<>();
        for (Truth t : truths) {
            if (t.benign() == benign) {
                out.merge(t.kind(), 1, Integer::sum);
            }
        }
        return out;
    }

    @Test
    void fourteenDaysCarryFiveBenignKindsAtLeastSixTimesEachAndAtLeastFiftyIncidents() {
        FeedbackStream s = new FeedbackStream(FeedbackStream.DEFAULT_SEED, MONDAY, 14, 1.0);
        Map<String, Integer> benign = counts(s.truths(), true);
        assertEquals(FeedbackStream.BENIGN_KINDS.size(), benign.size());
        assertTrue(benign.size() >= 5);
        benign.forEach((k, n) -> assertTrue(n >= 6, k + " occurs " + n + " times"));
        int incidents = counts(s.truths(), false).values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(incidents >= 50, "incidents: " + incidents);
        assertEquals(FeedbackStream.INCIDENT_KINDS.size(), counts(s.truths(), false).size());
    }

    @Test
    void everyStartWeekdayGivesTheSameCountsAndDeploysAndScansOnlyOnWeekdays() {
        for (int d = 0; d < 7; d++) {
            Instant start = MONDAY.plusSeconds(d * 86_400L);
            FeedbackStream s = new FeedbackStream(7, start, 14, 1.0);
            Map<String, Integer> benign = counts(s.truths(), true);
            benign.forEach((k, n) -> assertTrue(n >= 6, start + ": " + k + " occurs " + n + " times"));
            assertEquals(10, benign.get("DEPLOY"), "14 consecutive days have 10 weekdays, from " + start);
            assertTrue(counts(s.truths(), false).values().stream().mapToInt(Integer::intValue).sum() >= 50);
            for (Truth t : s.truths()) {
                if (t.kind().equals("DEPLOY") || t.kind().equals("SCANNER")) {
                    DayOfWeek w = Instant.ofEpochMilli(t.start()).atZone(ZoneOffset.UTC).getDayOfWeek();
                    assertFalse(w == DayOfWeek.SATURDAY || w == DayOfWeek.SUNDAY, t.toString());
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameTruthsAndLinesAndAnotherSeedDoesNot() {
        FeedbackStream a = new FeedbackStream(42, MONDAY, 4, 0.5);
        FeedbackStream b = new FeedbackStream(42, MONDAY, 4, 0.5);
        FeedbackStream c = new FeedbackStream(43, MONDAY, 4, 0.5);
        assertEquals(a.truths(), b.truths());
        assertEquals(a.dayLines(2), b.dayLines(2));
        assertNotEquals(a.truths(), c.truths());
        assertNotEquals(a.dayLines(2), c.dayLines(2));
    }

    @Test
    void incidentsKeepTwoHoursFromEveryOtherTruthOfTheirSourceSoAnAlertMatchesAtMostOne() {
        FeedbackStream s = new FeedbackStream(FeedbackStream.DEFAULT_SEED, MONDAY, 14, 1.0);
        for (Truth i : s.truths()) {
            if (i.benign()) {
                continue;
            }
            for (Truth t : s.truths()) {
                if (t != i && t.source().equals(i.source())) {
                    assertTrue(i.start() >= t.end() + FeedbackStream.TRUTH_GAP_MS || t.start() >= i.end() + FeedbackStream.TRUTH_GAP_MS,
                            i + " is close to " + t);
                }
            }
        }
    }

    @Test
    void someIncidentsUseTheSeriesOfABenignBehaviourWithAnotherCauseValue() {
        FeedbackStream s = new FeedbackStream(FeedbackStream.DEFAULT_SEED, MONDAY, 14, 1.0);
        Truth scan = s.truths().stream().filter(t -> t.kind().equals("SCANNER")).findFirst().orElseThrow();
        Truth brute = s.truths().stream().filter(t -> t.kind().equals("BRUTE_FORCE")).findFirst().orElseThrow();
        assertEquals(scan.series(), brute.series());
        assertEquals(FeedbackStream.SCANNER_IP, scan.cause());
        assertNotEquals(scan.cause(), brute.cause());
        Truth batch = s.truths().stream().filter(t -> t.kind().equals("BATCH")).findFirst().orElseThrow();
        Truth runaway = s.truths().stream().filter(t -> t.kind().equals("BATCH_RUNAWAY")).findFirst().orElseThrow();
        assertEquals(batch.series(), runaway.series());
        assertNotEquals(batch.cause(), runaway.cause());
    }

    @Test
    void aDaysLinesAreInTimeOrderInsideTheDayAndTheScannersLinesNameItsAddress() {
        FeedbackStream s = new FeedbackStream(FeedbackStream.DEFAULT_SEED, MONDAY, 3, 1.0);
        Truth scan = s.truths().stream().filter(t -> t.kind().equals("SCANNER")).findFirst().orElseThrow();
        int day = (int) ((scan.start() - MONDAY.toEpochMilli()) / 86_400_000L);
        List<FeedbackStream.Line> lines = s.dayLines(day);
        long last = Long.MIN_VALUE;
        int scanner = 0;
        for (FeedbackStream.Line l : lines) {
            assertTrue(l.time() >= last);
            last = l.time();
            assertTrue(l.time() >= s.dayStart(day) && l.time() < s.dayStart(day + 1), l.toString());
            if (l.text().contains(FeedbackStream.SCANNER_IP)) {
                scanner++;
                assertEquals("sshd/guessing", l.series());
                assertTrue(l.time() >= scan.start() && l.time() < scan.end());
            }
        }
        assertTrue(scanner > 100, "scanner lines: " + scanner);
        assertTrue(lines.size() > 20_000, "a day at scale 1 has tens of thousands of lines, had " + lines.size());
    }

    @Test
    void appendingDaysWritesOneFilePerSourceThatGrows(@TempDir Path dir) throws Exception {
        FeedbackStream s = new FeedbackStream(1, MONDAY, 2, 0.2);
        long first = s.appendDay(0, dir);
        long size = Files.size(dir.resolve("sshd.log"));
        long second = s.appendDay(1, dir);
        assertTrue(first > 0 && second > 0);
        assertTrue(Files.size(dir.resolve("sshd.log")) > size);
        long total = 0;
        for (String src : FeedbackStream.SOURCES) {
            total += Files.readAllLines(dir.resolve(src + ".log")).size();
        }
        assertEquals(first + second, total);
    }

    @Test
    void aStartThatIsNotMidnightIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new FeedbackStream(1, MONDAY.plusSeconds(3600), 14, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new FeedbackStream(1, MONDAY, 1, 1.0));
    }
}
