package io.sigdrift.pipeline.job;

import io.sigdrift.baselines.attribution.WindowSketch;
import java.util.ArrayDeque;

/**
 * The attribution sketches of closed windows, kept for the next windows of the same subtask. Why: every window
 * of every signature needs a {@link WindowSketch} (with up to {@link WindowSketch#MAX_POSITIONS} Space-Saving
 * sketches), and allocating them anew was the count stage's largest allocation after the lines themselves; a
 * steady stream opens about as many as it closes, so recycled ones cover nearly all.
 *
 * <p><b>Bound:</b> at most {@link #MAX_SPARE} spare sketches (a few KiB each when warm: at most ~10 MiB per subtask);
 * further ones are left to the garbage collector. Not thread-safe: one per operator instance.
 */
final class SketchPool {
    static final int MAX_SPARE = 4_096;
    private final ArrayDeque<WindowSketch> spare = new ArrayDeque<>();

    /** An empty sketch: a recycled one if any. */
    WindowSketch take() {
        WindowSketch k = spare.pollLast();
        return k == null ? new WindowSketch() : k;
    }

    /** Takes back a sketch nothing refers to any more (its window closed or it was merged into another). */
    void give(WindowSketch k) {
        if (spare.size() < MAX_SPARE) {
            k.reset();
            spare.addLast(k);
        }
    }

    int spare() {
        return spare.size();
    }
}
