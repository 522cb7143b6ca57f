package io.sigdrift.pipeline.job;

import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.EngineStateCodec;
import io.sigdrift.signatures.SignatureEngine;
import it.unimi.dsi.fastutil.objects.Object2LongMap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Versioned bytes of a {@link SourceState}, the value of the operator's keyed state. The engine part
 * is the engine's own versioned {@link EngineStateCodec} JSON, embedded as is; nothing goes through
 * Java serialization or Kryo, so a Flink upgrade or a class change cannot break restores.
 *
 * <pre>
 * format 1:  int MAGIC ("SGDS") | int version=1 | int engineLen | engineLen bytes (EngineStateCodec JSON)
 *            | long maxTimestamp | long closedUntil | int windows | windows x ( long start | long total | int n | n x ( UTF id | long count ) )
 * </pre>
 * A committed file of format 1 ({@code src/test/resources/state/source-state-v1.bin}) is read by a test
 * forever.
 */
public final class SourceStateCodec {
    static final int MAGIC = 0x53474453;
    public static final int VERSION = 1;

    private SourceStateCodec() {}

    static byte[] write(SourceState s) {
        try {
            byte[] engine = EngineStateCodec.write(s.engine.snapshot());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(engine.length + 64 + 32 * s.windows.size());
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(engine.length);
            out.write(engine);
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
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // in-memory streams do not throw
        }
    }

    /** @throws IllegalStateException for bytes that are not a known format (corrupt state) */
    static SourceState read(byte[] bytes, EngineConfig config) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IllegalStateException("not sigdrift source state: magic " + Integer.toHexString(magic));
            }
            int version = in.readInt();
            if (version != 1) {
                throw new IllegalStateException("source state format " + version + " is newer than this build (reads 1)");
            }
            byte[] engine = new byte[in.readInt()];
            in.readFully(engine);
            SourceState s;
            try {
                s = new SourceState(SignatureEngine.restore(EngineStateCodec.read(engine), config));
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
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt sigdrift source state (" + bytes.length + " bytes)", e);
        }
    }
}
