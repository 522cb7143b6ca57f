package io.sigdrift.dashboard.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.dashboard.Fixtures;
import io.sigdrift.dashboard.ingest.IngestSettings;
import io.sigdrift.dashboard.ingest.Ingester;
import io.sigdrift.dashboard.store.Database;
import io.sigdrift.dashboard.store.Schema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answers served from the rollups and the caches (packed hours decoded once, answers kept per data
 * generation) equal sums of the raw window rows on a seeded database, for ranges with ragged edges, and
 * stay equal after a late window changes a closed hour that was already answered. On H2, and on
 * PostgreSQL when {@code SIGDRIFT_TEST_PG_URL} is set (skipped with a message otherwise).
 */
class RangeAnswersTest {
    /** A range over both fixture days with ragged edges (not on the hour) on each side. */
    static final TimeRange RAGGED = new TimeRange(Fixtures.START.plus(Duration.ofMinutes(95)).toEpochMilli(),
            Fixtures.START.plus(Duration.ofHours(46)).plus(Duration.ofMinutes(35)).toEpochMilli());
    static final TimeRange DAY_2 = new TimeRange(Fixtures.START.plus(Duration.ofHours(24)).toEpochMilli(),
            Fixtures.START.plus(Duration.ofHours(48)).toEpochMilli());
    static final TimeRange DAY_1 = new TimeRange(Fixtures.START.toEpochMilli(), DAY_2.from());
    /** A window in a closed hour of day 1 that comes again with another count. */
    static final Instant LATE_WINDOW = Fixtures.START.plus(Duration.ofHours(20)).plus(Duration.ofMinutes(10));

    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void seed() throws Exception {
        db = new Database(url());
        db.with(c -> {
            try (var s = c.createStatement()) {
                for (String t : Schema.TABLES) {
                    s.execute("DROP TABLE IF EXISTS " + t);
                }
            }
            return null;
        });
        Schema.migrate(db);
        Fixtures.write(dir.resolve("out"));
        try (Ingester in = ingester()) {
            in.runOnce();
        }
    }

    String url() {
        return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private Ingester ingester() {
        return new Ingester(db, IngestSettings.of(dir.resolve("out"), null).withBatchSize(50), null);
    }

    /** Per live signature id, the sum of its raw window rows in the range (old ids mapped through sig_alias). */
    private Map<String, Long> rawSums(TimeRange r) throws SQLException {
        return db.with(c -> {
            Map<String, Long> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(a.new_id, m.signature), SUM(m.n) FROM counts_minute m"
                    + " LEFT JOIN sig_alias a ON a.old_id = m.signature WHERE m.window_start >= ? AND m.window_start < ?"
                    + " GROUP BY COALESCE(a.new_id, m.signature)")) {
                ps.setLong(1, r.from());
                ps.setLong(2, r.to());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return out;
        });
    }

    private static Map<String, Long> topCounts(Queries q, TimeRange r) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        for (Queries.SignatureRow row : q.signatures(r, null, null, Queries.MAX_LIMIT, 48).items()) {
            out.put(row.id(), row.count());
            assertEquals(row.count(), row.sparkline().stream().mapToLong(Long::longValue).sum(),
                    "the sparkline of " + row.id() + " sums to its count");
        }
        return out;
    }

    private static Map<String, Long> compareTargetCounts(Queries q, TimeRange baseline, TimeRange target) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        for (Queries.CompareRowOut row : q.compare(baseline, target, null, Queries.MAX_LIMIT, 0.5).rows()) {
            out.put(row.id(), row.targetCount());
        }
        return out;
    }

    @Test
    void topListsAndComparesEqualTheSumsOfTheRawWindowsForRaggedAndWholeRanges() throws Exception {
        Queries q = new Queries(db);
        for (TimeRange r : new TimeRange[] {RAGGED, DAY_1, DAY_2}) {
            Map<String, Long> raw = rawSums(r);
            assertTrue(raw.size() >= 3, "the fixture has several signatures in " + r);
            assertEquals(raw, topCounts(q, r), "top list of " + r);
            assertEquals(raw, topCounts(q, r), "the same top list again (a remembered answer) of " + r);
        }
        Map<String, Long> compared = compareTargetCounts(q, DAY_1, DAY_2);
        Map<String, Long> raw2 = rawSums(DAY_2);
        assertTrue(!compared.isEmpty(), "day 2 differs from day 1 (the spike, the NEW signature)");
        compared.forEach((id, n) -> assertEquals(raw2.getOrDefault(id, 0L), n, "compare's count of " + id));
    }

    @Test
    void aLateWindowInAnAnsweredClosedHourChangesTheNextAnswer() throws Exception {
        Queries q = new Queries(db);
        Map<String, Long> before = topCounts(q, DAY_1);
        Map<String, Long> comparedBefore = compareTargetCounts(q, DAY_2, DAY_1);
        long replaced = rawSums(new TimeRange(LATE_WINDOW.toEpochMilli(), LATE_WINDOW.toEpochMilli() + 1)).get(Fixtures.WEB_GET);
        // a window the job sent again with another count (after a restart, say) in an hour of day 1 whose answer
        // is remembered: the window row is replaced (an upsert by its natural key), its hour is rebuilt
        Path late = dir.resolve("out").resolve("counts").resolve("part-late-0.jsonl");
        Files.writeString(late, Fixtures.count("web", Fixtures.WEB_GET, LATE_WINDOW, 1_000) + "\n"
                + Fixtures.count("web", "f6f6f6f6f6f6f6f6", LATE_WINDOW, 7) + "\n", StandardCharsets.UTF_8);
        try (Ingester in = ingester()) {
            in.runOnce();
        }
        Map<String, Long> after = topCounts(q, DAY_1);
        assertEquals(rawSums(DAY_1), after);
        assertEquals(before.get(Fixtures.WEB_GET) - replaced + 1_000, after.get(Fixtures.WEB_GET));
        assertEquals(7L, after.get("f6f6f6f6f6f6f6f6"), "a signature only in the late window");
        Map<String, Long> comparedAfter = compareTargetCounts(q, DAY_2, DAY_1);
        assertEquals(comparedBefore.getOrDefault(Fixtures.WEB_GET, before.get(Fixtures.WEB_GET)) - replaced + 1_000,
                comparedAfter.get(Fixtures.WEB_GET), "compare reads the rebuilt hour too");
    }

    @Test
    void theDecodedHoursStayWithinTheirBoundAndAnswerTheSameBeyondIt() throws Exception {
        Map<String, Long> raw = rawSums(RAGGED);
        PackedHourCache tiny = new PackedHourCache(db.dialect(), 5);
        db.with(c -> {
            for (int i = 0; i < 2; i++) {
                Map<String, Long> sums = new HashMap<>();
                String[] ids;
                var hours = tiny.hours(c, DAY_1.from(), DAY_2.to(), null);
                ids = tiny.ids();
                for (PackedHourCache.Hour h : hours) {
                    for (int k = 0; k < h.ids().length; k++) {
                        sums.merge(ids[h.ids()[k]], h.counts()[k], Long::sum);
                    }
                }
                assertTrue(tiny.entries() <= 5, "kept " + tiny.entries() + " entries");
                assertEquals(rawSums(new TimeRange(DAY_1.from(), DAY_2.to())).values().stream().mapToLong(Long::longValue).sum(),
                        sums.values().stream().mapToLong(Long::longValue).sum(), "pass " + i);
            }
            return null;
        });
        assertTrue(!raw.isEmpty());
    }
}
