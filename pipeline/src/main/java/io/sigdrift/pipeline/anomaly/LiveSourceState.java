package io.sigdrift.pipeline.anomaly;

import io.sigdrift.baselines.SourceDetector;
import io.sigdrift.pipeline.state.DeferredBytes;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectOpenHashSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The live anomaly state of one key (source, or source + split) in {@link AnomalyOperator}'s cache: the
 * key's {@link SourceDetector} (the pure core: baselines, aliases, pending counts, alert budget, counters)
 * plus what only the job has — the signature descriptions that enrich emitted records, the registered
 * source-TTL timer and the write-back flags. Written to keyed state only at checkpoints and on cache
 * eviction: everything but the descriptions as one versioned binary value ({@link AnomalyStateCodec#encodeLive}),
 * the descriptions ({@link SignatureInfo}) as map entries written only when they changed ({@link #dirtyInfos}),
 * since they are large and change only on signature events.
 *
 * <p>Bounds: {@code infos} ≤ {@code maxSignaturesPerSource} (further ones counted as
 * {@link SourceDetector#UNDESCRIBED}); the core's own bounds are in its Javadoc.
 */
final class LiveSourceState {
    final SourceDetector core;
    final Object2ObjectOpenHashMap<String, SignatureInfo> infos = new Object2ObjectOpenHashMap<>();
    /** Ids whose description was added, changed or removed since the last write to keyed state. */
    final ObjectOpenHashSet<String> dirtyInfos = new ObjectOpenHashSet<>();
    /**
     * NEW anomalies that format-2 state held for a description (the retired two-channel input); emitted once
     * when such state is loaded, never written again. Empty for anything newer.
     */
    final List<AnomalyRecord> restoredHeld = new ArrayList<>(0);
    /**
     * First lines of each signature in the window whose total has not arrived yet (for {@code window_examples});
     * cleared when the total closes the window. Not persisted: a restore between a window's counts and its total
     * (rare: they are consecutive on one channel) leaves that window's anomalies without window examples.
     */
    final Object2ObjectOpenHashMap<String, String[]> windowExamples = new Object2ObjectOpenHashMap<>();
    static final int MAX_WINDOW_EXAMPLES = 3;
    /** The registered source-TTL timer, or Long.MIN_VALUE: at most one per key. */
    long ttlTimer = Long.MIN_VALUE;
    /** Changed since it was last written to keyed state. */
    boolean dirty;
    /** Read from the format-1 states: they are cleared when this is first written. */
    boolean fromVersion1;
    /** Read from the {@code byte[]} state of before deferred encoding: cleared when this is first written. */
    boolean fromByteState;
    /**
     * The keyed-state value a checkpoint took from this object and whose bytes are not encoded yet, or null. While it
     * is set nothing may change this object: the operator settles it first (encodes now if still owed).
     */
    DeferredBytes owed;

    LiveSourceState(SourceDetector core) {
        this.core = core;
    }

    /** Two records of one signature in one window (a renamed id's and the new id's): their lines, at most 3. */
    static String[] moreExamples(String[] a, String[] b) {
        List<String> out = new ArrayList<>(java.util.Arrays.asList(a));
        for (String x : b) {
            if (out.size() < MAX_WINDOW_EXAMPLES && !out.contains(x)) {
                out.add(x);
            }
        }
        return out.toArray(new String[0]);
    }
}
