package io.sigdrift.baselines.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.Attribution;
import io.sigdrift.baselines.EventChange;
import io.sigdrift.baselines.SourceDetector;
import io.sigdrift.baselines.SourceDetectorConfig;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Attribution through the source core, fed as the job feeds it: each window's lines go through a
 * {@link WindowSketch} (as in the count stage) and its shipped values reach {@link SourceDetector#count}.
 */
class AttributionTest {
    static final long MINUTE = 60_000L;
    static final long T0 = 1_773_446_400_000L;   // 2026-03-14T00:00:00Z
    static final int WARMUP = 30;
    static final int NORMAL_WINDOWS = 120;
    static final int LINES_PER_WINDOW = 50;
    static final String SCANNER = "203.0.113.77";
    /** Client addresses of normal traffic. */
    static final int CLIENTS = 250;
    static final String SSH = "ssh-failed";
    static final String LINE = "sshd[%d]: Failed password for %s from %s port 22 ssh2";
    /** Token positions in LINE: 0 "sshd[..]:", 4 user, 6 address. */
    static final int USER = 4;
    static final int ADDRESS = 6;

    final Random random = new Random(11);

    static SourceDetector detector() {
        return new SourceDetector.Factory(SourceDetectorConfig.builder().warmupWindows(WARMUP).build()).create("sshd");
    }

    /** One window of one signature, its lines made by {@code line(i)}; returns the window's events. */
    static List<AnomalyEvent> window(SourceDetector d, int index, int lines, IntFunction<String> line,
                                     String otherId, long otherCount) {
        WindowSketch sketch = new WindowSketch();
        for (int i = 0; i < lines; i++) {
            String l = line.apply(i);
            sketch.example(l);
            if (!sketch.sample()) {
                continue;   // as the count stage does: busy signatures are sampled
            }
            String[] tokens = l.split(" ");
            int at = 0;
            for (int p = 0; p < tokens.length; p++) {
                if (p == USER || p == ADDRESS) {
                    sketch.parameter(p, p == USER ? "*" : "IP", l, at, at + tokens[p].length());
                }
                at += tokens[p].length() + 1;
            }
        }
        long start = T0 + index * MINUTE;
        d.count(SSH, lines, sketch.values());
        if (otherId != null) {
            d.count(otherId, otherCount, List.of());
        }
        return List.copyOf(d.closeWindow(start, start + MINUTE, lines + otherCount));
    }

    String normal(int i) {
        // 0.4 % of normal lines come from the scanner's address (it scans now and then), the rest from clients.
        String address = random.nextInt(250) == 0 ? SCANNER : "10.0.0." + random.nextInt(CLIENTS);
        return String.format(LINE, 1000 + i, "root", address);
    }

    static AnomalyEvent only(List<AnomalyEvent> events, AnomalyKind kind) {
        List<AnomalyEvent> of = events.stream().filter(e -> e.kind() == kind && e.change() == EventChange.CREATED).toList();
        assertEquals(1, of.size(), events.toString());
        return of.get(0);
    }

    @Test
    void aScannerAt96PercentOfASpikeIsTheFirstAttributionWithATinyProbability() {
        SourceDetector d = detector();
        int i = 0;
        for (; i < NORMAL_WINDOWS; i++) {
            assertTrue(window(d, i, LINES_PER_WINDOW, this::normal, null, 0).isEmpty());
        }
        int spike = 1_250;
        AnomalyEvent e = only(window(d, i, spike, k -> k % 25 == 0 ? normal(k)
                : String.format(LINE, 2000 + k, "root", SCANNER), null, 0), AnomalyKind.SPIKE);
        assertTrue(!e.attribution().isEmpty(), e.toString());
        System.out.println("scanner spike: " + e.attribution());
        Attribution top = e.attribution().get(0);
        assertEquals(ADDRESS, top.position());
        assertEquals("IP", top.type());
        assertEquals(SCANNER, top.value());
        assertEquals(0.96, top.windowShare(), 0.03, "a sampled estimate of a busy window");
        assertTrue(top.baselineShare() < 0.02, "before: " + top.baselineShare());
        assertTrue(top.probability() < 1e-12, "p " + top.probability());
        assertTrue(e.attribution().stream().noneMatch(a -> a.value().equals("root")),
                "the user is root in every line, before and now: not a change");
    }

    /** Five users in equal parts (so the sketch ships them every window) from 250 addresses. */
    String mixed(int i) {
        return String.format(LINE, i, "user" + random.nextInt(5), "10.0.0." + random.nextInt(CLIENTS));
    }

    @Test
    void aUniformSpikeOverManyValuesReportsNothingSignificant() {
        SourceDetector d = detector();
        int i = 0;
        for (; i < NORMAL_WINDOWS; i++) {
            window(d, i, LINES_PER_WINDOW, this::mixed, null, 0);
        }
        List<AnomalyEvent> events = window(d, i, 10 * LINES_PER_WINDOW, this::mixed, null, 0);
        AnomalyEvent e = only(events, AnomalyKind.SPIKE);
        assertEquals(List.of(), e.attribution(), "ten times the lines, same mix of users and addresses");
        // The same spike carried by one of the five users is attributed to that user.
        SourceDetector d2 = detector();
        random.setSeed(11);
        for (i = 0; i < NORMAL_WINDOWS; i++) {
            window(d2, i, LINES_PER_WINDOW, this::mixed, null, 0);
        }
        AnomalyEvent e2 = only(window(d2, i, 10 * LINES_PER_WINDOW, k -> k % 2 == 0 ? mixed(k)
                : String.format(LINE, k, "user3", "10.0.0." + random.nextInt(CLIENTS)), null, 0), AnomalyKind.SPIKE);
        assertEquals("user3", e2.attribution().get(0).value(), e2.attribution().toString());
        assertEquals(1, e2.attribution().size(), e2.attribution().toString());
    }

    /** Every normal line from its own address: no address ever recurs, so none is learnt. */
    String unique(int i) {
        return String.format(LINE, i, "root", "10." + (i % 200) + "." + random.nextInt(250) + "." + random.nextInt(250));
    }

    @Test
    void aSpikeOfOneAddressIsAttributedWhenNoAddressEverRecurredBefore() {
        SourceDetector d = detector();
        int i = 0;
        for (; i < NORMAL_WINDOWS; i++) {
            window(d, i, LINES_PER_WINDOW, this::unique, null, 0);
        }
        AnomalyEvent e = only(window(d, i, 1_000, k -> k % 10 == 0 ? unique(k)
                : String.format(LINE, k, "root", SCANNER), null, 0), AnomalyKind.SPIKE);
        assertTrue(!e.attribution().isEmpty(), e.toString());
        Attribution top = e.attribution().get(0);
        assertEquals(SCANNER, top.value());
        assertEquals(0.0, top.baselineShare());
        assertTrue(Double.isNaN(top.probability()), "no test without a baseline for the position");
        assertTrue(e.attribution().stream().noneMatch(a -> a.value().equals("root")), e.attribution().toString());
    }

    @Test
    void aTimestampThatRepeatsInABurstIsNeverTheCause() {
        WindowValue time = new WindowValue(3, "TIME", "07/Jan/2026:14:34:49 +0000", 900, 0);
        WindowValue ip = new WindowValue(6, "IP", SCANNER, 900, 0);
        assertFalse(Attributor.attributable(time));
        assertTrue(Attributor.attributable(ip));
    }

    @Test
    void aNewSignatureReportsTheDominantValuesOfItsWindow() {
        SourceDetector d = detector();
        int i = 0;
        for (; i < NORMAL_WINDOWS; i++) {
            d.count("heartbeat", 10, List.of());
            d.closeWindow(T0 + i * MINUTE, T0 + (i + 1) * MINUTE, 10);
        }
        List<AnomalyEvent> events = window(d, i, 40, k -> String.format(LINE, k, k < 30 ? "admin" : "u" + k,
                "192.0.2." + (k % 2)), "heartbeat", 10);
        AnomalyEvent e = only(events, AnomalyKind.NEW);
        Attribution top = e.attribution().get(0);
        assertEquals("admin", top.value());
        assertEquals(USER, top.position());
        assertEquals(0.75, top.windowShare(), 1e-9);
        assertTrue(Double.isNaN(top.probability()), "no baseline, no test");
        assertTrue(e.attribution().stream().anyMatch(a -> a.value().equals("192.0.2.0")), "50 % of the window");
    }

    @Test
    void aVolumeRiseIsAttributedToTheSignatureThatCarriesIt() {
        SourceDetector d = detector();
        int i = 0;
        for (; i < NORMAL_WINDOWS; i++) {
            d.count("a", 50 + (i % 3), List.of());
            d.count("b", 50 + (i % 5), List.of());
            d.count("c", 20 + (i % 2), List.of());
            d.closeWindow(T0 + i * MINUTE, T0 + (i + 1) * MINUTE, 120 + (i % 3) + (i % 5) + (i % 2));
        }
        d.count("a", 51, List.of());
        d.count("b", 600, List.of());
        d.count("c", 21, List.of());
        AnomalyEvent v = only(d.closeWindow(T0 + i * MINUTE, T0 + (i + 1) * MINUTE, 672), AnomalyKind.VOLUME);
        assertEquals(1, v.attribution().size(), v.attribution().toString());
        Attribution b = v.attribution().get(0);
        assertEquals(Attribution.SIGNATURE_POSITION, b.position());
        assertEquals(VolumeContributors.SIGNATURE, b.type());
        assertEquals("b", b.value());
        assertEquals(600, b.windowCount());
        assertEquals(600.0 / 672, b.windowShare(), 1e-9);
        assertTrue(b.baselineShare() > 0.35 && b.baselineShare() < 0.5, "b's share of the expected lines " + b.baselineShare());
    }

    @Test
    void aRenamedSignatureKeepsItsValueBaseline() {
        SourceDetector d = detector();
        for (int i = 0; i < 5; i++) {
            window(d, i, LINES_PER_WINDOW, this::normal, null, 0);
        }
        ValueBaseline before = d.attributor().baselines().get(SSH);
        assertTrue(before != null && before.total(USER) > 0);
        d.rename(SSH, "ssh-failed-2");
        assertEquals(before, d.attributor().baselines().get("ssh-failed-2"));
        assertEquals(null, d.attributor().baselines().get(SSH));
    }
}
