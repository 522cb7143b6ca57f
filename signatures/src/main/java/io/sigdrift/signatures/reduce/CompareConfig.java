package io.sigdrift.signatures.reduce;

/** Settings of LogCompare. Immutable, validated once. */
public final class CompareConfig {
    /**
     * A signature present on both sides is CHANGED when the p-value of its share change is below this.
     * Strict on purpose: a comparison tests every signature, so 0.05 would flag dozens by chance.
     */
    public static final double DEFAULT_ALPHA = 0.001;
    /**
     * A value is attributed when its corrected p-value is below this. The correction (Bonferroni over the values
     * tested for one signature) already accounts for the many values; the reported rows are few, so 0.001 keeps
     * the expected number of values named by chance in a whole report well below one.
     */
    public static final double DEFAULT_ATTRIBUTION_ALPHA = 0.001;
    /**
     * A value is attributed only when its share of the signature rose by at least this (5 points): on large inputs
     * a shift of a fraction of a point is significant too but tells an analyst nothing.
     */
    public static final double DEFAULT_ATTRIBUTION_MIN_GAIN = 0.05;
    /** Values attributed per signature at most (most significant first). */
    public static final int DEFAULT_MAX_ATTRIBUTED = 3;

    private final double alpha;
    private final boolean attribution;
    private final ReduceConfig reduce;

    private CompareConfig(double alpha, boolean attribution) {
        if (!(alpha > 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
        this.alpha = alpha;
        this.attribution = attribution;
        // values are counted only when they are to be attributed: compare without attribution pays nothing for them
        this.reduce = ReduceConfig.builder().parameterSummaries(attribution).build();
    }

    /** Default alpha, attribution on. */
    public static CompareConfig defaults() {
        return of(DEFAULT_ALPHA);
    }

    /** Attribution on. */
    public static CompareConfig of(double alpha) {
        return of(alpha, true);
    }

    public static CompareConfig of(double alpha, boolean attribution) {
        return new CompareConfig(alpha, attribution);
    }

    public double alpha() { return alpha; }
    /** Whether NEW and CHANGED rows carry the values over-represented in the target ({@link AttributedValue}). */
    public boolean attribution() { return attribution; }
    public double attributionAlpha() { return DEFAULT_ATTRIBUTION_ALPHA; }
    public double attributionMinGain() { return DEFAULT_ATTRIBUTION_MIN_GAIN; }
    public int maxAttributed() { return DEFAULT_MAX_ATTRIBUTED; }
    ReduceConfig reduce() { return reduce; }
}
