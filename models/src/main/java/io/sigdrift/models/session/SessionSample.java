package io.sigdrift.models.session;

import java.util.Arrays;
import java.util.Objects;

/**
 * One closed session: the events of one entity between its first and last event, as counts per signature key (and
 * optionally per consecutive pair of keys), plus an optional analyst label. Immutable.
 *
 * <p>Signature keys are stable across the engine's generalisations (see {@link SessionTracker#signatureKey}), so a
 * model trained before a template generalised still recognises its events afterwards.
 */
public final class SessionSample {
    /** Key under which events beyond the per-session distinct bound are counted. */
    public static final String OVERFLOW = "~overflow";

    /** No label: unsupervised training ignores labels anyway. */
    public static final byte UNLABELLED = 0;
    public static final byte NORMAL = 1;
    public static final byte ANOMALY = 2;

    private final String entity;
    private final long firstMillis;
    private final long lastMillis;
    private final int events;
    private final CloseReason reason;
    private final String[] keys;
    private final int[] counts;
    private final String[] bigrams;
    private final byte label;

    /**
     * @param keys    distinct signature keys (the arrays are owned by the sample from now on)
     * @param counts  events per key, parallel to keys, each >= 1
     * @param bigrams distinct "a&gt;b" pairs of consecutive keys (empty when order features are off)
     */
    public SessionSample(String entity, long firstMillis, long lastMillis, int events, CloseReason reason,
                         String[] keys, int[] counts, String[] bigrams, byte label) {
        this.entity = Objects.requireNonNull(entity, "entity");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.counts = Objects.requireNonNull(counts, "counts");
        this.bigrams = bigrams == null ? new String[0] : bigrams;
        if (keys.length != counts.length) {
            throw new IllegalArgumentException("keys and counts differ in length: " + keys.length + " vs " + counts.length);
        }
        if (label != UNLABELLED && label != NORMAL && label != ANOMALY) {
            throw new IllegalArgumentException("label must be UNLABELLED, NORMAL or ANOMALY, got " + label);
        }
        this.firstMillis = firstMillis;
        this.lastMillis = lastMillis;
        this.events = events;
        this.label = label;
    }

    /** A session from an ordered list of signature keys (tests, replays); bigrams included. */
    public static SessionSample ofSequence(String entity, long firstMillis, String... sequence) {
        java.util.LinkedHashMap<String, Integer> c = new java.util.LinkedHashMap<>();
        java.util.LinkedHashSet<String> b = new java.util.LinkedHashSet<>();
        String prev = null;
        for (String k : sequence) {
            c.merge(k, 1, Integer::sum);
            if (prev != null) {
                b.add(bigram(prev, k));
            }
            prev = k;
        }
        String[] keys = c.keySet().toArray(new String[0]);
        int[] counts = c.values().stream().mapToInt(Integer::intValue).toArray();
        return new SessionSample(entity, firstMillis, firstMillis, sequence.length, CloseReason.FLUSHED, keys, counts,
                b.toArray(new String[0]), UNLABELLED);
    }

    static String bigram(String a, String b) {
        return a + '>' + b;
    }

    public SessionSample withLabel(byte newLabel) {
        return new SessionSample(entity, firstMillis, lastMillis, events, reason, keys, counts, bigrams, newLabel);
    }

    public String entity() { return entity; }
    public long firstMillis() { return firstMillis; }
    public long lastMillis() { return lastMillis; }
    public int events() { return events; }
    public CloseReason reason() { return reason; }
    public int distinctKeys() { return keys.length; }
    public String key(int i) { return keys[i]; }
    public int count(int i) { return counts[i]; }
    public int bigramCount() { return bigrams.length; }
    public String bigram(int i) { return bigrams[i]; }
    public byte label() { return label; }
    public boolean isLabelled() { return label != UNLABELLED; }
    public boolean isAnomaly() { return label == ANOMALY; }

    /** Events of this key in the session (0 if absent); linear in distinct keys, which are few. */
    public int count(String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return counts[i];
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SessionSample{").append(entity).append(' ').append(reason)
                .append(" events=").append(events);
        for (int i = 0; i < keys.length; i++) {
            sb.append(' ').append(keys[i]).append('=').append(counts[i]);
        }
        return sb.append(label == UNLABELLED ? "" : label == NORMAL ? " normal" : " anomaly").append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SessionSample)) {
            return false;
        }
        SessionSample s = (SessionSample) o;
        return entity.equals(s.entity) && firstMillis == s.firstMillis && lastMillis == s.lastMillis
                && events == s.events && reason == s.reason && label == s.label && Arrays.equals(keys, s.keys)
                && Arrays.equals(counts, s.counts) && Arrays.equals(bigrams, s.bigrams);
    }

    @Override
    public int hashCode() {
        return entity.hashCode() * 31 + Long.hashCode(firstMillis);
    }
}
