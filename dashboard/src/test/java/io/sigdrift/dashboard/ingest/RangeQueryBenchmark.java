package io.sigdrift.dashboard.ingest;

import io.sigdrift.dashboard.query.TimeRange;
import io.sigdrift.dashboard.store.Database;
import io.sigdrift.dashboard.store.Schema;
import io.sigdrift.dashboard.web.DashboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Range queries over a week of 1-minute windows for 10,000 signatures (a benchmark, not a timed test).
 *
 * <p>Rows are bulk-inserted (the ingest path is tested elsewhere) with a skewed presence: signature i
 * appears in a minute with probability min(1, 3/(i+1)) (a few hot signatures, a long tail of rare ones,
 * as in real logs), then the shipped {@link Rollup} builds the hours. Every endpoint is called through HTTP
 * on a started {@link DashboardServer}; prints the median and the 95th percentile of {@link #RUNS} calls
 * after {@link #WARMUP}, and the load average before and after (the machine is shared).
 * Run: {@code java -cp ... io.sigdrift.dashboard.ingest.RangeQueryBenchmark [signatures] [days] [jdbc-url]}
 * or {@code mvn -pl dashboard -am test -Dtest=RangeQueryBenchmark -Dexcluded.test.groups=none}.
 */
public final class RangeQueryBenchmark {
    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    static final int RUNS = 40;
    static final int WARMUP = 5;

    @Test
    @Tag("slow")
    void aWeekOfMinuteWindowsForTenThousandSignatures() throws Exception {
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        int signatures = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path dir = Files.createTempDirectory("sigdrift-bench");
        String url = args.length > 2 ? args[2] : "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        try (Database db = new Database(url)) {
            boolean reuse = Boolean.getBoolean("sigdrift.bench.reuse") && filled(db);
            if (!reuse) {
                db.with(c -> {
                    try (var s = c.createStatement()) {
                        for (String t : Schema.TABLES) {
                            s.execute("DROP TABLE IF EXISTS " + t);
                        }
                    }
                    return null;
                });
                Schema.migrate(db);
                long t0 = System.nanoTime();
                long rows = fill(db, signatures, days);
                long t1 = System.nanoTime();
                int hours = new Rollup(db, IngestSettings.of(dir, null)).run();
                long t2 = System.nanoTime();
                System.out.printf("%,d window rows for %,d signatures over %d days inserted in %.1f s; %d hours rolled up in %.1f s%n",
                        rows, signatures, days, (t1 - t0) / 1e9, hours, (t2 - t1) / 1e9);
            } else {
                Schema.migrate(db); // the indexes of this build
                System.out.println("reusing the filled database (-Dsigdrift.bench.reuse=true)");
            }
            long end = START.plus(Duration.ofDays(days)).toEpochMilli();
            TimeRange week = new TimeRange(end - Duration.ofDays(days).toMillis(), end);
            TimeRange day = new TimeRange(end - Duration.ofDays(1).toMillis(), end);
            TimeRange ragged = new TimeRange(week.from() + 37 * 60_000L, end - 23 * 60_000L);
            TimeRange hour = new TimeRange(end - 3_600_000L, end);
            TimeRange hourYesterday = new TimeRange(hour.from() - 86_400_000L, hour.to() - 86_400_000L);
            // through HTTP, as the page and scripts call it: the query, JSON encoding and the round trip
            DashboardServer server = new DashboardServer(db, null, "benchmark-token", java.time.Clock.systemUTC(),
                    java.util.Map::of).start("127.0.0.1", 0);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port() + "/api/";
            try {
                System.out.printf("load average before: %s%n", loadAverage());
                System.out.printf("  %-50s %s%n", "", "wall p50    p95 |  CPU p50    p95 ms | wall p95 / baseline p95");
                // noise control: an endpoint that runs no query, measured in the same run (and again at the end)
                double baseline = time(http, "GET /api/config (baseline: no query)", base + "config", Double.NaN);
                time(http, "GET /api/signatures, week, 48-bucket sparklines", base + "signatures?" + range(week), baseline);
                time(http, "GET /api/signatures, week with ragged edges", base + "signatures?" + range(ragged), baseline);
                time(http, "GET /api/signatures, last day", base + "signatures?" + range(day), baseline);
                time(http, "GET /api/signatures, last hour", base + "signatures?" + range(hour), baseline);
                time(http, "GET /api/signatures, week, q=kind 77", base + "signatures?q=kind%2077&" + range(week), baseline);
                time(http, "GET /api/signatures/{id} (hot), week", base + "signatures/s0?buckets=96&" + range(week), baseline);
                time(http, "GET /api/signatures/{id} (rare), week", base + "signatures/s9999?buckets=96&" + range(week), baseline);
                time(http, "GET /api/compare hour vs same hour yesterday", base + "compare?" + range(hour, "target_")
                        + "&" + range(hourYesterday, "baseline_"), baseline);
                time(http, "GET /api/compare last day vs the day before", base + "compare?" + range(day, "target_"), baseline);
                time(http, "GET /api/compare week vs the week before", base + "compare?" + range(week, "target_"), baseline);
                time(http, "GET /api/anomalies, week", base + "anomalies?" + range(week), baseline);
                time(http, "GET /api/status", base + "status", baseline);
                // the same requests right after the data changed (as after every ingest pass that found records):
                // the remembered answers are void, the decoded packed hours of unchanged hours still serve
                Before changed = () -> db.inTransaction(c -> {
                    io.sigdrift.dashboard.store.DataGeneration.bump(c);
                    return null;
                });
                time(http, "after a change: signatures, week", base + "signatures?" + range(week), baseline, changed);
                time(http, "after a change: signatures, ragged week", base + "signatures?" + range(ragged), baseline, changed);
                time(http, "after a change: signatures, last day", base + "signatures?" + range(day), baseline, changed);
                time(http, "after a change: signatures, last hour", base + "signatures?" + range(hour), baseline, changed);
                time(http, "after a change: signatures, week, q=kind 77", base + "signatures?q=kind%2077&" + range(week),
                        baseline, changed);
                time(http, "after a change: compare hour vs yesterday", base + "compare?" + range(hour, "target_")
                        + "&" + range(hourYesterday, "baseline_"), baseline, changed);
                time(http, "after a change: compare day vs day before", base + "compare?" + range(day, "target_"), baseline,
                        changed);
                time(http, "after a change: compare week vs week before", base + "compare?" + range(week, "target_"),
                        baseline, changed);
                time(http, "GET /api/config (baseline again)", base + "config", baseline);
                System.out.printf("load average after: %s%n", loadAverage());
            } finally {
                server.close();
            }
        }
    }

    private static boolean filled(Database db) throws java.sql.SQLException {
        return db.with(c -> {
            try (var s = c.createStatement();
                 var rs = s.executeQuery("SELECT COUNT(*) FROM counts_packed")) {
                return rs.next() && rs.getLong(1) > 0;
            } catch (java.sql.SQLException e) {
                return false;
            }
        });
    }

    static String range(TimeRange r) {
        return range(r, "");
    }

    static String range(TimeRange r, String prefix) {
        return prefix + "from=" + java.time.Instant.ofEpochMilli(r.from()) + "&" + prefix + "to=" + java.time.Instant.ofEpochMilli(r.to());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim() + " on " + Runtime.getRuntime().availableProcessors()
                    + " cores";
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /**
     * Median and 95th percentile of {@link #RUNS} requests after {@link #WARMUP} unmeasured ones: wall time,
     * and the CPU time this process spent per request (client, server and embedded database are all in it).
     * On a machine shared with other builds the wall time grows with the load average; the CPU time hardly
     * does, and on an idle machine a request that runs on one thread takes about its CPU time.
     */
    static double time(HttpClient http, String name, String url, double baselineP95) throws Exception {
        return time(http, name, url, baselineP95, null);
    }

    /** {@code before} runs before each request, outside the measurement (null: nothing). */
    static double time(HttpClient http, String name, String url, double baselineP95, Before before) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).build();
        for (int i = 0; i < WARMUP; i++) {
            send(http, req);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long[] us = new long[RUNS];
        long[] cpu = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            if (before != null) {
                before.run();
            }
            long c = os.getProcessCpuTime();
            long t = System.nanoTime();
            send(http, req);
            us[i] = (System.nanoTime() - t) / 1_000;
            cpu[i] = (os.getProcessCpuTime() - c) / 1_000;
        }
        java.util.Arrays.sort(us);
        java.util.Arrays.sort(cpu);
        int p95 = (int) Math.ceil(RUNS * 0.95) - 1;
        double wallP95 = us[p95] / 1e3;
        System.out.printf("  %-50s %6.1f %6.1f | %6.1f %6.1f    | %s%n", name, us[RUNS / 2] / 1e3, wallP95,
                cpu[RUNS / 2] / 1e3, cpu[p95] / 1e3, Double.isNaN(baselineP95) ? "-" : String.format("%.1fx", wallP95 / baselineP95));
        return wallP95;
    }

    interface Before {
        void run() throws Exception;
    }

    static void send(HttpClient http, HttpRequest req) throws Exception {
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(req.uri() + " answered " + r.statusCode() + ": " + new String(r.body()));
        }
    }

    static long fill(Database db, int signatures, int days) throws Exception {
        SplittableRandom rnd = new SplittableRandom(42);
        long rows = 0;
        int minutes = days * 1440;
        long start = START.toEpochMilli();
        for (int day = 0; day < days; day++) {
            final int d = day;
            rows += db.inTransaction(c -> {
                long n = 0;
                try (PreparedStatement count = c.prepareStatement("INSERT INTO counts_minute (signature, window_start, source,"
                        + " split, window_end, n) VALUES (?, ?, ?, 0, ?, ?)");
                     PreparedStatement total = c.prepareStatement("INSERT INTO totals_minute (source, split, window_start,"
                             + " window_end, n, signatures) VALUES (?, 0, ?, ?, ?, ?)");
                     PreparedStatement dirty = c.prepareStatement("INSERT INTO dirty_hours (hour_start) VALUES (?)");
                     PreparedStatement sig = c.prepareStatement("INSERT INTO signatures (id, source, split, change, template,"
                             + " ancestors, first_seen, updated) VALUES (?, ?, 0, 'CREATED', ?, '[]', ?, ?)")) {
                    if (d == 0) {
                        for (int i = 0; i < signatures; i++) {
                            sig.setString(1, "s" + i);
                            sig.setString(2, "src" + (i % 20));
                            sig.setString(3, "<TIME> host app[<NUM>]: message kind " + i + " from <IP>");
                            sig.setLong(4, start);
                            sig.setLong(5, start);
                            sig.addBatch();
                        }
                        sig.executeBatch();
                    }
                    for (int m = d * 1440; m < (d + 1) * 1440 && m < minutes; m++) {
                        long ws = start + m * 60_000L;
                        long[] perSource = new long[20];
                        int[] sigs = new int[20];
                        for (int i = 0; i < signatures; i++) {
                            double p = Math.min(1.0, 3.0 / (i + 1));
                            if (rnd.nextDouble() < p) {
                                long k = 1 + rnd.nextInt(i < 10 ? 50 : 3);
                                count.setString(1, "s" + i);
                                count.setLong(2, ws);
                                count.setString(3, "src" + (i % 20));
                                count.setLong(4, ws + 60_000L);
                                count.setLong(5, k);
                                count.addBatch();
                                perSource[i % 20] += k;
                                sigs[i % 20]++;
                                n++;
                            }
                        }
                        for (int s = 0; s < 20; s++) {
                            total.setString(1, "src" + s);
                            total.setLong(2, ws);
                            total.setLong(3, ws + 60_000L);
                            total.setLong(4, perSource[s]);
                            total.setInt(5, sigs[s]);
                            total.addBatch();
                        }
                        if (m % 60 == 0) {
                            dirty.setLong(1, ws);
                            dirty.addBatch();
                            count.executeBatch();
                            total.executeBatch();
                        }
                    }
                    count.executeBatch();
                    total.executeBatch();
                    dirty.executeBatch();
                }
                return n;
            });
        }
        return rows;
    }
}
