package io.sigdrift.baselines;

/**
 * Turns per-window findings of one series into incidents: optional confirmation over consecutive
 * windows, then one event per incident that is CREATED once, UPDATED when its score rises and
 * CLOSED after {@code cooldownWindows} quiet windows. Two independent incident slots, one for
 * "above normal" (SPIKE, RARE, SHIFT up, VOLUME up) and one for "below" (DROP, SHIFT down, VOLUME down).
 *
 * <p>Fixed size: two slots of primitives held as plain fields (slot 0 and slot 1 of each), 88 bytes measured
 * ({@link #MAX_BYTES} = 96, tested). Why fields rather than six two-element arrays (216 bytes): the anomaly stage
 * keeps one tracker per tracked signature and writes every one of a changed source at each checkpoint, inside the
 * checkpoint pause, where following six more references per signature into scattered arrays cost more than the
 * writing; and it is 128 bytes less heap per signature.
 */
public final class IncidentTracker {

    public static final int MAX_BYTES = 96;
    static final long NONE = Long.MIN_VALUE;

    /** Per slot (0 = up, 1 = down): incident start, last anomalous window, pending run start. */
    private long start0 = NONE;
    private long start1 = NONE;
    private long last0 = NONE;
    private long last1 = NONE;
    private int pending0;
    private int pending1;
    private double peakScore0;
    private double peakScore1;
    private double minProbability0 = 1.0;
    private double minProbability1 = 1.0;
    private byte kind0 = -1;
    private byte kind1 = -1;

    // Accessors by slot s (0 or 1), for this class and the state mapper; the public-facing ones further down
    // (incidentStart, peakScore, minProbability, kind) take a direction and map it with slot().

    long start(int s) {
        return s == 0 ? start0 : start1;
    }

    void start(int s, long v) {
        if (s == 0) start0 = v; else start1 = v;
    }

    long last(int s) {
        return s == 0 ? last0 : last1;
    }

    void last(int s, long v) {
        if (s == 0) last0 = v; else last1 = v;
    }

    int pending(int s) {
        return s == 0 ? pending0 : pending1;
    }

    void pending(int s, int v) {
        if (s == 0) pending0 = v; else pending1 = v;
    }

    double peakScoreOf(int s) {
        return s == 0 ? peakScore0 : peakScore1;
    }

    void peakScoreOf(int s, double v) {
        if (s == 0) peakScore0 = v; else peakScore1 = v;
    }

    double minProbabilityOf(int s) {
        return s == 0 ? minProbability0 : minProbability1;
    }

    void minProbabilityOf(int s, double v) {
        if (s == 0) minProbability0 = v; else minProbability1 = v;
    }

    byte kindOf(int s) {
        return s == 0 ? kind0 : kind1;
    }

    void kindOf(int s, byte v) {
        if (s == 0) kind0 = v; else kind1 = v;
    }

    /** True when an incident is open in the slot of the given direction. */
    public boolean open(int direction) {
        return start(slot(direction)) != NONE;
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
            if (start(s) != NONE && windowStart - last(s) <= quietLimit) {
                last(s, windowStart);
                minProbabilityOf(s, Math.min(minProbabilityOf(s), f.probability()));
                if (f.score() > peakScoreOf(s) + 1e-9) {
                    peakScoreOf(s, f.score());
                    return EventChange.UPDATED;
                }
                return null;
            }
            // A gap in the run of anomalous windows restarts the confirmation.
            if (pending(s) > 0 && windowStart - last(s) > windowLength) pending(s, 0);
            pending(s, pending(s) + 1);
            last(s, windowStart);
            if (pending(s) >= config.confirmWindows) {
                start(s, windowStart - (long) (pending(s) - 1) * windowLength);
                pending(s, 0);
                peakScoreOf(s, f.score());
                minProbabilityOf(s, f.probability());
                kindOf(s, (byte) f.kind().ordinal());
                return EventChange.CREATED;
            }
            return null;
        }
        pending(s, 0);
        if (start(s) != NONE && windowStart - last(s) > (long) config.cooldownWindows * windowLength) {
            return EventChange.CLOSED;
        }
        return null;
    }

    /** Forgets both slots entirely, pending confirmations included (the series was re-based). */
    void clear() {
        for (int s = 0; s < 2; s++) {
            resetSlot(s);
            last(s, NONE);
            pending(s, 0);
        }
    }

    /** Forgets the incident of a slot after its CLOSED event was built. */
    void reset(int direction) {
        resetSlot(slot(direction));
    }

    private void resetSlot(int s) {
        start(s, NONE);
        peakScoreOf(s, 0);
        minProbabilityOf(s, 1.0);
        kindOf(s, (byte) -1);
    }

    long incidentStart(int direction) {
        return start(slot(direction));
    }

    double peakScore(int direction) {
        return peakScoreOf(slot(direction));
    }

    double minProbability(int direction) {
        return minProbabilityOf(slot(direction));
    }

    AnomalyKind kind(int direction) {
        byte k = kindOf(slot(direction));
        return k < 0 ? null : AnomalyKind.values()[k];
    }
}
