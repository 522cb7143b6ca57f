package io.sigdrift.dashboard.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The dashboard's tables. Times are epoch milliseconds (BIGINT), UTC.
 *
 * <p>Counts are kept twice: per job window ({@code counts_minute}, whatever the job's window length) and
 * summed per hour ({@code counts_hour}), so a range query reads whole hours from the rollup and only its
 * ragged edges from the window table: a week of minute windows of 10,000 signatures is ~100M window rows
 * but only ~1.7M hour rows. {@code dirty_hours} marks hours whose windows changed since their rollup was
 * computed; the rollup is recomputed from the window rows (not added to), so replaying a batch can never
 * count twice. {@code ingest_files} holds how far each input file has been read; it is updated in the
 * same transaction as the rows of that file. {@code signature_seen} keeps each raw signature id's first
 * window start and last window end, maintained with the rollup, so "first/last seen" is a key lookup.
 */
public final class Schema {
    /** Bumped when a table changes shape; an older database is refused with a clear message. */
    public static final int VERSION = 1;

    private static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS meta (k VARCHAR(64) PRIMARY KEY, v VARCHAR(256) NOT NULL)",
            "CREATE TABLE IF NOT EXISTS ingest_files (path VARCHAR(2048) PRIMARY KEY, byte_offset BIGINT NOT NULL,"
                    + " records BIGINT NOT NULL, rejected BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS ingest_rejects (path VARCHAR(2048) NOT NULL, byte_offset BIGINT NOT NULL,"
                    + " reason VARCHAR(512) NOT NULL, line VARCHAR NOT NULL, PRIMARY KEY (path, byte_offset))",
            "CREATE TABLE IF NOT EXISTS signatures (id VARCHAR(64) PRIMARY KEY, source VARCHAR(512) NOT NULL,"
                    + " split INT NOT NULL, change VARCHAR(16) NOT NULL, previous_id VARCHAR(64), template VARCHAR NOT NULL,"
                    + " ancestors VARCHAR NOT NULL, example VARCHAR, first_seen BIGINT NOT NULL, updated BIGINT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS signatures_source ON signatures (source)",
            "CREATE TABLE IF NOT EXISTS sig_alias (old_id VARCHAR(64) PRIMARY KEY, new_id VARCHAR(64) NOT NULL)",
            "CREATE INDEX IF NOT EXISTS sig_alias_new ON sig_alias (new_id)",
            "CREATE TABLE IF NOT EXISTS counts_minute (signature VARCHAR(64) NOT NULL, window_start BIGINT NOT NULL,"
                    + " source VARCHAR(512) NOT NULL, split INT NOT NULL, window_end BIGINT NOT NULL, n BIGINT NOT NULL,"
                    + " PRIMARY KEY (signature, window_start, source, split))",
            "CREATE INDEX IF NOT EXISTS counts_minute_time ON counts_minute (window_start)",
            "CREATE TABLE IF NOT EXISTS counts_hour (signature VARCHAR(64) NOT NULL, hour_start BIGINT NOT NULL,"
                    + " source VARCHAR(512) NOT NULL, split INT NOT NULL, n BIGINT NOT NULL,"
                    + " PRIMARY KEY (signature, hour_start, source, split))",
            "CREATE INDEX IF NOT EXISTS counts_hour_time ON counts_hour (hour_start)",
            "CREATE TABLE IF NOT EXISTS totals_minute (source VARCHAR(512) NOT NULL, split INT NOT NULL,"
                    + " window_start BIGINT NOT NULL, window_end BIGINT NOT NULL, n BIGINT NOT NULL, signatures INT NOT NULL,"
                    + " PRIMARY KEY (source, split, window_start))",
            "CREATE INDEX IF NOT EXISTS totals_minute_time ON totals_minute (window_start)",
            "CREATE TABLE IF NOT EXISTS totals_hour (source VARCHAR(512) NOT NULL, split INT NOT NULL,"
                    + " hour_start BIGINT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (source, split, hour_start))",
            "CREATE INDEX IF NOT EXISTS totals_hour_time ON totals_hour (hour_start)",
            "CREATE TABLE IF NOT EXISTS dirty_hours (hour_start BIGINT PRIMARY KEY)",
            "CREATE TABLE IF NOT EXISTS anomalies (id VARCHAR(64) PRIMARY KEY, change VARCHAR(16) NOT NULL,"
                    + " kind VARCHAR(16) NOT NULL, direction INT NOT NULL, source VARCHAR(512) NOT NULL, split INT NOT NULL,"
                    + " signature VARCHAR(64), template VARCHAR, window_start BIGINT NOT NULL, window_end BIGINT NOT NULL,"
                    + " incident_start BIGINT NOT NULL, observed DOUBLE PRECISION NOT NULL, expected DOUBLE PRECISION,"
                    + " score DOUBLE PRECISION NOT NULL, probability DOUBLE PRECISION NOT NULL, explanation VARCHAR NOT NULL,"
                    + " examples VARCHAR NOT NULL, ancestors VARCHAR NOT NULL)",
            "CREATE INDEX IF NOT EXISTS anomalies_start ON anomalies (incident_start)",
            "CREATE INDEX IF NOT EXISTS anomalies_signature ON anomalies (signature)",
            "CREATE TABLE IF NOT EXISTS anomaly_windows (anomaly_id VARCHAR(64) NOT NULL, window_start BIGINT NOT NULL,"
                    + " change VARCHAR(16) NOT NULL, window_end BIGINT NOT NULL, observed DOUBLE PRECISION NOT NULL,"
                    + " expected DOUBLE PRECISION, score DOUBLE PRECISION NOT NULL, PRIMARY KEY (anomaly_id, window_start, change))",
            "CREATE TABLE IF NOT EXISTS labels (label_id VARCHAR(64) PRIMARY KEY, anomaly_id VARCHAR(64) NOT NULL,"
                    + " kind VARCHAR(32) NOT NULL, note VARCHAR NOT NULL, author VARCHAR(256) NOT NULL, scope VARCHAR(32) NOT NULL,"
                    + " time BIGINT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS labels_anomaly ON labels (anomaly_id, time)",
            "CREATE TABLE IF NOT EXISTS dead_letters (path VARCHAR(2048) NOT NULL, byte_offset BIGINT NOT NULL,"
                    + " reason VARCHAR(128) NOT NULL, detail VARCHAR, origin VARCHAR, time BIGINT NOT NULL, line VARCHAR,"
                    + " PRIMARY KEY (path, byte_offset))",
            "CREATE INDEX IF NOT EXISTS dead_letters_time ON dead_letters (time)",
            "CREATE TABLE IF NOT EXISTS signature_seen (signature VARCHAR(64) PRIMARY KEY, first_start BIGINT NOT NULL,"
                    + " last_end BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS webhook_sent (anomaly_id VARCHAR(64) PRIMARY KEY, time BIGINT NOT NULL,"
                    + " outcome VARCHAR(16) NOT NULL)");

    /** Every table, for tools and tests that start from an empty database. */
    public static final List<String> TABLES = List.of("meta", "ingest_files", "ingest_rejects", "signatures", "sig_alias",
            "counts_minute", "counts_hour", "totals_minute", "totals_hour", "dirty_hours", "anomalies", "anomaly_windows",
            "labels", "dead_letters", "signature_seen", "webhook_sent");

    private Schema() {}

    /** Creates missing tables and indexes; refuses a database written by a newer or older schema. */
    public static void migrate(Database db) throws SQLException {
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                for (String ddl : DDL) {
                    s.execute(ddl);
                }
            }
            String found = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM meta WHERE k = 'schema_version'");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    found = rs.getString(1);
                }
            }
            if (found == null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO meta (k, v) VALUES ('schema_version', ?)")) {
                    ps.setString(1, Integer.toString(VERSION));
                    ps.executeUpdate();
                }
            } else if (!found.equals(Integer.toString(VERSION))) {
                throw new IllegalStateException("the dashboard database has schema version " + found + ", this build needs "
                        + VERSION + "; point --db at a new database (it is rebuilt from the job's output)");
            }
            return null;
        });
    }
}
