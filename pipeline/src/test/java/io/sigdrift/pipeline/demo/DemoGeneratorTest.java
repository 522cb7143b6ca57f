package io.sigdrift.pipeline.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.parse.TimestampParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoGeneratorTest {
    private static final Instant START = Instant.parse("2024-03-02T00:00:00Z");
    private static final Duration SPAN = Duration.ofMinutes(40);

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
        }
        assertEquals(DemoGenerator.SOURCES.size(), perSource.size());
        // scale 0.5 ≈ 900 lines/min of background traffic
        assertTrue(l.size() > 25_000 && l.size() < 50_000, "lines: " + l.size());
    }

    @Test
    void everyTimestampedLineParsesBackToItsGeneratedTimeAndContinuationLinesHaveNone() {
        TimestampParser p = TimestampParser.of("auto", ZoneOffset.UTC, START.toEpochMilli());
        int continuation = 0;
        for (DemoGenerator.Line x : lines(3)) {
            long t = p.fromLine(x.text());
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
    void incidentLabelsMatchTheInjectedLines() {
        DemoGenerator g = new DemoGenerator(5, START, SPAN, 0.5);
        Incident brute = g.incidents().get(0);
        Incident deploy = g.incidents().get(1);
        Incident heartbeat = g.incidents().get(2);
        int bruteLines = 0;
        int errorLines = 0;
        int worker2After = 0;
        int worker2Before = 0;
        for (DemoGenerator.Line l : g) {
            if (l.text().contains(DemoGenerator.ATTACKER_IP)) {
                assertTrue(brute.affects(l.source(), l.timestamp(), l.text()), l.text());
                bruteLines++;
            }
            if (l.text().contains("Checkout failed for cart")) {
                assertTrue(deploy.affects(l.source(), l.timestamp(), l.text()));
                errorLines++;
            }
            if (l.text().contains("heartbeat node=worker-2 ")) {
                if (l.timestamp() >= heartbeat.start().toEpochMilli()) {
                    worker2After++;
                } else {
                    worker2Before++;
                }
            }
        }
        long bruteMinutes = Duration.between(brute.start(), brute.end()).toMinutes();
        assertTrue(bruteLines > 30 * bruteMinutes, "burst of ~60/min, got " + bruteLines + " in " + bruteMinutes + " min");
        assertTrue(errorLines > 0);
        assertEquals(0, worker2After, "the heartbeat stopped");
        assertTrue(worker2Before > 100);
    }
}
