package io.sigdrift.dashboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.dashboard.Fixtures;
import io.sigdrift.dashboard.ingest.IngestSettings;
import io.sigdrift.dashboard.ingest.Ingester;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database of schema version 1 (before the analyst-loop columns) is migrated in place, and refilled. */
class SchemaMigrationTest {
    @TempDir
    Path dir;

    static long scalar(Database db, String sql) throws SQLException {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Turns a current database into what version 2 left: no suppressed flag, no value or audit tables, version '2'. */
    static void downgradeToVersion2(Database db) throws SQLException {
        db.with(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM anomalies WHERE suppressed = TRUE");
                s.execute("ALTER TABLE anomalies DROP COLUMN suppressed");
                s.execute("DROP TABLE param_values_minute");
                s.execute("DROP TABLE param_values_hour");
                s.execute("DROP TABLE feedback_audit");
                s.execute("DELETE FROM ingest_files WHERE path LIKE 'suppressed/%' OR path LIKE 'audit/%'");
                s.execute("UPDATE meta SET v = '2' WHERE k = 'schema_version'");
            }
            return null;
        });
    }

    /** Turns a current database into what version 1 left: no new columns, no revokes table, version '1'. */
    static void downgradeToVersion1(Database db) throws SQLException {
        downgradeToVersion2(db);
        db.with(c -> {
            try (Statement s = c.createStatement()) {
                for (String col : new String[] {"window_examples", "attribution", "affected_by"}) {
                    s.execute("ALTER TABLE anomalies DROP COLUMN " + col);
                }
                s.execute("ALTER TABLE labels DROP COLUMN label_values");
                s.execute("ALTER TABLE labels DROP COLUMN expires");
                s.execute("DROP TABLE revokes");
                s.execute("UPDATE meta SET v = '1' WHERE k = 'schema_version'");
            }
            return null;
        });
    }

    @Test
    void aVersion1DatabaseGetsTheNewColumnsAndTheAnomalyStreamIsReadAgainWithoutDuplicates() throws Exception {
        Fixtures f = Fixtures.write(dir.resolve("out"));
        try (Database db = new Database("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())) {
            assertNull(Schema.migrate(db), "a new database needs no migration");
            new Ingester(db, IngestSettings.of(dir.resolve("out"), null), null).runOnce();
            long records = scalar(db, "SELECT SUM(records) FROM ingest_files");
            downgradeToVersion1(db);

            String message = Schema.migrate(db);
            assertTrue(message != null && message.contains("from schema version 1 to 3"), message);
            assertEquals(0, scalar(db, "SELECT COUNT(*) FROM anomalies WHERE attribution <> '[]'"), "empty until re-read");
            new Ingester(db, IngestSettings.of(dir.resolve("out"), null), null).runOnce();
            assertEquals(2, scalar(db, "SELECT COUNT(*) FROM anomalies WHERE attribution <> '[]' AND suppressed = FALSE"));
            assertEquals(1, scalar(db, "SELECT COUNT(*) FROM anomalies WHERE affected_by LIKE '%nightly-backup%'"));
            assertEquals(2, scalar(db, "SELECT COUNT(*) FROM anomalies WHERE suppressed = FALSE"));
            assertEquals(f.streams.get("anomalies").size() + f.streams.get("suppressed").size(),
                    scalar(db, "SELECT COUNT(*) FROM anomaly_windows"));
            assertEquals(records, scalar(db, "SELECT SUM(records) FROM ingest_files"), "every record counted once");
            assertNull(Schema.migrate(db), "migrated once");
        }
    }

    @Test
    void aVersion2DatabaseGetsTheSuppressedFlagAndTheNewTablesAndReadsTheNewStreamsFromTheirStart() throws Exception {
        Fixtures f = Fixtures.write(dir.resolve("out"));
        try (Database db = new Database("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())) {
            Schema.migrate(db);
            new Ingester(db, IngestSettings.of(dir.resolve("out"), null), null).runOnce();
            long counts = scalar(db, "SELECT COUNT(*) FROM counts_minute");
            downgradeToVersion2(db);

            String message = Schema.migrate(db);
            assertTrue(message != null && message.contains("from schema version 2 to 3"), message);
            assertEquals(2, scalar(db, "SELECT COUNT(*) FROM anomalies WHERE suppressed = FALSE"), "stored ones were shown");
            assertEquals(0, scalar(db, "SELECT COUNT(*) FROM param_values_minute"), "the counts stream is not read again");
            new Ingester(db, IngestSettings.of(dir.resolve("out"), null), null).runOnce();
            assertEquals(1, scalar(db, "SELECT COUNT(*) FROM anomalies WHERE suppressed = TRUE"));
            assertEquals(f.streams.get("audit").size(), scalar(db, "SELECT COUNT(*) FROM feedback_audit"));
            assertEquals(counts, scalar(db, "SELECT COUNT(*) FROM counts_minute"));
            assertNull(Schema.migrate(db), "migrated once");
        }
    }

    @Test
    void aDatabaseOfANewerSchemaIsRefusedWithWhatToDo() throws Exception {
        try (Database db = new Database("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())) {
            Schema.migrate(db);
            db.with(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("UPDATE meta SET v = '9' WHERE k = 'schema_version'");
                }
                return null;
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Schema.migrate(db));
            assertTrue(e.getMessage().contains("schema version 9") && e.getMessage().contains("new database"), e.getMessage());
        }
    }
}
