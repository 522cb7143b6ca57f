package io.sigdrift.dashboard.ingest;

import static io.sigdrift.dashboard.ingest.BatchWriter.HOUR_MS;

import io.sigdrift.dashboard.store.DataGeneration;
import io.sigdrift.dashboard.store.Database;
import io.sigdrift.dashboard.store.PackedHours;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes the hour rollups of the hours marked dirty, then applies retention.
 *
 * <p>An hour is recomputed from its window rows (delete + insert-select in one transaction that also
 * clears its dirty mark), never incremented, so the rollup is idempotent. Retention is measured from the
 * newest window in the database, not from the wall clock: replayed old logs are kept, and "keep 14 days"
 * means 14 days of data. The cutoff applied so far is stored ({@code meta.window_cutoff}); dirty hours
 * before it are not recomputed, since their window rows are gone and recomputing would erase the rollup
 * that still holds them (so a window that arrives later than the retention is not rolled up).
 */
final class Rollup {
    /** Hours recomputed per transaction: bounds the work lost to a crash and the lock time. */
    private static final int HOURS_PER_TRANSACTION = 24;

    private final Database db;
    private final IngestSettings settings;

    Rollup(Database db, IngestSettings settings) {
        this.db = db;
        this.settings = settings;
    }

    int run() throws SQLException {
        long newest = newestWindow();
        long applied = appliedCutoff();
        int done = 0;
        while (true) {
            List<Long> hours = db.with(c -> {
                List<Long> h = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT hour_start FROM dirty_hours ORDER BY hour_start");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && h.size() < HOURS_PER_TRANSACTION) {
                        h.add(rs.getLong(1));
                    }
                }
                return h;
            });
            if (hours.isEmpty()) {
                break;
            }
            db.inTransaction(c -> {
                try (PreparedStatement delC = c.prepareStatement("DELETE FROM counts_hour WHERE hour_start = ?");
                     PreparedStatement delT = c.prepareStatement("DELETE FROM totals_hour WHERE hour_start = ?");
                     PreparedStatement insC = c.prepareStatement("INSERT INTO counts_hour (signature, hour_start, source, split, n)"
                             + " SELECT signature, ?, source, split, SUM(n) FROM counts_minute"
                             + " WHERE window_start >= ? AND window_start < ? GROUP BY signature, source, split");
                     PreparedStatement insT = c.prepareStatement("INSERT INTO totals_hour (source, split, hour_start, n)"
                             + " SELECT source, split, ?, SUM(n) FROM totals_minute"
                             + " WHERE window_start >= ? AND window_start < ? GROUP BY source, split");
                     PreparedStatement clean = c.prepareStatement("DELETE FROM dirty_hours WHERE hour_start = ?");
                     PreparedStatement seenInHour = c.prepareStatement("SELECT signature, MIN(window_start), MAX(window_end)"
                             + " FROM counts_minute WHERE window_start >= ? AND window_start < ? GROUP BY signature");
                     PreparedStatement seenUpdate = c.prepareStatement("UPDATE signature_seen SET first_start ="
                             + " LEAST(first_start, ?), last_end = GREATEST(last_end, ?) WHERE signature = ?");
                     PreparedStatement seenInsert = c.prepareStatement(
                             "INSERT INTO signature_seen (signature, first_start, last_end) VALUES (?, ?, ?)")) {
                    for (long h : hours) {
                        if (h >= applied) {
                            delC.setLong(1, h);
                            delC.executeUpdate();
                            delT.setLong(1, h);
                            delT.executeUpdate();
                            for (PreparedStatement ins : List.of(insC, insT)) {
                                ins.setLong(1, h);
                                ins.setLong(2, h);
                                ins.setLong(3, h + HOUR_MS);
                                ins.executeUpdate();
                            }
                            updateSeen(h, seenInHour, seenUpdate, seenInsert);
                            PackedHours.rebuild(c, h);
                        }
                        clean.setLong(1, h);
                        clean.executeUpdate();
                    }
                }
                DataGeneration.bump(c);
                return null;
            });
            done += hours.size();
        }
        if (newest != Long.MIN_VALUE) {
            long windowCutoff = Math.floorDiv(newest - settings.windowRetention().toMillis(), HOUR_MS) * HOUR_MS;
            retain(Math.max(applied, windowCutoff), newest - settings.hourRetention().toMillis());
        }
        return done;
    }

    /** Widens each signature's first/last sighting by the windows of hour h (min/max: idempotent). */
    private static void updateSeen(long h, PreparedStatement select, PreparedStatement update, PreparedStatement insert)
            throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        select.setLong(1, h);
        select.setLong(2, h + HOUR_MS);
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                rows.add(new Object[] {rs.getString(1), rs.getLong(2), rs.getLong(3)});
            }
        }
        for (Object[] r : rows) {
            update.setLong(1, (Long) r[1]);
            update.setLong(2, (Long) r[2]);
            update.setString(3, (String) r[0]);
            update.addBatch();
        }
        int[] updated = update.executeBatch();
        boolean any = false;
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                insert.setString(1, (String) rows.get(i)[0]);
                insert.setLong(2, (Long) rows.get(i)[1]);
                insert.setLong(3, (Long) rows.get(i)[2]);
                insert.addBatch();
                any = true;
            }
        }
        if (any) {
            insert.executeBatch();
        }
    }

    private long newestWindow() throws SQLException {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(window_start) FROM totals_minute");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getObject(1) != null ? rs.getLong(1) : Long.MIN_VALUE;
            }
        });
    }

    private long appliedCutoff() throws SQLException {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM meta WHERE k = 'window_cutoff'");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Long.parseLong(rs.getString(1)) : Long.MIN_VALUE;
            }
        });
    }

    private void retain(long windowCutoff, long hourCutoff) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(db.dialect().upsert("meta", new String[] {"k", "v"}, "k"))) {
                ps.setString(1, "window_cutoff");
                ps.setString(2, Long.toString(windowCutoff));
                ps.executeUpdate();
            }
            String[][] deletes = {
                    {"DELETE FROM counts_minute WHERE window_start < ?", "w"},
                    {"DELETE FROM totals_minute WHERE window_start < ?", "w"},
                    {"DELETE FROM dead_letters WHERE time < ?", "w"},
                    {"DELETE FROM counts_hour WHERE hour_start < ?", "h"},
                    {"DELETE FROM counts_packed WHERE hour_start < ?", "h"},
                    {"DELETE FROM totals_hour WHERE hour_start < ?", "h"},
                    {"DELETE FROM anomaly_windows WHERE window_end < ?", "h"},
                    {"DELETE FROM anomalies WHERE window_end < ?", "h"},
                    {"DELETE FROM signature_seen WHERE last_end < ?", "h"}};
            int deleted = 0;
            for (String[] d : deletes) {
                try (PreparedStatement ps = c.prepareStatement(d[0])) {
                    ps.setLong(1, d[1].equals("w") ? windowCutoff : hourCutoff);
                    deleted += ps.executeUpdate();
                }
            }
            if (deleted > 0) {
                DataGeneration.bump(c);
            }
            return null;
        });
    }
}
