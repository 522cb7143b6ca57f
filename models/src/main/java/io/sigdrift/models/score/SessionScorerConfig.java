package io.sigdrift.models.score;

import io.sigdrift.models.detect.InvariantMiningDetector;
import io.sigdrift.models.detect.IsolationForestDetector;
import io.sigdrift.models.detect.PcaResidualDetector;
import io.sigdrift.models.detect.SessionDetector;
import io.sigdrift.models.session.SessionConfig;

import java.io.Serializable;
import java.util.Objects;

/**
 * Immutable settings of a {@link SessionScorer}, validated once when built. Serializable (plain values only) so a
 * streaming job can ship it; the {@link SessionConfig} is rebuilt from the values.
 *
 * <ul>
 *   <li>{@code trainSessions}: the first this many closed sessions train the model (unsupervised, online) when no
 *       model is given; they are buffered (bounded by this number) and not scored;</li>
 *   <li>{@code detector}: the kind fitted online ({@value InvariantMiningDetector#KIND} by default);</li>
 *   <li>{@code maxExamples}, {@code maxExampleChars}: example lines kept per open session, and their length;</li>
 *   <li>{@code maxTemplates}: signature templates remembered per source for explanations (oldest forgotten).</li>
 * </ul>
 */
public final class SessionScorerConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int DEFAULT_TRAIN_SESSIONS = 1_000;
    /** The training buffer's bound: at most this many closed sessions are held for one fit. */
    public static final int MAX_TRAIN_SESSIONS = 100_000;
    public static final int DEFAULT_MAX_EXAMPLES = 3;
    public static final int DEFAULT_MAX_EXAMPLE_CHARS = 300;
    public static final int DEFAULT_MAX_TEMPLATES = 4_096;
    /** Longest example line or template kept (the state codec writes them as modified UTF-8, at most 64 KB). */
    public static final int MAX_TEXT_CHARS = 8_192;

    private final long gapMillis;
    private final long maxDurationMillis;
    private final int maxEventsPerSession;
    private final int maxOpenSessions;
    private final int trainSessions;
    private final String detector;
    private final int maxExamples;
    private final int maxExampleChars;
    private final int maxTemplates;

    private SessionScorerConfig(Builder b) {
        this.gapMillis = b.session.inactivityGap().toMillis();
        this.maxDurationMillis = b.session.maxDuration().toMillis();
        this.maxEventsPerSession = b.session.maxEventsPerSession();
        this.maxOpenSessions = b.session.maxOpenSessions();
        this.trainSessions = b.trainSessions;
        this.detector = b.detector;
        this.maxExamples = b.maxExamples;
        this.maxExampleChars = b.maxExampleChars;
        this.maxTemplates = b.maxTemplates;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static SessionScorerConfig defaults() {
        return builder().build();
    }

    /** The tracker's bounds (counts only: order features cost precision on workflow logs, see models/README). */
    public SessionConfig session() {
        return SessionConfig.builder().inactivityGap(java.time.Duration.ofMillis(gapMillis))
                .maxDuration(java.time.Duration.ofMillis(maxDurationMillis)).maxEventsPerSession(maxEventsPerSession)
                .maxOpenSessions(maxOpenSessions).build();
    }

    public long gapMillis() { return gapMillis; }
    public int maxOpenSessions() { return maxOpenSessions; }
    public int trainSessions() { return trainSessions; }
    public String detector() { return detector; }
    public int maxExamples() { return maxExamples; }
    public int maxExampleChars() { return maxExampleChars; }
    public int maxTemplates() { return maxTemplates; }

    /** A new unfitted detector of {@link #detector()}. */
    public SessionDetector newDetector() {
        return unfitted(detector);
    }

    /** @throws IllegalArgumentException for a kind that cannot be fitted online without labels */
    public static SessionDetector unfitted(String kind) {
        return switch (kind) {
            case InvariantMiningDetector.KIND -> new InvariantMiningDetector();
            case IsolationForestDetector.KIND -> new IsolationForestDetector();
            case PcaResidualDetector.KIND -> new PcaResidualDetector();
            default -> throw new IllegalArgumentException("session detector '" + kind + "' cannot be trained online "
                    + "without labels; use " + InvariantMiningDetector.KIND + ", " + IsolationForestDetector.KIND
                    + " or " + PcaResidualDetector.KIND + " (a labelled model comes as a model file)");
        };
    }

    @Override
    public String toString() {
        return "SessionScorerConfig{" + session() + ", train=" + trainSessions + ", detector=" + detector
                + ", examples=" + maxExamples + "x" + maxExampleChars + ", templates=" + maxTemplates + "}";
    }

    public static final class Builder {
        private SessionConfig session = SessionConfig.defaults();
        private int trainSessions = DEFAULT_TRAIN_SESSIONS;
        private String detector = InvariantMiningDetector.KIND;
        private int maxExamples = DEFAULT_MAX_EXAMPLES;
        private int maxExampleChars = DEFAULT_MAX_EXAMPLE_CHARS;
        private int maxTemplates = DEFAULT_MAX_TEMPLATES;

        public Builder session(SessionConfig v) { session = Objects.requireNonNull(v, "session"); return this; }
        public Builder trainSessions(int v) { trainSessions = v; return this; }
        public Builder detector(String v) { detector = Objects.requireNonNull(v, "detector"); return this; }
        public Builder maxExamples(int v) { maxExamples = v; return this; }
        public Builder maxExampleChars(int v) { maxExampleChars = v; return this; }
        public Builder maxTemplates(int v) { maxTemplates = v; return this; }

        /** @throws IllegalArgumentException naming the first setting out of range */
        public SessionScorerConfig build() {
            if (session.bigrams()) {
                throw new IllegalArgumentException("the session scorer counts signatures only (bigrams off)");
            }
            if (trainSessions < 20 || trainSessions > MAX_TRAIN_SESSIONS) {
                throw new IllegalArgumentException("session training size must be in [20, " + MAX_TRAIN_SESSIONS
                        + "] sessions, got " + trainSessions);
            }
            unfitted(detector);
            if (maxExamples < 0 || maxExamples > 20) {
                throw new IllegalArgumentException("maxExamples must be in [0, 20], got " + maxExamples);
            }
            if (maxExampleChars < 16 || maxExampleChars > MAX_TEXT_CHARS) {
                throw new IllegalArgumentException("maxExampleChars must be in [16, " + MAX_TEXT_CHARS + "], got " + maxExampleChars);
            }
            if (maxTemplates < 1 || maxTemplates > 1_000_000) {
                throw new IllegalArgumentException("maxTemplates must be in [1, 1000000], got " + maxTemplates);
            }
            return new SessionScorerConfig(this);
        }
    }
}
