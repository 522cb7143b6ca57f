package io.sigdrift.dashboard.query;

import io.sigdrift.dashboard.store.ValueCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A signature's parameter value distributions over a range: the job's per-window top values summed (whole hours
 * from {@code param_values_hour}, the ragged edges from {@code param_values_minute}, as the counts are), per
 * position its {@link #SHOWN} most frequent values and "other" = the position's total minus them.
 */
public final class ValueDistributions {
    /** Values shown per position. */
    static final int SHOWN = 5;
    private static final long HOUR_MS = 3_600_000L;

    /** One value's merged count and its share of the position's total. */
    public record ValueShare(String value, long count, double share) {}

    /**
     * @param total  values counted at this position over the range
     * @param other  of them, those not among {@code values} (too rare to be listed, or beyond the top)
     */
    public record ParameterDistribution(int position, String type, long total, List<ValueShare> values, long other,
                                        double otherShare) {}

    private ValueDistributions() {}

    static List<ParameterDistribution> over(Connection c, Collection<String> rawIds, TimeRange r) throws SQLException {
        ValueCounts merged = new ValueCounts();
        if (rawIds.isEmpty()) {
            return List.of();
        }
        String in = " IN (" + String.join(",", java.util.Collections.nCopies(rawIds.size(), "?")) + ")";
        long hf = Math.floorDiv(r.from() + HOUR_MS - 1, HOUR_MS) * HOUR_MS;
        long ht = Math.floorDiv(r.to(), HOUR_MS) * HOUR_MS;
        if (hf < ht) {
            read(c, "SELECT data FROM param_values_hour WHERE signature" + in + " AND hour_start >= ? AND hour_start < ?",
                    rawIds, hf, ht, merged);
            read(c, "SELECT data FROM param_values_minute WHERE signature" + in + " AND window_start >= ? AND window_start < ?",
                    rawIds, r.from(), hf, merged);
            read(c, "SELECT data FROM param_values_minute WHERE signature" + in + " AND window_start >= ? AND window_start < ?",
                    rawIds, ht, r.to(), merged);
        } else {
            read(c, "SELECT data FROM param_values_minute WHERE signature" + in + " AND window_start >= ? AND window_start < ?",
                    rawIds, r.from(), r.to(), merged);
        }
        List<ParameterDistribution> out = new ArrayList<>();
        for (Map.Entry<Integer, ValueCounts.Position> e : merged.positions().entrySet()) {
            ValueCounts.Position p = e.getValue();
            long total = p.total();
            List<ValueShare> values = new ArrayList<>();
            long listed = 0;
            for (Map.Entry<String, Long> v : p.top(SHOWN)) {
                values.add(new ValueShare(v.getKey(), v.getValue(), total == 0 ? 0.0 : (double) v.getValue() / total));
                listed += v.getValue();
            }
            // sketch counts are over-estimates: "other" never goes below zero
            long other = Math.max(0, total - listed);
            out.add(new ParameterDistribution(e.getKey(), p.type(), Math.max(total, listed), values, other,
                    total == 0 ? 0.0 : (double) other / total));
        }
        return out;
    }

    private static void read(Connection c, String sql, Collection<String> ids, long from, long to, ValueCounts into)
            throws SQLException {
        if (from >= to) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (String id : ids) {
                ps.setString(i++, id);
            }
            ps.setLong(i++, from);
            ps.setLong(i, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.merge(rs.getString(1));
                }
            }
        }
    }
}
