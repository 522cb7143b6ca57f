package io.sigdrift.signatures;

import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongMaps;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Binary form of a live engine's state, written straight from the engine's objects: no {@link EngineState} copy,
 * no JSON. Why: the streaming job writes the state of every source that changed at every checkpoint, on the task
 * thread, inside the checkpoint pause; there {@link SignatureEngine#snapshot()} plus {@link EngineStateCodec}'s
 * JSON cost about 2 µs per live signature (42 % of the synchronous part in a JFR of {@code bin/bench
 * checkpoint-pause}), most of it building and serialising the DTO tree. It holds exactly what version 1 of
 * the {@link EngineState} DTO holds, and is read back into that DTO, so a restore takes the same path
 * ({@link SignatureEngine#restore}) whichever format the bytes are in. The JSON stays the format of the files users
 * keep ({@code --state}); this one is embedded in the job's keyed state (the pipeline's source state format 4).
 *
 * <pre>
 * format 2:  int MAGIC ("SGDE") | byte version=2
 *            | long lines | long created | long updated | long evicted | long truncatedLines
 *            | int m | m x str mask                                        (user mask specs, in order)
 *            | int n | n x ( long count | UTF id | str template | str example | byte a | a x UTF ancestor )
 *                                                                          (least recently used first)
 *            | int k | k x ( long skeletonHash | int signature )            (index into the n signatures)
 * format 3 (split):  int MAGIC | byte version=3 | the same up to the signatures
 *            | int n | n x ( long count | int slot )                       (least recently used first)
 *            | int k | k x ( long skeletonHash | int signature )
 *            and, outside these bytes, each signature's unchanging part ( UTF id | str template | str example | byte a
 *            | a x UTF ancestor ) handed to a {@link SignatureSink} with its slot (see {@link #writeSplit})
 * format 1:  the same with each signature as ( UTF id | str template | long count | str example | ... ); read only
 *            (format 2 puts the count first so that the rest, which rarely changes, is one array copied from the
 *            signature: see Cluster#frozen)
 * str      = byte 0 | UTF (modified UTF-8, when at most 21,845 chars: always within writeUTF's 64 KB)
 *          | byte 1 | int len | len bytes of UTF-8                          (longer: templates and examples may be)
 * </pre>
 * Ids and ancestors are hex digests, far below writeUTF's limit.
 */
public final class EngineStateBinary {
    static final int MAGIC = 0x53474445;
    public static final int VERSION = 2;
    /** The first format, with the count between template and example: still read (state written before format 2). */
    static final int VERSION_1 = 1;
    /** The split form ({@link #writeSplit}): a head with counts and slots, the unchanging parts kept by the caller. */
    public static final int SPLIT_VERSION = 3;
    /** The longest string that writeUTF can always take: 65,535 bytes at up to 3 bytes per char. */
    private static final int MAX_UTF_CHARS = 65_535 / 3;

    private EngineStateBinary() {}

    /** Writes {@code engine}'s state; the engine is not changed (task thread only, like every engine call). */
    public static void write(SignatureEngine engine, DataOutput out) throws IOException {
        engine.writeBinary(out, null);
    }

    /**
     * Receives each live signature's unchanging bytes during a {@link #writeSplit}: its slot (unique among the
     * engine's live signatures at this write; a slot is reused after its signature is gone) and the array. The same
     * array object comes back at the next write as long as the signature's id, template, example and lineage are
     * unchanged, and a new one after any change: a caller compares references to know what changed. The array must
     * not be modified.
     */
    public interface SignatureSink {
        void signature(int slot, byte[] unchanging);
    }

    /**
     * Writes {@code engine}'s state split in two: {@code head} gets format 3 (counters, and per signature its count
     * and slot, in the order of format 2), and {@code sink} gets each signature's unchanging part. Why: a streaming
     * job writes every changed source at each checkpoint, inside the checkpoint pause, and with a key-value store
     * (RocksDB) everything it writes is also flushed there; the unchanging parts are about half of a source's bytes
     * (by the formats' arithmetic, for the sources of {@code bin/bench checkpoint-pause}) and rarely change after a signature's first minutes, so a caller that
     * stores them apart by slot rewrites only those that changed. {@link #readSplit} reads it back.
     */
    public static void writeSplit(SignatureEngine engine, DataOutput head, SignatureSink sink) throws IOException {
        engine.writeBinary(head, java.util.Objects.requireNonNull(sink, "sink"));
    }

    /** Called by the engine with its fields (it owns them; this class owns the layout). */
    static void write(DataOutput out, long lines, long created, long updated, long evicted, long truncatedLines,
                      List<String> masks, Cluster tail, Long2LongMap skeletons, SkeletonOwner owner, SignatureSink sink)
            throws IOException {
        out.writeInt(MAGIC);
        out.writeByte(sink == null ? VERSION : SPLIT_VERSION);
        out.writeLong(lines);
        out.writeLong(created);
        out.writeLong(updated);
        out.writeLong(evicted);
        out.writeLong(truncatedLines);
        out.writeInt(masks.size());
        for (String m : masks) {
            writeString(out, m);
        }
        int live = 0;
        for (Cluster c = tail; c != null; c = c.prev) {   // counted, not taken from the engine: the list is what is written
            live++;
        }
        out.writeInt(live);
        int index = 0;
        for (Cluster c = tail; c != null; c = c.prev) {
            c.writeIndex = index++;
            out.writeLong(c.count);
            if (c.frozen == null) {
                freeze(c);
            }
            if (sink == null) {
                out.write(c.frozen);
            } else {
                out.writeInt(c.slot);
                sink.signature(c.slot, c.frozen);
            }
        }
        // One pass over the skeletons into a scratch array, then the count and the entries: each live() reads a
        // signature object scattered in the heap, and a counting pass first read every one twice.
        long[] pairs = SKELETON_SCRATCH.get();
        if (pairs.length < 2 * skeletons.size()) {
            pairs = new long[2 * skeletons.size()];
            SKELETON_SCRATCH.set(pairs);
        }
        int k = 0;
        for (var it = Long2LongMaps.fastIterator(skeletons); it.hasNext(); ) {
            Long2LongMap.Entry e = it.next();
            Cluster c = owner.live(e.getLongValue());
            if (c != null) {
                pairs[2 * k] = e.getLongKey();
                pairs[2 * k + 1] = c.writeIndex;
                k++;
            }
        }
        out.writeInt(k);
        for (int i = 0; i < k; i++) {
            out.writeLong(pairs[2 * i]);
            out.writeInt((int) pairs[2 * i + 1]);
        }
    }

    /** Gives {@code c} its frozen bytes ({@link SignatureEngine#encodeForWrite}); the encoder is per thread, as the scratch below. */
    static void freeze(Cluster c) {
        try {
            c.frozen = FREEZER.get().freeze(c);
        } catch (IOException e) {
            throw new IllegalStateException("encoding to memory cannot fail", e);
        }
    }

    private static final ThreadLocal<Freezer> FREEZER = ThreadLocal.withInitial(Freezer::new);

    /**
     * Per thread (engines are written on task threads, several per TaskManager); grows to the largest skeleton map
     * written (16 bytes per entry), which the engine bounds by maxSignatures x skeletonCacheFactor.
     */
    private static final ThreadLocal<long[]> SKELETON_SCRATCH = ThreadLocal.withInitial(() -> new long[0]);

    /**
     * Encodes a signature's unchanging part (UTF id | str template | str example | byte a | a x UTF ancestor) into
     * an array of its own, with the same DataOutput encodings as the rest of the format.
     */
    private static final class Freezer {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(256);
        private final java.io.DataOutputStream data = new java.io.DataOutputStream(bytes);

        byte[] freeze(Cluster c) throws IOException {
            bytes.reset();
            data.writeUTF(c.id);
            writeString(data, c.template());
            writeString(data, c.example == null ? "" : c.example);
            List<String> anc = c.ancestorList;
            int a = anc == null ? 0 : anc.size();
            data.writeByte(a);
            for (int i = 0; i < a; i++) {
                data.writeUTF(anc.get(i));
            }
            data.flush();
            return bytes.toByteArray();
        }
    }

    /** How the writer resolves a skeleton's signature reference. */
    interface SkeletonOwner {
        Cluster live(long ref);
    }

    /**
     * The state in {@code in} as the format-1 DTO, for {@link SignatureEngine#restore}.
     *
     * @throws IllegalStateException for bytes that are not this format or out of their bounds (corrupt state)
     */
    public static EngineState read(DataInput in) throws IOException {
        return read(in, null);
    }

    /**
     * The state written by {@link #writeSplit}, its head in {@code head} and each signature's unchanging part from
     * {@code unchangingBySlot} (null for a slot the caller does not hold: corrupt state), as the format-1 DTO.
     * Reads formats 1 and 2 as {@link #read(DataInput)} does (their bytes hold everything; the lookup is not used).
     *
     * @throws IllegalStateException for bytes that are not these formats or out of their bounds (corrupt state)
     */
    public static EngineState readSplit(DataInput head, IntFunction<byte[]> unchangingBySlot) throws IOException {
        return read(head, java.util.Objects.requireNonNull(unchangingBySlot, "unchangingBySlot"));
    }

    private static EngineState read(DataInput in, IntFunction<byte[]> unchangingBySlot) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IllegalStateException("not sigdrift engine state: magic " + Integer.toHexString(magic));
        }
        int version = in.readUnsignedByte();
        if (version == SPLIT_VERSION && unchangingBySlot == null) {
            throw new IllegalStateException("binary engine state format 3 is split: its signatures are stored apart (readSplit)");
        }
        if (version != VERSION && version != VERSION_1 && version != SPLIT_VERSION) {
            throw new IllegalStateException("binary engine state format " + version + " is unknown to this build (reads "
                    + VERSION_1 + " to " + SPLIT_VERSION + ")");
        }
        EngineState s = new EngineState();
        s.lines = in.readLong();
        s.created = in.readLong();
        s.updated = in.readLong();
        s.evicted = in.readLong();
        s.truncatedLines = in.readLong();
        int m = count(in.readInt(), "masks");
        s.masks = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            s.masks.add(readString(in));
        }
        int n = count(in.readInt(), "signatures");
        s.signatures = new ArrayList<>(Math.min(n, 1 << 16));
        for (int i = 0; i < n; i++) {
            EngineState.SignatureState ss = new EngineState.SignatureState();
            if (version == VERSION_1) {
                ss.id = in.readUTF();
                ss.template = readString(in);
                ss.count = in.readLong();
                readUnchangingAfterTemplate(in, ss);
            } else if (version == VERSION) {
                ss.count = in.readLong();
                readUnchanging(in, ss);
            } else {
                ss.count = in.readLong();
                int slot = in.readInt();
                byte[] unchanging = slot < 0 ? null : unchangingBySlot.apply(slot);
                if (unchanging == null) {
                    throw new IllegalStateException("corrupt engine state: no stored signature in slot " + slot);
                }
                DataInputStream part = new DataInputStream(new ByteArrayInputStream(unchanging));
                readUnchanging(part, ss);
                if (part.available() != 0) {
                    throw new IllegalStateException("corrupt engine state: " + part.available() + " bytes after the signature in slot " + slot);
                }
            }
            s.signatures.add(ss);
        }
        int k = count(in.readInt(), "skeletons");
        LongArrayList[] bySignature = new LongArrayList[n];
        for (int i = 0; i < k; i++) {
            long hash = in.readLong();
            int sig = in.readInt();
            if (sig < 0 || sig >= n) {
                throw new IllegalStateException("corrupt engine state: skeleton of signature " + sig + " of " + n);
            }
            if (bySignature[sig] == null) {
                bySignature[sig] = new LongArrayList(2);
            }
            bySignature[sig].add(hash);
        }
        for (int i = 0; i < n; i++) {
            s.signatures.get(i).skeletons = bySignature[i] == null ? new long[0] : bySignature[i].toLongArray();
        }
        return s;
    }

    /** A signature's unchanging part as {@link Freezer} writes it: id, template, example, lineage. */
    private static void readUnchanging(DataInput in, EngineState.SignatureState ss) throws IOException {
        ss.id = in.readUTF();
        ss.template = readString(in);
        readUnchangingAfterTemplate(in, ss);
    }

    private static void readUnchangingAfterTemplate(DataInput in, EngineState.SignatureState ss) throws IOException {
        ss.example = readString(in);
        int a = in.readUnsignedByte();
        ss.ancestors = new ArrayList<>(a);
        for (int j = 0; j < a; j++) {
            ss.ancestors.add(in.readUTF());
        }
    }

    private static int count(int n, String what) {
        if (n < 0) {
            throw new IllegalStateException("corrupt engine state: " + n + " " + what);
        }
        return n;
    }

    static void writeString(DataOutput out, String s) throws IOException {
        if (s.length() <= MAX_UTF_CHARS) {
            out.writeByte(0);
            out.writeUTF(s);
        } else {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeByte(1);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    static String readString(DataInput in) throws IOException {
        int tag = in.readUnsignedByte();
        if (tag == 0) {
            return in.readUTF();
        }
        if (tag != 1) {
            throw new IllegalStateException("corrupt engine state: string tag " + tag);
        }
        int len = in.readInt();
        if (len < 0 || len > 64 << 20) {
            throw new IllegalStateException("corrupt engine state: string of " + len + " bytes");
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
