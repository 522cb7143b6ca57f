package io.sigdrift.benchmarks.detection;

import io.sigdrift.baselines.AnomalyDetector;
import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.BaselineConfig;
import io.sigdrift.baselines.DetectorConfig;
import io.sigdrift.baselines.EventChange;
import io.sigdrift.pipeline.demo.DemoGenerator;
import io.sigdrift.pipeline.demo.Incident;
import io.sigdrift.pipeline.demo.IncidentKind;
import io.sigdrift.signatures.Change;
import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.Match;
import io.sigdrift.signatures.MultilineJoiner;
import io.sigdrift.signatures.SignatureEngine;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Evaluation 2: injected incidents in log streams, in plain Java: {@link DemoGenerator} (the demo's
 * generator: seeded, five sources, daily and weekly seasonality, bursty counts, labelled incidents of
 * the five {@link IncidentKind}s) -> one {@link SignatureEngine} per source (multi-line events joined)
 * -> counts per (source, signature) and per source in tumbling windows -> {@link AnomalyDetector} with
 * its default settings -> anomaly events, matched against the generator's labels.
 *
 * <pre>bin/bench incidents [--days 7] [--scale 0.1] [--seed 20240601] [--runs 1] [--window-minutes 5] [--verbose]</pre>
 *
 * <p>Matching: a CREATED event is a true positive for an incident when it is on the incident's source,
 * its window starts in [incident start - 1 window, incident end + 1 h] (the end of a burst or of a
 * drop legitimately moves its signature back), and it is about the incident: the whole-source VOLUME,
 * or a signature that lines of the incident's series were counted in (every generated line names its
 * series, so this is exact; for a stopped heartbeat or a drop, the signature whose rate fell). Every
 * other CREATED event after the first day (the warm-up) is a false positive. Recall: incidents with at
 * least one true positive; delay: first true positive's window end minus the incident start.
 */
public final class IncidentsBenchmark {

