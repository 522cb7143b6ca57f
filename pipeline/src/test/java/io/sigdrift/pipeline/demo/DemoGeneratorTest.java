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
        DemoGenerator g = new DemoGenerator(5, monday, Duration.ofDays(7), 0.1, new DemoGenerator.Schedule(Duration.ofDays(7), Duration.ofDays(1)));
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
        Map<Incident, long[]> during = new HashMap<>();   // lines of the series: in the incident, in the hour before
        for (Incident i : g.incidents()) during.put(i, new long[2]);
        for (DemoGenerator.Line l : g) {
            for (Incident i : g.incidents()) {
                if (!l.series().equals(i.series()) || l.text().startsWith("\t") || l.text().startsWith("java.")) continue;
                long t = l.timestamp();
                long s = i.start().toEpochMilli();
                long e = i.end().toEpochMilli();
                if (t >= s && t < e) during.get(i)[0]++;
                if (t >= s - (e - s) && t < s) during.get(i)[1]++;
                if (i.kind() == IncidentKind.SPIKE && l.text().contains(DemoGenerator.ATTACKER_IP)) {
                    assertTrue(i.affects(l), "attacker lines only during the spike: " + l);
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
                case SLOW_DRIFT -> assertTrue(i.direction() > 0 ? in > 1.5 * before : in < 0.9 * before, i + ": " + in + " vs " + before);
            }
        }
    }
}
