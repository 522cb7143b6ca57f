package io.sigdrift.signatures.reduce;

/**
 * Bounds of the summaries LogReduce and LogCompare keep per signature. Immutable, validated once.
 *
 * <p>Memory per tracked signature is at most {@code maxPositions * maxTrackedValues} value counters
 * (default 16 x 32), so 10,000 signatures stay within a few hundred MB even in the worst case where
 * every position of every signature sees unique values; typical logs use a small fraction of that.
 */
public final class ReduceConfig {
    /** Parameter positions summarised per signature; further positions are ignored (counted). */
    public static final int DEFAULT_MAX_POSITIONS = 16;
    /** Distinct values counted per position before the rarest are dropped (lossy counting). */
    public static final int DEFAULT_MAX_TRACKED_VALUES = 32;
    /** Top values reported per position. */
    public static final int DEFAULT_TOP_VALUES = 5;
    /** Characters kept of a value or an example event in reports. */
    public static final int DEFAULT_MAX_VALUE_CHARS = 200;
    /**
     * Signatures tracked by the tally before those the engine has evicted are folded into an
     * "evicted" total; the engine itself bounds its live signatures (EngineConfig.maxSignatures).
     */
    public static final int DEFAULT_MAX_TRACKED_SIGNATURES = 20_000;

    private final int maxPositions;
    private final int maxTrackedValues;
    private final int topValues;
    private final int maxValueChars;
    private final int maxTrackedSignatures;
    private final boolean parameterSummaries;

    private ReduceConfig(Builder b) {
        this.maxPositions = check("maxPositions", b.maxPositions, 0, 1024);
        this.maxTrackedValues = check("maxTrackedValues", b.maxTrackedValues, 1, 1_000_000);
        this.topValues = check("topValues", b.topValues, 0, 1_000);
        if (topValues > maxTrackedValues) {
            throw new IllegalArgumentException("topValues must be <= maxTrackedValues (" + maxTrackedValues
                    + "), was " + topValues);
        }
        this.maxValueChars = check("maxValueChars", b.maxValueChars, 16, 1_000_000);
        this.maxTrackedSignatures = check("maxTrackedSignatures", b.maxTrackedSignatures, 1, 100_000_000);
        this.parameterSummaries = b.parameterSummaries;
    }

    private static int check(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    public static ReduceConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxPositions() { return maxPositions; }
    public int maxTrackedValues() { return maxTrackedValues; }
    public int topValues() { return topValues; }
    public int maxValueChars() { return maxValueChars; }
    public int maxTrackedSignatures() { return maxTrackedSignatures; }
    /** Whether parameter values are summarised at all (LogCompare turns this off). */
    public boolean parameterSummaries() { return parameterSummaries; }

    public static final class Builder {
        private int maxPositions = DEFAULT_MAX_POSITIONS;
        private int maxTrackedValues = DEFAULT_MAX_TRACKED_VALUES;
        private int topValues = DEFAULT_TOP_VALUES;
        private int maxValueChars = DEFAULT_MAX_VALUE_CHARS;
        private int maxTrackedSignatures = DEFAULT_MAX_TRACKED_SIGNATURES;
        private boolean parameterSummaries = true;

        private Builder() {}

        public Builder maxPositions(int v) { this.maxPositions = v; return this; }
        public Builder maxTrackedValues(int v) { this.maxTrackedValues = v; return this; }
        public Builder topValues(int v) { this.topValues = v; return this; }
        public Builder maxValueChars(int v) { this.maxValueChars = v; return this; }
        public Builder maxTrackedSignatures(int v) { this.maxTrackedSignatures = v; return this; }
        public Builder parameterSummaries(boolean v) { this.parameterSummaries = v; return this; }

        public ReduceConfig build() {
            return new ReduceConfig(this);
        }
    }
}
