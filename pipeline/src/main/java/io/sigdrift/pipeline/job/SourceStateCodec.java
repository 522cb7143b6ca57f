package io.sigdrift.pipeline.job;

import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.EngineState;
import io.sigdrift.signatures.EngineStateBinary;
import io.sigdrift.signatures.EngineStateCodec;
import io.sigdrift.signatures.SignatureEngine;
import it.unimi.dsi.fastutil.objects.Object2LongMap;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import org.apache.flink.core.memory.DataOutputSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * Versioned bytes of a {@link SourceState}, the value of the operator's keyed state. The engine part
 * is the engine's own versioned form ({@link EngineStateBinary} since format 4, {@link EngineStateCodec} JSON
 * before), embedded as is; nothing goes through
 * Java serialization or Kryo, so a Flink upgrade or a class change cannot break restores.
 *
 * <pre>
 * format 1:  int MAGIC ("SGDS") | int version=1 | int engineLen | engineLen bytes (EngineStateCodec JSON)
 *            | long maxTimestamp | long closedUntil | int windows | windows x ( long start | long total | int n | n x ( UTF id | long count ) )
 * format 2:  format 1 with version=2, then
 *            | long lastParsedTimestamp | byte flags (1 = pending event follows, 2 = dropping continuations)
 *            | [ long pendingTimestamp | int pendingLines | int utf8Len | utf8Len bytes (UTF-8 pending text) ]
 * format 3:  format 2 with version=3, then the attribution sketches of the open windows:
 *            | int windows | windows x ( long start | int n | n x ( UTF id | WindowSketch.write ) )
 * format 4:  int MAGIC | int version=4 | engine state in {@link EngineStateBinary} format 1 (self-delimiting)
 *            | the rest of format 3 from {@code long maxTimestamp} on
 * format 5:  format 4 with version=5 and the engine in {@link EngineStateBinary}'s split form (format 3): per
 *            signature only its count and slot; the signatures' unchanging parts are stored apart, by slot
 *            ({@code SlotChunks}), and the reader is given them ({@link #read(byte[], EngineConfig, IntFunction)})
 * </pre>
 * Format 5 is what the RocksDB layout writes (parts): there each checkpoint's writes are also flushed into files inside
 * the pause, and the signatures' unchanging parts, about half of a source's bytes, need rewriting only where they
 * changed. The one-value layout (heap backend) writes format 4: the heap keeps the written array as the state.
 * Format 4 replaces the embedded engine JSON by the engine's binary form, written straight from the live engine:
 * a source's state is written at every checkpoint that finds it changed, on the task thread, and the JSON (with the
 * DTO copy it needs) was 42 % of the checkpoint's synchronous part ({@code bin/bench checkpoint-pause},
 * benchmarks/README.md). Both forms hold the same engine state and restore through the same path.
 * Format 3 keeps a window's sketches (values and first lines per signature) across a restore, so a restored job
 * emits the same attribution and window examples as one that never failed; formats 1 and 2 restore without them.
 * Format 2 (multi-line joining and the keyed "previous timestamp" of {@code --missing-time inherit})
 * reads format 1 too: a v1 key has no pending event and inherits from its {@code maxTimestamp} (what a
 * v1 job used when it had nothing to inherit). Committed files of every format
 * ({@code src/test/resources/state/source-state-v1.bin}, {@code -v2.bin}, {@code -v4.bin}) are read by a test forever.
 */
public final class SourceStateCodec {
    static final int MAGIC = 0x53474453;
    public static final int VERSION = 4;
    /** The format with the engine split ({@link #encodeSplit}). */
    public static final int SPLIT_VERSION = 5;
    /** The last format with the engine as JSON (read only). */
    static final int LAST_JSON_ENGINE = 3;
    private static final int FLAG_PENDING = 1;
    private static final int FLAG_DROPPING = 2;

    private SourceStateCodec() {}

    static byte[] write(SourceState s) {
        DataOutputSerializer out = new DataOutputSerializer(4096);
        encode(s, out);
        return out.getCopyOfBuffer();
    }

    /**
     * Encodes {@code s} into {@code out} (cleared first: the operator reuses one buffer, so a checkpoint that writes
     * many sources does not grow a new one for each) and leaves the bytes there ({@code getSharedBuffer()},
     * {@code length()}): the operator copies them into parts or into one value.
     */
    static void encode(SourceState s, DataOutputSerializer out) {
        encode(s, out, null);
    }

    /**
     * As {@link #encode(SourceState, DataOutputSerializer)} in format 5: {@code signatures} gets each live signature's
     * unchanging part and slot, which the caller stores apart ({@code SlotChunks}).
     */
    static void encodeSplit(SourceState s, DataOutputSerializer out, EngineStateBinary.SignatureSink signatures) {
        encode(s, out, java.util.Objects.requireNonNull(signatures, "signatures"));
    }

    /** Whether {@code bytes} are format 5, whose reader needs the signatures stored apart. */
    static boolean isSplit(byte[] bytes) {
        return bytes.length >= 8 && ((bytes[4] & 0xFF) << 24 | (bytes[5] & 0xFF) << 16 | (bytes[6] & 0xFF) << 8 | (bytes[7] & 0xFF)) == SPLIT_VERSION;
    }

