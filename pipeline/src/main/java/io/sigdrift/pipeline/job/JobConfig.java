package io.sigdrift.pipeline.job;

import io.sigdrift.pipeline.session.SessionSettings;

import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.pipeline.parse.ParseConfig;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What the job computes (not how it is deployed): parsing, the engine, windows and event time.
 * Immutable, validated in {@link Builder#build()} with messages naming the flag.
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    /** A source (key) silent this long (processing time) advances its event-time clock with the wall clock. */
    public static final Duration DEFAULT_IDLENESS = Duration.ofSeconds(30);
    /**
     * {@code --multiline}: a joined event holds at most this many physical lines (and at most the engine's
     * {@code --max-line-chars} characters); it is counted when either bound is reached and its further
     * continuation lines are dropped (counted in {@code continuationLinesDropped}). The joiner's own limit,
     * so {@code reduce} and {@code compare} join with the same one.
     */
    public static final int DEFAULT_MULTILINE_MAX_LINES = io.sigdrift.signatures.MultilineJoiner.DEFAULT_MAX_LINES;
    public static final int MAX_MULTILINE_MAX_LINES = io.sigdrift.signatures.MultilineJoiner.MAX_MAX_LINES;
    /**
     * Live inputs ({@code --follow}, Kafka): a silent source gets zero-total windows for at most this many
     * windows after its last line (a day of 1-minute windows), so a downstream VOLUME/DROP detector sees the
     * zeros while they happen; after that the source is considered gone. Bounded replays use 0 (off): their
     * wall clock says nothing about event time.
     */
    public static final int DEFAULT_LIVE_SILENT_WINDOWS = 1_440;
    public static final int MAX_SILENT_WINDOWS = 10_000_000;

    /**
     * The job's "now" ({@code --now}): the system clock. Tests and replays of old archives pass a fixed or
     * offset {@link Clock} instead, so timestamp range checks ({@code --max-future}), the year of yearless
     * syslog times and ingestion-time fallbacks agree with the data rather than with the day the job runs.
     * Idle timers are not on it: they measure relative processing-time durations only.
     */
    public static final Clock DEFAULT_CLOCK = Clock.systemUTC();

    private final ParseConfig parse;
    private final EngineSettings engine;
    /** java.time's system, fixed and offset clocks are Serializable, so the clock travels with the job graph. */
    private final Clock clock;
    private final Duration window;
    private final Duration outOfOrderness;
    private final Duration idleness;
    private final int maxCachedKeys;
    private final int multilineMaxLines;
    private final int silentWindows;
    /** The anomaly stage; null = off. */
    private final SourceDetectorConfig anomalies;
    /** The session stage ({@code --sessions}); null = off. */
    private final SessionSettings sessions;

    private JobConfig(Builder b) {
        this.parse = b.parse;
        this.engine = b.engine;
        this.clock = b.clock;
        this.window = b.window;
        this.outOfOrderness = b.outOfOrderness;
        this.idleness = b.idleness;
        this.maxCachedKeys = b.maxCachedKeys;
        this.multilineMaxLines = b.multilineMaxLines;
        this.silentWindows = b.silentWindows;
        this.anomalies = b.anomalies;
        this.sessions = b.sessions;
    }

    public static JobConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public ParseConfig parse() { return parse; }
    public EngineSettings engine() { return engine; }
    /** The job's notion of "now"; see {@link #DEFAULT_CLOCK}. */
    public Clock clock() { return clock; }
    public Duration window() { return window; }
    public Duration outOfOrderness() { return outOfOrderness; }
    public Duration idleness() { return idleness; }
    public int maxCachedKeys() { return maxCachedKeys; }
    /** Whether continuation lines are joined ({@link ParseConfig#multiline()}). */
    public boolean multiline() { return parse.multiline(); }
    public int multilineMaxLines() { return multilineMaxLines; }
    /** Zero-total windows a silent source gets at most (0 = none); see {@link #DEFAULT_LIVE_SILENT_WINDOWS}. */
    public int silentWindows() { return silentWindows; }
    public SourceDetectorConfig anomalies() { return anomalies; }
    /** Null when the session stage is off. */
    public SessionSettings sessions() { return sessions; }

    public static final class Builder {
        private ParseConfig parse = ParseConfig.defaults();
        private EngineSettings engine = EngineSettings.defaults();
        private Clock clock = DEFAULT_CLOCK;
        private Duration window = DEFAULT_WINDOW;
        private Duration outOfOrderness = DEFAULT_OUT_OF_ORDERNESS;
        private Duration idleness = DEFAULT_IDLENESS;
        private int maxCachedKeys = SignatureCountOperator.DEFAULT_MAX_CACHED_KEYS;
        private int multilineMaxLines = DEFAULT_MULTILINE_MAX_LINES;
        private int silentWindows;
        private SourceDetectorConfig anomalies = SourceDetectorConfig.DEFAULTS;
        private SessionSettings sessions;

        public Builder parse(ParseConfig v) { parse = v; return this; }
        public Builder engine(EngineSettings v) { engine = v; return this; }
        /** Must be Serializable (java.time's system, fixed and offset clocks are). */
        public Builder clock(Clock v) { clock = v; return this; }
        /**
         * {@code --now}: the job's clock reads {@code now} at this call and advances with real time from there
         * (an offset clock: a long replay or a live run keeps a moving "now", shifted to the given instant).
         */
        public Builder startingAt(Instant now) {
            if (now == null) {
                throw new IllegalArgumentException("--now must be an instant");
            }
            clock = Clock.offset(DEFAULT_CLOCK, Duration.between(DEFAULT_CLOCK.instant(), now));
            return this;
        }
        public Builder window(Duration v) { window = v; return this; }
        public Builder outOfOrderness(Duration v) { outOfOrderness = v; return this; }
        public Builder idleness(Duration v) { idleness = v; return this; }
        public Builder maxCachedKeys(int v) { maxCachedKeys = v; return this; }
        public Builder multilineMaxLines(int v) { multilineMaxLines = v; return this; }
        public Builder silentWindows(int v) { silentWindows = v; return this; }
        /** Null turns the anomaly stage off. */
        public Builder anomalies(SourceDetectorConfig v) { anomalies = v; return this; }
        /** Null (the default) turns the session stage off. */
        public Builder sessions(SessionSettings v) { sessions = v; return this; }

        public JobConfig build() {
            if (parse == null || engine == null) {
                throw new IllegalArgumentException("parse and engine configs are required");
            }
            if (!(clock instanceof Serializable)) {
                throw new IllegalArgumentException("the job's clock must be Serializable (it is shipped with the job), was "
                        + clock);
            }
            if (window == null || window.toMillis() < 1 || window.toDays() > 7) {
                throw new IllegalArgumentException("--window must be in 1ms..7d, was " + window);
            }
            if (outOfOrderness == null || outOfOrderness.isNegative() || outOfOrderness.toDays() > 1) {
                throw new IllegalArgumentException("--out-of-orderness must be in 0s..1d, was " + outOfOrderness);
            }
            if (idleness == null || idleness.toMillis() < 1) {
                throw new IllegalArgumentException("--idleness must be >= 1ms, was " + idleness);
            }
            if (maxCachedKeys < 1) {
                throw new IllegalArgumentException("--max-cached-sources must be >= 1, was " + maxCachedKeys);
            }
            if (multilineMaxLines < 1 || multilineMaxLines > MAX_MULTILINE_MAX_LINES) {
                throw new IllegalArgumentException("--multiline-max-lines must be in 1.." + MAX_MULTILINE_MAX_LINES
                        + ", was " + multilineMaxLines);
            }
            if (silentWindows < 0 || silentWindows > MAX_SILENT_WINDOWS) {
                throw new IllegalArgumentException("--silent-windows must be in 0.." + MAX_SILENT_WINDOWS + ", was " + silentWindows);
            }
            engine.toEngineConfig();   // validates, naming the flags
            return new JobConfig(this);
        }
    }
}
