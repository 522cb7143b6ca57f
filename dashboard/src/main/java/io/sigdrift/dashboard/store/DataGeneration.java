package io.sigdrift.dashboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A number that grows with every committed change of the counted data ({@code meta.data_generation}):
 * bumped in the same transaction as an ingested batch, an hour rollup or a retention pass, so an answer
 * computed after reading generation G holds at least the data of G, and an answer remembered under G is
 * still exact while the generation reads G. Lets the read side keep answers of ranges whose data did not
 * change (a closed week is asked for again and again) and check them with one primary-key read, whoever
 * wrote (this process's ingester, or another process on the same PostgreSQL).
 *
 * <p>Only one ingester writes a database, so the row is updated by one writer at a time; its value is text
 * ({@code meta.v}) like the other meta rows, so no schema change was needed.
 */
public final class DataGeneration {
    static final String KEY = "data_generation";

    private DataGeneration() {}

    /** Increments the generation inside the caller's transaction (creates it at 1 the first time). */
    public static void bump(Connection c) throws SQLException {
        long next = read(c) + 1;
        try (PreparedStatement ps = c.prepareStatement("UPDATE meta SET v = ? WHERE k = ?")) {
            ps.setString(1, Long.toString(next));
            ps.setString(2, KEY);
            if (ps.executeUpdate() == 0) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO meta (k, v) VALUES (?, ?)")) {
                    ins.setString(1, KEY);
                    ins.setString(2, Long.toString(next));
                    ins.executeUpdate();
                }
            }
        }
    }

    /** The current generation; 0 before the first change. */
    public static long read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v FROM meta WHERE k = ?")) {
            ps.setString(1, KEY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Long.parseLong(rs.getString(1)) : 0L;
            }
        }
    }
}