    private static void encode(SourceState s, DataOutputSerializer out, EngineStateBinary.SignatureSink signatures) {
        try {
            out.clear();
            out.writeInt(MAGIC);
            out.writeInt(signatures == null ? VERSION : SPLIT_VERSION);
            if (signatures == null) {
                EngineStateBinary.write(s.engine, out);
            } else {
                EngineStateBinary.writeSplit(s.engine, out, signatures);
            }
            out.writeLong(s.maxTimestamp);
            out.writeLong(s.closedUntil);
            out.writeInt(s.windows.size());
            for (SourceState.Window w : s.windows.values()) {
                out.writeLong(w.start);
                out.writeLong(w.total);
                out.writeInt(w.counts.size());
                for (Object2LongMap.Entry<String> e : w.counts.object2LongEntrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeLong(e.getLongValue());
                }
            }
            out.writeLong(s.lastParsedTimestamp);
            out.writeByte((s.pending != null ? FLAG_PENDING : 0) | (s.dropContinuations ? FLAG_DROPPING : 0));
            if (s.pending != null) {
                out.writeLong(s.pendingTimestamp);
                out.writeInt(s.pendingLines);
                // not writeUTF: a joined event may exceed its 64 KB limit (--max-line-chars goes up to 10M)
                byte[] text = s.pendingText().getBytes(StandardCharsets.UTF_8);
                out.writeInt(text.length);
                out.write(text);
            }
            int sketched = 0;
            for (SourceState.Window w : s.windows.values()) {
                if (w.sketches != null && !w.sketches.isEmpty()) {
                    sketched++;
                }
            }
            out.writeInt(sketched);
            for (SourceState.Window w : s.windows.values()) {
                if (w.sketches == null || w.sketches.isEmpty()) {
                    continue;
                }
                out.writeLong(w.start);
                out.writeInt(w.sketches.size());
                // in the map's order, not sorted: a sort of the ids was 7 % of the checkpoint pause (JFR of bin/bench
                // checkpoint-pause), and the reader needs no order (so the bytes follow the map's history, not only its content)
                for (var e : w.sketches.object2ObjectEntrySet()) {
                    out.writeUTF(e.getKey());
                    e.getValue().write(out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // in-memory streams do not throw
        }
    }

    /** @throws IllegalStateException for bytes that are not a known format (corrupt state), or format 5 (read it with its signatures) */
    static SourceState read(byte[] bytes, EngineConfig config) {
        return read(bytes, config, null);
    }

    /**
     * Reads every format; format 5 takes its signatures' unchanging parts from {@code signatures} (by slot).
     *
     * @throws IllegalStateException for bytes that are not a known format, or a format-5 signature not found (corrupt state)
     */
    static SourceState read(byte[] bytes, EngineConfig config, IntFunction<byte[]> signatures) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IllegalStateException("not sigdrift source state: magic " + Integer.toHexString(magic));
            }
            int version = in.readInt();
            if (version < 1 || version > SPLIT_VERSION) {
                throw new IllegalStateException("source state format " + version + " is unknown to this build (reads 1.." + SPLIT_VERSION + ")");
            }
            if (version == SPLIT_VERSION && signatures == null) {
                throw new IllegalStateException("source state format 5 keeps its signatures apart: read without them");
            }
            SourceState s;
            try {
                EngineState engine;
                if (version <= LAST_JSON_ENGINE) {
                    int len = in.readInt();
                    if (len < 0 || len > bytes.length) {
                        throw new IllegalStateException("engine part of " + len + " bytes");
                    }
                    byte[] json = new byte[len];
                    in.readFully(json);
                    engine = EngineStateCodec.read(json);
                } else if (version == SPLIT_VERSION) {
                    engine = EngineStateBinary.readSplit(in, signatures);
                } else {
                    engine = EngineStateBinary.read(in);
                }
                s = new SourceState(SignatureEngine.restore(engine, config));
            } catch (RuntimeException e) {
                throw new IllegalStateException("corrupt sigdrift source state: engine part unreadable: " + e.getMessage(), e);
            }
            s.maxTimestamp = in.readLong();
            s.closedUntil = in.readLong();
            int windows = in.readInt();
            for (int i = 0; i < windows; i++) {
                SourceState.Window w = new SourceState.Window(in.readLong());
                w.total = in.readLong();
                int n = in.readInt();
                for (int j = 0; j < n; j++) {
                    w.counts.put(in.readUTF(), in.readLong());
                }
                s.windows.put(w.start, w);
            }
            if (version == 1) {
                s.lastParsedTimestamp = s.maxTimestamp;
                return s;
            }
            s.lastParsedTimestamp = in.readLong();
            int flags = in.readByte();
            s.dropContinuations = (flags & FLAG_DROPPING) != 0;
            if ((flags & FLAG_PENDING) != 0) {
                s.pendingTimestamp = in.readLong();
                s.pendingLines = in.readInt();
                int len = in.readInt();
                if (len < 0 || len > bytes.length) {
                    throw new IllegalStateException("corrupt sigdrift source state: pending event of " + len + " bytes");
                }
                byte[] text = new byte[len];
                in.readFully(text);
                s.pending = new String(text, StandardCharsets.UTF_8);
            }
            if (version >= 3) {
                int windowsWithSketches = in.readInt();
                for (int i = 0; i < windowsWithSketches; i++) {
                    SourceState.Window w = s.windows.get(in.readLong());
                    if (w == null) {
                        throw new IllegalStateException("corrupt sigdrift source state: sketches of a window not open");
                    }
                    int n = in.readInt();
                    for (int j = 0; j < n; j++) {
                        w.restoreSketch(in.readUTF(), io.sigdrift.baselines.attribution.WindowSketch.read(in));
                    }
                }
            }
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt sigdrift source state (" + bytes.length + " bytes)", e);
        }
    }
}
