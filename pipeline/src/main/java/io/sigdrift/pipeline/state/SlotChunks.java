package io.sigdrift.pipeline.state;

import io.sigdrift.signatures.EngineStateBinary;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * One key's signatures' unchanging bytes ({@link EngineStateBinary#writeSplit}), kept in keyed {@link MapState} in
 * chunks of {@code slotsPerChunk} slots (map key = slot / slotsPerChunk), and rewritten only where they changed.
 * Why: with a backend that serializes in its put (RocksDB) each checkpoint puts everything a changed source writes
 * and flushes it into files inside the synchronous part, and the unchanging parts (id, template, example, lineage)
 * were ~half of a source's bytes with 5,000 signatures while they rarely change after a signature's first minutes.
 * The counts, the order and the rest of the source's state stay in the source's value ({@link PartedBytes}).
 *
 * <p>Which chunks changed is found by reference: the engine hands the same array for a signature until one of
 * its unchanging fields changes ({@link EngineStateBinary.SignatureSink}); a chunk is rewritten when one of its slots
 * got another array, or lost its signature (evicted, merged), since this tracker's last {@link #store}. A tracker
 * starts not knowing what is stored (after a restore or a cache eviction the engine's slots are new), so its first
 * store clears the key's chunks and writes them all.
 *
 * <p>Chunk format (the map value): {@code int n | n x ( int slot | int len | len bytes )}, the slots of the chunk
 * that hold a signature, ascending; a chunk with none is removed. Bound: at most ceil(slots / slotsPerChunk)
 * entries per key, slots being at most the engine's live-signature bound (the engine reuses freed slots). In memory,
 * two references per slot (what is stored, what this write saw); the stored arrays of signatures changed since are
 * held until the next store.
 */
public final class SlotChunks implements EngineStateBinary.SignatureSink {
    /** ~110 bytes per signature with short lines: chunks of ~14 KB, 40 per source of 5,000 signatures. */
    public static final int DEFAULT_SLOTS_PER_CHUNK = 128;

    private final int slotsPerChunk;
    /** Slot -> the array in the stored chunk (by reference), null for an empty slot. */
    private byte[][] stored = new byte[0][];
    /** Slot -> the array handed in this write (the sink calls between two stores are the key's whole set of live signatures). */
    private byte[][] seen = new byte[0][];
    private final BitSet dirty = new BitSet();
    private boolean storedKnown;

    public SlotChunks(int slotsPerChunk) {
        if (slotsPerChunk < 1) {
            throw new IllegalArgumentException("slotsPerChunk must be >= 1, was " + slotsPerChunk);
        }
        this.slotsPerChunk = slotsPerChunk;
    }

    @Override
    public void signature(int slot, byte[] unchanging) {
        if (slot < 0) {
            throw new IllegalArgumentException("slot " + slot);
        }
        if (slot >= seen.length) {
            int n = Math.max(slot + 1, seen.length * 2);
            seen = Arrays.copyOf(seen, n);
            stored = Arrays.copyOf(stored, n);
        }
        seen[slot] = unchanging;
        if (stored[slot] != unchanging) {
            dirty.set(slot / slotsPerChunk);
        }
    }

    /**
     * Writes the chunks that changed since the last store (all of them, after clearing the key's chunks, the first
     * time: nothing is stored then, so every slot handed in differs) into {@code chunks} for the current key, and
     * starts the next write.
     *
     * @param scratch reused encode buffer (cleared here)
     * @return the chunks put or removed
     */
    public int store(MapState<Integer, byte[]> chunks, DataOutputSerializer scratch) throws Exception {
        for (int slot = 0; slot < stored.length; slot++) {
            if (stored[slot] != null && seen[slot] == null) {
                dirty.set(slot / slotsPerChunk);   // its signature is gone
            }
        }
        if (!storedKnown) {
            chunks.clear();
        }
        int writes = 0;
        for (int c = dirty.nextSetBit(0); c >= 0; c = dirty.nextSetBit(c + 1)) {
            int from = c * slotsPerChunk;
            int to = Math.min(seen.length, from + slotsPerChunk);
            int n = 0;
            for (int slot = from; slot < to; slot++) {
                if (seen[slot] != null) {
                    n++;
                }
            }
            if (n == 0) {
                chunks.remove(c);
                writes++;
                continue;
            }
            scratch.clear();
            scratch.writeInt(n);
            for (int slot = from; slot < to; slot++) {
                byte[] b = seen[slot];
                if (b != null) {
                    scratch.writeInt(slot);
                    scratch.writeInt(b.length);
                    scratch.write(b);
                }
            }
            chunks.put(c, scratch.getCopyOfBuffer());
            writes++;
        }
        byte[][] t = stored;
        stored = seen;
        seen = t;
        Arrays.fill(seen, null);
        storedKnown = true;
        dirty.clear();
        return writes;
    }

    /**
     * The current key's stored unchanging bytes by slot, for {@link EngineStateBinary#readSplit}.
     *
     * @throws IllegalStateException for a chunk that is not this format (corrupt state)
     */
    public static Int2ObjectOpenHashMap<byte[]> load(MapState<Integer, byte[]> chunks) throws Exception {
        Int2ObjectOpenHashMap<byte[]> bySlot = new Int2ObjectOpenHashMap<>();
        for (Map.Entry<Integer, byte[]> e : chunks.entries()) {
            byte[] chunk = e.getValue();
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(chunk));
                int n = in.readInt();
                if (n < 0 || n > chunk.length / 8) {
                    throw new IllegalStateException("corrupt signature chunk " + e.getKey() + ": " + n + " entries in " + chunk.length + " bytes");
                }
                for (int i = 0; i < n; i++) {
                    int slot = in.readInt();
                    int len = in.readInt();
                    if (slot < 0 || len < 0 || len > in.available()) {
                        throw new IllegalStateException("corrupt signature chunk " + e.getKey() + ": slot " + slot + " of " + len + " bytes");
                    }
                    byte[] b = new byte[len];
                    in.readFully(b);
                    if (bySlot.put(slot, b) != null) {
                        throw new IllegalStateException("corrupt signature chunks: slot " + slot + " stored twice");
                    }
                }
                if (in.available() != 0) {
                    throw new IllegalStateException("corrupt signature chunk " + e.getKey() + ": " + in.available() + " bytes after its entries");
                }
            } catch (IOException x) {
                throw new IllegalStateException("corrupt signature chunk " + e.getKey() + " (" + chunk.length + " bytes)", x);
            }
        }
        return bySlot;
    }
}
