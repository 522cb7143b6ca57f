package io.sigdrift.signatures.reduce;

/** Settings of LogCompare. Immutable, validated once. */
public final class CompareConfig {
    /**
     * A signature present on both sides is CHANGED when the p-value of its share change is below this.
     * Strict on purpose: a comparison tests every signature, so 0.05 would flag dozens by chance.
     */
    public static final double DEFAULT_ALPHA = 0.001;

    private final double alpha;
    private final ReduceConfig reduce;

    private CompareConfig(double alpha, ReduceConfig reduce) {
        if (!(alpha > 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
        this.alpha = alpha;
        this.reduce = reduce;
    }

    public static CompareConfig defaults() {
        return of(DEFAULT_ALPHA);
    }

    public static CompareConfig of(double alpha) {
        return new CompareConfig(alpha, ReduceConfig.builder().parameterSummaries(false).build());
    }

    public double alpha() { return alpha; }
    ReduceConfig reduce() { return reduce; }
}
