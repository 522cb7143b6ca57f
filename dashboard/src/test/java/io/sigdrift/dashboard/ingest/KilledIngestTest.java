package io.sigdrift.dashboard.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.dashboard.Fixtures;
import io.sigdrift.dashboard.store.Database;
import io.sigdrift.dashboard.store.Schema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a dashboard process in the middle of an ingest, then ingests again: every row is there
 * exactly once, because each batch's rows and its file offset are committed in one transaction.
 */
class KilledIngestTest {
    /** Commits to wait for before the kill: far from the ~3,000 one-record batches of the fixture. */
    static final int COMMITS_BEFORE_KILL = 60;

    @TempDir
    Path dir;

    @Test
    void aProcessKilledMidIngestNeitherLosesNorDuplicatesARowWhenIngestResumes() throws Exception {
        Fixtures f = Fixtures.write(dir.resolve("out"));
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.sigdrift.dashboard.DashboardMain", "ingest", "--data", dir.resolve("out").toString(), "--db", url,
                "--batch", "1", "--verbose").redirectErrorStream(true).start();
        int commits = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (commits < COMMITS_BEFORE_KILL && (line = r.readLine()) != null) {
                if (line.startsWith("committed ")) {
                    commits++;
                }
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(COMMITS_BEFORE_KILL, commits, "the child ingested before it was killed");

        try (Database db = new Database(url)) {
            Schema.migrate(db);
            long doneBefore = scalar(db, "SELECT COALESCE(SUM(byte_offset), 0) FROM ingest_files");
            long allBytes = 0;
            try (Stream<Path> s = Files.walk(dir.resolve("out"))) {
                for (Path x : s.filter(Files::isRegularFile)
                        .filter(x -> !x.getFileName().toString().startsWith(".")).toList()) {
                    allBytes += Files.size(x);
                }
            }
            assertTrue(doneBefore > 0 && doneBefore < allBytes,
                    "killed mid-ingest: " + doneBefore + " of " + allBytes + " bytes were committed");

            new Ingester(db, IngestSettings.of(dir.resolve("out"), null), null).runOnce();
            assertEquals(allBytes, scalar(db, "SELECT SUM(byte_offset) FROM ingest_files"));
            assertEquals(f.countRecords, scalar(db, "SELECT COUNT(*) FROM counts_minute"));
            assertEquals(f.totalRecords, scalar(db, "SELECT COUNT(*) FROM totals_minute"));
            long expectedLines = f.totalsBySource.values().stream().mapToLong(Long::longValue).sum();
            assertEquals(expectedLines, scalar(db, "SELECT SUM(n) FROM totals_minute"));
            assertEquals(expectedLines, scalar(db, "SELECT SUM(n) FROM totals_hour"));
            long countRecords = f.streams.values().stream().mapToLong(List::size).sum();
            assertEquals(f.countRecords + f.totalRecords + 5 + 4 + 1 + 1 + 3, countRecords,
                    "counts, signatures, anomalies, a dead letter, a suppressed incident, audit lines");
            assertEquals(countRecords, scalar(db, "SELECT SUM(records) FROM ingest_files"),
                    "every record was counted once across the two processes");
        }
    }

    static long scalar(Database db, String sql) throws SQLException {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
