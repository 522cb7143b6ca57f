package io.sigdrift.pipeline.anomaly;

import io.sigdrift.baselines.state.SeriesMonitorState;

/**
 * Persisted per-source (per key) part of the anomaly stage in state format 1 (the earlier
 * {@code KeyedCoProcessFunction} version). Only read now, when {@link AnomalyOperator} migrates such state
 * to the current format ({@link LiveSourceState}); kept with its codec and committed file so old state restores.
 * In format 1 the per-signature baselines live in their own map entries ({@link SeriesMonitorState}
 * bytes); this holds what is shared by all signatures of the source.
 *
 * @param version          {@link #CURRENT_VERSION}
 * @param volume           baseline of the source's total lines per window
 * @param lastWindowStart  start of the last window processed (older windows are skipped, counted)
 * @param newSignatureRate recent rate of windows with a new signature (feeds the NEW detector)
 * @param tracked          signatures with a baseline (the bound {@code maxSignaturesPerSource} applies)
 * @param described        signatures with a {@link SignatureInfo} (same bound)
 * @param aliases          renames remembered (old id → new id); cleared when over the bound
 * @param suppressed       ids of incidents the alert budget suppressed (oldest first, bounded)
 * @param counters         [untracked, evicted, ignoredInputs, suppressedIncidents, outOfOrderWindows,
 *                         undescribed] since the state was created
 */
public record SourceAnomalyState(int version, SeriesMonitorState volume, long lastWindowStart, double newSignatureRate,
                                 int tracked, int described, int aliases, String[] suppressed, long[] counters) {
    public static final int CURRENT_VERSION = 1;
    public static final int COUNTERS = 6;
    public static final int UNTRACKED = 0;
    public static final int EVICTED = 1;
    public static final int IGNORED_INPUTS = 2;
    public static final int SUPPRESSED = 3;
    public static final int OUT_OF_ORDER = 4;
    public static final int UNDESCRIBED = 5;
}
