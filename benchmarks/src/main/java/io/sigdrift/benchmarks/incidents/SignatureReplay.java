package io.sigdrift.benchmarks.incidents;

import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.SourceDetector;
import io.sigdrift.pipeline.demo.DemoGenerator;
import io.sigdrift.signatures.Change;
import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.Match;
import io.sigdrift.signatures.MultilineJoiner;
import io.sigdrift.signatures.SignatureEngine;
import it.unimi.dsi.fastutil.objects.Object2LongLinkedOpenHashMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generator's lines through one {@link SignatureEngine} per source, events joined like the job's
 * {@code --multiline}: which signature ids each generator series was counted in — the ground truth of "what an
 * incident is about" (every generated line names its series; for a stopped heartbeat or a drop, the signature
 * whose rate fell). A generalisation (UPDATED) adds the new id to every series that had one of the ids it folds.
 *
 * <p>Only labels: the scored anomalies come from the job. The engine is deterministic in the order of a
 * source's events, so the ids match the job's (files are read in order, one engine per source); the benchmark
 * checks that against the job's {@code signatures} output. With a {@link SourceDetector.Factory} it also feeds
 * each closed window to the same per-source core the job runs (the fast plain mode, for tuning).
 */
final class SignatureReplay {

    /**
     * @param seriesSignatures generator series → signature ids its events were counted in (with later ids)
     * @param ids              every signature id the engines produced
     * @param events           the core's events (plain mode), else empty
     */
    record Result(long lines, Map<String, Set<String>> seriesSignatures, Set<String> ids, List<ScoredAnomaly> events) {}

    /** Per source: engine, joiner, the series of the event being joined, the open window's counts. */
    private static final class SourceRun {
        final SignatureEngine engine;
        final MultilineJoiner joiner;
        final MultilineJoiner.Pending pending = new MultilineJoiner.Pending();
        final SourceDetector detector;
        final Object2LongLinkedOpenHashMap<String> counts = new Object2LongLinkedOpenHashMap<>();
        String eventSeries;
        long total;

        SourceRun(EngineConfig config, SourceDetector detector) {
            engine = new SignatureEngine(config);
            joiner = new MultilineJoiner(config.maxLineChars(), MultilineJoiner.DEFAULT_MAX_LINES);   // as the job's count operator
            this.detector = detector;
        }
    }

    private SignatureReplay() {}

    /**
     * @param detectors null to label only; else the core is run per source on windows of {@code windowMillis}
     */
    static Result run(DemoGenerator gen, EngineConfig engine, long windowMillis, SourceDetector.Factory detectors) {
        Map<String, SourceRun> runs = new LinkedHashMap<>();
        for (String s : DemoGenerator.SOURCES) {
            runs.put(s, new SourceRun(engine, detectors == null ? null : detectors.create(s)));
        }
        Map<String, Set<String>> seriesSignatures = new HashMap<>();
        Set<String> ids = new HashSet<>();
        List<ScoredAnomaly> events = new ArrayList<>();
        long windowStart = gen.start().toEpochMilli();
        long lines = 0;
        for (DemoGenerator.Line line : gen) {
            lines++;
            while (line.timestamp() >= windowStart + windowMillis) {
                if (detectors != null) {
                    closeWindow(runs, windowStart, windowMillis, events);
                }
                windowStart += windowMillis;
            }
            SourceRun sr = runs.get(line.source());
            String done = sr.joiner.feed(sr.pending, line.text());
            if (done != null) {
                add(sr, done, seriesSignatures, ids);
                sr.eventSeries = line.series();
            } else if (sr.eventSeries == null) {
                sr.eventSeries = line.series();
            }
        }
        for (SourceRun sr : runs.values()) {
            String done = sr.joiner.flush(sr.pending);
            if (done != null) {
                add(sr, done, seriesSignatures, ids);
            }
        }
        if (detectors != null) {
            closeWindow(runs, windowStart, windowMillis, events);
        }
        return new Result(lines, seriesSignatures, ids, events);
    }

    private static void add(SourceRun sr, String event, Map<String, Set<String>> seriesSignatures, Set<String> ids) {
        Match m = sr.engine.add(event);
        String id = m.signature().id();
        ids.add(id);
        if (m.change() == Change.UPDATED) {
            Set<String> folded = new HashSet<>(m.signature().ancestors());
            if (m.previousId() != null) {
                folded.add(m.previousId());
            }
            folded.remove(id);
            for (Set<String> series : seriesSignatures.values()) {
                if (!java.util.Collections.disjoint(series, folded)) {
                    series.add(id);
                }
            }
            if (sr.detector != null) {
                // As the job: the count stage moves the open window's counts, the anomaly stage the history.
                for (String old : folded) {
                    long moved = sr.counts.removeLong(old);
                    if (moved > 0) {
                        sr.counts.addTo(id, moved);
                    }
                }
                sr.detector.rename(m.previousId(), id);
            }
        }
        seriesSignatures.computeIfAbsent(sr.eventSeries, k -> new HashSet<>()).add(id);
        if (sr.detector != null) {
            sr.counts.addTo(id, 1);
            sr.total++;
        }
    }

    /** As the job with file input: a source's window is closed when it had lines (no zero totals). */
    private static void closeWindow(Map<String, SourceRun> runs, long start, long window, List<ScoredAnomaly> events) {
        for (SourceRun sr : runs.values()) {
            if (sr.total == 0) {
                continue;
            }
            for (var e : sr.counts.object2LongEntrySet()) {
                sr.detector.count(e.getKey(), e.getLongValue());
            }
            for (AnomalyEvent e : sr.detector.closeWindow(start, start + window, sr.total)) {
                events.add(ScoredAnomaly.of(e));
            }
            sr.counts.clear();
            sr.total = 0;
        }
    }
}
