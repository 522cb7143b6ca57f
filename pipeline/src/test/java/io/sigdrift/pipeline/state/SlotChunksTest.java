package io.sigdrift.pipeline.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import java.util.Map;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Signatures' unchanging bytes by slot: what is stored reads back, and only chunks that changed are rewritten. */
class SlotChunksTest {
    final PartedBytesTest.InMemoryMapState state = new PartedBytesTest.InMemoryMapState();
    final DataOutputSerializer scratch = new DataOutputSerializer(64);

    /** One write of the given slots (slot -> bytes); returns the chunks put or removed. */
    int write(SlotChunks chunks, Map<Integer, byte[]> bySlot) throws Exception {
        bySlot.forEach(chunks::signature);
        return chunks.store(state, scratch);
    }

    /** Slots 0 to n-1, each with its own bytes. */
    static Map<Integer, byte[]> slots(int n) {
        Map<Integer, byte[]> bySlot = new java.util.HashMap<>();
        for (int slot = 0; slot < n; slot++) {
            bySlot.put(slot, ("sig" + slot).getBytes());
        }
        return bySlot;
    }

    static void assertSame(Map<Integer, byte[]> expected, Int2ObjectOpenHashMap<byte[]> loaded) {
        assertEquals(expected.size(), loaded.size());
        expected.forEach((slot, b) -> assertArrayEquals(b, loaded.get((int) slot), "slot " + slot));
    }

    @Test
    void whatIsStoredLoadsBackBySlot() throws Exception {
        SlotChunks chunks = new SlotChunks(4);
        Map<Integer, byte[]> bySlot = slots(10);
        bySlot.put(13, new byte[0]);
        assertEquals(4, write(chunks, bySlot), "slots 0-3, 4-7, 8-11 (8, 9) and 12-15 (13)");
        assertEquals(4, state.map.size());
        assertSame(bySlot, SlotChunks.load(state));
    }

    @Test
    void anUnchangedWriteRewritesNothingAndAChangedArrayRewritesOnlyItsChunk() throws Exception {
        SlotChunks chunks = new SlotChunks(4);
        Map<Integer, byte[]> bySlot = slots(12);
        write(chunks, bySlot);
        assertEquals(0, write(chunks, bySlot), "the same arrays: nothing to write");
        byte[] chunk0 = state.map.get(0);
        bySlot.put(5, "changed".getBytes());   // a new array: the engine changed the signature
        assertEquals(1, write(chunks, bySlot));
        assertTrue(chunk0 == state.map.get(0), "other chunks are not rewritten");
        assertSame(bySlot, SlotChunks.load(state));
    }

    @Test
    void aSignatureGoneFromItsSlotRewritesItsChunkAndAnEmptiedChunkIsRemoved() throws Exception {
        SlotChunks chunks = new SlotChunks(4);
        Map<Integer, byte[]> bySlot = slots(8);
        write(chunks, bySlot);
        bySlot.remove(2);
        assertEquals(1, write(chunks, bySlot));
        for (int slot = 4; slot < 8; slot++) {
            bySlot.remove(slot);
        }
        assertEquals(1, write(chunks, bySlot), "chunk 1 removed");
        assertEquals(1, state.map.size());
        assertSame(bySlot, SlotChunks.load(state));
    }

    @Test
    void aNewTrackerClearsWhatAnotherWroteBeforeItsFirstStore() throws Exception {
        Map<Integer, byte[]> bySlot = slots(12);
        write(new SlotChunks(4), bySlot);
        // after a restore the engine's slots are new: fewer signatures, other slots
        Map<Integer, byte[]> restored = Map.of(0, "a".getBytes(), 1, "b".getBytes());
        assertEquals(1, write(new SlotChunks(4), restored));
        assertEquals(1, state.map.size(), "no chunk of the earlier slots is left to be read back");
        assertSame(restored, SlotChunks.load(state));
    }

    @Test
    void chunksThatAreNotThisFormatAreAClearError() throws Exception {
        state.map.put(0, new byte[] {0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 9, 1});   // one entry claiming 9 bytes, 1 present
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SlotChunks.load(state));
        assertTrue(e.getMessage().contains("corrupt signature chunk 0"), e.getMessage());
        state.map.put(0, new byte[] {0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 1, 1, 7});   // a byte after its entries
        assertThrows(IllegalStateException.class, () -> SlotChunks.load(state));
        state.map.put(0, new byte[] {0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 1, 1});
        state.map.put(1, new byte[] {0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 1, 2});
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> SlotChunks.load(state));
        assertTrue(twice.getMessage().contains("slot 3 stored twice"), twice.getMessage());
    }
}
