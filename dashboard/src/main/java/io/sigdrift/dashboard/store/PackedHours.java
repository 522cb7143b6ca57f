package io.sigdrift.dashboard.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The hour rollup once more, packed: one row per (hour, source, split) whose {@code data} holds every
 * signature's count of that hour, {@code counts_packed (hour_start, source, split, entries, data)}.
 *
 * <p>Why: a range query over a week of 10,000 signatures reads ~150,000 rows of {@code counts_hour}, and
 * each row is an index lookup (H2 keeps rows of a composite key by row id, the time index points into
 * them), which took 0.4-0.9 s. The same week is 168 x sources packed rows, read in primary-key order and
 * decoded in Java (a few ms per 100,000 entries). {@code counts_hour} stays: per-signature lookups (a
 * signature's detail, the sparklines of a top list) use its signature-first key.
 *
 * <p>Format, version 1: byte 1, then per signature the id as {@link DataOutputStream#writeUTF} and the
 * count as an unsigned LEB128 varint. A packed row is rebuilt from {@code counts_hour} whenever that hour's
 * rollup is (same transaction), so both always agree.
 */
public final class PackedHours {
    static final byte FORMAT = 1;

    private PackedHours() {}

    /** Rebuilds the packed rows of hour {@code h} from {@code counts_hour}. */
    public static void rebuild(Connection c, long h) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM counts_packed WHERE hour_start = ?")) {
            del.setLong(1, h);
            del.executeUpdate();
        }
        try (PreparedStatement sel = c.prepareStatement("SELECT source, split, signature, n FROM counts_hour"
                + " WHERE hour_start = ? ORDER BY source, split");
             PreparedStatement ins = c.prepareStatement("INSERT INTO counts_packed (hour_start, source, split, entries, data)"
                     + " VALUES (?, ?, ?, ?, ?)")) {
            sel.setLong(1, h);
            try (ResultSet rs = sel.executeQuery()) {
                String source = null;
                int split = 0;
                Writer w = null;
                while (rs.next()) {
                    String s = rs.getString(1);
                    int sp = rs.getInt(2);
                    if (w == null || !s.equals(source) || sp != split) {
                        if (w != null) {
                            w.insert(ins, h, source, split);
                        }
                        w = new Writer();
                        source = s;
                        split = sp;
                    }
                    w.add(rs.getString(3), rs.getLong(4));
                }
                if (w != null) {
                    w.insert(ins, h, source, split);
                }
            }
            ins.executeBatch();
        }
    }

    private static final class Writer {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 12);
        final DataOutputStream out = new DataOutputStream(bytes);
        int entries;

        Writer() {
            bytes.write(FORMAT);
        }

        void add(String signature, long n) throws SQLException {
            try {
                out.writeUTF(signature);
                long v = n;
                while ((v & ~0x7FL) != 0) {
                    out.write((int) ((v & 0x7F) | 0x80));
                    v >>>= 7;
                }
                out.write((int) v);
                entries++;
            } catch (IOException e) {
                throw new SQLException("cannot pack signature " + signature, e);
            }
        }

        void insert(PreparedStatement ins, long h, String source, int split) throws SQLException {
            ins.setLong(1, h);
            ins.setString(2, source);
            ins.setInt(3, split);
            ins.setInt(4, entries);
            ins.setBytes(5, bytes.toByteArray());
            ins.addBatch();
        }
    }

    /** Told every (signature, count) of a packed row. */
    public interface Sink {
        void accept(long hourStart, String signature, long n);
    }

    /** Decodes one packed row; a row of an unknown format is corrupt state, not bad input. */
    public static void decode(long hourStart, byte[] data, Sink sink) {
        if (data.length == 0 || data[0] != FORMAT) {
            throw new IllegalStateException("counts_packed row of hour " + hourStart + " has an unknown format "
                    + (data.length == 0 ? "(empty)" : data[0]));
        }
        int i = 1;
        while (i < data.length) {
            int len = ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
            i += 2;
            String sig = modifiedUtf8(data, i, len);
            i += len;
            long n = 0;
            int shift = 0;
            byte b;
            do {
                b = data[i++];
                n |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            sink.accept(hourStart, sig, n);
        }
    }

    /** Ids are ASCII in practice (the job's hex ids), where modified UTF-8 is plain bytes; else decoded properly. */
    private static String modifiedUtf8(byte[] data, int from, int len) {
        for (int k = from; k < from + len; k++) {
            if (data[k] < 0 || data[k] == 0) {
                try {
                    return new java.io.DataInputStream(new java.io.ByteArrayInputStream(data, from - 2, len + 2)).readUTF();
                } catch (IOException e) {
                    throw new IllegalStateException("corrupt signature id in counts_packed", e);
                }
            }
        }
        return new String(data, from, len, StandardCharsets.ISO_8859_1);
    }
}
