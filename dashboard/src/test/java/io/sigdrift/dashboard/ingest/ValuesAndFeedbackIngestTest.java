package io.sigdrift.dashboard.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.dashboard.Fixtures;
import io.sigdrift.dashboard.store.Database;
import io.sigdrift.dashboard.store.Schema;
import io.sigdrift.dashboard.store.ValueCounts;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts stream's parameter values (window rows, their hour rollup, retention) and the job's suppressed and
 * audit streams, ingested from files.
 */
class ValuesAndFeedbackIngestTest {
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

    private long scalar(String sql, Object... args) throws SQLException {
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

    private ValueCounts merged(String sql, Object... args) throws SQLException {
        return db.with(c -> {
            ValueCounts v = new ValueCounts();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        v.merge(rs.getString(1));
                    }
                }
            }
            return v;
        });
    }

    /** The fixture's value counts of the failed-password signature (old and new id), per position and value. */
    private Map<String, Long> expected() {
        Map<String, Long> m = new HashMap<>();
        for (Fixtures.ValueRow v : fixtures.valueRows) {
            if (v.signature().equals(Fixtures.FAILED)) {
                m.merge(v.position() + "/" + v.value(), v.count(), Long::sum);
            }
        }
        return m;
    }

    private static Map<String, Long> flat(ValueCounts v) {
        Map<String, Long> m = new HashMap<>();
        v.positions().forEach((p, pos) -> pos.top(Integer.MAX_VALUE).forEach(e -> m.put(p + "/" + e.getKey(), e.getValue())));
        return m;
    }

    @Test
    void eachCountWithValuesGetsAWindowRowAndTheHourRollupHoldsTheirSums() throws Exception {
        new Ingester(db, IngestSettings.of(dir.resolve("out"), null).withBatchSize(97), null).runOnce();
        long withValues = fixtures.streams.get("counts").stream().filter(l -> l.contains("\"parameters\"")).count();
        assertEquals(withValues, scalar("SELECT COUNT(*) FROM param_values_minute"));
        String ids = "('" + Fixtures.FAILED + "','" + Fixtures.FAILED_OLD + "')";
        Map<String, Long> want = expected();
        assertEquals(want, flat(merged("SELECT data FROM param_values_minute WHERE signature IN " + ids)));
        assertEquals(want, flat(merged("SELECT data FROM param_values_hour WHERE signature IN " + ids)),
                "the hour rows sum their windows");
        long totals = fixtures.positionTotals.stream().filter(t -> t.signature().equals(Fixtures.FAILED)
                && t.position() == Fixtures.ADDRESS_POSITION).mapToLong(Fixtures.ValueRow::count).sum();
        assertEquals(totals, merged("SELECT data FROM param_values_hour WHERE signature IN " + ids).positions()
                .get(Fixtures.ADDRESS_POSITION).total());
        long hours = scalar("SELECT COUNT(*) FROM (SELECT DISTINCT signature, window_start / 3600000 AS h"
                + " FROM param_values_minute WHERE signature IN " + ids + ") t");
        assertEquals(hours, scalar("SELECT COUNT(*) FROM param_values_hour WHERE signature IN " + ids));

        Ingester.Report again = new Ingester(db, IngestSettings.of(dir.resolve("out"), null), null).runOnce();
        assertEquals(0, again.records());
        assertEquals(want, flat(merged("SELECT data FROM param_values_hour WHERE signature IN " + ids)), "idempotent");
    }

    @Test
    void malformedParameterValuesRejectTheRecordWithTheReason() throws Exception {
        Fixtures.write(dir.resolve("out/counts/part-bad-0.jsonl"), List.of(
                "{\"v\":1,\"type\":\"count\",\"source\":\"x\",\"split\":0,\"window_start\":\"2026-03-20T00:00:00Z\","
                        + "\"window_end\":\"2026-03-20T00:05:00Z\",\"signature\":\"f0f0f0f0f0f0f0f0\",\"count\":3,"
                        + "\"parameters\":[{\"position\":1,\"total\":3,\"top\":[{\"value\":7,\"count\":3}]}]}",
                "{\"v\":1,\"type\":\"count\",\"source\":\"x\",\"split\":0,\"window_start\":\"2026-03-20T00:00:00Z\","
                        + "\"window_end\":\"2026-03-20T00:05:00Z\",\"signature\":\"f1f1f1f1f1f1f1f1\",\"count\":3,"
                        + "\"parameters\":{\"position\":1}}"));
        Ingester.Report r = new Ingester(db, IngestSettings.of(dir.resolve("out"), null), null).runOnce();
        assertEquals(2, r.rejected());
        assertEquals(1, scalar("SELECT COUNT(*) FROM ingest_rejects WHERE reason LIKE '%text value%'"));
        assertEquals(1, scalar("SELECT COUNT(*) FROM ingest_rejects WHERE reason LIKE '%''parameters'' must be an array%'"));
        assertEquals(0, scalar("SELECT COUNT(*) FROM counts_minute WHERE source = 'x'"), "neither count is half-written");
    }

    @Test
    void valueRowsFollowTheRetentionOfTheirTables() throws Exception {
        new Ingester(db, IngestSettings.of(dir.resolve("out"), null).withRetention(Duration.ofDays(1), Duration.ofDays(400)),
                null).runOnce();
        long newestStart = Fixtures.START.plus(Fixtures.WINDOW.multipliedBy(Fixtures.WINDOWS - 1)).toEpochMilli();
        long cutoff = Math.floorDiv(newestStart - Duration.ofDays(1).toMillis(), 3_600_000L) * 3_600_000L;
        assertEquals(0, scalar("SELECT COUNT(*) FROM param_values_minute WHERE window_start < ?", cutoff));
        assertTrue(scalar("SELECT COUNT(*) FROM param_values_minute") > 0);
        assertEquals(expected(), flat(merged("SELECT data FROM param_values_hour WHERE signature IN (?, ?)",
                Fixtures.FAILED, Fixtures.FAILED_OLD)), "the hour rows are kept longer");
    }

    @Test
    void suppressedIncidentsAreStoredFlaggedAndNotToldToListenersAndTheAuditIsKept() throws Exception {
        List<String> told = new ArrayList<>();
        new Ingester(db, IngestSettings.of(dir.resolve("out"), null), (path, offset, changed) -> told.addAll(changed)).runOnce();
        assertEquals(1, scalar("SELECT COUNT(*) FROM anomalies WHERE suppressed = TRUE AND id = ?", Fixtures.SUPPRESSED_ID));
        assertEquals(2, scalar("SELECT COUNT(*) FROM anomalies WHERE suppressed = FALSE"));
        assertTrue(told.contains(Fixtures.SPIKE_ID));
        assertFalse(told.contains(Fixtures.SUPPRESSED_ID), "the webhook never hears of a suppressed incident");
        assertEquals(3, scalar("SELECT COUNT(*) FROM feedback_audit"));
        assertEquals(1, scalar("SELECT COUNT(*) FROM feedback_audit WHERE id = ? AND status = 'REJECTED' AND reason = ?",
                Fixtures.REJECTED_LABEL, Fixtures.REJECTED_REASON));

        // at-least-once: the same audit line again (another file, or the Kafka sink after a restart) adds nothing
        Fixtures.write(dir.resolve("out/audit/part-again-0.jsonl"), List.of(fixtures.streams.get("audit").get(0)));
        new Ingester(db, IngestSettings.of(dir.resolve("out"), null), null).runOnce();
        assertEquals(3, scalar("SELECT COUNT(*) FROM feedback_audit"));
    }

    @Test
    void auditLinesThatDoNotFitAreRejectedWithTheirReason() throws Exception {
        Fixtures.write(dir.resolve("out/audit/part-bad-0.jsonl"), List.of(
                "{\"v\":1,\"type\":\"audit\",\"time\":\"2026-03-15T00:00:00Z\",\"record\":\"label\",\"id\":\"x\",\"status\":\"MAYBE\"}",
                "{\"v\":1,\"type\":\"audit\",\"record\":\"label\",\"id\":\"x\",\"status\":\"ACCEPTED\"}"));
        Ingester.Report r = new Ingester(db, IngestSettings.of(dir.resolve("out"), null), null).runOnce();
        assertEquals(2, r.rejected());
        assertEquals(1, scalar("SELECT COUNT(*) FROM ingest_rejects WHERE reason LIKE 'unknown audit status%'"));
        assertEquals(1, scalar("SELECT COUNT(*) FROM ingest_rejects WHERE reason LIKE '%''time''%'"));
    }
}
