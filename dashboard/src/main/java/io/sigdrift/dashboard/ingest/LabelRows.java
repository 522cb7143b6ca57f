package io.sigdrift.dashboard.ingest;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** The one way a label row is written, shared by the ingester (feedback files) and the API (a new label). */
public final class LabelRows {
    /** The columns of a label row, in the order {@link #bindLabel} binds them. */
    public static final String[] LABEL_COLUMNS = {"label_id", "anomaly_id", "kind", "note", "author", "scope", "time",
            "label_values", "expires"};

    private LabelRows() {}

    public static void bindLabel(PreparedStatement ps, String labelId, String anomalyId, String kind, String note,
                                 String author, String scope, long time, String valuesJson, Long expires)
            throws SQLException {
        ps.setString(1, labelId);
        ps.setString(2, anomalyId);
        ps.setString(3, kind);
        ps.setString(4, note);
        ps.setString(5, author);
        ps.setString(6, scope);
        ps.setLong(7, time);
        ps.setString(8, valuesJson);
        if (expires == null) {
            ps.setNull(9, Types.BIGINT);
        } else {
            ps.setLong(9, expires);
        }
    }
}
