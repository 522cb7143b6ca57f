package io.sigdrift.models.session;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable bounds of a {@link SessionTracker}, validated once when built.
 *
 * <ul>
 *   <li>{@code inactivityGap}: a session closes when no event of its entity arrived for this long (event time);</li>
 *   <li>{@code maxDuration}: a session closes when it has spanned this long, so an entity that never goes quiet
 *       (a long-lived connection) still yields sessions;</li>
 *   <li>{@code maxEventsPerSession}: a session closes when it holds this many events (the count vector of a runaway
 *       entity stays bounded, and its next events open a new session);</li>
 *   <li>{@code maxOpenSessions}: beyond this the least recently active session is evicted (closed early, reason
 *       {@link CloseReason#EVICTED}, counted in {@link SessionTracker.Stats#evicted()});</li>
 *   <li>{@code maxDistinctPerSession}: distinct signatures (and bigrams) counted per session; further ones are
 *       counted under {@link SessionSample#OVERFLOW} so the events are not lost, only their identity.</li>
 * </ul>
 */
public final class SessionConfig {
    public static final Duration DEFAULT_INACTIVITY_GAP = Duration.ofMinutes(10);
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofHours(6);
    public static final int DEFAULT_MAX_EVENTS_PER_SESSION = 10_000;
    public static final int DEFAULT_MAX_OPEN_SESSIONS = 100_000;
    public static final int DEFAULT_MAX_DISTINCT_PER_SESSION = 256;

    private final Duration inactivityGap;
    private final Duration maxDuration;
    private final int maxEventsPerSession;
    private final int maxOpenSessions;
    private final int maxDistinctPerSession;
    private final boolean bigrams;

    private SessionConfig(Builder b) {
        this.inactivityGap = b.inactivityGap;
        this.maxDuration = b.maxDuration;
        this.maxEventsPerSession = b.maxEventsPerSession;
        this.maxOpenSessions = b.maxOpenSessions;
        this.maxDistinctPerSession = b.maxDistinctPerSession;
        this.bigrams = b.bigrams;
    }

    public static SessionConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Duration inactivityGap() { return inactivityGap; }
    public Duration maxDuration() { return maxDuration; }
    public int maxEventsPerSession() { return maxEventsPerSession; }
    public int maxOpenSessions() { return maxOpenSessions; }
    public int maxDistinctPerSession() { return maxDistinctPerSession; }
    /** Whether sessions also record which consecutive signature pairs occurred (order features; off by default: one
     * small string per event, and on HDFS they cost precision, see README). */
    public boolean bigrams() { return bigrams; }

    @Override
    public String toString() {
        return "SessionConfig{gap=" + inactivityGap + ", maxDuration=" + maxDuration + ", maxEvents="
                + maxEventsPerSession + ", maxOpen=" + maxOpenSessions + ", maxDistinct=" + maxDistinctPerSession
                + ", bigrams=" + bigrams + "}";
    }

    public static final class Builder {
        private Duration inactivityGap = DEFAULT_INACTIVITY_GAP;
        private Duration maxDuration = DEFAULT_MAX_DURATION;
        private int maxEventsPerSession = DEFAULT_MAX_EVENTS_PER_SESSION;
        private int maxOpenSessions = DEFAULT_MAX_OPEN_SESSIONS;
        private int maxDistinctPerSession = DEFAULT_MAX_DISTINCT_PER_SESSION;
        private boolean bigrams = false;

        public Builder inactivityGap(Duration v) { inactivityGap = Objects.requireNonNull(v, "inactivityGap"); return this; }
        public Builder maxDuration(Duration v) { maxDuration = Objects.requireNonNull(v, "maxDuration"); return this; }
        public Builder maxEventsPerSession(int v) { maxEventsPerSession = v; return this; }
        public Builder maxOpenSessions(int v) { maxOpenSessions = v; return this; }
        public Builder maxDistinctPerSession(int v) { maxDistinctPerSession = v; return this; }
        public Builder bigrams(boolean v) { bigrams = v; return this; }

        /** @throws IllegalArgumentException naming the first field out of range */
        public SessionConfig build() {
            if (inactivityGap.isNegative() || inactivityGap.isZero()) {
                throw new IllegalArgumentException("inactivityGap must be > 0, got " + inactivityGap);
            }
            if (maxDuration.compareTo(inactivityGap) < 0) {
                throw new IllegalArgumentException("maxDuration must be >= inactivityGap (" + inactivityGap + "), got "
                        + maxDuration);
            }
            check("maxEventsPerSession", maxEventsPerSession, 1, 10_000_000);
            check("maxOpenSessions", maxOpenSessions, 1, 100_000_000);
            check("maxDistinctPerSession", maxDistinctPerSession, 1, 1_000_000);
            return new SessionConfig(this);
        }

        private static void check(String field, int v, int min, int max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "], got " + v);
            }
        }
    }
}
