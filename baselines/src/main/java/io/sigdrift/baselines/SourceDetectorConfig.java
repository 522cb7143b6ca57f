package io.sigdrift.baselines;

import java.io.Serializable;
import java.time.Duration;

/**
 * The one set of settings of the per-source anomaly core ({@link SourceDetector}), immutable and validated
 * once in {@link Builder#build()}; a bad value fails there with the field name and the allowed range.
 * The job ({@code sigdrift run}, the anomaly operator), the demo and every evaluation use these defaults.
 * Serializable (plain fields only) because the Flink operator carries it; the {@link BaselineConfig} and
 * {@link DetectorConfig} it implies are built from it where they are used.
 *
 * <p>Durations counted in windows are windows of the job ({@code --window}).
 */
public final class SourceDetectorConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No alert before this many windows of a series (and of a source, for NEW). */
    public static final int DEFAULT_WARMUP_WINDOWS = BaselineConfig.DEFAULT_WARMUP_WINDOWS;
    /** Half-life of level and dispersion, in windows. */
    public static final int DEFAULT_HALF_LIFE_WINDOWS = BaselineConfig.DEFAULT_HALF_LIFE_WINDOWS;
    /** Quiet windows after which an open incident closes. */
    public static final int DEFAULT_COOLDOWN_WINDOWS = DetectorConfig.DEFAULT_COOLDOWN_WINDOWS;
    /** Tracked signatures per source; further new ones are counted as untracked, not monitored. */
    public static final int DEFAULT_MAX_SIGNATURES_PER_SOURCE = 10_000;
    /** A signature with no occurrence for this many windows of its source is forgotten (a week of minutes). */
    public static final int DEFAULT_SIGNATURE_TTL_WINDOWS = 10_080;
    /** A source that sends no window for this long (processing time) is forgotten entirely. */
    public static final Duration DEFAULT_SOURCE_TTL = Duration.ofDays(7);
    /** Alert budget: at most this many new incidents per source and window, the most significant first. */
    public static final int DEFAULT_MAX_CREATED_PER_WINDOW = 20;
    /**
     * Suppressed incident ids remembered per source, so their UPDATED/CLOSED changes stay silent too. 1,000:
     * the set is part of every checkpoint of the source, and at the default budget it covers 50 windows of
     * a flood; a forgotten id can at worst leak one UPDATED or CLOSED of an incident nobody saw open.
     */
    public static final int DEFAULT_MAX_REMEMBERED_SUPPRESSED = 1_000;

    public static final SourceDetectorConfig DEFAULTS = builder().build();

    private final int warmupWindows;
    private final int halfLifeWindows;
    private final int cooldownWindows;
    private final int maxSignaturesPerSource;
    private final int signatureTtlWindows;
    private final long sourceTtlMillis;
    private final int maxCreatedPerWindow;
    private final int maxRememberedSuppressed;

    private SourceDetectorConfig(Builder b) {
        warmupWindows = BaselineConfig.checkInt("warmupWindows", b.warmupWindows, 1, 10_000_000);
        halfLifeWindows = BaselineConfig.checkInt("halfLifeWindows", b.halfLifeWindows, 2, 10_000_000);
        cooldownWindows = BaselineConfig.checkInt("cooldownWindows", b.cooldownWindows, 0, 1_000_000);
        maxSignaturesPerSource = BaselineConfig.checkInt("maxSignaturesPerSource", b.maxSignaturesPerSource, 1, 10_000_000);
        signatureTtlWindows = BaselineConfig.checkInt("signatureTtlWindows", b.signatureTtlWindows, 1, 100_000_000);
        if (b.sourceTtl == null || b.sourceTtl.toMillis() < 1000 || b.sourceTtl.toDays() > 3650) {
            throw new IllegalArgumentException("sourceTtl must be in 1s..3650d, was " + b.sourceTtl);
        }
        sourceTtlMillis = b.sourceTtl.toMillis();
        maxCreatedPerWindow = BaselineConfig.checkInt("maxCreatedPerWindow", b.maxCreatedPerWindow, 1, 1_000_000);
        maxRememberedSuppressed = BaselineConfig.checkInt("maxRememberedSuppressed", b.maxRememberedSuppressed, 1, 1_000_000);
        baselineConfig();   // validates the combination in the configs it implies too
        detectorConfig();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int warmupWindows() { return warmupWindows; }
    public int halfLifeWindows() { return halfLifeWindows; }
    public int cooldownWindows() { return cooldownWindows; }
    public int maxSignaturesPerSource() { return maxSignaturesPerSource; }
    public int signatureTtlWindows() { return signatureTtlWindows; }
    public long sourceTtlMillis() { return sourceTtlMillis; }
    public int maxCreatedPerWindow() { return maxCreatedPerWindow; }
    public int maxRememberedSuppressed() { return maxRememberedSuppressed; }

    public BaselineConfig baselineConfig() {
        return BaselineConfig.builder().warmupWindows(warmupWindows).halfLifeWindows(halfLifeWindows).build();
    }

    public DetectorConfig detectorConfig() {
        return DetectorConfig.builder().sourceWarmupWindows(warmupWindows).cooldownWindows(cooldownWindows).build();
    }

    public static final class Builder {
        private int warmupWindows = DEFAULT_WARMUP_WINDOWS;
        private int halfLifeWindows = DEFAULT_HALF_LIFE_WINDOWS;
        private int cooldownWindows = DEFAULT_COOLDOWN_WINDOWS;
        private int maxSignaturesPerSource = DEFAULT_MAX_SIGNATURES_PER_SOURCE;
        private int signatureTtlWindows = DEFAULT_SIGNATURE_TTL_WINDOWS;
        private Duration sourceTtl = DEFAULT_SOURCE_TTL;
        private int maxCreatedPerWindow = DEFAULT_MAX_CREATED_PER_WINDOW;
        private int maxRememberedSuppressed = DEFAULT_MAX_REMEMBERED_SUPPRESSED;

        public Builder warmupWindows(int v) { warmupWindows = v; return this; }
        public Builder halfLifeWindows(int v) { halfLifeWindows = v; return this; }
        public Builder cooldownWindows(int v) { cooldownWindows = v; return this; }
        public Builder maxSignaturesPerSource(int v) { maxSignaturesPerSource = v; return this; }
        public Builder signatureTtlWindows(int v) { signatureTtlWindows = v; return this; }
        public Builder sourceTtl(Duration v) { sourceTtl = v; return this; }
        public Builder maxCreatedPerWindow(int v) { maxCreatedPerWindow = v; return this; }
        public Builder maxRememberedSuppressed(int v) { maxRememberedSuppressed = v; return this; }

        public SourceDetectorConfig build() {
            return new SourceDetectorConfig(this);
        }
    }
}
