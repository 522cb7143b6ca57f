package io.sigdrift.pipeline.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WriteBackCacheTest {

    /** A fake operator: a current key and a keyed "state" map written under it. */
    static final class Host implements WriteBackCache.Host<int[]> {
        Object current;
        final Map<Object, Integer> stored = new HashMap<>();
        final List<String> evicted = new ArrayList<>();

        @Override public Object getCurrentKey() { return current; }
        @Override public void setCurrentKey(Object key) { current = key; }
        @Override public boolean isDirty(int[] v) { return v[1] == 1; }
        @Override public void writeBack(int[] v) { stored.put(current, v[0]); v[1] = 0; }
        @Override public void evicted(String key, int[] v) { evicted.add(key); }
    }

    private static int[] dirty(int value) {
        return new int[] {value, 1};
    }

    @Test
    void theLeastRecentlyUsedKeyIsWrittenUnderItsOwnKeyAndDroppedBeyondTheBound() throws Exception {
        Host host = new Host();
        WriteBackCache<int[]> cache = new WriteBackCache<>(2, host);
        host.current = "a";
        cache.put("a", dirty(1));
        host.current = "b";
        cache.put("b", dirty(2));
        cache.get("a");                     // a is now more recent than b
        host.current = "c";
        cache.put("c", dirty(3));
        assertEquals(List.of("b"), host.evicted);
        assertEquals(Map.of("b", 2), host.stored);
        assertEquals("c", host.current, "the current key is restored after the write-back");
        assertNull(cache.get("b"));
        assertEquals(Set.of("a", "c"), cache.keys());
    }

    @Test
    void aCleanKeyIsDroppedWithoutBeingWrittenAgain() throws Exception {
        Host host = new Host();
        WriteBackCache<int[]> cache = new WriteBackCache<>(1, host);
        cache.put("a", new int[] {1, 0});
        host.current = "b";
        cache.put("b", dirty(2));
        assertEquals(List.of("a"), host.evicted);
        assertEquals(Map.of(), host.stored);
    }

    @Test
    void theCurrentKeyIsNeverEvictedEvenAtABoundOfOne() throws Exception {
        Host host = new Host();
        WriteBackCache<int[]> cache = new WriteBackCache<>(1, host);
        host.current = "a";
        cache.put("a", dirty(1));
        cache.put("a", dirty(5));
        assertEquals(1, cache.size());
        assertEquals(List.of(), host.evicted);
    }

    @Test
    void flushWritesOnlyChangedKeysAndRestoresTheCurrentKey() throws Exception {
        Host host = new Host();
        WriteBackCache<int[]> cache = new WriteBackCache<>(10, host);
        cache.put("a", dirty(1));
        cache.put("b", new int[] {2, 0});
        cache.put("c", dirty(3));
        host.current = "b";
        cache.flushDirty();
        assertEquals(Map.of("a", 1, "c", 3), host.stored);
        assertEquals("b", host.current);
        host.stored.clear();
        cache.flushDirty();
        assertEquals(Map.of(), host.stored, "nothing changed since the last flush");
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WriteBackCache<>(0, new Host()));
    }
}
