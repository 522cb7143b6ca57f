package io.sigdrift.baselines;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-key unit the Flink operator keeps in state: a {@link CountBaseline}, an
 * {@link IncidentTracker} and the (stateless, shared) detectors. One per (source, signature), or
 * one per source for its total volume.
 *
 * <p>Memory: {@link #MAX_BYTES} = 536 bytes per key (512 measured: baseline 376, tracker 88, the rest of this
 * object 48; configs and detectors are shared), tested.
 */
public final class SeriesMonitor {

    public static final int MAX_BYTES = 536;

    private final String source;
    private final String signatureId;
    private final DetectorConfig config;
    private final List<Detector> detectors;
    final CountBaseline baseline;
    final IncidentTracker tracker;
    /**
     * Set by {@link #rebase}: the next observation is the first of a restarted history, not of a new signature.
     * Not persisted: the job re-bases right before it observes the window (same call, no checkpoint between).
     */
    private boolean rebased;
    /** The largest {@link Detector#tailLevel()} of {@link #detectors}: tails above it need not be exact. */
    private final double tailLevel;

    /**
     * @param detectors shared detector instances (see {@link Detectors#signatureDetectors}); for the
     *                  per-source volume use {@code List.of(new Detectors.VolumeDetector(config))}
     */
    public SeriesMonitor(String source, String signatureId, BaselineConfig baselineConfig,
                         DetectorConfig config, List<Detector> detectors) {
        this(source, signatureId, new CountBaseline(baselineConfig), new IncidentTracker(), config, detectors);
    }

    SeriesMonitor(String source, String signatureId, CountBaseline baseline, IncidentTracker tracker,
                  DetectorConfig config, List<Detector> detectors) {
        if (config == null || detectors == null) throw new IllegalArgumentException("config and detectors are required");
        this.source = source;
        this.signatureId = signatureId;
        this.baseline = baseline;
        this.tracker = tracker;
        this.config = config;
        this.detectors = detectors;
        double level = 0.0;
        for (Detector d : detectors) {
            level = Math.max(level, d.tailLevel());
        }
        this.tailLevel = level;
    }

    /** The same state under another signature id (after the engine generalised the signature). */
    public SeriesMonitor withSignatureId(String newSignatureId) {
        return new SeriesMonitor(source, newSignatureId, baseline, tracker, config, detectors);
    }

    public CountBaseline baseline() {
        return baseline;
    }

    public IncidentTracker tracker() {
        return tracker;
    }

    /**
     * Assesses one window and returns the events to emit. The assessment's count tails are exact below the
     * detectors' {@link Detector#tailLevel() level}; above it they may be a lower bound that is above it too. Windows with no occurrence must be
     * reported with count 0 (a timer in the operator); otherwise missing windows are imputed as
     * zeros at the next call, up to {@code maxImputedGapWindows}. Never throws on bad input.
     */
    public Outcome observe(long windowStart, long windowEnd, double count, SourceContext sourceContext) {
        // While an incident of this series is open, its windows do not teach the model its normal noise.
        // Tails above every detector's level are only bounded (CountBaseline.observe): the events are the same.
        Assessment a = baseline.observe(windowStart, windowEnd, count, tracker.open(+1) || tracker.open(-1), tailLevel);
        if (!a.used()) return new Outcome(a, List.of());
        Finding bestUp = Finding.NONE;
        Finding bestDown = Finding.NONE;
        Finding newFinding = Finding.NONE;
        for (int i = 0; i < detectors.size(); i++) {
            Finding f = detectors.get(i).evaluate(a, sourceContext);
            if (!f.anomalous()) continue;
            if (f.kind() == AnomalyKind.NEW) {
                if (!rebased) newFinding = f;
            } else if (f.direction() >= 0) {
                if (f.probability() < bestUp.probability()) bestUp = f;
            } else if (f.probability() < bestDown.probability()) {
                bestDown = f;
            }
        }
        rebased = false;
        List<AnomalyEvent> events = null;
        long length = windowEnd - windowStart;
        if (newFinding.anomalous()) {
            events = add(events, new AnomalyEvent(AnomalyEvent.idFor(source, signatureId, 2, windowStart),
                    EventChange.CREATED, AnomalyKind.NEW, 0, source, signatureId, windowStart, windowEnd, windowStart,
                    a.observed(), 0.0, newFinding.score(), newFinding.probability(), newFinding.explanation()));
        }
        events = slot(events, +1, bestUp, a, length);
        events = slot(events, -1, bestDown, a, length);
        return new Outcome(a, events == null ? List.of() : events);
    }

    private List<AnomalyEvent> slot(List<AnomalyEvent> events, int direction, Finding f, Assessment a, long length) {
        EventChange change = tracker.track(direction, f, a.windowStart(), length, config);
        if (change == null) return events;
        long start = tracker.incidentStart(direction);
        String id = AnomalyEvent.idFor(source, signatureId, IncidentTracker.slot(direction), start);
        AnomalyKind kind = tracker.kind(direction);
        String explanation = f.anomalous() ? f.explanation()
                : "Back to normal: " + Detectors.fmt(a.observed()) + " vs about " + Detectors.fmt(a.expected())
                        + " expected, quiet for " + config.cooldownWindows + " windows.";
        AnomalyEvent e = new AnomalyEvent(id, change, kind, direction, source, signatureId, a.windowStart(),
                a.windowEnd(), start, a.observed(), a.expected(), tracker.peakScore(direction),
                tracker.minProbability(direction), explanation);
        if (change == EventChange.CLOSED) tracker.reset(direction);
        return add(events, e);
    }

    /**
     * Re-bases the series (a NEW_NORMAL label): the baseline restarts from the next window, with a new warm-up, and
     * an open incident ends now: its CLOSED change is returned (stamped with window {@code [windowStart, windowEnd)},
     * observed and expected 0 as nothing was assessed), so no reader keeps an incident open forever.
     */
    public List<AnomalyEvent> rebase(long windowStart, long windowEnd) {
        List<AnomalyEvent> events = null;
        for (int direction : new int[] {+1, -1}) {
            if (!tracker.open(direction)) continue;
            long start = tracker.incidentStart(direction);
            events = add(events, new AnomalyEvent(AnomalyEvent.idFor(source, signatureId, IncidentTracker.slot(direction), start),
                    EventChange.CLOSED, tracker.kind(direction), direction, source, signatureId, windowStart, windowEnd,
                    start, 0.0, 0.0, tracker.peakScore(direction), tracker.minProbability(direction),
                    "Re-based: labelled as the new normal; the baseline restarts from here."));
        }
        tracker.clear();
        baseline.restart();
        rebased = true;
        return events == null ? List.of() : events;
    }

    private static List<AnomalyEvent> add(List<AnomalyEvent> events, AnomalyEvent e) {
        if (events == null) events = new ArrayList<>(2);
        events.add(e);
        return events;
    }
}
