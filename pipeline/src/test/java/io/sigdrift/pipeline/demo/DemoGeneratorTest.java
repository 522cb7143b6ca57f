package io.sigdrift.pipeline.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.parse.TimestampParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoGeneratorTest {
    private static final Instant START = Instant.parse("2024-03-02T00:00:00Z");
    private static final Duration SPAN = Duration.ofMinutes(40);
    private static final long MINUTE = 60_000L;
    private static final long DAY = 86_400_000L;

    private static List<DemoGenerator.Line> lines(long seed) {
        List<DemoGenerator.Line> out = new ArrayList<>();
        new DemoGenerator(seed, START, SPAN, 0.5).forEach(out::add);
        return out;
    }

    @Test
    void theSameSeedGivesTheSameLinesAndAnotherSeedDifferentOnes() {
        assertEquals(lines(1), lines(1));
        assertTrue(!lines(1).equals(lines(2)));
    }

    @Test
    void linesAreInEventTimeOrderWithinTheSpanAndEverySourceIsPresent() {
        List<DemoGenerator.Line> l = lines(1);
        Map<String, Integer> perSource = new HashMap<>();
        long previous = Long.MIN_VALUE;
        for (DemoGenerator.Line x : l) {
            assertTrue(x.timestamp() >= previous);
            assertTrue(x.timestamp() >= START.toEpochMilli() && x.timestamp() < START.plus(SPAN).toEpochMilli());
            previous = x.timestamp();
            perSource.merge(x.source(), 1, Integer::sum);
            assertTrue(x.series().startsWith(x.source() + "/"), x.series());
        }
        assertEquals(DemoGenerator.SOURCES.size(), perSource.size());
        // scale 0.5 at night (a Saturday) ≈ 750 lines/min of traffic plus ~47 heartbeats/min
        assertTrue(l.size() > 15_000 && l.size() < 50_000, "lines: " + l.size());
    }

    @Test
    void everyTimestampedLineParsesBackToItsGeneratedTimeAndContinuationLinesHaveNone() {
        TimestampParser p = TimestampParser.of("auto", ZoneOffset.UTC, Duration.ofDays(1));
        int continuation = 0;
        DemoGenerator g = new DemoGenerator(3, START, Duration.ofHours(3), 0.5);
        for (DemoGenerator.Line x : g) {
            long t = p.fromLine(x.text(), x.timestamp());
            if (x.text().startsWith("\t") || x.text().startsWith("java.")) {
                assertEquals(TimestampParser.NONE, t, x.text());
                continuation++;
            } else {
                assertTrue(t != TimestampParser.NONE, x.text());
                assertTrue(Math.abs(t - x.timestamp()) < 1000, x.text() + " parsed as " + Instant.ofEpochMilli(t));
            }
        }
        assertTrue(continuation > 0, "stack traces are present");
    }

    @Test
    void aWeekHasFiftyIncidentsBalancedOverTheFiveKindsAndNoTwoOverlapInASource() {
        DemoGenerator g = new DemoGenerator(DemoGenerator.DEFAULT_SEED, Instant.parse("2026-01-05T00:00:00Z"), Duration.ofDays(7), 0.1);
        List<Incident> inc = g.incidents();
        assertEquals(50, inc.size());
        Map<IncidentKind, Integer> perKind = new EnumMap<>(IncidentKind.class);
        Set<String> newSeries = new HashSet<>();
        for (int i = 0; i < inc.size(); i++) {
            Incident a = inc.get(i);
            assertEquals(i, a.id());
            perKind.merge(a.kind(), 1, Integer::sum);
            assertTrue(a.start().isAfter(g.start().plus(Duration.ofDays(2)).minusMillis(1)), "after the lead-in: " + a);
            assertTrue(a.end().isAfter(a.start()) && !a.end().isAfter(g.end()));
            if (a.kind() == IncidentKind.NEW_ERROR) assertTrue(newSeries.add(a.series()), "each new error is new: " + a);
            for (Incident b : inc) {
                if (b != a && b.source().equals(a.source())) {
                    assertTrue(!b.start().isBefore(a.end().plus(Duration.ofHours(1))) || !a.start().isBefore(b.end().plus(Duration.ofHours(1))),
                            "incidents of a source are at least an hour apart: " + a + " / " + b);
                }
            }
        }
        for (IncidentKind k : IncidentKind.values()) {
            assertTrue(perKind.getOrDefault(k, 0) >= 8 && perKind.getOrDefault(k, 0) <= 12, "kinds balanced: " + perKind);
        }
    }

    @Test
    void countsHaveDailyAndWeeklySeasonalityAndAreOverdispersed() {
        // 7 days from a Monday, no incidents: weekday business hours vs nights, weekdays vs the weekend, and the
        // variance of 5-minute counts of orders at the same hour against their mean.
        Instant monday = Instant.parse("2026-01-05T00:00:00Z");
        DemoGenerator g = new DemoGenerator(5, monday, Duration.ofDays(7), 0.1, new IncidentSchedule(Duration.ofDays(7), Duration.ofDays(1)));
        assertTrue(g.incidents().isEmpty());
        long[] perHour = new long[24];
        long weekday = 0;
        long weekend = 0;
        Map<Long, Integer> ordersPerWindow = new HashMap<>();
        for (DemoGenerator.Line l : g) {
            if (!l.series().equals("app/order")) continue;
            long day = (l.timestamp() - monday.toEpochMilli()) / 86_400_000L;
            perHour[(int) ((l.timestamp() / 3_600_000L) % 24)]++;
            if (day >= 5) weekend++; else weekday++;
            ordersPerWindow.merge(l.timestamp() / (5 * MINUTE), 1, Integer::sum);
        }
        assertTrue(perHour[14] > 2.5 * perHour[2], "business hours busier than the night: " + perHour[14] + " vs " + perHour[2]);
        assertTrue(weekend / 2.0 < 0.85 * weekday / 5.0, "weekend days quieter: " + weekend / 2.0 + " vs " + weekday / 5.0);
        // Windows at 13:00-15:00 on weekdays: variance well above the mean (Poisson would give ratio 1).
        List<Integer> xs = new ArrayList<>();
        for (long w = monday.toEpochMilli() / (5 * MINUTE); w < monday.toEpochMilli() / (5 * MINUTE) + 5 * 288; w++) {
            long hour = (w * 5 * MINUTE / 3_600_000L) % 24;
            if (hour >= 13 && hour < 15) xs.add(ordersPerWindow.getOrDefault(w, 0));
        }
        double mean = xs.stream().mapToInt(Integer::intValue).average().orElse(0);
        double var = xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (xs.size() - 1);
        assertTrue(var > 1.5 * mean, "overdispersed: variance " + var + " vs mean " + mean);
    }

    @Test
    void incidentLabelsMatchTheInjectedLines() {
        DemoGenerator g = new DemoGenerator(5, Instant.parse("2026-01-05T00:00:00Z"), Duration.ofDays(4), 0.1);
        assertTrue(g.incidents().stream().allMatch(i -> i.end().isBefore(g.start().plus(Duration.ofDays(5)))), "no weekend");
        // lines of the series: in the incident, in as long before it, in the same hours of the first day (in the
        // lead-in, so free of incidents, and a working day as the incident's)
        Map<Incident, long[]> during = new HashMap<>();
        for (Incident i : g.incidents()) during.put(i, new long[3]);
        for (DemoGenerator.Line l : g) {
            for (Incident i : g.incidents()) {
                if (!l.series().equals(i.series()) || l.text().startsWith("\t") || l.text().startsWith("java.")) continue;
                long t = l.timestamp();
                long s = i.start().toEpochMilli();
                long e = i.end().toEpochMilli();
                if (t >= s && t < e) during.get(i)[0]++;
                if (t >= s - (e - s) && t < s) during.get(i)[1]++;
                long back = (s - g.start().toEpochMilli()) / DAY * DAY;
                if (t >= s - back && t < e - back) during.get(i)[2]++;
                if (i.kind() == IncidentKind.SPIKE && l.text().contains(DemoGenerator.ATTACKER_IP)) {
                    assertTrue(affects(i, l), "attacker lines only during the spike: " + l);
                }
            }
        }
        assertEquals(Set.of(IncidentKind.values()), g.incidents().stream().map(Incident::kind).collect(java.util.stream.Collectors.toSet()));
        for (Map.Entry<Incident, long[]> e : during.entrySet()) {
            Incident i = e.getKey();
            long in = e.getValue()[0];
            long before = e.getValue()[1];
            switch (i.kind()) {
                case SPIKE -> assertTrue(in > 4 * before, i + ": " + in + " vs " + before);
                case DROP -> assertTrue(in < 0.4 * before, i + ": " + in + " vs " + before);
                case STOPPED_HEARTBEAT -> {
                    double expected = i.factor() * before;
                    assertTrue(Math.abs(in - expected) <= 0.02 * before + 2, i + ": " + in + " vs " + before);
                }
                case NEW_ERROR -> assertTrue(in > 0 && before == 0, i + ": " + in + " vs " + before);
                // A drift lasts 3.5-4.5 hours: the daily cycle alone moves such a window's count by up to x1.8
                // against the hours before it, so it is judged against the same hours of an incident-free day.
                case SLOW_DRIFT -> {
                    long usual = e.getValue()[2];
                    assertTrue(i.direction() > 0 ? in > 1.5 * usual : in < 0.75 * usual, i + ": " + in + " vs " + usual);
                }
            }
        }
    }

    /** What a run is made of, with times as offsets from its start: equal for two starts means the same run. */
    private static List<String> shape(DemoGenerator g) {
        List<String> out = new ArrayList<>();
        long start = g.start().toEpochMilli();
        for (DemoGenerator.Line l : g) {
            out.add((l.timestamp() - start) + " " + l.series());
        }
        for (Incident i : g.incidents()) {
            out.add(i.kind() + " " + i.series() + " " + (i.start().toEpochMilli() - start) + ".." + (i.end().toEpochMilli() - start)
                    + " x" + i.factor());
        }
        return out;
    }

    @Test
    void aRunIsTheSameFromEveryStartDateSoItsVerdictCannotDependOnTheWeekday() {
        // a Monday, a Thursday, a Saturday and a 29th of February: 3 days each (the demo's span), incidents on the last
        List<Instant> starts = List.of(Instant.parse("2026-01-05T00:00:00Z"), Instant.parse("2026-11-26T00:00:00Z"),
                Instant.parse("2026-12-05T00:00:00Z"), Instant.parse("2028-02-29T00:00:00Z"));
        List<String> first = null;
        for (Instant start : starts) {
            DemoGenerator g = new DemoGenerator(9, start, Duration.ofDays(3), 0.01);
            List<String> shape = shape(g);
            assertTrue(g.incidents().size() >= 5, "incidents on the third day");
            if (first == null) {
                first = shape;
            } else {
                assertEquals(first, shape, "the run from " + start + " differs from the run from " + starts.get(0));
            }
        }
    }

    @Test
    void theWeekendIsTheSixthAndSeventhDayFromTheStartWhateverTheCalendarSays() {
        // Starting on a Saturday: the calendar weekend (days 0 and 1) is busy, days 5 and 6 are quiet.
        Instant saturday = Instant.parse("2026-12-05T00:00:00Z");
        assertEquals(java.time.DayOfWeek.SATURDAY, saturday.atZone(ZoneOffset.UTC).getDayOfWeek());
        DemoGenerator g = new DemoGenerator(5, saturday, Duration.ofDays(7), 0.1,
                new IncidentSchedule(Duration.ofDays(7), Duration.ofDays(1)));
        long[] perDay = new long[7];
        for (DemoGenerator.Line l : g) {
            if (l.series().equals("app/order")) {
                perDay[(int) ((l.timestamp() - saturday.toEpochMilli()) / 86_400_000L)]++;
            }
        }
        double working = (perDay[0] + perDay[1] + perDay[2] + perDay[3] + perDay[4]) / 5.0;
        double weekend = (perDay[5] + perDay[6]) / 2.0;
        assertTrue(weekend < 0.85 * working, "days 5 and 6 quieter: " + java.util.Arrays.toString(perDay));
        assertTrue(Math.min(perDay[0], perDay[1]) > 0.9 * working, "the calendar's weekend is not: " + java.util.Arrays.toString(perDay));
    }

    /** True for a generated line of the incident's series stamped within [start, end). */
    private static boolean affects(Incident i, DemoGenerator.Line line) {
        return line.series().equals(i.series()) && line.timestamp() >= i.start().toEpochMilli()
                && line.timestamp() < i.end().toEpochMilli();
    }

    @Test
    void aSpikeWithACauseHasItInEveryLineOfItsSeriesWhileItLastsAndSomeSpikesHaveNone() {
        DemoGenerator g = new DemoGenerator(5, Instant.parse("2026-01-05T00:00:00Z"), Duration.ofDays(4), 0.1);
        List<Incident> caused = g.incidents().stream().filter(i -> i.cause() != null).toList();
        assertTrue(!caused.isEmpty(), "some incidents have a single-value cause");
        assertTrue(caused.stream().allMatch(i -> i.kind() == IncidentKind.SPIKE), caused.toString());
        assertTrue(g.incidents().stream().anyMatch(i -> i.kind() == IncidentKind.SPIKE && i.cause() == null),
                "error storms have no single cause");
        Map<Incident, Integer> seen = new HashMap<>();
        for (DemoGenerator.Line l : g) {
            for (Incident i : caused) {
                if (affects(i, l)) {
                    assertTrue(l.text().contains(i.cause()), i + ": " + l);
                    seen.merge(i, 1, Integer::sum);
                }
            }
        }
        assertEquals(caused.size(), seen.size(), "every caused spike has lines");
    }
}
