package io.sigdrift.dashboard.query;

import java.time.Duration;
import java.time.Instant;

/** A half-open range [from, to) of epoch milliseconds, bounded so that no request scans without limit. */
public record TimeRange(long from, long to) {
    /** The longest range a request may ask for: a month of windows (the rollup makes it cheap). */
    public static final Duration MAX = Duration.ofDays(62);

    public TimeRange {
        if (to <= from) {
            throw new IllegalArgumentException("the range must end after it starts (from " + Instant.ofEpochMilli(from)
                    + ", to " + Instant.ofEpochMilli(to) + ")");
        }
        if (to - from > MAX.toMillis()) {
            throw new IllegalArgumentException("the range may span at most " + MAX.toDays() + " days, was "
                    + Duration.ofMillis(to - from).toHours() + " hours");
        }
    }

    /** In JSON as ISO-8601 instants. */
    @com.fasterxml.jackson.annotation.JsonValue
    public java.util.Map<String, Instant> json() {
        return java.util.Map.of("from", Instant.ofEpochMilli(from), "to", Instant.ofEpochMilli(to));
    }

    public long millis() {
        return to - from;
    }
}
