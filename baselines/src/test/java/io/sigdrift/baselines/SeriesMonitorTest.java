package io.sigdrift.baselines;

import org.apache.commons.math3.random.RandomDataGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.*;

class SeriesMonitorTest {

    static final long WINDOW = 5 * 60_000L;
    static final long DAY = 86_400_000L;
    static final long T0 = 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, DAY);
    static final int WARMUP = 100;
    static final BaselineConfig BASELINE = BaselineConfig.builder().warmupWindows(WARMUP).build();
    static final DetectorConfig DETECTORS = DetectorConfig.builder().sourceWarmupWindows(WARMUP).build();

    static SeriesMonitor monitor(DetectorConfig dc) {
        return new SeriesMonitor("app", "sig-1", BASELINE, dc, Detectors.signatureDetectors(dc));
    }

    /** Feeds windows 0..n-1 with counts from {@code count} and returns every event. */
    static List<AnomalyEvent> run(SeriesMonitor m, int from, int to, IntToDoubleFunction count) {
        List<AnomalyEvent> events = new ArrayList<>();
        for (int w = from; w < to; w++) {
            events.addAll(m.observe(T0 + w * WINDOW, T0 + (w + 1) * WINDOW, count.applyAsDouble(w), SourceContext.MATURE).events());
        }
        return events;
    }

    /** Without the NEW of the very first window (the tests' source context is mature). */
    static List<AnomalyEvent> notNew(List<AnomalyEvent> events) {
        return events.stream().filter(e -> e.kind() != AnomalyKind.NEW).toList();
    }

    static long count(List<AnomalyEvent> events, EventChange change, AnomalyKind kind) {
        return events.stream().filter(e -> e.change() == change && (kind == null || e.kind() == kind)).count();
    }

    /** A detector that asks for exact tails (the default level of the interface): the reference for the bound. */
    record ExactTails(Detector inner) implements Detector {
        @Override public AnomalyKind kind() { return inner.kind(); }
        @Override public Finding evaluate(Assessment a, SourceContext source) { return inner.evaluate(a, source); }
    }

    @Test
    void boundedTailsGiveTheSameEventsAsExactTails() {
        // Spikes, rare bursts, drops, stops and bursty noise around four rates: every detector that reads a tail
        // fires somewhere, and most windows are ordinary ones whose tails are only bounded.
        DetectorConfig dc = DetectorConfig.builder().sourceWarmupWindows(WARMUP).alpha(1e-3).build();
        for (double rate : new double[] {0.2, 3, 12, 40}) {
            RandomDataGenerator rng = new RandomDataGenerator(new Well19937c((long) (rate * 10)));
            double[] counts = new double[3000];
            for (int w = 0; w < counts.length; w++) {
                double r = w % 400 < 20 && w > 400 ? rate * 6 : w % 900 > 880 ? rate / 8 : rate;
                counts[w] = rng.nextPoisson(Math.max(1e-3, r * rng.nextGamma(4, 0.25)));
            }
            SeriesMonitor bounded = monitor(dc);
            SeriesMonitor exact = new SeriesMonitor("app", "sig-1", BASELINE, dc,
                    Detectors.signatureDetectors(dc).stream().map(d -> (Detector) new ExactTails(d)).toList());
            List<AnomalyEvent> boundedEvents = run(bounded, 0, counts.length, w -> counts[w]);
            List<AnomalyEvent> exactEvents = run(exact, 0, counts.length, w -> counts[w]);
            assertTrue(exactEvents.size() > 3, "the series has incidents at rate " + rate + ": " + exactEvents.size());
            assertEquals(exactEvents, boundedEvents, "rate " + rate);
        }
    }

    @Test
    void aSpikeIsOneEventThatIsUpdatedNotRepeated() {
        RandomDataGenerator rng = new RandomDataGenerator(new Well19937c(1));
        SeriesMonitor m = monitor(DETECTORS);
        assertEquals(0, run(m, 0, 400, w -> rng.nextPoisson(10)).stream().filter(e -> e.kind() != AnomalyKind.NEW).count());
        double[] burst = {80, 120, 150, 90, 70};
        List<AnomalyEvent> events = run(m, 400, 405, w -> burst[w - 400]);
        events.addAll(run(m, 405, 440, w -> rng.nextPoisson(10)));
        List<AnomalyEvent> up = events.stream().filter(e -> e.direction() > 0).toList();
        assertEquals(1, count(up, EventChange.CREATED, AnomalyKind.SPIKE));
        assertEquals(1, count(up, EventChange.CLOSED, null));
        assertEquals(1, up.stream().map(AnomalyEvent::id).distinct().count(), "one incident, one id");
        AnomalyEvent created = up.get(0);
        assertEquals(80, created.observed());
        assertTrue(created.expected() > 7 && created.expected() < 13);
        assertTrue(created.explanation().contains("80"));
    }

    @Test
    void oneToThreeIsNotASpike() {
        RandomDataGenerator rng = new RandomDataGenerator(new Well19937c(2));
        SeriesMonitor m = monitor(DETECTORS);
        run(m, 0, 400, w -> rng.nextPoisson(0.3));
        List<AnomalyEvent> events = run(m, 400, 401, w -> 3);
        assertEquals(0, count(events, EventChange.CREATED, AnomalyKind.SPIKE));
    }

    @Test
    void aRegularSignatureThatStopsIsADrop() {
        SeriesMonitor m = monitor(DETECTORS);
        run(m, 0, 300, w -> 12);
        List<AnomalyEvent> events = run(m, 300, 303, w -> 0);
        assertEquals(1, count(events, EventChange.CREATED, AnomalyKind.DROP));
        assertTrue(events.get(0).windowStart() <= T0 + 301 * WINDOW, "stopped heartbeat seen within two windows");
    }

    @Test
    void aSlowDriftIsReportedAsASustainedShift() {
        RandomDataGenerator rng = new RandomDataGenerator(new Well19937c(3));
        SeriesMonitor m = monitor(DETECTORS);
        int quiet = 2 * 288 + 50; // the shift statistics start with the daily profile (two days)
        run(m, 0, quiet, w -> rng.nextPoisson(20));
        // doubling over 12 hours: no single window is extreme
        List<AnomalyEvent> events = run(m, quiet, quiet + 144, w -> rng.nextPoisson(20 * (1 + (w - quiet) / 144.0)));
        assertTrue(count(events, EventChange.CREATED, AnomalyKind.SHIFT) >= 1, events.toString());
        assertEquals(0, count(events, EventChange.CREATED, AnomalyKind.SPIKE));
    }

    @Test
    void confirmationDelaysTheEventToTheLastConfirmingWindow() {
        DetectorConfig confirm = DetectorConfig.builder().sourceWarmupWindows(WARMUP).confirmWindows(3).build();
        SeriesMonitor m = monitor(confirm);
        run(m, 0, 300, w -> 10);
        assertEquals(0, run(m, 300, 302, w -> 200).size());
        List<AnomalyEvent> third = run(m, 302, 303, w -> 200);
        assertEquals(1, count(third, EventChange.CREATED, AnomalyKind.SPIKE));
        assertEquals(T0 + 300 * WINDOW, third.get(0).incidentStart());
    }

    @Test
    void newSignatureAfterWarmupIsReportedButNotDuringTheSourceWarmup() {
        SeriesMonitor fresh = monitor(DETECTORS);
        List<AnomalyEvent> e = fresh.observe(T0, T0 + WINDOW, 4, new SourceContext(5_000, 0.0, 10)).events();
        assertEquals(1, count(e, EventChange.CREATED, AnomalyKind.NEW));
        SeriesMonitor early = monitor(DETECTORS);
        assertTrue(early.observe(T0, T0 + WINDOW, 4, new SourceContext(3, 0.0, 10)).events().isEmpty());
    }

    @Test
    void aRareSignatureBurstIsReportedAsRare() {
        SeriesMonitor m = monitor(DETECTORS);
        m.observe(T0, T0 + WINDOW, 1, SourceContext.MATURE);
        run(m, 1, 3000, w -> 0);
        List<AnomalyEvent> events = run(m, 3000, 3001, w -> 3);
        assertEquals(1, count(events, EventChange.CREATED, AnomalyKind.RARE), events.toString());
    }

    @Test
    void aRegularSeriesLosingAThirdOfItsCountIsADrop() {
        SeriesMonitor m = monitor(DETECTORS);
        run(m, 0, 400, w -> 60); // three heartbeats every 15 s, counted per 5 minutes
        List<AnomalyEvent> events = run(m, 400, 402, w -> 40);
        assertEquals(1, count(events, EventChange.CREATED, AnomalyKind.DROP), events.toString());
    }

    @Test
    void aRegularSeriesLosingAThirdOfTwelvePerWindowIsASustainedShiftWithinAFewWindows() {
        // Three heartbeats every 15 s counted per minute: 12, 12, 12, ... then one host stops (8).
        // No single window is significant (the variance floor is 1 + 0.1 mu = 2.2), the regular
        // series' Normal CUSUM is, and it runs without waiting for the hour-of-day profile.
        SeriesMonitor m = monitor(DETECTORS);
        assertTrue(notNew(run(m, 0, 400, w -> 12)).isEmpty());
        List<AnomalyEvent> events = run(m, 400, 410, w -> 8);
        assertEquals(1, count(events, EventChange.CREATED, null), events.toString());
        AnomalyEvent e = events.get(0);
        assertEquals(AnomalyKind.SHIFT, e.kind());
        assertEquals(-1, e.direction());
        assertTrue(e.windowStart() <= T0 + 406 * WINDOW, "within 7 windows: " + e);
    }

    @Test
    void aRegularSeriesWithJitterOfOneAcrossWindowBoundariesRaisesNothing() {
        SeriesMonitor m = monitor(DETECTORS);
        Well19937c rnd = new Well19937c(3);
        // 12 per window, a beat sometimes counted in the neighbouring window: 11/13 pairs.
        int[] carry = {0};
        List<AnomalyEvent> events = run(m, 0, 20_000, w -> {
            int x = 12 + carry[0];
            carry[0] = 0;
            if (rnd.nextDouble() < 0.1) {
                x -= 1;
                carry[0] = 1;
            }
            return x;
        });
        assertTrue(notNew(events).isEmpty(), events.toString());
    }

    @Test
    void aHeartbeatHostThatStopsForAnHourIsReportedAgainTheNextTime() {
        // The level must not be left at the outage's rate, nor the outage's deficits be learnt as
        // the series' normal variance: the same outage a day later is found again.
        SeriesMonitor m = monitor(DETECTORS);
        run(m, 0, 400, w -> 60);
        List<AnomalyEvent> first = run(m, 400, 412, w -> 40);
        List<AnomalyEvent> between = run(m, 412, 700, w -> 60);
        List<AnomalyEvent> second = run(m, 700, 712, w -> 40);
        assertEquals(1, count(first, EventChange.CREATED, null), first.toString());
        assertEquals(0, count(between, EventChange.CREATED, null), "the return to normal is quiet: " + between);
        assertEquals(1, count(second, EventChange.CREATED, null), second.toString());
    }

    @Test
    void aTemporaryDropOfABurstySeriesDoesNotLeaveRisingAlarmsAfterIt() {
        // A bursty series at ~30 per window with a daily profile; an hour and a half at a tenth of
        // its rate; then normal again for two days: one incident, nothing after the recovery hour.
        SeriesMonitor m = monitor(DETECTORS);
        RandomDataGenerator rnd = new RandomDataGenerator(new Well19937c(11));
        IntToDoubleFunction normal = w -> rnd.nextPoisson(30 * (1 + 0.5 * Math.sin(2 * Math.PI * w / 288.0)) * rnd.nextGamma(10, 0.1));
        assertTrue(notNew(run(m, 0, 3 * 288, normal)).isEmpty());
        List<AnomalyEvent> drop = run(m, 3 * 288, 3 * 288 + 18, w -> rnd.nextPoisson(3));
        run(m, 3 * 288 + 18, 3 * 288 + 30, normal);   // the recovery hour (the open incident closes)
        List<AnomalyEvent> after = run(m, 3 * 288 + 30, 5 * 288, normal);
        assertEquals(1, count(drop, EventChange.CREATED, null), drop.toString());
        assertEquals(0, count(after, EventChange.CREATED, null), after.toString());
    }

    @Test
    void aSignatureBornInABurstIsNotReportedAgainAndAgainAfterTheBurst() {
        SeriesMonitor m = monitor(DETECTORS);
        List<AnomalyEvent> events = run(m, 0, 60, w -> 100);   // born in an attack
        events.addAll(run(m, 60, 6 * 288, w -> 0));           // then silent for days
        long created = events.stream().filter(e -> e.change() == EventChange.CREATED).count();
        assertTrue(created <= 2, "at most the end of the burst is reported: " + events);
    }

    @Test
    void badInputNeverThrowsAndProducesNoEvent() {
        SeriesMonitor m = monitor(DETECTORS);
        run(m, 0, 200, w -> 5);
        double[] bad = {Double.NaN, -3, Double.NEGATIVE_INFINITY, 1e200};
        for (double v : bad) {
            Outcome o = assertDoesNotThrow(() -> m.observe(T0 + 200 * WINDOW, T0 + 201 * WINDOW, v, SourceContext.MATURE));
            assertTrue(o.events().isEmpty());
            assertNotEquals(InputIssue.NONE, o.assessment().issue());
        }
        assertEquals(bad.length, m.baseline().ignoredInputs());
    }

    @Test
    void footprintOfAMonitorStaysWithinDocumentedBound() {
        SeriesMonitor m = monitor(DETECTORS);
        run(m, 0, 500, w -> w % 50 == 0 ? 100 : 3);
        long bytes = Footprint.of(m);
        assertTrue(bytes <= SeriesMonitor.MAX_BYTES, "footprint " + bytes + " > " + SeriesMonitor.MAX_BYTES);
        long tracker = Footprint.of(m.tracker());
        assertTrue(tracker <= IncidentTracker.MAX_BYTES, "tracker footprint " + tracker + " > " + IncidentTracker.MAX_BYTES);
        assertTrue(bytes > SeriesMonitor.MAX_BYTES * 3 / 4, "bound is far from the real size: " + bytes);
        assertTrue(tracker > IncidentTracker.MAX_BYTES * 3 / 4, "tracker bound is far from the real size: " + tracker);
    }
}
