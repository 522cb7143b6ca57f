package io.sigdrift.signatures;

/**
 * Immutable configuration of a {@link SignatureEngine}, validated once by {@link Builder#build()}.
 * One default configuration serves every log type: there are no per-source regexes or thresholds.
 */
public final class EngineConfig {
    /** Signatures kept per engine (= per source); beyond it the least recently used one is evicted. */
    public static final int DEFAULT_MAX_SIGNATURES = 10_000;
    /** Longer events are cut to this many chars and flagged as truncated (bounds work and memory per line). */
    public static final int DEFAULT_MAX_LINE_CHARS = 16_384;
    /** Tokens beyond this are folded into the last token (flagged as truncated). */
    public static final int DEFAULT_MAX_TOKENS = 256;
    /** Lineage entries kept per signature (the most recent ones). */
    public static final int DEFAULT_MAX_ANCESTORS = 16;
    /** Chars of the example event kept per signature (bounds retained memory per signature). */
    public static final int DEFAULT_MAX_EXAMPLE_CHARS = 256;
    /** Masked-skeleton hashes remembered for the fast path, as a multiple of maxSignatures. */
    public static final int DEFAULT_SKELETON_CACHE_FACTOR = 4;

    private static final int MIN_MAX_SIGNATURES = 1;
    private static final int MAX_MAX_SIGNATURES = 10_000_000;
    private static final int MIN_LINE_CHARS = 16;
    private static final int MAX_LINE_CHARS = 64 * 1024 * 1024;
    private static final int MIN_TOKENS = 1;
    private static final int MAX_TOKENS = 65_536;

    private final int maxSignatures;
    private final int maxLineChars;
    private final int maxTokens;
    private final int maxAncestors;
    private final int maxExampleChars;
    private final int skeletonCacheFactor;
    private final UserMasks masks;

    private EngineConfig(Builder b) {
        this.maxSignatures = b.maxSignatures;
        this.maxLineChars = b.maxLineChars;
        this.maxTokens = b.maxTokens;
        this.maxAncestors = b.maxAncestors;
        this.maxExampleChars = b.maxExampleChars;
        this.skeletonCacheFactor = b.skeletonCacheFactor;
        this.masks = b.masks;
    }

    public static EngineConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxSignatures() {
        return maxSignatures;
    }

    public int maxLineChars() {
        return maxLineChars;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public int maxAncestors() {
        return maxAncestors;
    }

    public int maxExampleChars() {
        return maxExampleChars;
    }

    public int skeletonCacheFactor() {
        return skeletonCacheFactor;
    }

    /** User-defined masks, tested on every token before the built-in rules; none by default. */
    public UserMasks masks() {
        return masks;
    }

    /** A builder pre-filled with this configuration. */
    public Builder toBuilder() {
        return new Builder().maxSignatures(maxSignatures).maxLineChars(maxLineChars).maxTokens(maxTokens)
                .maxAncestors(maxAncestors).maxExampleChars(maxExampleChars).skeletonCacheFactor(skeletonCacheFactor)
                .masks(masks);
    }

    @Override
    public String toString() {
        return "EngineConfig{maxSignatures=" + maxSignatures + ", maxLineChars=" + maxLineChars
                + ", maxTokens=" + maxTokens + ", maxAncestors=" + maxAncestors
                + ", maxExampleChars=" + maxExampleChars + ", skeletonCacheFactor=" + skeletonCacheFactor
                + (masks.isEmpty() ? "" : ", masks=" + masks) + "}";
    }

    public static final class Builder {
        private int maxSignatures = DEFAULT_MAX_SIGNATURES;
        private int maxLineChars = DEFAULT_MAX_LINE_CHARS;
        private int maxTokens = DEFAULT_MAX_TOKENS;
        private int maxAncestors = DEFAULT_MAX_ANCESTORS;
        private int maxExampleChars = DEFAULT_MAX_EXAMPLE_CHARS;
        private int skeletonCacheFactor = DEFAULT_SKELETON_CACHE_FACTOR;
        private UserMasks masks = UserMasks.none();

        private Builder() {
        }

        public Builder maxSignatures(int v) {
            this.maxSignatures = v;
            return this;
        }

        public Builder maxLineChars(int v) {
            this.maxLineChars = v;
            return this;
        }

        public Builder maxTokens(int v) {
            this.maxTokens = v;
            return this;
        }

        public Builder maxAncestors(int v) {
            this.maxAncestors = v;
            return this;
        }

        public Builder maxExampleChars(int v) {
            this.maxExampleChars = v;
            return this;
        }

        public Builder skeletonCacheFactor(int v) {
            this.skeletonCacheFactor = v;
            return this;
        }

        public Builder masks(UserMasks v) {
            this.masks = v == null ? UserMasks.none() : v;
            return this;
        }

        public EngineConfig build() {
            check("maxSignatures", maxSignatures, MIN_MAX_SIGNATURES, MAX_MAX_SIGNATURES);
            check("maxLineChars", maxLineChars, MIN_LINE_CHARS, MAX_LINE_CHARS);
            check("maxTokens", maxTokens, MIN_TOKENS, MAX_TOKENS);
            check("maxAncestors", maxAncestors, 0, 1024);
            check("maxExampleChars", maxExampleChars, 0, MAX_LINE_CHARS);
            check("skeletonCacheFactor", skeletonCacheFactor, 1, 64);
            return new EngineConfig(this);
        }

        private static void check(String field, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(
                        field + " must be in [" + min + ", " + max + "] but was " + value);
            }
        }
    }
}
