package io.sigdrift.pipeline.anomaly;

import io.sigdrift.baselines.SeriesMonitor;
import it.unimi.dsi.fastutil.objects.Object2LongLinkedOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectOpenHashSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;

/**
 * The live anomaly state of one key (source, or source + split) in {@link AnomalyOperator}'s cache: the
 * volume and per-signature {@link SeriesMonitor}s as live objects, so a window costs one
 * {@code observe} per tracked signature and no decoding or encoding. Written to keyed state only at
 * checkpoints and on cache eviction: everything but the descriptions as one versioned binary value
 * ({@link AnomalyStateCodec#encodeLive}), the descriptions ({@link SignatureInfo}) as map entries written
 * only when they changed ({@link #dirtyInfos}), since they are large and change only on signature events.
 *
 * <p>Linked maps keep insertion order, and the codec writes and reads in that order, so a restored key
 * iterates its signatures exactly as the live one did and emits the same records in the same order.
 *
 * <p>Bounds: {@code series}, {@code infos} and {@code aliases} ≤ {@code maxSignaturesPerSource};
 * {@code pending} ≤ the signatures of one window (the count operator's engine bound); {@code suppressed}
 * ≤ {@code maxRememberedSuppressed}; {@code held} ≤ {@link AnomalyOperator#MAX_HELD_PER_SOURCE}.
 */
final class LiveSourceState {
    /** Counter slots; 0-5 are those of format 1 ({@link SourceAnomalyState}), 6-7 new in format 2. */
    static final int UNTRACKED = SourceAnomalyState.UNTRACKED;
    static final int EVICTED = SourceAnomalyState.EVICTED;
    static final int IGNORED_INPUTS = SourceAnomalyState.IGNORED_INPUTS;
    static final int SUPPRESSED = SourceAnomalyState.SUPPRESSED;
    static final int OUT_OF_ORDER = SourceAnomalyState.OUT_OF_ORDER;
    static final int UNDESCRIBED = SourceAnomalyState.UNDESCRIBED;
    /** NEW anomalies emitted without template because their signature event did not come in time. */
    static final int NEW_WITHOUT_DESCRIPTION = 6;
    /** NEW anomalies withdrawn because the signature event showed a rename of a tracked signature. */
    static final int NEW_WITHDRAWN_AS_RENAME = 7;
    static final int COUNTERS = 8;

    final SeriesMonitor volume;
    final Object2ObjectLinkedOpenHashMap<String, SeriesMonitor> series = new Object2ObjectLinkedOpenHashMap<>();
    final Object2ObjectOpenHashMap<String, SignatureInfo> infos = new Object2ObjectOpenHashMap<>();
    /** Ids whose description was added, changed or removed since the last write to keyed state. */
    final ObjectOpenHashSet<String> dirtyInfos = new ObjectOpenHashSet<>();
    /** Renames: old id → new id. */
    final Object2ObjectLinkedOpenHashMap<String, String> aliases = new Object2ObjectLinkedOpenHashMap<>();
    /** Per-signature counts of the window whose total has not arrived yet. */
    final Object2LongLinkedOpenHashMap<String> pending = new Object2LongLinkedOpenHashMap<>();
    /** Ids of incidents suppressed by the alert budget, oldest first. */
    final LinkedHashSet<String> suppressed = new LinkedHashSet<>();
    /** NEW anomalies waiting for their signature's description (template, examples), oldest first. */
    final ArrayList<Held> held = new ArrayList<>();
    final long[] counters = new long[COUNTERS];
    long lastWindowStart = Long.MIN_VALUE;
    double newSignatureRate;
    /** Processing time of the last window (the source TTL counts from here). */
    long lastActivity = Long.MIN_VALUE;
    /** The registered source-TTL timer, or Long.MIN_VALUE: at most one per key. */
    long ttlTimer = Long.MIN_VALUE;
    /** The registered timer that releases held anomalies, or Long.MIN_VALUE: at most one per key. */
    long heldTimer = Long.MIN_VALUE;
    /** Changed since it was last written to keyed state. */
    boolean dirty;
    /** Read from the format-1 states: they are cleared when this is first written. */
    boolean fromVersion1;

    LiveSourceState(SeriesMonitor volume) {
        this.volume = volume;
    }

    /** A NEW anomaly waiting for its description until {@code deadline} (processing time). */
    record Held(AnomalyRecord record, long deadline) {}
}
