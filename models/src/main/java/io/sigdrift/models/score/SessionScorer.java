package io.sigdrift.models.score;

import io.sigdrift.models.detect.InvariantMiningDetector;
import io.sigdrift.models.detect.ModelSlot;
import io.sigdrift.models.detect.SessionDetector;
import io.sigdrift.models.session.SessionSample;
import io.sigdrift.models.session.SessionTracker;
import it.unimi.dsi.fastutil.objects.Object2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Session anomalies of ONE source, the pure core a streaming operator calls: events go into a
 * {@link SessionTracker}; each closed session either trains the model (the first {@code trainSessions} closed
 * sessions when no model was given: unsupervised, online) or is scored, and an anomalous one becomes a
 * {@link SessionFinding} with an explanation and example lines. No clock of its own: time is the events' time.
 * NOT thread-safe (one per source / Flink key).
 *
 * <p>Closing: a session closes when its entity's next event comes after the inactivity gap, at its size bounds,
 * when this source's clock (its newest event time) passes its last event + gap ({@link #add} advances it), or at
 * {@link #flush} (end of input). A source that stops sending keeps its last sessions open until it sends again or
 * the input ends (event time does not move without events).
 *
 * <p>Bounds: the tracker's (open sessions, events and distinct signatures per session; see {@link SessionScorerConfig});
 * per open session at most maxExamples lines of maxExampleChars; the training buffer at most trainSessions sessions
 * (a fit that fails keeps the newest half and tries again when the buffer is full again, with the reason in
 * {@link #lastError()}); at most maxTemplates templates (oldest forgotten).
 *
 * <p>Fitting runs in the caller's thread when the buffer fills (invariant mining on 1,000 sessions: tens of ms;
 * isolation forest: about a second): the only pause, once per training.
 */
public final class SessionScorer {
    private final SessionScorerConfig config;
    private final SessionTracker tracker;
    private final ModelSlot slot;
    /** entity → example lines of its open session (first line of each of its first signatures). */
    private final Object2ObjectOpenHashMap<String, String[]> examples = new Object2ObjectOpenHashMap<>();
    private final Object2ObjectLinkedOpenHashMap<String, String> templates = new Object2ObjectLinkedOpenHashMap<>();
    private final List<SessionSample> training = new ArrayList<>();
    private long clock = Long.MIN_VALUE;
    private long trainedOn;
    private long scored;
    private long flagged;
    private long fitFailures;
    private String lastError;

    /** @param model a fitted model to score with from the first session, or null to train one online */
    public SessionScorer(SessionScorerConfig config, SessionDetector model) {
        this.config = Objects.requireNonNull(config, "config");
        this.tracker = new SessionTracker(config.session());
        this.slot = new ModelSlot(model != null ? model : config.newDetector());
        if (model != null && !model.isFitted()) {
            throw new IllegalArgumentException("the given " + model.kind() + " model is not fitted");
        }
    }

    /**
     * One event of this source.
     *
     * @param entity       the entity id (null: the event belongs to no session and is only counted)
     * @param signatureKey {@link SessionTracker#signatureKey} of the event's signature
     * @param template     the signature's current template (for explanations), may be null
     * @param line         the event text (for examples), may be null
     */
    public void add(String entity, String signatureKey, String template, String line, long timeMillis,
                    Consumer<SessionFinding> out) {
        if (template != null) {
            rememberTemplate(signatureKey, template);
        }
        Consumer<SessionSample> closed = s -> closed(s, out);
        tracker.add(entity, signatureKey, timeMillis, closed);
        if (entity != null && line != null && tracker.isOpen(entity)) {
            keepExample(entity, signatureKey, line);
        }
        if (timeMillis > clock) {
            clock = timeMillis;
            tracker.advanceTo(clock, closed);
        }
    }

    /** Closes every open session (end of input). */
    public void flush(Consumer<SessionFinding> out) {
        tracker.flush(s -> closed(s, out));
    }

    private void closed(SessionSample s, Consumer<SessionFinding> out) {
        String[] lines = examples.remove(s.entity());
        SessionDetector model = slot.current();
        if (!model.isFitted()) {
            train(s);
            return;
        }
        scored++;
        double score = model.score(s);
        if (!(score > model.threshold())) {
            return;
        }
        flagged++;
        SessionExplainer.Explanation e = SessionExplainer.explain(s.entity(), s, model, score, templates::get);
        out.accept(new SessionFinding(s, score, model.threshold(), model.kind(), e.unusualKey(),
                e.unusualKey() == null ? null : templates.get(e.unusualKey()), e.text(),
                orderExamples(lines, e.unusualKeys())));
    }

    private void train(SessionSample s) {
        training.add(s);
        if (training.size() < config.trainSessions()) {
            return;
        }
        if (slot.retrain(training)) {
            trainedOn = training.size();
            training.clear();
            lastError = null;
        } else {
            fitFailures++;
            lastError = slot.lastError();
            training.subList(0, training.size() / 2).clear();   // bounded: keep the newest half, try again later
        }
    }

    /** Lines of the unusual signatures first (they are what the analyst needs to see), then the rest. */
    private String[] orderExamples(String[] lines, List<String> unusual) {
        if (lines == null) {
            return new String[0];
        }
        List<String> first = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < lines.length; i += 2) {
            if (lines[i] == null) {
                break;
            }
            (unusual.contains(lines[i]) ? first : rest).add(lines[i + 1]);
        }
        first.addAll(rest);
        return first.toArray(new String[0]);
    }

    /**
     * Keeps the first line of each of the session's first maxExamples signatures, as (key, line) pairs. A line of a
     * signature the model never saw, or expects to be absent, replaces the last pair when the slots are full: it is
     * the likeliest reason the session will be flagged.
     */
    private void keepExample(String entity, String key, String line) {
        int max = config.maxExamples();
        if (max == 0) {
            return;
        }
        String[] ex = examples.get(entity);
        if (ex == null) {
            ex = new String[2 * max];
            examples.put(entity, ex);
        }
        int free = -1;
        for (int i = 0; i < ex.length; i += 2) {
            if (ex[i] == null) {
                free = i;
                break;
            }
            if (ex[i].equals(key)) {
                return;
            }
        }
        if (free < 0) {
            if (!unusual(key)) {
                return;
            }
            free = ex.length - 2;
        }
        ex[free] = key;
        ex[free + 1] = line.length() > config.maxExampleChars() ? line.substring(0, config.maxExampleChars()) : line;
    }

    /** A signature the model never saw, or (invariant mining) one absent from almost every training session. */
    private boolean unusual(String key) {
        SessionDetector m = slot.current();
        if (!m.isFitted()) {
            return false;
        }
        int c = m.features().column(key);
        return c < 0 || m instanceof InvariantMiningDetector inv && inv.expectsZero(c);
    }

    private void rememberTemplate(String key, String template) {
        String t = template.length() > SessionScorerConfig.MAX_TEXT_CHARS
                ? template.substring(0, SessionScorerConfig.MAX_TEXT_CHARS) : template;
        String old = templates.putAndMoveToLast(key, t);
        if (old == null && templates.size() > config.maxTemplates()) {
            templates.removeFirst();
        }
    }

    // ---- state (see SessionScorerCodec) and introspection ----

    public SessionScorerConfig config() { return config; }
    public SessionTracker tracker() { return tracker; }
    /** The current model (unfitted while training). */
    public SessionDetector model() { return slot.current(); }
    public int openSessions() { return tracker.openSessions(); }
    public int bufferedTraining() { return training.size(); }
    public long trainedOn() { return trainedOn; }
    public long scored() { return scored; }
    public long flagged() { return flagged; }
    public long fitFailures() { return fitFailures; }
    /** Why the last fit failed, or null. */
    public String lastError() { return lastError; }
    public long clock() { return clock; }

    List<SessionSample> trainingBuffer() { return training; }
    Object2ObjectOpenHashMap<String, String[]> examplesByEntity() { return examples; }
    Object2ObjectLinkedOpenHashMap<String, String> templatesByKey() { return templates; }

    void restoreCounters(long clock, long trainedOn, long scored, long flagged, long fitFailures, String lastError) {
        this.clock = clock;
        this.trainedOn = trainedOn;
        this.scored = scored;
        this.flagged = flagged;
        this.fitFailures = fitFailures;
        this.lastError = lastError;
    }
}
