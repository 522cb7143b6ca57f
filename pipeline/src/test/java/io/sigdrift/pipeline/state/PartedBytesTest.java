package io.sigdrift.pipeline.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.state.MapState;
import org.junit.jupiter.api.Test;

/** A value in parts: what is written reads back, whatever its length and whatever was there before. */
class PartedBytesTest {
    /** One key's MapState, as the backends hand it to an operator with the key set. */
    static final class InMemoryMapState implements MapState<Integer, byte[]> {
        final Map<Integer, byte[]> map = new HashMap<>();

        @Override public byte[] get(Integer key) { return map.get(key); }
        @Override public void put(Integer key, byte[] value) { map.put(key, value); }
        @Override public void putAll(Map<Integer, byte[]> m) { map.putAll(m); }
        @Override public void remove(Integer key) { map.remove(key); }
        @Override public boolean contains(Integer key) { return map.containsKey(key); }
        @Override public Iterable<Map.Entry<Integer, byte[]>> entries() { return map.entrySet(); }
        @Override public Iterable<Integer> keys() { return map.keySet(); }
        @Override public Iterable<byte[]> values() { return map.values(); }
        @Override public Iterator<Map.Entry<Integer, byte[]>> iterator() { return map.entrySet().iterator(); }
        @Override public boolean isEmpty() { return map.isEmpty(); }
        @Override public void clear() { map.clear(); }
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    @Test
    void aValueOfSeveralPartsReadsBackWhole() throws Exception {
        InMemoryMapState state = new InMemoryMapState();
        PartedBytes parted = new PartedBytes(state, 100);
        byte[] value = random(1_050, 1);
        byte[] buffer = java.util.Arrays.copyOf(value, 4_096);   // a reused encode buffer: longer than the value
        assertEquals(11, parted.write(buffer, value.length));
        assertEquals(11, state.map.size());
        assertArrayEquals(value, parted.read());
        state.map.values().forEach(p -> assertTrue(p.length <= 100, "no part exceeds the part size"));
    }

    @Test
    void aValueOfExactlyWholePartsHasNoEmptyTail() throws Exception {
        InMemoryMapState state = new InMemoryMapState();
        PartedBytes parted = new PartedBytes(state, 100);
        byte[] value = random(300, 2);
        assertEquals(3, parted.write(value, value.length));
        assertArrayEquals(value, parted.read());
    }

    @Test
    void aShorterValueRemovesThePartsOfTheLongerOneBeforeIt() throws Exception {
        InMemoryMapState state = new InMemoryMapState();
        PartedBytes parted = new PartedBytes(state, 100);
        parted.write(random(1_000, 3), 1_000);
        byte[] shorter = random(150, 4);
        assertEquals(2, parted.write(shorter, shorter.length));
        assertEquals(2, state.map.size(), "the 8 parts the shorter value does not need are gone");
        assertArrayEquals(shorter, parted.read());
    }

    @Test
    void anEmptyValueReadsBackEmptyAndNoValueReadsBackAsNone() throws Exception {
        InMemoryMapState state = new InMemoryMapState();
        PartedBytes parted = new PartedBytes(state, 100);
        assertNull(parted.read());
        assertEquals(1, parted.write(new byte[8], 0));
        assertArrayEquals(new byte[0], parted.read());
        parted.clear();
        assertNull(parted.read());
    }

    @Test
    void theWrittenPartsAreCopiesSoTheCallerMayReuseItsBuffer() throws Exception {
        PartedBytes parted = new PartedBytes(new InMemoryMapState(), 100);
        byte[] buffer = random(250, 5);
        byte[] value = buffer.clone();
        parted.write(buffer, buffer.length);
        java.util.Arrays.fill(buffer, (byte) 0);
        assertArrayEquals(value, parted.read());
    }

    @Test
    void thePartSizeMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new PartedBytes(new InMemoryMapState(), 0));
    }
}
