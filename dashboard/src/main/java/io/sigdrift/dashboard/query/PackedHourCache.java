package io.sigdrift.dashboard.query;

import io.sigdrift.dashboard.store.Dialect;
import io.sigdrift.dashboard.store.PackedHours;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packed hour rollup ({@code counts_packed}) decoded once and kept in memory, each hour checked against
 * its row on every use, so that a week's top list or compare neither reads nor decodes ~150,000 entries per
 * request (which cost 90-150 ms of CPU) but sums int-indexed arrays.
 *
 * <p>Why a check per row and not a time-to-live: closed hours almost never change, but they can (a late
 * window rebuilds its hour), and a page must never show a count the database no longer holds. Each use reads
 * {@code (hour_start, source, split, row version)} of the range's rows, a scan of the primary key without
 * the data column (3,360 small rows for a week of 20 sources), and re-reads only the rows whose version
 * changed. The row version is what the database gives every new row version: H2's {@code _ROWID_} (a
 * rebuilt hour is deleted and inserted, and H2 numbers inserted rows above every existing one) and
 * PostgreSQL's {@code xmin} (the inserting transaction). So a rebuilt hour is seen at its next use, whoever
 * rebuilt it (this process's ingester or another process on the same PostgreSQL).
 *
 * <p>Bounded: at most {@link #MAX_ENTRIES} (signature, count) entries are kept (about 12 bytes each, plus
 * each distinct id once), the least recently used hours are dropped first; a range larger than the bound
 * is still answered, its hours decoded for that request only. Thread-safe (requests run concurrently).
 */
final class PackedHourCache {
    /** ~48 MB of entries; a week of the benchmark's 10,000 signatures (~900 of them per hour) is ~150,000. */
    static final long MAX_ENTRIES = 4_000_000L;
    /** Above this many changed rows, one range read (with the data) beats a primary-key lookup per row. */
    static final int MAX_SINGLE_READS = 32;

    /** One decoded packed row: per entry an index into {@link #ids} and its count. */
    record Hour(long hourStart, String source, int split, long version, int[] ids, long[] counts) {}

    private record Key(long hourStart, String source, int split) {}

    private final Dialect dialect;
    private final long maxEntries;
    private final LinkedHashMap<Key, Hour> hours = new LinkedHashMap<>(256, 0.75f, true);
    private long entries;
    /** Signature id to dense index and back; ids are never forgotten (one per signature ever seen, ~60 bytes). */
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> ids = new ArrayList<>();

    PackedHourCache(Dialect dialect) {
        this(dialect, MAX_ENTRIES);
    }

    PackedHourCache(Dialect dialect, long maxEntries) {
        this.dialect = dialect;
        this.maxEntries = maxEntries;
    }

    private String versionColumn() {
        return dialect == Dialect.H2 ? "_ROWID_" : "CAST(CAST(xmin AS TEXT) AS BIGINT)";
    }

    /** The id of a dense index handed out by {@link #hours}. */
    synchronized String id(int i) {
        return ids.get(i);
    }

    /** Every id by its index, as far as handed out now (the indexes of hours read before this call are all in it). */
    synchronized String[] ids() {
        return ids.toArray(new String[0]);
    }

    /** How many ids have an index (arrays indexed by id need this length). */
    synchronized int idCount() {
        return ids.size();
    }

    /** The index of an id, or -1 when no packed hour held it yet. */
    synchronized int indexOf(String id) {
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }

    /** The packed hours in [from, to) (of one source, or all when null), each current with its row. */
    List<Hour> hours(Connection c, long from, long to, String source) throws SQLException {
        String src = source == null ? "" : " AND source = ?";
        List<Key> current = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT hour_start, source, split, " + versionColumn()
                + " FROM counts_packed WHERE hour_start >= ? AND hour_start < ?" + src)) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            if (source != null) {
                ps.setString(3, source);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    current.add(new Key(rs.getLong(1), rs.getString(2), rs.getInt(3)));
                    versions.add(rs.getLong(4));
                }
            }
        }
        List<Hour> out = new ArrayList<>(current.size());
        List<Key> stale = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < current.size(); i++) {
                Hour h = hours.get(current.get(i));
                if (h != null && h.version() == versions.get(i)) {
                    out.add(h);
                } else {
                    stale.add(current.get(i));
                }
            }
        }
        if (stale.isEmpty()) {
            return out;
        }
        if (stale.size() <= MAX_SINGLE_READS) {
            try (PreparedStatement ps = c.prepareStatement("SELECT hour_start, source, split, " + versionColumn()
                    + ", data FROM counts_packed WHERE hour_start = ? AND source = ? AND split = ?")) {
                for (Key k : stale) {
                    ps.setLong(1, k.hourStart());
                    ps.setString(2, k.source());
                    ps.setInt(3, k.split());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            out.add(decodeAndKeep(rs));
                        }
                    }
                }
            }
        } else {
            java.util.Set<Key> wanted = new java.util.HashSet<>(stale);
            try (PreparedStatement ps = c.prepareStatement("SELECT hour_start, source, split, " + versionColumn()
                    + ", data FROM counts_packed WHERE hour_start >= ? AND hour_start < ?" + src)) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                if (source != null) {
                    ps.setString(3, source);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (wanted.contains(new Key(rs.getLong(1), rs.getString(2), rs.getInt(3)))) {
                            out.add(decodeAndKeep(rs));
                        }
                    }
                }
            }
        }
        return out;
    }

    private Hour decodeAndKeep(ResultSet rs) throws SQLException {
        long h = rs.getLong(1);
        String source = rs.getString(2);
        int split = rs.getInt(3);
        long version = rs.getLong(4);
        byte[] data = rs.getBytes(5);
        List<String> sigs = new ArrayList<>();
        List<Long> ns = new ArrayList<>();
        PackedHours.decode(h, data, (hour, sig, n) -> {
            sigs.add(sig);
            ns.add(n);
        });
        int[] idx = new int[sigs.size()];
        long[] counts = new long[sigs.size()];
        synchronized (this) {
            for (int i = 0; i < idx.length; i++) {
                idx[i] = index.computeIfAbsent(sigs.get(i), s -> {
                    ids.add(s);
                    return ids.size() - 1;
                });
                counts[i] = ns.get(i);
            }
            Hour decoded = new Hour(h, source, split, version, idx, counts);
            Key key = new Key(h, source, split);
            Hour old = hours.remove(key);
            if (old != null) {
                entries -= old.ids().length;
            }
            if (idx.length <= maxEntries) {
                hours.put(key, decoded);
                entries += idx.length;
                for (Iterator<Hour> it = hours.values().iterator(); entries > maxEntries && it.hasNext(); ) {
                    entries -= it.next().ids().length;
                    it.remove();
                }
            }
            return decoded;
        }
    }

    /** Entries kept now (for tests of the bound). */
    synchronized long entries() {
        return entries;
    }
}