    static final long DEFAULT_SEED = DemoGenerator.DEFAULT_SEED;
    static final int DEFAULT_DAYS = 7;
    static final double DEFAULT_SCALE = 0.1;
    static final long MATCH_AFTER_END_MS = 3_600_000L;
    /** A Monday; the traffic's week starts on the start's day anyway, so a 7-day run has its weekend on days 5 and 6. */
    static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    public static void main(String[] args) {
        int days = DEFAULT_DAYS, runs = 1, windowMinutes = 5;
        double scale = DEFAULT_SCALE;
        long seed = DEFAULT_SEED;
        boolean verbose = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--days" -> days = Integer.parseInt(args[++i]);
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--scale" -> scale = Double.parseDouble(args[++i]);
                    case "--window-minutes" -> windowMinutes = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--verbose" -> verbose = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (days < 1 || runs < 1 || windowMinutes < 1) throw new IllegalArgumentException("--days, --runs and --window-minutes must be >= 1");
        } catch (RuntimeException e) {
            System.err.println("incidents: " + e.getMessage());
            System.err.println("usage: bin/bench incidents [--days 7] [--scale 0.1] [--seed 20240601] [--runs 1] [--window-minutes 5] [--verbose]");
            System.exit(2);
            return;
        }
        long window = windowMinutes * 60_000L;
        Map<IncidentKind, KindStats> perKind = new EnumMap<>(IncidentKind.class);
        for (IncidentKind k : IncidentKind.values()) perKind.put(k, new KindStats());
        Map<String, Integer> fpByKind = new TreeMap<>();
        long tpEvents = 0, fpEvents = 0, lines = 0;
        long t0 = System.nanoTime();
        for (int r = 0; r < runs; r++) {
            DemoGenerator gen = new DemoGenerator(seed + r, START, Duration.ofDays(days), scale);
            RunResult rr = run(gen, window);
            lines += rr.lines;
            for (Incident inc : gen.incidents()) {
                KindStats k = perKind.get(inc.kind());
                k.incidents++;
                Long first = rr.firstDetection.get(inc);
                if (first != null) {
                    k.delaysMs.add(first - inc.start().toEpochMilli());
                }
                k.tpEvents += rr.tpByIncident.getOrDefault(inc, 0);
                for (AnomalyKind a : rr.detectedBy.getOrDefault(inc, Set.of())) k.detectedBy.merge(a.name(), 1, Integer::sum);
                if (verbose) {
                    System.out.printf(Locale.ROOT, "  #%-3d %-17s %-8s %s..%s %s %s%n", inc.id(), inc.kind(), inc.source(), inc.start(),
                            inc.end(), first == null ? "MISSED" : "detected +" + (first - inc.start().toEpochMilli()) / 60_000 + " min",
                            inc.description());
                }
            }
            tpEvents += rr.tp;
            fpEvents += rr.fp.size();
            for (AnomalyEvent e : rr.fp) {
                fpByKind.merge(e.kind().name(), 1, Integer::sum);
                if (verbose) System.out.println("  FP " + e.kind() + " " + e.source() + " " + Instant.ofEpochMilli(e.windowStart()) + " "
                        + e.signatureId() + " " + e.explanation());
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        StringBuilder cmd = new StringBuilder("bin/bench incidents --days ").append(days).append(" --scale ").append(scale)
                .append(" --seed ").append(seed);
        if (runs > 1) cmd.append(" --runs ").append(runs);
        if (windowMinutes != 5) cmd.append(" --window-minutes ").append(windowMinutes);
        System.out.println("command: " + cmd);
        System.out.printf(Locale.ROOT, "Injected incidents: %d run(s) x %d simulated days starting %s (seed%s %d%s, scale %.3f, %d-min windows), "
                        + "%,d lines in %.0f s%n", runs, days, START, runs > 1 ? "s" : "", seed, runs > 1 ? ".." + (seed + runs - 1) : "",
                scale, windowMinutes, lines, secs);
        System.out.printf(Locale.ROOT, "%-18s %9s %9s %8s %13s %11s %10s  %s%n", "incident kind", "incidents", "detected", "recall",
                "median delay", "mean delay", "TP events", "detected by (anomaly kinds)");
        long inc = 0, det = 0;
        LongArrayList allDelays = new LongArrayList();
        for (Map.Entry<IncidentKind, KindStats> e : perKind.entrySet()) {
            KindStats k = e.getValue();
            inc += k.incidents;
            det += k.delaysMs.size();
            allDelays.addAll(k.delaysMs);
            System.out.printf(Locale.ROOT, "%-18s %9d %9d %8.3f %11.0f m %9.1f m %10d  %s%n", e.getKey(), k.incidents, k.delaysMs.size(),
                    k.incidents == 0 ? Double.NaN : k.delaysMs.size() / (double) k.incidents,
                    median(k.delaysMs) / 60_000.0, mean(k.delaysMs) / 60_000.0, k.tpEvents, k.detectedBy);
        }
        System.out.printf(Locale.ROOT, "%-18s %9d %9d %8.3f %11.0f m %9.1f m%n", "all", inc, det, det / (double) Math.max(1, inc),
                median(allDelays) / 60_000.0, mean(allDelays) / 60_000.0);
        System.out.printf(Locale.ROOT, "events after the 1-day warm-up: %d true positive, %d false positive -> precision %.3f; "
                + "false positives by anomaly kind %s%n", tpEvents, fpEvents, tpEvents / (double) Math.max(1, tpEvents + fpEvents), fpByKind);
        System.out.printf(Locale.ROOT, "recall %.3f, precision %.3f (bar: both >= 0.9 over >= 7 days and >= 50 incidents)%n",
                det / (double) Math.max(1, inc), tpEvents / (double) Math.max(1, tpEvents + fpEvents));
    }

    static final class KindStats {
        int incidents;
        long tpEvents;
        final LongArrayList delaysMs = new LongArrayList();
        final Map<String, Integer> detectedBy = new TreeMap<>();
    }

    static double median(LongArrayList xs) {
        if (xs.isEmpty()) return Double.NaN;
        long[] a = xs.toLongArray();
        java.util.Arrays.sort(a);
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2.0;
    }

    static double mean(LongArrayList xs) {
        if (xs.isEmpty()) return Double.NaN;
        double s = 0;
        for (int i = 0; i < xs.size(); i++) s += xs.getLong(i);
        return s / xs.size();
    }

    /**
     * @param detectedBy anomaly kinds of the true-positive events of each incident
     */
    record RunResult(long lines, long tp, List<AnomalyEvent> fp, Map<Incident, Long> firstDetection,
                     Map<Incident, Integer> tpByIncident, Map<Incident, Set<AnomalyKind>> detectedBy) {}

    /** Per source: engine, multi-line joiner, the series of the event being joined, window counts. */
    static final class SourceRun {
        final SignatureEngine engine = new SignatureEngine(EngineConfig.defaults());
        final MultilineJoiner joiner = new MultilineJoiner(8_192);
        final Object2LongOpenHashMap<String> counts = new Object2LongOpenHashMap<>();
        String eventSeries;
        long total;
    }

    static RunResult run(DemoGenerator gen, long window) {
        List<String> sources = DemoGenerator.SOURCES;
        Map<String, SourceRun> runs = new LinkedHashMap<>();
        for (String s : sources) runs.put(s, new SourceRun());
        AnomalyDetector detector = new AnomalyDetector(BaselineConfig.DEFAULTS, DetectorConfig.DEFAULTS);
        List<AnomalyEvent> events = new ArrayList<>();
        // series -> signature ids its lines were counted in (the ground truth of "what an incident is about")
        Map<String, Set<String>> seriesSignatures = new HashMap<>();
        long windowStart = gen.start().toEpochMilli();
        long lines = 0;
        for (DemoGenerator.Line line : gen) {
            lines++;
            while (line.timestamp() >= windowStart + window) {
                closeWindow(detector, runs, windowStart, window, events);
                windowStart += window;
            }
            SourceRun sr = runs.get(line.source());
            String done = sr.joiner.feed(line.text());
            if (done != null) {
                addEvent(line.source(), sr, done, detector, seriesSignatures);
                sr.eventSeries = line.series();
            } else if (sr.eventSeries == null) {
                sr.eventSeries = line.series();
            }
        }
        for (Map.Entry<String, SourceRun> e : runs.entrySet()) {
            String done = e.getValue().joiner.flush();
            if (done != null) addEvent(e.getKey(), e.getValue(), done, detector, seriesSignatures);
        }
        closeWindow(detector, runs, windowStart, window, events);

        long warmEnd = gen.start().toEpochMilli() + (long) BaselineConfig.DEFAULT_WARMUP_WINDOWS * window;
        long tp = 0;
        List<AnomalyEvent> fp = new ArrayList<>();
        Map<Incident, Long> first = new LinkedHashMap<>();
        Map<Incident, Integer> tpBy = new LinkedHashMap<>();
        Map<Incident, Set<AnomalyKind>> detectedBy = new HashMap<>();
        for (AnomalyEvent e : events) {
            if (e.change() != EventChange.CREATED) continue;
            Incident hit = null;
            for (Incident inc : gen.incidents()) {
                if (matches(e, inc, window, seriesSignatures.getOrDefault(inc.series(), Set.of()))) {
                    hit = inc;
                    break;
                }
            }
            if (hit != null) {
                tp++;
                tpBy.merge(hit, 1, Integer::sum);
                first.merge(hit, e.windowEnd(), Math::min);
                detectedBy.computeIfAbsent(hit, k -> new HashSet<>()).add(e.kind());
            } else if (e.windowStart() >= warmEnd) {
                fp.add(e);
            }
        }
        return new RunResult(lines, tp, fp, first, tpBy, detectedBy);
    }

    static boolean matches(AnomalyEvent e, Incident inc, long window, Set<String> incidentSignatures) {
        if (!e.source().equals(inc.source())) return false;
        long from = inc.start().toEpochMilli() - window;
        long to = inc.end().toEpochMilli() + MATCH_AFTER_END_MS;
        if (e.windowStart() < from || e.windowStart() > to) return false;
        if (e.kind() == AnomalyKind.VOLUME) return true;
        return incidentSignatures.contains(e.signatureId());
    }

    static void addEvent(String source, SourceRun sr, String event, AnomalyDetector detector, Map<String, Set<String>> seriesSignatures) {
        Match m = sr.engine.add(event);
        String id = m.signature().id();
        if (m.change() == Change.UPDATED && m.previousId() != null && !m.previousId().equals(id)) {
            long moved = sr.counts.removeLong(m.previousId());
            if (moved > 0) sr.counts.addTo(id, moved);
            detector.rename(source, m.previousId(), id);
            for (Set<String> ids : seriesSignatures.values()) if (ids.contains(m.previousId())) ids.add(id);
        }
        sr.counts.addTo(id, 1);
        sr.total++;
        seriesSignatures.computeIfAbsent(sr.eventSeries, k -> new HashSet<>()).add(id);
    }

    static void closeWindow(AnomalyDetector detector, Map<String, SourceRun> runs, long windowStart, long window, List<AnomalyEvent> events) {
        for (Map.Entry<String, SourceRun> e : runs.entrySet()) {
            SourceRun sr = e.getValue();
            events.addAll(detector.onWindow(e.getKey(), windowStart, windowStart + window, sr.total, sr.counts));
            sr.counts.clear();
            sr.total = 0;
        }
    }
}
