package io.sigdrift.baselines;

/**
 * Turns per-window findings of one series into incidents: optional confirmation over consecutive
 * windows, then one event per incident that is CREATED once, UPDATED when its score rises and
 * CLOSED after {@code cooldownWindows} quiet windows. Two independent incident slots, one for
 * "above normal" (SPIKE, RARE, SHIFT up, VOLUME up) and one for "below" (DROP, SHIFT down, VOLUME down).
 *
 * <p>Fixed size: two slots of primitives in six small arrays, 216 bytes measured
 * ({@link #MAX_BYTES} = 224, tested).
 */
public final class IncidentTracker {

    public static final int MAX_BYTES = 224;
    static final long NONE = Long.MIN_VALUE;

    /** Per slot (0 = up, 1 = down): incident start, last anomalous window, pending run start. */
    final long[] start = {NONE, NONE};
    final long[] last = {NONE, NONE};
    final int[] pending = new int[2];
    final double[] peakScore = new double[2];
    final double[] minProbability = {1.0, 1.0};
    final byte[] kind = {-1, -1};

    /** True when an incident is open in the slot of the given direction. */
    public boolean open(int direction) {
        return start[slot(direction)] != NONE;
    }

    static int slot(int direction) {
        return direction < 0 ? 1 : 0;
    }

    /**
     * Applies the best finding of one slot for a window (or {@link Finding#NONE}), returning the
     * change to emit, or null for none.
     */
    EventChange track(int direction, Finding f, long windowStart, long windowLength, DetectorConfig config) {
        int s = slot(direction);
        long quietLimit = (long) (config.cooldownWindows + 1) * windowLength;
        if (f.anomalous()) {
            if (start[s] != NONE && windowStart - last[s] <= quietLimit) {
                last[s] = windowStart;
                minProbability[s] = Math.min(minProbability[s], f.probability());
                if (f.score() > peakScore[s] + 1e-9) {
                    peakScore[s] = f.score();
                    return EventChange.UPDATED;
                }
                return null;
            }
            // A gap in the run of anomalous windows restarts the confirmation.
            if (pending[s] > 0 && windowStart - last[s] > windowLength) pending[s] = 0;
            pending[s]++;
            last[s] = windowStart;
            if (pending[s] >= config.confirmWindows) {
                start[s] = windowStart - (long) (pending[s] - 1) * windowLength;
                pending[s] = 0;
                peakScore[s] = f.score();
                minProbability[s] = f.probability();
                kind[s] = (byte) f.kind().ordinal();
                return EventChange.CREATED;
            }
            return null;
        }
        pending[s] = 0;
        if (start[s] != NONE && windowStart - last[s] > (long) config.cooldownWindows * windowLength) {
            return EventChange.CLOSED;
        }
        return null;
    }

    /** Forgets both slots entirely, pending confirmations included (the series was re-based). */
    void clear() {
        for (int d : new int[] {+1, -1}) {
            reset(d);
            int s = slot(d);
            last[s] = NONE;
            pending[s] = 0;
        }
    }

    /** Forgets the incident of a slot after its CLOSED event was built. */
    void reset(int direction) {
        int s = slot(direction);
        start[s] = NONE;
        peakScore[s] = 0;
        minProbability[s] = 1.0;
        kind[s] = -1;
    }

    long incidentStart(int direction) {
        return start[slot(direction)];
    }

    double peakScore(int direction) {
        return peakScore[slot(direction)];
    }

    double minProbability(int direction) {
        return minProbability[slot(direction)];
    }

    AnomalyKind kind(int direction) {
        byte k = kind[slot(direction)];
        return k < 0 ? null : AnomalyKind.values()[k];
    }
}
