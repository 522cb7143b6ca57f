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
    /**
     * Bumped when a table changes shape. Version 2 (issue 11's analyst loop): anomalies keep
     * {@code window_examples}, {@code attribution} and {@code affected_by}; labels keep the contract's
     * scope values and expiry; revokes. A version-1 database is migrated in place ({@link #MIGRATIONS}); a
     * newer one is refused.
     */
    public static final int VERSION = 2;

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
            "CREATE TABLE IF NOT EXISTS counts_packed (hour_start BIGINT NOT NULL, source VARCHAR(512) NOT NULL,"
                    + " split INT NOT NULL, entries INT NOT NULL, data %BINARY% NOT NULL, PRIMARY KEY (hour_start, source, split))",
            "CREATE TABLE IF NOT EXISTS totals_minute (source VARCHAR(512) NOT NULL, split INT NOT NULL,"
                    + " window_start BIGINT NOT NULL, window_end BIGINT NOT NULL, n BIGINT NOT NULL, signatures INT NOT NULL,"
                    + " PRIMARY KEY (source, split, window_start))",
            "CREATE INDEX IF NOT EXISTS totals_minute_time ON totals_minute (window_start)",
            // the newest window's end (status, default ranges) from the index instead of a scan of every window row
            "CREATE INDEX IF NOT EXISTS totals_minute_end ON totals_minute (window_end)",
            "CREATE TABLE IF NOT EXISTS totals_hour (source VARCHAR(512) NOT NULL, split INT NOT NULL,"
                    + " hour_start BIGINT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (source, split, hour_start))",
            "CREATE INDEX IF NOT EXISTS totals_hour_time ON totals_hour (hour_start)",
            "CREATE TABLE IF NOT EXISTS dirty_hours (hour_start BIGINT PRIMARY KEY)",
            "CREATE TABLE IF NOT EXISTS anomalies (id VARCHAR(64) PRIMARY KEY, change VARCHAR(16) NOT NULL,"
                    + " kind VARCHAR(16) NOT NULL, direction INT NOT NULL, source VARCHAR(512) NOT NULL, split INT NOT NULL,"
                    + " signature VARCHAR(64), template VARCHAR, window_start BIGINT NOT NULL, window_end BIGINT NOT NULL,"
                    + " incident_start BIGINT NOT NULL, observed DOUBLE PRECISION NOT NULL, expected DOUBLE PRECISION,"
                    + " score DOUBLE PRECISION NOT NULL, probability DOUBLE PRECISION NOT NULL, explanation VARCHAR NOT NULL,"
                    + " examples VARCHAR NOT NULL, ancestors VARCHAR NOT NULL, window_examples VARCHAR DEFAULT '[]' NOT NULL,"
                    + " attribution VARCHAR DEFAULT '[]' NOT NULL, affected_by VARCHAR DEFAULT '[]' NOT NULL)",
            "CREATE INDEX IF NOT EXISTS anomalies_start ON anomalies (incident_start)",
            "CREATE INDEX IF NOT EXISTS anomalies_signature ON anomalies (signature)",
            "CREATE TABLE IF NOT EXISTS anomaly_windows (anomaly_id VARCHAR(64) NOT NULL, window_start BIGINT NOT NULL,"
                    + " change VARCHAR(16) NOT NULL, window_end BIGINT NOT NULL, observed DOUBLE PRECISION NOT NULL,"
                    + " expected DOUBLE PRECISION, score DOUBLE PRECISION NOT NULL, PRIMARY KEY (anomaly_id, window_start, change))",
            "CREATE TABLE IF NOT EXISTS labels (label_id VARCHAR(64) PRIMARY KEY, anomaly_id VARCHAR(64) NOT NULL,"
                    + " kind VARCHAR(32) NOT NULL, note VARCHAR NOT NULL, author VARCHAR(256) NOT NULL, scope VARCHAR(32) NOT NULL,"
                    + " time BIGINT NOT NULL, label_values VARCHAR DEFAULT '[]' NOT NULL, expires BIGINT)",
            "CREATE INDEX IF NOT EXISTS labels_anomaly ON labels (anomaly_id, time)",
            "CREATE TABLE IF NOT EXISTS revokes (label_id VARCHAR(64) PRIMARY KEY, author VARCHAR(256) NOT NULL,"
                    + " time BIGINT NOT NULL)",
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
            "counts_minute", "counts_hour", "counts_packed", "totals_minute", "totals_hour", "dirty_hours", "anomalies", "anomaly_windows",
            "labels", "revokes", "dead_letters", "signature_seen", "webhook_sent");

    /**
     * Version 1 to 2: the new columns (empty by default), then the anomaly streams are read again from
     * their start (their offsets are forgotten): every write is an upsert by natural key and an anomaly's
     * stored change is replaced by a record of the same change, so re-reading fills the new columns and
     * adds nothing twice. Anomalies whose records a Kafka topic's retention already deleted keep empty ones.
     */
    private static final List<String> MIGRATIONS = List.of(
            "ALTER TABLE anomalies ADD COLUMN IF NOT EXISTS window_examples VARCHAR DEFAULT '[]' NOT NULL",
            "ALTER TABLE anomalies ADD COLUMN IF NOT EXISTS attribution VARCHAR DEFAULT '[]' NOT NULL",
            "ALTER TABLE anomalies ADD COLUMN IF NOT EXISTS affected_by VARCHAR DEFAULT '[]' NOT NULL",
            "ALTER TABLE labels ADD COLUMN IF NOT EXISTS label_values VARCHAR DEFAULT '[]' NOT NULL",
            "ALTER TABLE labels ADD COLUMN IF NOT EXISTS expires BIGINT",
            "DELETE FROM ingest_files WHERE path LIKE 'anomalies/%' OR path LIKE 'kafka:%.anomalies/%'",
            "UPDATE meta SET v = '2' WHERE k = 'schema_version'");

    private Schema() {}

    /**
     * Creates missing tables and indexes and migrates a version-1 database; refuses one written by a newer
     * schema. Returns what it did to an existing database (for the start message), or null.
     */
    public static String migrate(Database db) throws SQLException {
        return db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                for (String ddl : DDL) {
                    s.execute(ddl.replace("%BINARY%", db.dialect() == Dialect.H2 ? "VARBINARY" : "BYTEA"));
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
            } else if (found.equals("1")) {
                try (Statement s = c.createStatement()) {
                    for (String m : MIGRATIONS) {
                        s.execute(m);
                    }
                }
                // the packed hours (new in 2) of every hour already rolled up
                List<Long> hours = new java.util.ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT hour_start FROM counts_hour");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hours.add(rs.getLong(1));
                    }
                }
                for (long h : hours) {
                    PackedHours.rebuild(c, h);
                }
                return "database migrated from schema version 1 to " + VERSION + " (anomalies now keep window lines,"
                        + " attribution and affected_by; the anomaly stream is read again from its start to fill them)";
            } else if (!found.equals(Integer.toString(VERSION))) {
                throw new IllegalStateException("the dashboard database has schema version " + found + ", this build reads "
                        + VERSION + " (and migrates 1); use the newer dashboard, or point --db at a new database: it is"
                        + " rebuilt from the job's output");
            }
            return null;
        });
    }
}
