package io.sigdrift.pipeline.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.state.MapState;

/**
 * One key's byte value kept in keyed {@link MapState} as parts of at most {@code partBytes} bytes (map key = part
 * index, 0 up; every part but the last is full). Why: a source's state is ~1.4 MB with 5,000 live signatures, and a
 * {@code ValueState<byte[]>} of it allocates the value twice per write (the operator's copy of its encode buffer,
 * then the RocksDB backend's copy of its serialization buffer). Arrays that large are humongous objects for G1 (at
 * least half a region: 1-4 MB regions on TaskManager heaps of 2-8 GB), allocated straight into the old generation;
 * a checkpoint that writes back a hundred sources allocates hundreds of MB of them inside its synchronous part, and
 * the GCs they cause stop the task there. Parts of {@link #DEFAULT_PART_BYTES} are ordinary young objects that die
 * at once, whatever the region size. Only for backends that serialize in their put: on the heap backend the parts
 * would be the state itself, live until the next write, and young GCs would copy them (the count operator keeps one
 * value there).
 *
 * <p>Bound: {@code ceil(length / partBytes)} entries per key; a shorter value written over a longer one removes
 * the parts it no longer needs, so no stale part is ever read back.
 */
public final class PartedBytes {
    /**
     * Under half of G1's smallest region (1 MB), so no part is humongous on any heap; large enough that a source
     * costs a handful of backend entries.
     */
    public static final int DEFAULT_PART_BYTES = 256 * 1024;

    private final MapState<Integer, byte[]> parts;
    private final int partBytes;

    public PartedBytes(MapState<Integer, byte[]> parts, int partBytes) {
        if (partBytes < 1) {
            throw new IllegalArgumentException("partBytes must be >= 1, was " + partBytes);
        }
        this.parts = parts;
        this.partBytes = partBytes;
    }

    /**
     * Stores {@code buffer[0, length)} as the current key's value (copied: the caller may reuse its buffer). An empty
     * value is one empty part, so that it reads back as empty and not as absent.
     *
     * @return the number of parts written
     */
    public int write(byte[] buffer, int length) throws Exception {
        int n = 0;
        int offset = 0;
        do {
            int end = Math.min(length, offset + partBytes);
            parts.put(n++, Arrays.copyOfRange(buffer, offset, end));
            offset = end;
        } while (offset < length);
        // parts of a longer earlier value: one lookup when there are none (the usual case)
        for (int i = n; parts.contains(i); i++) {
            parts.remove(i);
        }
        return n;
    }

    /** The current key's value, or null if it has none. */
    public byte[] read() throws Exception {
        List<byte[]> found = new ArrayList<>();
        for (byte[] p; (p = parts.get(found.size())) != null; ) {
            found.add(p);
        }
        if (found.size() <= 1) {
            return found.isEmpty() ? null : found.get(0);
        }
        // only on a restore or after a cache eviction, once per key: the one large array here is not on the checkpoint's path
        long length = 0;
        for (byte[] p : found) {
            length += p.length;
        }
        if (length > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("parted value of " + length + " bytes exceeds an array");
        }
        byte[] all = new byte[(int) length];
        int offset = 0;
        for (byte[] p : found) {
            System.arraycopy(p, 0, all, offset, p.length);
            offset += p.length;
        }
        return all;
    }

    /** The current key's parts in state (tests: the bound; a read walks them the same way). */
    public int partCount() throws Exception {
        int n = 0;
        while (parts.contains(n)) {
            n++;
        }
        return n;
    }

    /** Removes the current key's value. */
    public void clear() {
        parts.clear();
    }
}
