package io.sigdrift.pipeline.state;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A keyed operator's live per-key objects, held in a per-subtask LRU map over Flink keyed state and
 * written back to it only when needed: at snapshots (for keys changed since the last one) and when the
 * map evicts a key. Why: decoding and encoding a key's versioned bytes on every record (what a
 * {@code ValueState<byte[]>} alone would need) costs more than the work on the record itself, while a
 * live object per key costs nothing per record. A key not in the map (after a restore or an eviction) is
 * decoded by the operator on first use and {@link #put} back.
 *
 * <p>Writing another key's state needs {@code setCurrentKey}, which only an operator (not a function) can
 * call: the operator passes itself as the {@link Host}. Bound: at most {@code maxKeys} live objects; the
 * current key is never evicted (the map may then hold {@code maxKeys + 1} until the next put). Task thread
 * only: metric reporters must not read it.
 */
public final class WriteBackCache<V> {

    /** What the cache needs from its operator. */
    public interface Host<V> {
        Object getCurrentKey();

        void setCurrentKey(Object key);

        boolean isDirty(V value);

        /** Encodes {@code value} into the current key's keyed state and marks it clean. */
        void writeBack(V value) throws Exception;

        /** {@code key} left the map (its write-back, if dirty, follows); for metrics. */
        default void evicted(String key, V value) {}
    }

    /** A piece of work run with another key current. */
    public interface KeyedWork<T> {
        T run() throws Exception;
    }

    private final LinkedHashMap<String, V> map = new LinkedHashMap<>(64, 0.75f, true);
    private final int maxKeys;
    private final Host<V> host;

    public WriteBackCache(int maxKeys, Host<V> host) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1, was " + maxKeys);
        }
        this.maxKeys = maxKeys;
        this.host = host;
    }

    /** The live object of {@code key}, or null if it is not in the map (marks it most recently used). */
    public V get(String key) {
        return map.get(key);
    }

    /** Adds the current key's object; beyond the bound the least recently used other key is written back and dropped. */
    public void put(String key, V value) throws Exception {
        map.put(key, value);
        if (map.size() > maxKeys) {
            evictEldest(key);
        }
    }

    /** Drops a key without writing it back (its state is being cleared). */
    public V remove(String key) {
        return map.remove(key);
    }

    public int size() {
        return map.size();
    }

    public Collection<V> values() {
        return map.values();
    }

    /** A copy of the keys, least recently used first. */
    public Set<String> keys() {
        return new LinkedHashSet<>(map.keySet());
    }

    /** Writes back every changed key; called from the operator's {@code snapshotState}. */
    public void flushDirty() throws Exception {
        for (Map.Entry<String, V> e : map.entrySet()) {
            if (host.isDirty(e.getValue())) {
                withKey(e.getKey(), () -> {
                    host.writeBack(e.getValue());
                    return null;
                });
            }
        }
    }

    /** Runs {@code work} with {@code key} as the current key, then restores the previous one. */
    public <T> T withKey(String key, KeyedWork<T> work) throws Exception {
        Object previous = host.getCurrentKey();
        host.setCurrentKey(key);
        try {
            return work.run();
        } finally {
            if (previous != null) {
                host.setCurrentKey(previous);
            }
        }
    }

    private void evictEldest(String currentKey) throws Exception {
        Iterator<Map.Entry<String, V>> it = map.entrySet().iterator();
        Map.Entry<String, V> eldest = it.next();
        if (eldest.getKey().equals(currentKey)) {
            return;
        }
        it.remove();
        host.evicted(eldest.getKey(), eldest.getValue());
        if (host.isDirty(eldest.getValue())) {
            withKey(eldest.getKey(), () -> {
                host.writeBack(eldest.getValue());
                return null;
            });
        }
    }
}
