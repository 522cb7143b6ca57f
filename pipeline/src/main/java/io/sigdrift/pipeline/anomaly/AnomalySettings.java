package io.sigdrift.pipeline.anomaly;

import io.sigdrift.baselines.BaselineConfig;
import io.sigdrift.baselines.DetectorConfig;
import io.sigdrift.baselines.SourceAlertGate;
import java.io.Serializable;
import java.time.Duration;

/**
 * What the anomaly stage of the job needs, immutable and validated once in {@link Builder#build()}.
 * Serializable (plain fields only) because it travels inside the operator; the baselines module's
 * {@link BaselineConfig}/{@link DetectorConfig} are built from it in each subtask.
 *
 * <p>Durations of the baselines are in windows of the job ({@code --window}, 1 minute by default).
 */
public final class AnomalySettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No alert before this many windows of a series (and of a source, for NEW); the demo uses 60. */
    public static final int DEFAULT_WARMUP_WINDOWS = BaselineConfig.DEFAULT_WARMUP_WINDOWS;
    /** Half-life of level and dispersion, in windows. */
    public static final int DEFAULT_HALF_LIFE_WINDOWS = BaselineConfig.DEFAULT_HALF_LIFE_WINDOWS;
    /** Quiet windows after which an open incident closes. */
    public static final int DEFAULT_COOLDOWN_WINDOWS = DetectorConfig.DEFAULT_COOLDOWN_WINDOWS;
    /** Tracked signatures per source (key); further new ones are counted as untracked, not monitored. */
    public static final int DEFAULT_MAX_SIGNATURES_PER_SOURCE = 10_000;
    /** A signature with no occurrence for this many windows of its source is forgotten (one week of minutes). */
    public static final int DEFAULT_SIGNATURE_TTL_WINDOWS = 10_080;
    /** A source (key) that sends no window for this long (processing time) has all its anomaly state cleared. */
    public static final Duration DEFAULT_SOURCE_TTL = Duration.ofDays(7);
    /** Alert budget: at most this many new incidents per source and window, the most significant first. */
    public static final int DEFAULT_MAX_CREATED_PER_WINDOW = SourceAlertGate.DEFAULT_MAX_CREATED_PER_WINDOW;
    /** Suppressed incident ids remembered per source (so their updates stay suppressed too). */
    public static final int DEFAULT_MAX_REMEMBERED_SUPPRESSED = 1_000;
    /**
     * How long (processing time) a NEW anomaly waits for its signature's description when its count arrived
     * before the signature event (they travel on separate channels); then it is emitted without template.
     * Far above Flink's network buffer timeout (100 ms by default), which is what separates the two.
     */
    public static final Duration DEFAULT_DESCRIBE_WAIT = Duration.ofSeconds(5);
    /** Example lines kept per signature for the anomaly records (the issue asks for up to 5). */
    public static final int MAX_EXAMPLES = 5;

    private final int warmupWindows;
    private final int halfLifeWindows;
    private final int cooldownWindows;
    private final int maxSignaturesPerSource;
    private final int signatureTtlWindows;
    private final long sourceTtlMillis;
    private final int maxCreatedPerWindow;
    private final int maxRememberedSuppressed;
    private final long describeWaitMillis;

    private AnomalySettings(Builder b) {
        warmupWindows = checkInt("--anomaly-warmup", b.warmupWindows, 1, 10_000_000);
        halfLifeWindows = checkInt("--anomaly-half-life", b.halfLifeWindows, 2, 10_000_000);
        cooldownWindows = checkInt("--anomaly-cooldown", b.cooldownWindows, 0, 1_000_000);
        maxSignaturesPerSource = checkInt("--anomaly-max-signatures", b.maxSignaturesPerSource, 1, 10_000_000);
        signatureTtlWindows = checkInt("--anomaly-signature-ttl", b.signatureTtlWindows, 1, 100_000_000);
        if (b.sourceTtl == null || b.sourceTtl.toMillis() < 1000 || b.sourceTtl.toDays() > 3650) {
            throw new IllegalArgumentException("--anomaly-source-ttl must be in 1s..3650d, was " + b.sourceTtl);
        }
        sourceTtlMillis = b.sourceTtl.toMillis();
        maxCreatedPerWindow = checkInt("--anomaly-max-per-window", b.maxCreatedPerWindow, 1, 1_000_000);
        maxRememberedSuppressed = checkInt("maxRememberedSuppressed", b.maxRememberedSuppressed, 1, 1_000_000);
        if (b.describeWait == null || b.describeWait.toMillis() < 1 || b.describeWait.toMinutes() > 60) {
            throw new IllegalArgumentException("describeWait must be in 1ms..60min, was " + b.describeWait);
        }
        describeWaitMillis = b.describeWait.toMillis();
        baselineConfig();   // validates the combination in the baselines module too
        detectorConfig();
    }

    private static int checkInt(String field, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(field + " must be in " + min + ".." + max + ", was " + v);
        }
        return v;
    }

    public static AnomalySettings defaults() {
        return builder().build();
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
    public long describeWaitMillis() { return describeWaitMillis; }

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
        private Duration describeWait = DEFAULT_DESCRIBE_WAIT;

        public Builder warmupWindows(int v) { warmupWindows = v; return this; }
        public Builder halfLifeWindows(int v) { halfLifeWindows = v; return this; }
        public Builder cooldownWindows(int v) { cooldownWindows = v; return this; }
        public Builder maxSignaturesPerSource(int v) { maxSignaturesPerSource = v; return this; }
        public Builder signatureTtlWindows(int v) { signatureTtlWindows = v; return this; }
        public Builder sourceTtl(Duration v) { sourceTtl = v; return this; }
        public Builder maxCreatedPerWindow(int v) { maxCreatedPerWindow = v; return this; }
        public Builder maxRememberedSuppressed(int v) { maxRememberedSuppressed = v; return this; }
        public Builder describeWait(Duration v) { describeWait = v; return this; }

        public AnomalySettings build() {
            return new AnomalySettings(this);
        }
    }
}
