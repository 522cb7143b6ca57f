package io.sigdrift.pipeline.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.baselines.state.SeriesMonitorState;
import io.sigdrift.baselines.state.SeriesMonitorStateMapper;
import io.sigdrift.baselines.SeriesMonitor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Bytes of the anomaly stage's keyed state; corrupt or unknown state is an {@link IllegalStateException}
 * naming what is wrong, never Kryo or Java serialization.
 *
 * <p><b>Format 2</b> (current, {@link AnomalyOperator}): one binary value per key with everything but the
 * signature descriptions, written at checkpoints and on cache eviction:
 * <pre>
 * int MAGIC ("SGDA") | int version=2 | series volume | long lastWindowStart | double newSignatureRate
 * | long lastActivity | long ttlTimer | long heldTimer | int n | n x long counter
 * | int n | n x UTF suppressedId | int n | n x (UTF oldId | UTF newId)      (aliases)
 * | int n | n x (UTF id | long count)                                      (pending)
 * | int n | n x (UTF id | series)                                          (baselines, in iteration order)
 * | int n | n x held                                                       (NEW anomalies awaiting a description)
 * series = int stateVersion(1) | long firstWindowStart | long lastWindowStart | long windowsSeen | long ignored
 *          | double level | double dispNum | double dispDen | double zeroFraction | int zeroRun | double cusumUp
 *          | double cusumDown | double fastLevel | int n | n x float season | 2 x long incidentStart
 *          | 2 x long incidentLast | 2 x int incidentPending | 2 x double peakScore | 2 x double minProbability
 *          | 2 x byte incidentKind          (the fields of {@link SeriesMonitorState}, in order)
 * held   = opt id | opt change | opt kind | int direction | opt source | int split | opt signature
 *          | long windowStart | long windowEnd | long incidentStart | double observed | double expected
 *          | double score | double probability | opt explanation | long deadline     (opt = boolean present | UTF)
 * </pre>
 * Binary rather than JSON because it is written for every tracked signature at every checkpoint;
 * {@code AnomalyStateCodecTest} compares both. The descriptions stay JSON {@link SignatureInfo} format 1,
 * one map entry per signature, written only when they change.
 *
 * <p><b>Format 1</b> (the earlier {@code KeyedCoProcessFunction}): JSON {@link SourceAnomalyState} per key
 * and one JSON {@link SeriesMonitorState} (the baselines module's {@link SeriesMonitorStateMapper}) per
 * signature. Still read, so state taken before the change restores; {@link AnomalyOperator} migrates it
 * to format 2 on first use of a key.
 */
public final class AnomalyStateCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAGIC = 0x53474441;
    public static final int LIVE_VERSION = 2;

    private AnomalyStateCodec() {}

    /** Builds the live monitors of a key from decoded baselines (configs and detectors are not state). */
    interface Monitors {
        SeriesMonitor volume(SeriesMonitorState s);

        SeriesMonitor signature(String id, SeriesMonitorState s);
    }

    /** Format 2 bytes of a key's live state, descriptions excluded. */
    static byte[] encodeLive(LiveSourceState s) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 480 * s.series.size());
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(LIVE_VERSION);
            writeSeries(out, SeriesMonitorStateMapper.toState(s.volume));
            out.writeLong(s.lastWindowStart);
            out.writeDouble(s.newSignatureRate);
            out.writeLong(s.lastActivity);
            out.writeLong(s.ttlTimer);
            out.writeLong(s.heldTimer);
            out.writeInt(s.counters.length);
            for (long c : s.counters) {
                out.writeLong(c);
            }
            out.writeInt(s.suppressed.size());
            for (String id : s.suppressed) {
                out.writeUTF(id);
            }
            out.writeInt(s.aliases.size());
            for (Map.Entry<String, String> e : s.aliases.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeInt(s.pending.size());
            for (var e : s.pending.object2LongEntrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getLongValue());
            }
            out.writeInt(s.series.size());
            for (var e : s.series.entrySet()) {
                out.writeUTF(e.getKey());
                writeSeries(out, SeriesMonitorStateMapper.toState(e.getValue()));
            }
            out.writeInt(s.held.size());
            for (LiveSourceState.Held h : s.held) {
                writeHeld(out, h);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // in-memory streams do not throw
        }
    }

    /** @throws IllegalStateException for bytes that are not format 2 (corrupt state, or a newer format) */
    static LiveSourceState decodeLive(byte[] bytes, Monitors monitors) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IllegalStateException("not sigdrift anomaly state: magic " + Integer.toHexString(magic));
            }
            int version = in.readInt();
            if (version != LIVE_VERSION) {
                throw new IllegalStateException("unsupported anomaly state version " + version + " (this build reads "
                        + LIVE_VERSION + ", and format 1 from its own states)");
            }
            LiveSourceState s = new LiveSourceState(monitors.volume(readSeries(in)));
            s.lastWindowStart = in.readLong();
            s.newSignatureRate = in.readDouble();
            s.lastActivity = in.readLong();
            s.ttlTimer = in.readLong();
            s.heldTimer = in.readLong();
            int counters = count(in, "counters");
            for (int i = 0; i < counters; i++) {
                long c = in.readLong();
                if (i < s.counters.length) {
                    s.counters[i] = c;
                }
            }
            for (int i = count(in, "suppressed"); i > 0; i--) {
                s.suppressed.add(in.readUTF());
            }
            for (int i = count(in, "aliases"); i > 0; i--) {
                s.aliases.put(in.readUTF(), in.readUTF());
            }
            for (int i = count(in, "pending"); i > 0; i--) {
                s.pending.put(in.readUTF(), in.readLong());
            }
            for (int i = count(in, "series"); i > 0; i--) {
                String id = in.readUTF();
                s.series.put(id, monitors.signature(id, readSeries(in)));
            }
            for (int i = count(in, "held"); i > 0; i--) {
                s.held.add(readHeld(in));
            }
            if (in.read() != -1) {
                throw new IllegalStateException("corrupt anomaly state: trailing bytes");
            }
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt anomaly state (" + bytes.length + " bytes): " + e, e);
        }
    }

    private static int count(DataInput in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IllegalStateException("corrupt anomaly state: " + what + " count " + n);
        }
        return n;
    }

    static void writeSeries(DataOutput out, SeriesMonitorState s) throws IOException {
        out.writeInt(s.version());
        out.writeLong(s.firstWindowStart());
        out.writeLong(s.lastWindowStart());
        out.writeLong(s.windowsSeen());
        out.writeLong(s.ignored());
        out.writeDouble(s.level());
        out.writeDouble(s.dispersionNumerator());
        out.writeDouble(s.dispersionDenominator());
        out.writeDouble(s.zeroFraction());
        out.writeInt(s.zeroRun());
        out.writeDouble(s.cusumUp());
        out.writeDouble(s.cusumDown());
        out.writeDouble(s.fastLevel());
        out.writeInt(s.season().length);
        for (float f : s.season()) {
            out.writeFloat(f);
        }
        for (int i = 0; i < 2; i++) {
            out.writeLong(s.incidentStart()[i]);
        }
        for (int i = 0; i < 2; i++) {
            out.writeLong(s.incidentLast()[i]);
        }
        for (int i = 0; i < 2; i++) {
            out.writeInt(s.incidentPending()[i]);
        }
        for (int i = 0; i < 2; i++) {
            out.writeDouble(s.incidentPeakScore()[i]);
        }
        for (int i = 0; i < 2; i++) {
            out.writeDouble(s.incidentMinProbability()[i]);
        }
        for (int i = 0; i < 2; i++) {
            out.writeByte(s.incidentKind()[i]);
        }
    }

    /** Array lengths are checked by {@link SeriesMonitorStateMapper#fromState} when the monitor is built. */
    static SeriesMonitorState readSeries(DataInput in) throws IOException {
        int version = in.readInt();
        if (version != SeriesMonitorState.CURRENT_VERSION) {
            throw new IllegalStateException("unsupported series state version " + version);
        }
        long firstWindowStart = in.readLong();
        long lastWindowStart = in.readLong();
        long windowsSeen = in.readLong();
        long ignored = in.readLong();
        double level = in.readDouble();
        double dispNum = in.readDouble();
        double dispDen = in.readDouble();
        double zeroFraction = in.readDouble();
        int zeroRun = in.readInt();
        double cusumUp = in.readDouble();
        double cusumDown = in.readDouble();
        double fastLevel = in.readDouble();
        int n = in.readInt();
        if (n < 0 || n > 1024) {
            throw new IllegalStateException("corrupt series state: season length " + n);
        }
        float[] season = new float[n];
        for (int i = 0; i < n; i++) {
            season[i] = in.readFloat();
        }
        long[] start = {in.readLong(), in.readLong()};
        long[] last = {in.readLong(), in.readLong()};
        int[] pending = {in.readInt(), in.readInt()};
        double[] peak = {in.readDouble(), in.readDouble()};
        double[] minP = {in.readDouble(), in.readDouble()};
        byte[] kind = {in.readByte(), in.readByte()};
        return new SeriesMonitorState(version, firstWindowStart, lastWindowStart, windowsSeen, ignored, level, dispNum,
                dispDen, zeroFraction, zeroRun, cusumUp, cusumDown, fastLevel, season, start, last, pending, peak, minP,
                kind);
    }

    private static void writeHeld(DataOutput out, LiveSourceState.Held h) throws IOException {
        AnomalyRecord r = h.record();
        opt(out, r.id);
        opt(out, r.change);
        opt(out, r.kind);
        out.writeInt(r.direction);
        opt(out, r.source);
        out.writeInt(r.split);
        opt(out, r.signature);
        out.writeLong(r.windowStart);
        out.writeLong(r.windowEnd);
        out.writeLong(r.incidentStart);
        out.writeDouble(r.observed);
        out.writeDouble(r.expected);
        out.writeDouble(r.score);
        out.writeDouble(r.probability);
        opt(out, r.explanation);
        out.writeLong(h.deadline());
    }

    private static LiveSourceState.Held readHeld(DataInput in) throws IOException {
        AnomalyRecord r = new AnomalyRecord();
        r.id = opt(in);
        r.change = opt(in);
        r.kind = opt(in);
        r.direction = in.readInt();
        r.source = opt(in);
        r.split = in.readInt();
        r.signature = opt(in);
        r.windowStart = in.readLong();
        r.windowEnd = in.readLong();
        r.incidentStart = in.readLong();
        r.observed = in.readDouble();
        r.expected = in.readDouble();
        r.score = in.readDouble();
        r.probability = in.readDouble();
        r.explanation = opt(in);
        r.examples = new String[0];
        r.ancestors = new String[0];
        return new LiveSourceState.Held(r, in.readLong());
    }

    private static void opt(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String opt(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    public static byte[] encodeSource(SourceAnomalyState s) {
        return write(s);
    }

    public static SourceAnomalyState decodeSource(byte[] bytes) {
        JsonNode node = read(bytes, SourceAnomalyState.CURRENT_VERSION, "source anomaly state");
        try {
            SourceAnomalyState s = JSON.treeToValue(node, SourceAnomalyState.class);
            if (s.volume() == null || s.counters() == null || s.counters().length != SourceAnomalyState.COUNTERS
                    || s.suppressed() == null || s.tracked() < 0 || s.described() < 0 || s.aliases() < 0) {
                throw new IllegalStateException("corrupt source anomaly state: missing or bad fields");
            }
            // Re-validates the nested baseline through its own mapper (version, array lengths).
            SeriesMonitorStateMapper.decode(SeriesMonitorStateMapper.encode(s.volume()));
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt source anomaly state: " + e.getMessage(), e);
        }
    }

    public static byte[] encodeInfo(SignatureInfo i) {
        return write(i);
    }

    public static SignatureInfo decodeInfo(byte[] bytes) {
        JsonNode node = read(bytes, SignatureInfo.CURRENT_VERSION, "signature info");
        try {
            SignatureInfo i = JSON.treeToValue(node, SignatureInfo.class);
            if (i.ancestors() == null || i.examples() == null || i.examples().length > AnomalySettings.MAX_EXAMPLES) {
                throw new IllegalStateException("corrupt signature info: missing or bad fields");
            }
            return i;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt signature info: " + e.getMessage(), e);
        }
    }

    public static byte[] encodeSeries(SeriesMonitorState s) {
        return SeriesMonitorStateMapper.encode(s);
    }

    public static SeriesMonitorState decodeSeries(byte[] bytes) {
        return SeriesMonitorStateMapper.decode(bytes);
    }

    private static byte[] write(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + o.getClass().getSimpleName(), e);
        }
    }

    private static JsonNode read(byte[] bytes, int expectedVersion, String what) {
        try {
            JsonNode node = bytes == null ? null : JSON.readTree(bytes);
            if (node == null || !node.has("version")) {
                throw new IllegalStateException(what + " has no version");
            }
            int version = node.get("version").asInt();
            if (version != expectedVersion) {
                throw new IllegalStateException("unsupported " + what + " version " + version + " (this build reads "
                        + expectedVersion + ")");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt " + what + ": " + e.getMessage(), e);
        }
    }
}
