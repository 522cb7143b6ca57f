package io.sigdrift.models.detect;

import io.sigdrift.models.session.SessionSample;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The columns of a fitted model: one count column per signature key seen in training, one column counting events
 * of keys NOT seen in training ("unseen signature"), and when order features are on, one presence column per
 * consecutive-key pair seen in training plus one counting unseen pairs ("unseen order"). Immutable.
 *
 * <p>Bounded: at most maxColumns keys (and as many bigrams), the most frequent in training; rarer ones fall into the
 * unseen columns, which is what they are to the model.
 */
public final class FeatureSpace {
    public static final int DEFAULT_MAX_COLUMNS = 1024;

    private final String[] keys;
    private final String[] bigrams;
    private final boolean order;
    private final Object2IntOpenHashMap<String> keyIndex;
    private final Object2IntOpenHashMap<String> bigramIndex;

    public FeatureSpace(String[] keys, String[] bigrams, boolean order) {
        this.keys = keys.clone();
        this.bigrams = bigrams.clone();
        this.order = order;
        if (!order && bigrams.length > 0) {
            throw new IllegalArgumentException("bigram columns given but order features are off");
        }
        this.keyIndex = index(this.keys);
        this.bigramIndex = index(this.bigrams);
    }

    private static Object2IntOpenHashMap<String> index(String[] names) {
        Object2IntOpenHashMap<String> m = new Object2IntOpenHashMap<>(names.length);
        m.defaultReturnValue(-1);
        for (int i = 0; i < names.length; i++) {
            if (m.put(names[i], i) != -1) {
                throw new IllegalArgumentException("duplicate column '" + names[i] + "'");
            }
        }
        return m;
    }

    /** The keys (and bigrams) of the training sessions, most frequent first (ties by name: deterministic). */
    public static FeatureSpace fit(List<SessionSample> training, boolean order, int maxColumns) {
        if (maxColumns < 1) {
            throw new IllegalArgumentException("maxColumns must be >= 1, got " + maxColumns);
        }
        Object2LongOpenHashMap<String> keyFreq = new Object2LongOpenHashMap<>();
        Object2LongOpenHashMap<String> pairFreq = new Object2LongOpenHashMap<>();
        for (SessionSample s : training) {
            for (int i = 0; i < s.distinctKeys(); i++) {
                keyFreq.addTo(s.key(i), s.count(i));
            }
            if (order) {
                for (int i = 0; i < s.bigramCount(); i++) {
                    pairFreq.addTo(s.bigram(i), 1);
                }
            }
        }
        return new FeatureSpace(top(keyFreq, maxColumns), order ? top(pairFreq, maxColumns) : new String[0], order);
    }

    private static String[] top(Object2LongOpenHashMap<String> freq, int max) {
        List<it.unimi.dsi.fastutil.objects.Object2LongMap.Entry<String>> e = new ArrayList<>(freq.object2LongEntrySet());
        e.sort((a, b) -> a.getLongValue() != b.getLongValue() ? Long.compare(b.getLongValue(), a.getLongValue())
                : a.getKey().compareTo(b.getKey()));
        return e.stream().limit(max).map(e2 -> e2.getKey()).toArray(String[]::new);
    }

    /** Number of values in {@link #vector}. */
    public int dimension() {
        return keys.length + 1 + (order ? bigrams.length + 1 : 0);
    }

    /** Index of the "events of keys unseen in training" column. */
    public int unseenColumn() {
        return keys.length;
    }

    /** Index of the "pairs unseen in training" column, or -1 without order features. */
    public int unseenOrderColumn() {
        return order ? keys.length + 1 + bigrams.length : -1;
    }

    public double[] vector(SessionSample s) {
        double[] v = new double[dimension()];
        for (int i = 0; i < s.distinctKeys(); i++) {
            int c = keyIndex.getInt(s.key(i));
            v[c >= 0 ? c : keys.length] += s.count(i);
        }
        if (order) {
            int base = keys.length + 1;
            for (int i = 0; i < s.bigramCount(); i++) {
                int c = bigramIndex.getInt(s.bigram(i));
                if (c >= 0) {
                    v[base + c] = 1;
                } else {
                    v[base + bigrams.length] += 1;
                }
            }
        }
        return v;
    }

    public String columnName(int c) {
        if (c < keys.length) {
            return keys[c];
        }
        if (c == keys.length) {
            return "<unseen>";
        }
        int b = c - keys.length - 1;
        return b < bigrams.length ? bigrams[b] : "<unseen order>";
    }

    /** The column of a signature key, or -1 when the key was not in training (it then counts as unseen). */
    public int column(String key) {
        return keyIndex.getInt(key);
    }

    public int keyCount() { return keys.length; }
    public String key(int i) { return keys[i]; }
    public int bigramCount() { return bigrams.length; }
    public String bigram(int i) { return bigrams[i]; }
    public boolean order() { return order; }

    long estimatedBytes() {
        long b = 64;
        for (String k : keys) {
            b += 48 + 2L * k.length() + 16;
        }
        for (String k : bigrams) {
            b += 48 + 2L * k.length() + 16;
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureSpace f && order == f.order && Arrays.equals(keys, f.keys)
                && Arrays.equals(bigrams, f.bigrams);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(keys) * 31 + Arrays.hashCode(bigrams);
    }
}
