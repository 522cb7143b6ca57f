package io.sigdrift.dashboard.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.dashboard.Fixtures;
import io.sigdrift.dashboard.store.Database;
import io.sigdrift.dashboard.store.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngesterTest {
    @TempDir
    Path dir;
    Database db;
    Fixtures fixtures;

    @BeforeEach
    void setUp() throws SQLException {
        fixtures = Fixtures.write(dir.resolve("out"));
        db = new Database("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
        Schema.migrate(db);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private Ingester ingester(int batchSize) {
        return new Ingester(db, IngestSettings.of(dir.resolve("out"), null).withBatchSize(batchSize), null);
    }

    long scalar(String sql, Object... args) throws SQLException {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Test
    void committedFilesAreIngestedAndInProgressFilesAreSkipped() throws Exception {
        Ingester.Report r = ingester(100).runOnce();
        assertEquals(0, r.rejected());
        assertEquals(fixtures.countRecords, scalar("SELECT COUNT(*) FROM counts_minute"));
        assertEquals(fixtures.totalRecords, scalar("SELECT COUNT(*) FROM totals_minute"));
        assertEquals(fixtures.totalsBySource.get("sshd"), scalar("SELECT SUM(n) FROM totals_minute WHERE source = 'sshd'"));
        assertEquals(5, scalar("SELECT COUNT(*) FROM signatures"));
        assertEquals(2, scalar("SELECT COUNT(*) FROM anomalies WHERE suppressed = FALSE"));
        assertEquals(1, scalar("SELECT COUNT(*) FROM dead_letters"));
        // the in-progress file carried a count of 999,999: it must not be there
        assertEquals(0, scalar("SELECT COUNT(*) FROM counts_minute WHERE n = 999999"));
    }

    @Test
    void aSecondRunOverTheSameFilesChangesNothing() throws Exception {
        ingester(37).runOnce();
        long rows = scalar("SELECT COUNT(*) FROM counts_minute");
        long sum = scalar("SELECT SUM(n) FROM counts_hour");
        Ingester.Report again = ingester(37).runOnce();
        assertEquals(0, again.records());
        assertEquals(rows, scalar("SELECT COUNT(*) FROM counts_minute"));
        assertEquals(sum, scalar("SELECT SUM(n) FROM counts_hour"));
    }

    @Test
    void linesAppendedLaterAreIngestedAndAnUnfinishedLineWaitsForItsNewline() throws Exception {
        ingester(100).runOnce();
        Path file = dir.resolve("out/counts/part-9a1e-0.jsonl");
        String late = Fixtures.count("web", Fixtures.WEB_GET, Fixtures.START.plus(Duration.ofDays(3)), 7);
        Files.writeString(file, late.substring(0, 20), java.nio.file.StandardOpenOption.APPEND);
        ingester(100).runOnce();
        assertEquals(fixtures.countRecords, scalar("SELECT COUNT(*) FROM counts_minute"));
        Files.writeString(file, late.substring(20) + "\n", java.nio.file.StandardOpenOption.APPEND);
        Ingester.Report r = ingester(100).runOnce();
        assertEquals(1, r.records());
        assertEquals(fixtures.countRecords + 1, scalar("SELECT COUNT(*) FROM counts_minute"));
    }

    @Test
    void theHourRollupEqualsTheSumOfItsWindows() throws Exception {
        ingester(250).runOnce();
        assertEquals(scalar("SELECT SUM(n) FROM counts_minute"), scalar("SELECT SUM(n) FROM counts_hour"));
        assertEquals(scalar("SELECT SUM(n) FROM totals_minute"), scalar("SELECT SUM(n) FROM totals_hour"));
        assertEquals(2 * 24 * 2, scalar("SELECT COUNT(*) FROM totals_hour"), "one row per source and hour");
        assertEquals(0, scalar("SELECT COUNT(*) FROM dirty_hours"));
    }

    @Test
    void anIncidentKeepsItsNewestChangeWhateverTheFileOrder() throws Exception {
        ingester(1).runOnce();
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT change, observed FROM anomalies WHERE id = ?")) {
                ps.setString(1, Fixtures.SPIKE_ID);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("CLOSED", rs.getString(1));
                    assertEquals(12.0, rs.getDouble(2));
                }
            }
            return null;
        });
        assertEquals(3, scalar("SELECT COUNT(*) FROM anomaly_windows WHERE anomaly_id = ?", Fixtures.SPIKE_ID));
    }

    @Test
    void aGeneralisedSignatureMapsItsAncestorForwardAndKeepsItsFirstSeen() throws Exception {
        ingester(100).runOnce();
        assertEquals(1, scalar("SELECT COUNT(*) FROM sig_alias WHERE old_id = ? AND new_id = ?",
                Fixtures.FAILED_OLD, Fixtures.FAILED));
        assertEquals(Fixtures.START.toEpochMilli(), scalar("SELECT first_seen FROM signatures WHERE id = ?", Fixtures.FAILED));
    }

    @Test
    void malformedLinesAreKeptAsRejectsWithTheirReasonNotDropped() throws Exception {
        Fixtures.write(dir.resolve("out/counts/part-bad-0.jsonl"), List.of(
                "{not json", "{\"v\":2,\"type\":\"count\"}", "{\"v\":1,\"type\":\"count\",\"source\":\"x\"}", "[1,2]"));
        Ingester.Report r = ingester(100).runOnce();
        assertEquals(4, r.rejected());
        assertEquals(4, scalar("SELECT COUNT(*) FROM ingest_rejects WHERE path = 'counts/part-bad-0.jsonl'"));
        assertEquals(1, scalar("SELECT COUNT(*) FROM ingest_rejects WHERE reason LIKE 'unsupported format version 2%'"));
    }

    @Test
    void retentionCountsFromTheNewestWindowAndKeepsTheHourRollup() throws Exception {
        new Ingester(db, IngestSettings.of(dir.resolve("out"), null)
                .withRetention(Duration.ofDays(1), Duration.ofDays(400)), null).runOnce();
        long newestStart = Fixtures.START.plus(Fixtures.WINDOW.multipliedBy(Fixtures.WINDOWS - 1)).toEpochMilli();
        long cutoff = Math.floorDiv(newestStart - Duration.ofDays(1).toMillis(), 3_600_000L) * 3_600_000L;
        assertEquals(0, scalar("SELECT COUNT(*) FROM totals_minute WHERE window_start < ?", cutoff));
        assertTrue(scalar("SELECT COUNT(*) FROM totals_minute") > 0);
        assertEquals(fixtures.totalsBySource.get("web"), scalar("SELECT SUM(n) FROM totals_hour WHERE source = 'web'"));
        assertEquals(1, scalar("SELECT COUNT(*) FROM signature_seen WHERE signature = ?", Fixtures.FAILED_OLD),
                "the rollups of the old id are kept, so is its sighting");
    }

    @Test
    void firstAndLastSightingsOfEverySignatureAreKeptWithTheRollup() throws Exception {
        ingester(500).runOnce();
        assertEquals(Fixtures.SPIKE_START.toEpochMilli(), scalar("SELECT first_start FROM signature_seen WHERE signature = ?",
                Fixtures.XSS));
        assertEquals(Fixtures.SPIKE_START.plus(Fixtures.WINDOW.multipliedBy(Fixtures.SPIKE_WINDOWS)).toEpochMilli(),
                scalar("SELECT last_end FROM signature_seen WHERE signature = ?", Fixtures.XSS));
        assertEquals(Fixtures.GENERALISED_AT.toEpochMilli(), scalar("SELECT last_end FROM signature_seen WHERE signature = ?",
                Fixtures.FAILED_OLD));
    }
}
