package io.sigdrift.dashboard.ingest;

import static io.sigdrift.dashboard.ingest.BatchWriter.HOUR_MS;

import io.sigdrift.dashboard.store.ValueCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The hour rollup of parameter value distributions: per signature and hour, the merge of its window rows
 * ({@code param_values_minute}) into one {@code param_values_hour} row of at most {@link ValueCounts#HOUR_VALUES}
 * values per position. Recomputed from the windows (delete + insert) inside the hour's rollup transaction, like the
 * count rollups, so it is idempotent. Reads the hour's window rows in signature order and holds one signature's
 * merge at a time: memory is bounded by one signature-hour.
 */
final class ValueHours {
    private ValueHours() {}

    static void rebuild(Connection c, long hour) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM param_values_hour WHERE hour_start = ?")) {
            del.setLong(1, hour);
            del.executeUpdate();
        }
        try (PreparedStatement sel = c.prepareStatement("SELECT signature, data FROM param_values_minute"
                + " WHERE window_start >= ? AND window_start < ? ORDER BY signature");
             PreparedStatement ins = c.prepareStatement(
                     "INSERT INTO param_values_hour (signature, hour_start, data) VALUES (?, ?, ?)")) {
            sel.setLong(1, hour);
            sel.setLong(2, hour + HOUR_MS);
            String current = null;
            ValueCounts merged = null;
            int pending = 0;
            try (ResultSet rs = sel.executeQuery()) {
                while (rs.next()) {
                    String sig = rs.getString(1);
                    if (!sig.equals(current)) {
                        pending += write(ins, current, hour, merged);
                        current = sig;
                        merged = new ValueCounts();
                    }
                    merged.merge(rs.getString(2));
                }
            }
            pending += write(ins, current, hour, merged);
            if (pending > 0) {
                ins.executeBatch();
            }
        }
    }

    private static int write(PreparedStatement ins, String sig, long hour, ValueCounts merged) throws SQLException {
        if (sig == null || merged.isEmpty()) {
            return 0;
        }
        ins.setString(1, sig);
        ins.setLong(2, hour);
        ins.setString(3, merged.encode(ValueCounts.HOUR_VALUES));
        ins.addBatch();
        return 1;
    }
}
