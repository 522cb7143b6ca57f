package io.sigdrift.pipeline.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.baselines.state.SeriesMonitorState;
import io.sigdrift.baselines.state.SeriesMonitorStateMapper;
import io.sigdrift.baselines.SeriesMonitorAccess;
import io.sigdrift.baselines.SourceDetector;
import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import org.apache.flink.core.memory.DataOutputSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Bytes of the anomaly stage's keyed state; corrupt or unknown state is an {@link IllegalStateException}
 * naming what is wrong, never Kryo or Java serialization.
 *
 * <p><b>Format 4</b> (current): format 3 with the value baselines of attribution appended:
 * <pre>
 * format 3 with version=4 | int n | n x (UTF id | valueBaseline)     (in the attributor's order)
 * valueBaseline = byte n | n x (int position | float total | byte m | m x (long valueHash | float count))
 * </pre>
 * ({@link io.sigdrift.baselines.attribution.ValueBaseline#write}; ≤
 * {@link io.sigdrift.baselines.attribution.ValueBaseline#MAX_SERIALIZED_BYTES} bytes plus the id per signature).
 * Format 3 restores with empty value baselines (attribution starts learning from the next window).
 *
 * <p><b>Format 3</b> (read only; {@link AnomalyOperator} over the {@link SourceDetector} core): one binary
 * value per key with everything but the signature descriptions, written at checkpoints and on cache eviction:
 * <pre>
 * int MAGIC ("SGDA") | int version=3 | series volume | long lastWindowStart | double newSignatureRate
 * | long lastActivity | long ttlTimer | int n | n x long counter
 * | int n | n x UTF suppressedId | int n | n x (UTF oldId | UTF newId)      (aliases)
 * | int n | n x (UTF id | long count)                                      (pending)
 * | int n | n x (UTF id | series)                                          (baselines, in iteration order)
 * series = int stateVersion(1) | long firstWindowStart | long lastWindowStart | long windowsSeen | long ignored
 *          | double level | double dispNum | double dispDen | double zeroFraction | int zeroRun | double cusumUp
 *          | double cusumDown | double fastLevel | int n | n x float season | 2 x long incidentStart
 *          | 2 x long incidentLast | 2 x int incidentPending | 2 x double peakScore | 2 x double minProbability
 *          | 2 x byte incidentKind          (the fields of {@link SeriesMonitorState}, in order)
 * </pre>
 * Binary rather than JSON because it is written for every tracked signature at every checkpoint;
 * {@code AnomalyStateCodecTest} compares both. The descriptions stay JSON {@link SignatureInfo} format 1,
 * one map entry per signature, written only when they change.
 *
 * <p><b>Format 2</b> (read only): format 3 plus {@code long heldTimer} after {@code ttlTimer} and, at the end,
 * {@code int n | n x held} — NEW anomalies waiting for their description, which the retired two-channel input
 * needed. Held anomalies are decoded into {@link LiveSourceState#restoredHeld} (the operator emits them when it
 * loads the key); the held timer is dropped (a leftover timer finds nothing to do).
 * <pre>
 * held   = opt id | opt change | opt kind | int direction | opt source | int split | opt signature
 *          | long windowStart | long windowEnd | long incidentStart | double observed | double expected
 *          | double score | double probability | opt explanation | long deadline     (opt = boolean present | UTF)
 * </pre>
 *
 * <p><b>Format 1</b> (the earlier {@code KeyedCoProcessFunction}): JSON {@link SourceAnomalyState} per key
 * and one JSON {@link SeriesMonitorState} (the baselines module's {@link SeriesMonitorStateMapper}) per
 * signature. Still read, so state taken before the change restores; {@link AnomalyOperator} migrates it
 * to format 2 on first use of a key.
 */
public final class AnomalyStateCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAGIC = 0x53474441;
    public static final int LIVE_VERSION = 4;
    /** Format 3: format 4 without value baselines, still read. */
    static final int LIVE_VERSION_NO_VALUES = 3;
    /** The previous binary format, still read. */
    static final int LIVE_VERSION_HELD = 2;

    private AnomalyStateCodec() {}

    /** Format 4 bytes of a key's live state, descriptions excluded. */
    static byte[] encodeLive(LiveSourceState live) {
        return encodeLive(live, new DataOutputSerializer(256 + 480 * live.core.trackedSignatures()));
    }

    /**
     * As {@link #encodeLive(LiveSourceState)}, encoded in {@code out} (cleared first): the operator reuses one buffer
     * for every key a checkpoint writes.
     */
    static byte[] encodeLive(LiveSourceState live, DataOutputSerializer out) {
        SourceDetector s = live.core;
        try {
            // Flink's unsynchronised buffer, not DataOutputStream over ByteArrayOutputStream: the same bytes (tested),
            // but one synchronised call per value there made writeLong alone 41 % of this encoding, which runs on
            // the task thread inside the checkpoint pause (bin/bench checkpoint-pause, benchmarks/README.md)
            out.clear();
            out.writeInt(MAGIC);
            out.writeInt(LIVE_VERSION);
            // straight from the live monitors, the bytes of writeSeries(toState(m)) (tested): no record per signature
            SeriesMonitorAccess.write(s.volume(), out);
            out.writeLong(s.lastWindowStart());
            out.writeDouble(s.newSignatureRate());
            out.writeLong(s.lastActivity());
            out.writeLong(live.ttlTimer);
            out.writeInt(s.counters().length);
            for (long c : s.counters()) {
                out.writeLong(c);
            }
            out.writeInt(s.suppressed().size());
            for (String id : s.suppressed()) {
                out.writeUTF(id);
            }
            out.writeInt(s.aliases().size());
            for (Map.Entry<String, String> e : s.aliases().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeInt(s.pending().size());
            for (var e : s.pending().object2LongEntrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getLongValue());
            }
            out.writeInt(s.series().size());
            for (var e : s.series().entrySet()) {
                out.writeUTF(e.getKey());
                SeriesMonitorAccess.write(e.getValue(), out);
            }
            var values = s.attributor().baselines();
            out.writeInt(values.size());
            for (var e : values.entrySet()) {
                out.writeUTF(e.getKey());
                e.getValue().write(out);
            }
            return out.getCopyOfBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // in-memory streams do not throw
        }
    }

    /**
     * Format 4, 3 or 2 bytes of {@code source}'s key into live state built by {@code detectors}.
     *
     * @throws IllegalStateException for bytes that are neither (corrupt state, or a newer format)
     */
    static LiveSourceState decodeLive(byte[] bytes, SourceDetector.Factory detectors, String source) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IllegalStateException("not sigdrift anomaly state: magic " + Integer.toHexString(magic));
            }
            int version = in.readInt();
            if (version != LIVE_VERSION && version != LIVE_VERSION_NO_VALUES && version != LIVE_VERSION_HELD) {
                throw new IllegalStateException("unsupported anomaly state version " + version + " (this build reads "
                        + LIVE_VERSION_HELD + " to " + LIVE_VERSION + ", and format 1 from its own states)");
            }
            SourceDetector core = detectors.restore(source, readSeries(in));
            LiveSourceState s = new LiveSourceState(core);
            long lastWindowStart = in.readLong();
            double newSignatureRate = in.readDouble();
            long lastActivity = in.readLong();
            core.restoreScalars(lastWindowStart, newSignatureRate, lastActivity);
            s.ttlTimer = in.readLong();
            if (version == LIVE_VERSION_HELD) {
                in.readLong();   // the held-anomaly timer: nothing is held any more
            }
            long[] counters = core.counters();
            int n = count(in, "counters");
            for (int i = 0; i < n; i++) {
                long c = in.readLong();
                if (i < counters.length) {
                    counters[i] = c;
                }
            }
            for (int i = count(in, "suppressed"); i > 0; i--) {
                core.suppressed().add(in.readUTF());
            }
            for (int i = count(in, "aliases"); i > 0; i--) {
                core.aliases().put(in.readUTF(), in.readUTF());
            }
            for (int i = count(in, "pending"); i > 0; i--) {
                core.pending().put(in.readUTF(), in.readLong());
            }
            for (int i = count(in, "series"); i > 0; i--) {
                String id = in.readUTF();
                core.restoreSeries(id, readSeries(in));
            }
            if (version == LIVE_VERSION) {
                for (int i = count(in, "value baselines"); i > 0; i--) {
                    String id = in.readUTF();
                    core.attributor().baselines().put(id, io.sigdrift.baselines.attribution.ValueBaseline.read(in));
                }
            }
            if (version == LIVE_VERSION_HELD) {
                for (int i = count(in, "held"); i > 0; i--) {
                    s.restoredHeld.add(readHeld(in));
                }
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

    /** A held NEW anomaly of format 2 (its deadline is read and dropped). */
    private static AnomalyRecord readHeld(DataInput in) throws IOException {
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
        r.windowExamples = new String[0];
        r.attribution = new AttributionRecord[0];
        r.affectedBy = new String[0];
        in.readLong();
        return r;
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
            if (i.ancestors() == null || i.examples() == null || i.examples().length > SignatureInfo.MAX_EXAMPLES) {
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
