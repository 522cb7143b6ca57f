package io.sigdrift.models.score;

import io.sigdrift.models.detect.ModelCodec;
import io.sigdrift.models.detect.Checksums;
import io.sigdrift.models.detect.ModelFormatException;
import io.sigdrift.models.detect.SessionDetector;
import io.sigdrift.models.session.CloseReason;
import io.sigdrift.models.session.SessionSample;
import io.sigdrift.models.session.SessionTracker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The versioned state of one {@link SessionScorer} (a streaming job checkpoints it as bytes; no Java or Kryo
 * serialization of rich objects). Big-endian:
 * <pre>
 *   4 bytes "SDSC", u16 version (1)
 *   i64 clock, i64 trainedOn, i64 scored, i64 flagged, i64 fitFailures, bool+UTF lastError
 *   tracker stats: i64 opened, closed, evicted, overflowEvents, unkeyed
 *   i32 open sessions (least recently active first): UTF entity, i64 first, i64 last, i32 events,
 *       bool+UTF previous key, i32 keys, keys x (UTF key, i32 count), i32 bigrams, bigrams x UTF
 *   i32 example sets: UTF entity, i32 pairs, pairs x (UTF key, UTF line)
 *   i32 templates (oldest first): UTF key, UTF template
 *   i32 training sessions: UTF entity, i64 first, i64 last, i32 events, u8 close reason, i32 keys, keys x (UTF, i32)
 *   i32 model bytes (0 = no fitted model yet), then a {@link ModelCodec} file
 *   u32 CRC32 of every byte before it
 * </pre>
 * Reading checks every count against the scorer's bounds before allocating and throws {@link ModelFormatException}
 * for anything else than an intact state of a known version. A committed fixture of version 1 is read by a test.
 */
public final class SessionScorerCodec {
    public static final int VERSION = 1;
    private static final byte[] MAGIC = {'S', 'D', 'S', 'C'};

    private SessionScorerCodec() {}

