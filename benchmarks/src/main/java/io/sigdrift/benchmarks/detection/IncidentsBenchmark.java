package io.sigdrift.benchmarks.detection;

import io.sigdrift.baselines.AnomalyDetector;
import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.BaselineConfig;
import io.sigdrift.baselines.DetectorConfig;
import io.sigdrift.baselines.EventChange;
import io.sigdrift.pipeline.demo.DemoGenerator;
import io.sigdrift.pipeline.demo.Incident;
import io.sigdrift.signatures.Change;
import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.Match;
import io.sigdrift.signatures.MultilineJoiner;
import io.sigdrift.signatures.SignatureEngine;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluation 2: injected incidents in log streams, in plain Java: the flink branch's
 * {@link DemoGenerator} (seeded, labelled incidents) -> one {@link SignatureEngine} per source
 * (multi-line events joined) -> counts per (source, signature) and per source in tumbling windows
 * -> {@link AnomalyDetector} -> anomaly events, matched against the generator's incident labels.
 *
 * <pre>bin/bench incidents [--days 7] [--runs 17] [--scale 0.05] [--window-minutes 5] [--seed 20240601] [--verbose]</pre>
 *
 * <p>Matching: a CREATED event is a true positive when it is on the incident's source, its window
 * starts in [incident start - 1 window, incident end + 1 h] (the end of a burst legitimately makes
 * its signatures drop back), and it is about the incident: the whole-source VOLUME, or a signature
 * that lines of the incident were assigned to (the generator labels lines with
 * {@link Incident#affects}; for a stopped heartbeat, the signature its lines had before the stop). Every other CREATED event after the
 * first day (the sources' warm-up) is a false positive. Recall: incidents with at least one true
 * positive; delay: first true positive's window end minus the incident start.
 */
public final class IncidentsBenchmark {

    public static void main(String[] args) {
        int days = 7, runs = 17, windowMinutes = 5;
        double scale = 0.05;
        long seed = DemoGenerator.DEFAULT_SEED;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--window-minutes" -> windowMinutes = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--verbose" -> verbose = true;
                default -> { System.err.println("unknown option " + args[i]); System.exit(2); }
            }
        }
        long window = windowMinutes * 60_000L;
        Instant start = Instant.parse("2026-01-05T00:00:00Z"); // a Monday
        Map<String, long[]> perKind = new TreeMap<>(); // kind -> [incidents, detected, delaySumMs, tpEvents]
        Map<String, Integer> fpByKind = new TreeMap<>();
        long tpEvents = 0, fpEvents = 0, lines = 0;
        long t0 = System.nanoTime();
        for (int r = 0; r < runs; r++) {
            DemoGenerator gen = new DemoGenerator(seed + r, start, Duration.ofDays(days), scale);
            RunResult rr = run(gen, window, verbose);
            lines += rr.lines;
            for (Incident inc : gen.incidents()) {
                long[] k = perKind.computeIfAbsent(inc.kind(), x -> new long[4]);
                k[0]++;
                Long first = rr.firstDetection.get(inc);
                if (first != null) {
                    k[1]++;
                    k[2] += first - inc.start().toEpochMilli();
                }
                k[3] += rr.tpByIncident.getOrDefault(inc, 0);
            }
            tpEvents += rr.tp;
            fpEvents += rr.fp.size();
            for (AnomalyEvent e : rr.fp) fpByKind.merge(e.kind().name(), 1, Integer::sum);
            if (verbose) for (AnomalyEvent e : rr.fp) System.out.println("  FP " + e.kind() + " " + e.source() + " " + Instant.ofEpochMilli(e.windowStart()) + " " + e.explanation());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "Injected incidents: %d runs x %d days (seeds %d..%d, scale %.3f, %d-min windows), %,d lines in %.0f s%n",
                runs, days, seed, seed + runs - 1, scale, windowMinutes, lines, secs);
        System.out.printf(Locale.ROOT, "%-24s %9s %9s %8s %12s %10s%n", "incident kind", "incidents", "detected", "recall", "mean delay", "TP events");
        long inc = 0, det = 0;
        for (Map.Entry<String, long[]> e : perKind.entrySet()) {
            long[] k = e.getValue();
            inc += k[0];
            det += k[1];
            System.out.printf(Locale.ROOT, "%-24s %9d %9d %8.3f %10.1f m %10d%n", e.getKey(), k[0], k[1], k[1] / (double) k[0],
                    k[1] == 0 ? Double.NaN : k[2] / (double) k[1] / 60_000.0, k[3]);
        }
        System.out.printf(Locale.ROOT, "%-24s %9d %9d %8.3f%n", "all", inc, det, det / (double) inc);
        System.out.printf(Locale.ROOT, "events: %d true positive, %d false positive -> precision %.3f; false positives by kind %s%n",
                tpEvents, fpEvents, tpEvents / (double) Math.max(1, tpEvents + fpEvents), fpByKind);
    }

    record RunResult(long lines, long tp, List<AnomalyEvent> fp, Map<Incident, Long> firstDetection, Map<Incident, Integer> tpByIncident) {}

    static RunResult run(DemoGenerator gen, long window, boolean verbose) {
        List<String> sources = DemoGenerator.SOURCES;
        Map<String, SignatureEngine> engines = new HashMap<>();
        Map<String, MultilineJoiner> joiners = new HashMap<>();
        Map<String, long[]> pendingTs = new HashMap<>();
        Map<String, Object2LongOpenHashMap<String>> counts = new HashMap<>();
        Map<String, long[]> totals = new HashMap<>();
        Map<String, Map<String, String>> examples = new HashMap<>();
        for (String s : sources) {
            engines.put(s, new SignatureEngine(EngineConfig.defaults()));
            joiners.put(s, new MultilineJoiner(8_192));
            pendingTs.put(s, new long[] {Long.MIN_VALUE});
            counts.put(s, new Object2LongOpenHashMap<>());
            totals.put(s, new long[1]);
            examples.put(s, new HashMap<>());
        }
        BaselineConfig bc = BaselineConfig.DEFAULTS;
        DetectorConfig dc = DetectorConfig.DEFAULTS;
        AnomalyDetector detector = new AnomalyDetector(bc, dc);
        List<AnomalyEvent> events = new ArrayList<>();
        long begin = gen.start().toEpochMilli();
        long windowStart = begin;
        long lines = 0;
        Map<Incident, java.util.Set<String>> labelled = new HashMap<>();
        for (Incident inc : gen.incidents()) labelled.put(inc, new java.util.HashSet<>());
        Map<String, Incident> pendingIncident = new HashMap<>();
        for (DemoGenerator.Line line : gen) {
            lines++;
            while (line.timestamp() >= windowStart + window) {
                closeWindow(detector, sources, windowStart, window, counts, totals, events, examples);
                windowStart += window;
            }
            MultilineJoiner j = joiners.get(line.source());
            long[] ts = pendingTs.get(line.source());
            String done = j.feed(line.text());
            if (done != null) {
                String id = addEvent(line.source(), done, engines, counts, totals, examples, detector, labelled);
                Incident inc = pendingIncident.remove(line.source());
                if (inc != null) labelled.get(inc).add(id);
            }
            if (ts[0] == Long.MIN_VALUE || done != null) ts[0] = line.timestamp();
            for (Incident inc : gen.incidents()) {
                boolean affected = inc.kind().equals("heartbeat-stopped")
                        ? line.source().equals(inc.source()) && inc.markers().stream().anyMatch(line.text()::contains)
                        : inc.affects(line.source(), line.timestamp(), line.text());
                if (affected) pendingIncident.put(line.source(), inc);
            }
        }
        for (String s : sources) {
            String done = joiners.get(s).flush();
            if (done != null) addEvent(s, done, engines, counts, totals, examples, detector, labelled);
        }
        closeWindow(detector, sources, windowStart, window, counts, totals, events, examples);
        // evaluate
        long warmEnd = begin + 86_400_000L;
        long tp = 0;
        List<AnomalyEvent> fp = new ArrayList<>();
        Map<Incident, Long> first = new LinkedHashMap<>();
        Map<Incident, Integer> tpBy = new LinkedHashMap<>();
        for (AnomalyEvent e : events) {
            if (e.change() != EventChange.CREATED) continue;
            Incident hit = null;
            for (Incident inc : gen.incidents()) {
                if (matches(e, inc, window, labelled.get(inc))) { hit = inc; break; }
            }
            if (hit != null) {
                tp++;
                tpBy.merge(hit, 1, Integer::sum);
                long delay = e.windowEnd();
                first.merge(hit, delay, Math::min);
                if (verbose) System.out.println("  TP " + hit.kind() + " " + e.kind() + " " + Instant.ofEpochMilli(e.windowStart()) + " " + e.explanation());
            } else if (e.windowStart() >= warmEnd) {
                fp.add(e);
            }
        }
        return new RunResult(lines, tp, fp, first, tpBy);
    }

    static boolean matches(AnomalyEvent e, Incident inc, long window, java.util.Set<String> incidentSignatures) {
        if (!e.source().equals(inc.source())) return false;
        long from = inc.start().toEpochMilli() - window;
        long to = inc.end().toEpochMilli() + 3_600_000L;
        if (e.windowStart() < from || e.windowStart() > to) return false;
        if (e.kind() == AnomalyKind.VOLUME) return true;
        return incidentSignatures.contains(e.signatureId());
    }

    static String addEvent(String source, String event, Map<String, SignatureEngine> engines,
                         Map<String, Object2LongOpenHashMap<String>> counts, Map<String, long[]> totals,
                         Map<String, Map<String, String>> examples, AnomalyDetector detector,
                         Map<Incident, java.util.Set<String>> labelled) {
        Match m = engines.get(source).add(event);
        String id = m.signature().id();
        Object2LongOpenHashMap<String> c = counts.get(source);
        if (m.change() == Change.UPDATED && m.previousId() != null && !m.previousId().equals(id)) {
            long moved = c.removeLong(m.previousId());
            if (moved > 0) c.addTo(id, moved);
            detector.rename(source, m.previousId(), id);
            for (java.util.Set<String> ids : labelled.values()) if (ids.contains(m.previousId())) ids.add(id);
        }
        c.addTo(id, 1);
        totals.get(source)[0]++;
        examples.get(source).putIfAbsent(id, m.signature().example());
        return id;
    }

    static void closeWindow(AnomalyDetector detector, List<String> sources, long windowStart, long window,
                            Map<String, Object2LongOpenHashMap<String>> counts, Map<String, long[]> totals,
                            List<AnomalyEvent> events, Map<String, Map<String, String>> examples) {
        for (String s : sources) {
            events.addAll(detector.onWindow(s, windowStart, windowStart + window, totals.get(s)[0], counts.get(s)));
            counts.get(s).clear();
            totals.get(s)[0] = 0;
        }
    }
}
