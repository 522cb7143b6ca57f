package io.sigdrift.pipeline.job;

import io.sigdrift.baselines.attribution.WindowSketch;
import io.sigdrift.signatures.MultilineJoiner;
import io.sigdrift.signatures.SignatureEngine;
import it.unimi.dsi.fastutil.longs.Long2ObjectRBTreeMap;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;

/**
 * The live state of one key (source, or source + split): its signature engine and the counts of the
 * event-time windows not yet emitted. Lives in {@link SignatureCountOperator}'s transient cache and
 * is written to Flink keyed state through {@link SourceStateCodec} only at checkpoints and on cache
 * eviction.
 *
 * <p>Bounds: the engine holds at most {@code maxSignatures} signatures; open windows are those between
 * the key's clock (its newest timestamp minus the out-of-orderness) and the newest accepted timestamp (at most {@code maxFuture / window} + a few; the
 * parser rejects timestamps beyond {@code --max-future}); each window has at most one entry per live
 * signature id; the pending multi-line event holds at most the engine's {@code maxLineChars} characters
 * and {@code --multiline-max-lines} lines.
 *
 * <p>The pending multi-line event ({@code --multiline}) is the inherited {@link MultilineJoiner.Pending}
 * fields: {@code pending} (its first line; persisted, format 2, as the whole text with {@code pendingMore}),
 * {@code pendingLines} and {@code dropContinuations}; the joining logic is {@link MultilineJoiner}'s.
 */
final class SourceState extends MultilineJoiner.Pending {
    final SignatureEngine engine;
    /** Open windows by start time, ascending (usually one or two). */
    final Long2ObjectRBTreeMap<Window> windows = new Long2ObjectRBTreeMap<>();
    /** Newest event time seen for this key (Long.MIN_VALUE before the first line). */
    long maxTimestamp = Long.MIN_VALUE;
    /** Every window ending at or before this (end - 1 <= closedUntil) has been emitted; its lines are late. */
    long closedUntil = Long.MIN_VALUE;
    /**
     * The last timestamp parsed from a line of this key (Long.MIN_VALUE before one): a line without a
     * timestamp ({@code --missing-time inherit}) takes it. Persisted (format 2), so a restored job
     * gives such a line the time of the line before it, not the wall clock.
     */
    long lastParsedTimestamp = Long.MIN_VALUE;
    /** Event time of the pending event (its first line's). */
    long pendingTimestamp;
    /** Processing time of the last line (not persisted: reset to "now" on restore). */
    long lastSeenWall;
    /** Processing time of the registered idle timer, or Long.MIN_VALUE (not persisted). */
    long idleTimer = Long.MIN_VALUE;
    /** Changed since it was last written to keyed state. */
    boolean dirty;
    /**
     * Where keyed state holds this source's bytes (not persisted; both false for a source never written): as one value,
     * or in parts ({@link SignatureCountOperator}'s layouts). A write in the other layout clears the one it replaces.
     */
    boolean inValue;
    boolean inParts;
    /**
     * With the parts layout: which of the signatures' unchanging bytes keyed state holds (not persisted: null until the
     * first write, after which only the chunks that changed are rewritten).
     */
    io.sigdrift.pipeline.state.SlotChunks signatures;
    /** Live signatures at the last look (metrics: kept per key so the subtask's total is updated by deltas). */
    int signatureCount;
    /** Engine evictions at the last look (metrics: the evictions counter is raised by the delta). */
    long evictedSeen;

    SourceState(SignatureEngine engine) {
        this.engine = engine;
    }

    /** Counts of one open window. */
    static final class Window {
        final long start;
        final Object2LongOpenHashMap<String> counts = new Object2LongOpenHashMap<>();
        /**
         * Per signature: its top parameter values and first lines in this window, for attribution (only when the
         * job has an anomaly stage). Persisted with the window (source state format 3).
         */
        Object2ObjectOpenHashMap<String, WindowSketch> sketches;
        long total;

        Window(long start) {
            this.start = start;
        }

        void add(String signatureId) {
            counts.addTo(signatureId, 1L);
            total++;
        }

        /** The last id looked up and its sketch: runs of one signature (common in logs) skip the map. */
        private String lastId;
        private WindowSketch lastSketch;

        /** A persisted sketch (format 3). */
        void restoreSketch(String signatureId, WindowSketch k) {
            if (sketches == null) {
                sketches = new Object2ObjectOpenHashMap<>();
            }
            sketches.put(signatureId, k);
        }

        /** The sketch of a signature in this window, created on its first line. */
        WindowSketch sketch(String signatureId) {
            return sketch(signatureId, null);
        }

        /** As {@link #sketch(String)}, taking a new sketch from {@code pool} (null: a fresh one). */
        WindowSketch sketch(String signatureId, SketchPool pool) {
            if (signatureId == lastId) {   // identity: the engine hands out its signature's own id String
                return lastSketch;
            }
            if (sketches == null) {
                sketches = new Object2ObjectOpenHashMap<>();
            }
            WindowSketch k = sketches.get(signatureId);
            if (k == null) {
                k = pool == null ? new WindowSketch() : pool.take();
                sketches.put(signatureId, k);
            }
            lastId = signatureId;
            lastSketch = k;
            return k;
        }
    }

    /**
     * A signature generalised: counts kept under its previous id move to the new id, so a window
     * closing after the change reports the id that is live then (lineage is in the signatures stream).
     */
    void rename(String previousId, String newId) {
        rename(previousId, newId, null);
    }

    /** As {@link #rename(String, String)}; the absorbed sketches go back to {@code pool} (null: dropped). */
    void rename(String previousId, String newId, SketchPool pool) {
        if (previousId == null || previousId.equals(newId)) {
            return;
        }
        for (Window w : windows.values()) {
            long n = w.counts.removeLong(previousId);
            if (n != 0) {
                w.counts.addTo(newId, n);
            }
            WindowSketch k = w.sketches == null ? null : w.sketches.remove(previousId);
            w.lastId = null;
            if (k != null) {
                w.sketch(newId, pool).absorb(k);
                if (pool != null) {
                    pool.give(k);
                }
            }
        }
    }
}