    public static byte[] write(SessionScorer s) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeShort(VERSION);
            out.writeLong(s.clock());
            out.writeLong(s.trainedOn());
            out.writeLong(s.scored());
            out.writeLong(s.flagged());
            out.writeLong(s.fitFailures());
            writeNullable(out, s.lastError());
            SessionTracker.Stats st = s.tracker().stats();
            out.writeLong(st.opened());
            out.writeLong(st.closed());
            out.writeLong(st.evicted());
            out.writeLong(st.overflowEvents());
            out.writeLong(st.unkeyed());
            List<SessionTracker.OpenSession> open = s.tracker().snapshot();
            out.writeInt(open.size());
            for (SessionTracker.OpenSession o : open) {
                out.writeUTF(o.entity());
                out.writeLong(o.first());
                out.writeLong(o.last());
                out.writeInt(o.events());
                writeNullable(out, o.previous());
                writeCounts(out, o.keys(), o.counts());
                out.writeInt(o.bigrams().length);
                for (String b : o.bigrams()) {
                    out.writeUTF(b);
                }
            }
            out.writeInt(s.examplesByEntity().size());
            for (Map.Entry<String, String[]> e : s.examplesByEntity().entrySet()) {
                out.writeUTF(e.getKey());
                String[] ex = e.getValue();
                int pairs = 0;
                while (pairs * 2 < ex.length && ex[pairs * 2] != null) {
                    pairs++;
                }
                out.writeInt(pairs);
                for (int i = 0; i < pairs; i++) {
                    out.writeUTF(ex[2 * i]);
                    out.writeUTF(ex[2 * i + 1]);
                }
            }
            out.writeInt(s.templatesByKey().size());
            for (Map.Entry<String, String> e : s.templatesByKey().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeInt(s.trainingBuffer().size());
            for (SessionSample t : s.trainingBuffer()) {
                out.writeUTF(t.entity());
                out.writeLong(t.firstMillis());
                out.writeLong(t.lastMillis());
                out.writeInt(t.events());
                out.writeByte(t.reason().ordinal());
                String[] keys = new String[t.distinctKeys()];
                int[] counts = new int[keys.length];
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = t.key(i);
                    counts[i] = t.count(i);
                }
                writeCounts(out, keys, counts);
            }
            SessionDetector m = s.model();
            if (m.isFitted()) {
                byte[] model = ModelCodec.write(m);
                out.writeInt(model.length);
                out.write(model);
            } else {
                out.writeInt(0);
            }
            Checksums.append(bytes, out);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    /**
     * @param config the scorer's settings now (bounds are checked against them: a state with more open sessions
     *               than maxOpenSessions allows is refused with a message, not silently cut)
     * @throws ModelFormatException for anything that is not an intact session state of a known version
     */
    public static SessionScorer read(byte[] state, SessionScorerConfig config) {
        if (state == null || state.length < MAGIC.length + 6) {
            throw new ModelFormatException("not a session state: " + (state == null ? 0 : state.length) + " bytes");
        }
        Checksums.requireMagic(state, MAGIC, "not a session state (bad magic)");
        int version = ((state[4] & 0xff) << 8) | (state[5] & 0xff);
        if (version != VERSION) {
            throw new ModelFormatException("incompatible session state: version " + version + ", this build reads "
                    + VERSION);
        }
        if (!Checksums.intact(state)) {
            throw new ModelFormatException("corrupt session state: checksum mismatch");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(state, 6, state.length - 10));
            long clock = in.readLong();
            long trainedOn = in.readLong();
            long scored = in.readLong();
            long flagged = in.readLong();
            long fitFailures = in.readLong();
            String lastError = readNullable(in);
            SessionTracker.Stats stats = new SessionTracker.Stats(in.readLong(), in.readLong(), in.readLong(),
                    in.readLong(), in.readLong());
            int n = count(in, config.maxOpenSessions(), "open sessions (the bound is --session-max-open)");
            List<SessionTracker.OpenSession> open = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String entity = in.readUTF();
                long first = in.readLong();
                long last = in.readLong();
                int events = in.readInt();
                String previous = readNullable(in);
                String[][] keys = new String[1][];
                int[] counts = readCounts(in, keys);
                String[] bigrams = new String[count(in, 1_000_000, "bigrams")];
                for (int b = 0; b < bigrams.length; b++) {
                    bigrams[b] = in.readUTF();
                }
                open.add(new SessionTracker.OpenSession(entity, first, last, events, previous, keys[0], counts, bigrams));
            }
            int e = count(in, config.maxOpenSessions(), "example sets");
            List<Object[]> examples = new ArrayList<>(e);
            for (int i = 0; i < e; i++) {
                String entity = in.readUTF();
                int pairs = count(in, 1_000, "examples");
                String[] ex = new String[2 * Math.max(pairs, config.maxExamples())];
                for (int p = 0; p < pairs; p++) {
                    ex[2 * p] = in.readUTF();
                    ex[2 * p + 1] = in.readUTF();
                }
                examples.add(new Object[]{entity, ex});
            }
            int t = count(in, 1_000_000, "templates");
            List<String[]> templates = new ArrayList<>(t);
            for (int i = 0; i < t; i++) {
                templates.add(new String[]{in.readUTF(), in.readUTF()});
            }
            int tr = count(in, SessionScorerConfig.MAX_TRAIN_SESSIONS, "training sessions");
            List<SessionSample> training = new ArrayList<>(tr);
            CloseReason[] reasons = CloseReason.values();
            for (int i = 0; i < tr; i++) {
                String entity = in.readUTF();
                long first = in.readLong();
                long last = in.readLong();
                int events = in.readInt();
                int r = in.readUnsignedByte();
                if (r >= reasons.length) {
                    throw new ModelFormatException("corrupt session state: close reason " + r);
                }
                String[][] keys = new String[1][];
                int[] counts = readCounts(in, keys);
                training.add(new SessionSample(entity, first, last, events, reasons[r], keys[0], counts, new String[0],
                        SessionSample.UNLABELLED));
            }
            int modelBytes = count(in, ModelCodec.MAX_BYTES, "model bytes");
            SessionDetector model = null;
            if (modelBytes > 0) {
                byte[] m = new byte[modelBytes];
                in.readFully(m);
                model = ModelCodec.read(m);
            }
            if (in.available() != 0) {
                throw new ModelFormatException("corrupt session state: " + in.available() + " bytes left over");
            }
            SessionScorer s = new SessionScorer(config, model);
            s.tracker().restore(open, stats);
            for (Object[] x : examples) {
                s.examplesByEntity().put((String) x[0], (String[]) x[1]);
            }
            for (String[] x : templates) {
                s.templatesByKey().put(x[0], x[1]);
            }
            s.trainingBuffer().addAll(training);
            s.restoreCounters(clock, trainedOn, scored, flagged, fitFailures, lastError);
            return s;
        } catch (EOFException ex) {
            throw new ModelFormatException("corrupt session state: truncated", ex);
        } catch (IOException ex) {
            throw new ModelFormatException("unreadable session state: " + ex.getMessage(), ex);
        } catch (IllegalArgumentException | IndexOutOfBoundsException | NegativeArraySizeException ex) {
            throw new ModelFormatException("corrupt session state: " + ex.getMessage(), ex);
        }
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s.length() > SessionScorerConfig.MAX_TEXT_CHARS ? s.substring(0, SessionScorerConfig.MAX_TEXT_CHARS) : s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeCounts(DataOutputStream out, String[] keys, int[] counts) throws IOException {
        out.writeInt(keys.length);
        for (int i = 0; i < keys.length; i++) {
            out.writeUTF(keys[i]);
            out.writeInt(counts[i]);
        }
    }

    private static int[] readCounts(DataInputStream in, String[][] keysOut) throws IOException {
        int k = count(in, 1_000_000, "signature keys");
        String[] keys = new String[k];
        int[] counts = new int[k];
        for (int i = 0; i < k; i++) {
            keys[i] = in.readUTF();
            counts[i] = in.readInt();
        }
        keysOut[0] = keys;
        return counts;
    }

    private static int count(DataInputStream in, int max, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new ModelFormatException("corrupt session state: " + n + " " + what + " (allowed 0.." + max + ")");
        }
        return n;
    }
}
