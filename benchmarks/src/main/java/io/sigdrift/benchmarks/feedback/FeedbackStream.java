package io.sigdrift.benchmarks.feedback;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The feedback benchmark's stream: a seeded multi-source log stream of whole UTC days with recurring <b>benign</b>
 * unusual behaviour and injected <b>incidents</b>, some of them on the same signatures as a benign behaviour but
 * with other values or much larger sizes. Same seed, start and days → the same lines and truths.
 *
 * <h2>Sources (formats written here, in the conventions of their tools)</h2>
 * <ul>
 *   <li>{@code web}: nginx combined access log, with Kubernetes liveness probes from 3 probers every 30 s;</li>
 *   <li>{@code sshd}: OpenSSH on a bastion, rsyslog's high-precision RFC 3339 timestamps (Debian 12's default);</li>
 *   <li>{@code app}: a Java shop service, log4j {@code yyyy-MM-dd HH:mm:ss,SSS LEVEL [thread] logger - message};</li>
 *   <li>{@code system}: a database host's syslog (cron, systemd, ufw, the backup agent, certbot, nginx).</li>
 * </ul>
 * Background series are Poisson per minute with an hour-of-day profile (a business-hours bump over a night floor),
 * a quieter Saturday and Sunday (calendar days: any start weekday works), and a Gamma(8) burst per 10 minutes.
 *
 * <h2>Benign behaviours (each at least 6 times in 14 days)</h2>
 * {@code BACKUP} nightly at an irregular time between 01:00 and 04:30 (chunk uploads of the backup agent);
 * {@code BATCH} the evening invoice export between 19:00 and 21:30 (the batch runner's chunk lines with the job
 * name {@value #BATCH_JOB}, a signature other jobs use at a low rate); {@code DEPLOY} once per weekday between
 * 10:00 and 16:00 (a release with its own lines: rollout, pod starts, migration, cache warm-up);
 * {@code SCANNER} the security team's scanner from {@value #SCANNER_IP} once per weekday (sshd password
 * failures, the signature internet guessing uses at a low rate); {@code CERT_RENEWAL} every second day
 * (certbot and an nginx reload).
 *
 * <h2>Incidents</h2>
 * From the second day on ({@link #INCIDENTS_PER_DAY} per day; the first day is the detectors' warm-up), cycling
 * through {@link #INCIDENT_KINDS}: {@code BRUTE_FORCE} (the scanner's signatures, another address),
 * {@code RUNAWAY_UPLOAD} (the backup's chunk signature, 5-8 times the backup's rate, in the day),
 * {@code CRASH_LOOP} (the deploy's pod-start signature, 8-20 per minute), {@code BATCH_RUNAWAY} (the batch
 * runner's signature, another job), {@code CREDENTIAL_STUFFING}, {@code GATEWAY_ERRORS}, {@code NEW_ERROR}
 * (a message its source never logged) and {@code TRAFFIC_DROP}. An incident keeps {@link #TRUTH_GAP_MS} away
 * from every other truth of its source, so each anomaly belongs to at most one truth.
 */
public final class FeedbackStream {
    public static final long DEFAULT_SEED = 20_261_114L;
    public static final int DEFAULT_DAYS = 14;
    public static final List<String> SOURCES = List.of("web", "sshd", "app", "system");
    public static final List<String> BENIGN_KINDS = List.of("BACKUP", "BATCH", "DEPLOY", "SCANNER", "CERT_RENEWAL");
    public static final List<String> INCIDENT_KINDS = List.of("BRUTE_FORCE", "RUNAWAY_UPLOAD", "CRASH_LOOP", "BATCH_RUNAWAY",
            "CREDENTIAL_STUFFING", "GATEWAY_ERRORS", "NEW_ERROR", "TRAFFIC_DROP");
    public static final int INCIDENTS_PER_DAY = 4;
    /** The security team's scanner (TEST-NET-2): benign. Attackers come from TEST-NET-3 (203.0.113.0/24). */
    public static final String SCANNER_IP = "198.51.100.23";
    public static final String BATCH_JOB = "invoice-export";
    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;
    /** Free time between an incident and any other truth of its source (the scorer matches up to 30 min after an end). */
    static final long TRUTH_GAP_MS = 2 * HOUR;

    /** One generated line. @param series ground truth: the generator series it belongs to, e.g. {@code sshd/guessing} */
    public record Line(String source, long time, String text, String series) {}

    private final long seed;
    private final long start;
    private final int days;
    private final double scale;
    private final List<Truth> truths;

    /**
     * @param start midnight UTC of the first day (the stream is cut into whole days, fed one at a time)
     * @param scale multiplies the background rates (1.0 ≈ 45 lines per minute at the daily peak)
     */
    public FeedbackStream(long seed, Instant start, int days, double scale) {
        if (start.toEpochMilli() % DAY != 0) {
            throw new IllegalArgumentException("start must be a midnight UTC (e.g. 2026-03-02T00:00:00Z), was " + start);
        }
        if (days < 2 || days > 366) {
            throw new IllegalArgumentException("days must be in [2, 366], was " + days);
        }
        if (!(scale > 0) || scale > 100) {
            throw new IllegalArgumentException("scale must be in (0, 100], was " + scale);
        }
        this.seed = seed;
        this.start = start.toEpochMilli();
        this.days = days;
        this.scale = scale;
        this.truths = schedule();
    }

    public Instant start() {
        return Instant.ofEpochMilli(start);
    }

    public int days() {
        return days;
    }

    public long dayStart(int d) {
        return start + d * DAY;
    }

    /** Benign occurrences and incidents, in start order. */
    public List<Truth> truths() {
        return truths;
    }

    // ------------------------------------------------------------------ schedule

    private List<Truth> schedule() {
        List<Truth> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(mix(seed, 0xbe9191, 1));
        for (int d = 0; d < days; d++) {
            long day = dayStart(d);
            boolean weekday = isWeekday(day);
            long b = day + HOUR + minutes(r, 0, 210);
            out.add(truth(true, "BACKUP", "system", "system/backup", b, b + minutes(r, 40, 80), null,
                    "nightly backup of db01 uploads its snapshot"));
            long j = day + 19 * HOUR + minutes(r, 0, 150);
            out.add(truth(true, "BATCH", "app", "app/batch", j, j + minutes(r, 30, 60), BATCH_JOB,
                    "the evening " + BATCH_JOB + " batch"));
            if (weekday) {
                long dep = day + 10 * HOUR + minutes(r, 0, 360);
                out.add(truth(true, "DEPLOY", "app", "app/deploy", dep, dep + minutes(r, 10, 20), null,
                        "release " + release(d) + " of shop-api rolls out"));
                long sc = day + 9 * HOUR + minutes(r, 0, 480);
                out.add(truth(true, "SCANNER", "sshd", "sshd/guessing", sc, sc + minutes(r, 20, 40), SCANNER_IP,
                        "the security team's scanner at " + SCANNER_IP + " tries default passwords"));
            }
            if (d % 2 == 1) {
                long c = day + 6 * HOUR + minutes(r, 0, 720);
                out.add(truth(true, "CERT_RENEWAL", "system", "system/certbot", c, c + 3 * MINUTE, null,
                        "certbot renews " + DOMAINS[(d / 2) % DOMAINS.length] + " and reloads nginx"));
            }
        }
        int n = 0;
        for (int d = 1; d < days; d++) {
            for (int k = 0; k < INCIDENTS_PER_DAY; k++, n++) {
                String kind = INCIDENT_KINDS.get(n % INCIDENT_KINDS.size());
                Truth inc = placeIncident(r, kind, n, dayStart(d), out);
                if (inc != null) {
                    out.add(inc);
                }
            }
        }
        out.sort(Comparator.comparingLong(Truth::start).thenComparing(Truth::kind));
        Map<String, Integer> occurrences = new HashMap<>();
        List<Truth> numbered = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            Truth t = out.get(i);
            numbered.add(t.withId(i).withOccurrence(occurrences.merge(t.kind(), 1, Integer::sum) - 1));
        }
        return List.copyOf(numbered);
    }

    private static Truth truth(boolean benign, String kind, String source, String series, long from, long to, String cause, String what) {
        return new Truth(0, benign, kind, 0, source, List.of(series), from, to, cause, what);
    }

    /** Incident number {@code n} of the run on day {@code day}: a free time of its source, or null if none was found. */
    private Truth placeIncident(SplittableRandom r, String kind, int n, long day, List<Truth> placed) {
        int k = n / INCIDENT_KINDS.size();
        for (int attempt = 0; attempt < 400; attempt++) {
            long from;
            long len;
            String source;
            String series;
            String cause = null;
            String what;
            switch (kind) {
                case "BRUTE_FORCE" -> {
                    source = "sshd";
                    series = "sshd/guessing";
                    cause = "203.0.113." + (10 + k);
                    what = "brute force: password guessing from " + cause;
                    len = minutes(r, 20, 40);
                }
                case "RUNAWAY_UPLOAD" -> {
                    source = "system";
                    series = "system/backup";
                    what = "a runaway upload pushes chunks at several times the backup's rate";
                    len = minutes(r, 20, 30);
                }
                case "CRASH_LOOP" -> {
                    source = "app";
                    series = "app/deploy";
                    what = "shop-api pods crash-loop (OOMKilled) and restart over and over";
                    len = minutes(r, 20, 40);
                }
                case "BATCH_RUNAWAY" -> {
                    source = "app";
                    series = "app/batch";
                    cause = RUNAWAY_JOBS[k % RUNAWAY_JOBS.length];
                    what = "the " + cause + " batch job loops over the same chunks";
                    len = minutes(r, 20, 40);
                }
                case "CREDENTIAL_STUFFING" -> {
                    source = "web";
                    series = "web/login";
                    cause = "203.0.113." + (100 + k);
                    what = "credential stuffing: failed POST /login from " + cause;
                    len = minutes(r, 20, 40);
                }
                case "GATEWAY_ERRORS" -> {
                    source = "app";
                    series = "app/payment-error";
                    what = "the payment gateway times out";
                    len = minutes(r, 20, 40);
                }
                case "NEW_ERROR" -> {
                    NewError e = NEW_ERRORS.get(k % NEW_ERRORS.size());
                    source = e.source();
                    series = source + "/new-error-" + (k % NEW_ERRORS.size());
                    what = "new error: " + e.what();
                    len = minutes(r, 20, 40);
                }
                case "TRAFFIC_DROP" -> {
                    source = "web";
                    series = "web/page";
                    what = "page traffic collapses (the CDN routes around the origin)";
                    len = minutes(r, 45, 90);
                }
                default -> throw new IllegalStateException(kind);
            }
            // A drop is only visible when there is traffic to lose: in the day. Others: any time that fits the day.
            from = kind.equals("TRAFFIC_DROP") ? day + 9 * HOUR + minutes(r, 0, 600) : day + 30 * MINUTE + minutes(r, 0, 1290);
            long to = from + len;
            if (to > day + DAY - 30 * MINUTE || !free(placed, source, from, to)) {
                continue;
            }
            return new Truth(0, false, kind, 0, source, List.of(series), from, to, cause, what);
        }
        return null;
    }

    private static boolean free(List<Truth> placed, String source, long from, long to) {
        for (Truth t : placed) {
            if (t.source().equals(source) && from < t.end() + TRUTH_GAP_MS && t.start() < to + TRUTH_GAP_MS) {
                return false;
            }
        }
        return true;
    }

    private boolean isWeekday(long dayStartMillis) {
        DayOfWeek w = Instant.ofEpochMilli(dayStartMillis).atZone(ZoneOffset.UTC).getDayOfWeek();
        return w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY;
    }

    private static long minutes(SplittableRandom r, int lo, int hi) {
        return (lo + r.nextInt(hi - lo + 1)) * MINUTE;
    }

    private String release(int d) {
        return "2." + (14 + d / 5) + "." + (d % 5);
    }

    // ------------------------------------------------------------------ lines

    /** The lines of day {@code d} of all sources, in time order (stable: a multi-line burst keeps its order). */
    public List<Line> dayLines(int d) {
        if (d < 0 || d >= days) {
            throw new IllegalArgumentException("day " + d + " is outside [0, " + days + ")");
        }
        long day = dayStart(d);
        List<Line> out = new ArrayList<>();
        Lines w = new Lines(out);
        for (Series s : background()) {
            SplittableRandom r = new SplittableRandom(mix(seed, d, s.series.hashCode()));
            for (int m = 0; m < 1440; m++) {
                long t0 = day + m * MINUTE;
                double rate = s.perMinute * (s.seasonal ? scale * profile(t0, s.peakHour) : s.scaled ? scale : 1.0);
                if (s.bursty) {
                    rate *= burst(s.series, t0 / (10 * MINUTE));
                }
                rate *= incidentFactor(s.series, t0);
                int count = !s.periodic ? poisson(r, rate)
                        : rate >= 1 ? (int) Math.round(rate) : m % Math.round(1 / rate) == 0 ? 1 : 0;   // e.g. cron every 5 min
                for (int i = 0; i < count; i++) {
                    long t = s.periodic ? t0 + i * MINUTE / Math.max(1, count) + r.nextInt(400) : t0 + r.nextInt(60_000);
                    s.emitter.emit(w.at(s.source, s.series, t), r, null);
                }
            }
        }
        for (Truth t : truths) {
            if (t.start() >= day + DAY || t.end() <= day) {
                continue;
            }
            SplittableRandom r = new SplittableRandom(mix(seed, t.id(), 0x7e57));
            truthLines(t, w, r);
        }
        out.sort(Comparator.comparingLong(Line::time));
        return out;
    }

    /** Appends day {@code d} to {@code dir/<source>.log} (created if missing); returns the number of lines. */
    public long appendDay(int d, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, BufferedWriter> writers = new HashMap<>();
        long n = 0;
        try {
            for (String s : SOURCES) {
                writers.put(s, Files.newBufferedWriter(dir.resolve(s + ".log"), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND));
            }
            for (Line l : dayLines(d)) {
                BufferedWriter bw = writers.get(l.source());
                bw.write(l.text());
                bw.write('\n');
                n++;
            }
        } finally {
            for (BufferedWriter bw : writers.values()) {
                bw.close();
            }
        }
        return n;
    }

    /** The multiplier of a background series' rate at {@code t}: a TRAFFIC_DROP's factor while it is on, else 1. */
    private double incidentFactor(String series, long t) {
        for (Truth x : truths) {
            if (x.kind().equals("TRAFFIC_DROP") && x.series().contains(series) && t >= x.start() && t < x.end()) {
                return 0.05 + 0.1 * ((x.id() * 7919) % 10) / 10.0;
            }
        }
        return 1.0;
    }

    /** The added lines of a benign occurrence or an incident (a drop only lowers its series: nothing to add). */
    private void truthLines(Truth t, Lines w, SplittableRandom r) {
        String series = t.series().get(0);
        long minutes = (t.end() - t.start()) / MINUTE;
        switch (t.kind()) {
            case "BACKUP", "RUNAWAY_UPLOAD" -> {
                boolean runaway = t.kind().equals("RUNAWAY_UPLOAD");
                double perMinute = (runaway ? 5 + r.nextInt(4) : 1) * (18 + r.nextInt(10));
                int pid = 3000 + r.nextInt(20_000);
                String date = Instant.ofEpochMilli(t.start()).atZone(ZoneOffset.UTC).toLocalDate().toString();
                int total = (int) (perMinute * minutes);
                w.at("system", series, t.start()).add(sys(w, "backup-agent[" + pid + "]: starting snapshot of /var/lib/postgresql/15/main ("
                        + (runaway ? "manual" : "nightly") + "-" + date + ")"));
                int chunk = 0;
                for (long m = 0; m < minutes; m++) {
                    int c = poisson(r, perMinute);
                    for (int i = 0; i < c; i++) {
                        chunk++;
                        w.at("system", series, t.start() + m * MINUTE + r.nextInt(60_000)).add(sys(w, "backup-agent[" + pid
                                + "]: uploaded chunk " + chunk + " of " + Math.max(total, chunk) + " (" + (4_194_304 - r.nextInt(2) * r.nextInt(4_000_000))
                                + " bytes) to s3://acme-backups/db01/" + date + "/base.tar.zst"));
                    }
                }
                w.at("system", series, t.end() - 1_000).add(sys(w, "backup-agent[" + pid + "]: snapshot finished: " + chunk + " chunks in "
                        + (t.end() - t.start()) / 1000 + " s"));
            }
            case "BATCH", "BATCH_RUNAWAY" -> {
                String job = t.cause();
                double perMinute = t.kind().equals("BATCH") ? 20 + r.nextInt(15) : 40 + r.nextInt(40);
                w.at("app", series, t.start()).add(app(w, r, "INFO ", "scheduler-1", "c.a.shop.batch.BatchRunner", "job " + job
                        + " started by scheduler"));
                int chunk = 0;
                for (long m = 0; m < minutes; m++) {
                    int c = poisson(r, perMinute);
                    for (int i = 0; i < c; i++) {
                        w.at("app", series, t.start() + m * MINUTE + r.nextInt(60_000)).add(app(w, r, "INFO ", "batch-" + (1 + r.nextInt(4)),
                                "c.a.shop.batch.BatchRunner", "job " + job + " processed chunk " + (++chunk) + " (500 records) in "
                                        + (80 + r.nextInt(900)) + " ms"));
                    }
                }
                w.at("app", series, t.end() - 1_000).add(app(w, r, "INFO ", "scheduler-1", "c.a.shop.batch.BatchRunner", "job " + job
                        + " finished: " + chunk + " chunks, 0 failed"));
            }
            case "DEPLOY" -> deploy(t, w, r, series);
            case "CRASH_LOOP" -> {
                double perMinute = 8 + r.nextInt(13);
                String image = release((int) ((t.start() - start) / DAY));
                for (long m = 0; m < minutes; m++) {
                    int c = poisson(r, perMinute);
                    for (int i = 0; i < c; i++) {
                        w.at("app", series, t.start() + m * MINUTE + r.nextInt(60_000)).add(podStarted(w, r, image, 3 + r.nextInt(40)));
                    }
                }
            }
            case "SCANNER", "BRUTE_FORCE" -> {
                double perMinute = t.kind().equals("SCANNER") ? 10 + r.nextInt(15) : 20 + r.nextInt(30);
                for (long m = 0; m < minutes; m++) {
                    int c = poisson(r, perMinute);
                    for (int i = 0; i < c; i++) {
                        guessing(w.at("sshd", series, t.start() + m * MINUTE + r.nextInt(60_000)), r, t.cause());
                    }
                }
            }
            case "CERT_RENEWAL" -> {
                String domain = DOMAINS[(int) ((t.start() - start) / DAY / 2) % DOMAINS.length];
                int pid = 2000 + r.nextInt(30_000);
                long t0 = t.start();
                w.at("system", series, t0).add(sys(w, "certbot[" + pid + "]: Renewing an existing certificate for " + domain));
                w.at("system", series, t0 + 20_000 + r.nextInt(20_000)).add(sys(w, "certbot[" + pid
                        + "]: Successfully received certificate. Certificate is saved at: /etc/letsencrypt/live/" + domain + "/fullchain.pem"));
                w.at("system", series, t0 + 60_000).add(sys(w, "systemd[1]: Reloading nginx.service - A high performance web server and a reverse proxy server..."));
                w.at("system", series, t0 + 61_000).add(sys(w, "nginx[" + (pid + 7) + "]: signal process started"));
                w.at("system", series, t0 + 62_000).add(sys(w, "systemd[1]: Reloaded nginx.service - A high performance web server and a reverse proxy server."));
            }
            case "CREDENTIAL_STUFFING" -> {
                double perMinute = 30 + r.nextInt(30);
                for (long m = 0; m < minutes; m++) {
                    int c = poisson(r, perMinute);
                    for (int i = 0; i < c; i++) {
                        w.at("web", series, t.start() + m * MINUTE + r.nextInt(60_000));
                        w.add(access(w, r, t.cause(), "POST", "/login", 401, "https://shop.acme.example/login", AGENTS[0]));
                    }
                }
            }
            case "GATEWAY_ERRORS" -> {
                double perMinute = 8 + r.nextInt(8);
                for (long m = 0; m < minutes; m++) {
                    int c = poisson(r, perMinute);
                    for (int i = 0; i < c; i++) {
                        w.at("app", series, t.start() + m * MINUTE + r.nextInt(60_000));
                        paymentError(w, r);
                    }
                }
            }
            case "NEW_ERROR" -> {
                int k = Integer.parseInt(series.substring(series.lastIndexOf('-') + 1));
                NewError e = NEW_ERRORS.get(k);
                double perMinute = 2 + r.nextInt(3);
                for (long m = 0; m < minutes; m++) {
                    int c = poisson(r, perMinute);
                    for (int i = 0; i < c; i++) {
                        e.emitter().emit(w.at(t.source(), series, t.start() + m * MINUTE + r.nextInt(60_000)), r, null);
                    }
                }
            }
            case "TRAFFIC_DROP" -> { }
            default -> throw new IllegalStateException(t.kind());
        }
    }

    private void deploy(Truth t, Lines w, SplittableRandom r, String series) {
        String rel = release((int) ((t.start() - start) / DAY));
        int build = 8000 + (int) ((t.start() - start) / DAY) * 7 + r.nextInt(7);
        long span = t.end() - t.start();
        w.at("app", series, t.start()).add(app(w, r, "INFO ", "deploy-hook", "c.a.shop.ops.DeployHook", "release shop-api " + rel
                + " (build " + build + ") rolling out to 4 pods by ci-runner"));
        w.at("app", series, t.start() + span / 10).add(app(w, r, "INFO ", "main", "o.f.core.internal.command.DbMigrate",
                "Successfully applied 1 migration to schema \"shop\", now at version v" + (200 + t.occurrence() + build % 50)
                        + " (execution time 00:00." + (100 + r.nextInt(800)) + "s)"));
        for (int p = 0; p < 4; p++) {
            long at = t.start() + span / 5 + p * span / 6 + r.nextInt(10_000);
            w.at("app", series, at).add(podStarted(w, r, rel, 0));
            for (String region : new String[] {"products", "users", "sessions"}) {
                w.at("app", series, at + 5_000 + r.nextInt(20_000)).add(app(w, r, "INFO ", "main", "c.a.shop.cache.CacheWarmer",
                        "warm-up loaded " + (1000 + r.nextInt(60_000)) + " entries into region " + region + " in " + (200 + r.nextInt(4000)) + " ms"));
            }
        }
        w.at("app", series, t.end() - 1_000).add(app(w, r, "INFO ", "deploy-hook", "c.a.shop.ops.DeployHook", "release shop-api " + rel
                + " complete in " + span / 1000 + " s"));
    }

    private static String podStarted(Lines w, SplittableRandom r, String release, int restarts) {
        return app(w, r, "INFO ", "main", "c.a.shop.ops.Lifecycle", "pod shop-api-7f9c8" + hex(r, 1) + "-" + alnum(r, 5)
                + " started with image registry.acme.example/shop-api:" + release + " in " + (20 + r.nextInt(40)) + " s (restarts " + restarts + ")");
    }

    // ------------------------------------------------------------------ background series

    @FunctionalInterface
    interface Emitter {
        /** Writes one event at the time and series {@code w} was positioned at ({@link Lines#at}). */
        void emit(Lines w, SplittableRandom r, String cause);
    }

    /**
     * @param seasonal follows the hour-of-day and weekend profile (and the scale)
     * @param scaled   multiplied by the scale (seasonal series always are); heartbeats are not
     * @param periodic a fixed number per minute (a heartbeat) instead of Poisson
     */
    record Series(String source, String series, double perMinute, boolean seasonal, boolean scaled, boolean bursty, boolean periodic,
                  int peakHour, Emitter emitter) {}

    private List<Series> background() {
        return List.of(
                new Series("web", "web/page", 14, true, true, true, false, 19, (w, r, c) -> w.add(access(w, r, ip(r), "GET", webPath(r),
                        status(r), r.nextInt(3) == 0 ? "https://shop.acme.example/" : "-", AGENTS[r.nextInt(AGENTS.length)]))),
                new Series("web", "web/cart", 2, true, true, true, false, 20, (w, r, c) -> w.add(access(w, r, ip(r), "POST", "/api/v1/cart",
                        r.nextInt(50) == 0 ? 409 : 200, "-", APP_AGENT))),
                new Series("web", "web/login", 1, true, true, true, false, 19, (w, r, c) -> w.add(access(w, r, ip(r), "POST", "/login",
                        r.nextInt(8) == 0 ? 401 : 302, "https://shop.acme.example/login", AGENTS[r.nextInt(AGENTS.length)]))),
                new Series("web", "web/probe", 6, false, false, false, true, 0, (w, r, c) -> w.add(access(w, r, "10.0.0." + (11 + r.nextInt(3)),
                        "GET", "/healthz", 200, "-", "kube-probe/1.29"))),
                new Series("sshd", "sshd/session", 2, true, true, true, false, 11, (w, r, c) -> w.add(ssh(w, session(r)))),
                new Series("sshd", "sshd/automation", 1, false, true, true, false, 0, (w, r, c) -> w.add(ssh(w, "Accepted publickey for "
                        + ROBOTS[r.nextInt(ROBOTS.length)] + " from 10.20.0." + (5 + r.nextInt(4)) + " port " + port(r) + " ssh2: ED25519 SHA256:"
                        + b64(r, 43)))),
                new Series("sshd", "sshd/guessing", 1.5, false, true, true, false, 0, (w, r, c) -> guessing(w, r, null)),
                new Series("sshd", "sshd/monitor", 2, false, false, false, true, 0, (w, r, c) -> w.add(ssh(w, "Connection closed by 10.0.9."
                        + (2 + r.nextInt(2)) + " port " + port(r) + " [preauth]"))),
                new Series("app", "app/order", 5, true, true, true, false, 19, (w, r, c) -> w.add(app(w, r, "INFO ", exec(r),
                        "c.a.shop.order.OrderService", "order " + (100_000 + r.nextInt(900_000)) + " placed by customer " + (1000 + r.nextInt(90_000))
                                + ", " + (1 + r.nextInt(6)) + " items, total " + (5 + r.nextInt(400)) + "." + (10 + r.nextInt(90)) + " EUR"))),
                new Series("app", "app/payment", 5, true, true, true, false, 19, (w, r, c) -> w.add(app(w, r, "INFO ", exec(r),
                        "c.a.shop.pay.PaymentClient", "payment for order " + (100_000 + r.nextInt(900_000)) + " authorized by gateway in "
                                + (120 + r.nextInt(900)) + " ms"))),
                new Series("app", "app/payment-error", 0.3, true, true, true, false, 19, (w, r, c) -> paymentError(w, r)),
                new Series("app", "app/cache", 1, false, true, true, false, 0, (w, r, c) -> w.add(app(w, r, "DEBUG", "cache-stats",
                        "c.a.shop.cache.CacheStats", "region " + REGIONS[r.nextInt(REGIONS.length)] + ": hit ratio 0." + (70 + r.nextInt(29))
                                + ", " + (1000 + r.nextInt(60_000)) + " entries"))),
                new Series("app", "app/batch", 0.6, false, true, true, false, 0, (w, r, c) -> w.add(app(w, r, "INFO ", "batch-" + (1 + r.nextInt(4)),
                        "c.a.shop.batch.BatchRunner", "job " + JOBS[r.nextInt(JOBS.length)] + " processed chunk " + (1 + r.nextInt(40))
                                + " (500 records) in " + (80 + r.nextInt(900)) + " ms"))),
                new Series("app", "app/heartbeat", 3, false, false, false, true, 0, (w, r, c) -> w.add(app(w, r, "INFO ", "heartbeat",
                        "c.a.shop.ops.Heartbeat", "worker shop-worker-" + (1 + r.nextInt(3)) + " alive, queue depth " + r.nextInt(20)))),
                new Series("system", "system/cron", 0.2, false, false, false, true, 0, (w, r, c) -> w.add(sys(w, "CRON[" + (10_000 + r.nextInt(50_000))
                        + "]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"))),
                new Series("system", "system/session", 0.8, true, true, true, false, 11, (w, r, c) -> w.add(sys(w, "systemd-logind[612]: New session "
                        + (1000 + r.nextInt(90_000)) + " of user " + STAFF[r.nextInt(STAFF.length)] + "."))),
                new Series("system", "system/ufw", 2, false, true, true, false, 0, (w, r, c) -> w.add(sys(w, "kernel: [UFW BLOCK] IN=eth0 OUT= MAC="
                        + "52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=" + ip(r) + " DST=10.30.0.5 LEN=" + (40 + r.nextInt(20))
                        + " TOS=0x00 PREC=0x00 TTL=" + (40 + r.nextInt(200)) + " ID=" + r.nextInt(65_536) + " PROTO=TCP SPT=" + port(r) + " DPT="
                        + PORTS[r.nextInt(PORTS.length)] + " WINDOW=" + (1024 + r.nextInt(64_000)) + " RES=0x00 SYN URGP=0"))));
    }

    private static final String[] AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"};
    private static final String APP_AGENT = "ShopApp/5.2.1 (iPhone; iOS 17.4; Scale/3.00)";
    private static final String[] WORDS = {"shoes", "jacket", "lamp", "coffee", "kettle", "socks", "desk", "chair"};
    private static final String[] STAFF = {"alice", "bob", "carol", "dave", "erin"};
    private static final String[] ROBOTS = {"ansible", "backup", "deploy"};
    private static final String[] GUESSES = {"admin", "test", "oracle", "ubuntu", "guest", "postgres", "user", "pi", "ftp", "support"};
    private static final String[] REGIONS = {"products", "users", "sessions"};
    private static final String[] JOBS = {"cleanup-sessions", "refresh-prices", "expire-carts"};
    private static final String[] RUNAWAY_JOBS = {"reindex-search", "sync-inventory"};
    private static final String[] DOMAINS = {"shop.acme.example", "api.acme.example", "static.acme.example", "admin.acme.example"};
    private static final int[] PORTS = {22, 23, 445, 3389, 5900, 8080};
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOG4J = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    record NewError(String source, String what, Emitter emitter) {}

    /** Messages the sources never log in normal operation (one per NEW_ERROR incident, cycling). */
    static final List<NewError> NEW_ERRORS = List.of(
            new NewError("app", "HikariPool connection timeouts", (w, r, c) -> w.add(app(w, r, "ERROR", exec(r), "com.zaxxer.hikari.pool.HikariPool",
                    "HikariPool-1 - Connection is not available, request timed out after 30000ms (total=20, active=20, idle=0, waiting="
                            + r.nextInt(40) + ")"))),
            new NewError("system", "EXT4 errors on the data disk", (w, r, c) -> w.add(sys(w, "kernel: EXT4-fs error (device sdb1): "
                    + "ext4_find_entry:1658: inode #" + (100_000 + r.nextInt(900_000)) + ": comm postgres: reading directory lblock 0"))),
            new NewError("sshd", "maximum authentication attempts exceeded for root", (w, r, c) -> w.add(ssh(w,
                    "error: maximum authentication attempts exceeded for root from " + ip(r) + " port " + port(r) + " ssh2 [preauth]"))),
            new NewError("web", "nginx 502s from the checkout upstream", (w, r, c) -> w.add(access(w, r, ip(r), "POST", "/checkout", 502,
                    "https://shop.acme.example/cart", AGENTS[r.nextInt(AGENTS.length)]))),
            new NewError("app", "Kafka producer send failures", (w, r, c) -> w.add(app(w, r, "ERROR", "kafka-producer-network-thread",
                    "o.a.kafka.clients.producer.internals.Sender", "[Producer clientId=shop-events] Got error produce response with correlation id "
                            + r.nextInt(100_000) + " on topic-partition orders-" + r.nextInt(12) + ", retrying. Error: NOT_LEADER_OR_FOLLOWER"))),
            new NewError("system", "the OOM killer", (w, r, c) -> w.add(sys(w, "kernel: Out of memory: Killed process " + (1000 + r.nextInt(60_000))
                    + " (postgres) total-vm:" + (8_000_000 + r.nextInt(900_000)) + "kB, anon-rss:" + (6_000_000 + r.nextInt(900_000))
                    + "kB, file-rss:0kB, shmem-rss:0kB, UID:112 pgtables:" + (12_000 + r.nextInt(900)) + "kB oom_score_adj:0"))),
            new NewError("sshd", "sshd cannot load its host key", (w, r, c) -> w.add(ssh(w, "error: Could not load host key: "
                    + "/etc/ssh/ssh_host_ed25519_key"))),
            new NewError("app", "certificate validation failures to the gateway", (w, r, c) -> w.add(app(w, r, "ERROR", exec(r),
                    "c.a.shop.pay.PaymentClient", "TLS handshake with pay.gateway.example:443 failed: PKIX path validation failed: "
                            + "validity check failed (certificate expired)"))));

    // ------------------------------------------------------------------ formats


    private static String access(Lines w, SplittableRandom r, String ip, String method, String path, int status, String referer, String agent) {
        return ip + " - - [" + CLF.format(Instant.ofEpochMilli(w.time)) + "] \"" + method + " " + path + " HTTP/1.1\" " + status + " "
                + (200 + r.nextInt(40_000)) + " \"" + referer + "\" \"" + agent + "\"";
    }

    private static String ssh(Lines w, String message) {
        return RFC3339.format(Instant.ofEpochMilli(w.time)) + " bastion sshd[" + (1000 + (int) (w.time % 60_000)) + "]: " + message;
    }

    private static String sys(Lines w, String message) {
        return RFC3339.format(Instant.ofEpochMilli(w.time)) + " db01 " + message;
    }

    private static String app(Lines w, SplittableRandom r, String level, String thread, String logger, String message) {
        return LOG4J.format(Instant.ofEpochMilli(w.time)) + " " + level + " [" + thread + "] " + logger + " - " + message;
    }

    /** One failed login of password guessing; from a random internet address unless {@code from} is given. */
    private static void guessing(Lines w, SplittableRandom r, String from) {
        String ip = from == null ? ip(r) : from;
        String user = GUESSES[r.nextInt(GUESSES.length)];
        w.add(ssh(w, r.nextBoolean() ? "Invalid user " + user + " from " + ip + " port " + port(r)
                : "Failed password for invalid user " + user + " from " + ip + " port " + port(r) + " ssh2"));
    }

    private static void paymentError(Lines w, SplittableRandom r) {
        w.add(app(w, r, "WARN ", exec(r), "c.a.shop.pay.PaymentClient", "payment for order " + (100_000 + r.nextInt(900_000))
                + " failed: gateway timeout after 30000 ms, attempt " + (1 + r.nextInt(3)) + " of 3"));
    }

    private static String session(SplittableRandom r) {
        String user = STAFF[r.nextInt(STAFF.length)];
        String ip = "10.20." + r.nextInt(8) + "." + (1 + r.nextInt(254));
        return switch (r.nextInt(4)) {
            case 0 -> "Accepted publickey for " + user + " from " + ip + " port " + port(r) + " ssh2: RSA SHA256:" + b64(r, 43);
            case 1 -> "pam_unix(sshd:session): session opened for user " + user + "(uid=" + (1000 + r.nextInt(5)) + ") by (uid=0)";
            case 2 -> "pam_unix(sshd:session): session closed for user " + user;
            default -> "Received disconnect from " + ip + " port " + port(r) + ":11: disconnected by user";
        };
    }

    private static String webPath(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> "/";
            case 1, 2 -> "/products/" + r.nextInt(5000);
            case 3, 4 -> "/api/v1/products/" + r.nextInt(5000);
            case 5 -> "/static/js/app." + hex(r, 8) + ".js";
            case 6 -> "/search?q=" + WORDS[r.nextInt(WORDS.length)];
            default -> "/favicon.ico";
        };
    }

    private static int status(SplittableRandom r) {
        int x = r.nextInt(100);
        return x < 86 ? 200 : x < 93 ? 304 : x < 98 ? 404 : 301;
    }

    private static String exec(SplittableRandom r) {
        return "http-nio-8080-exec-" + (1 + r.nextInt(20));
    }

    private static String ip(SplittableRandom r) {
        return (11 + r.nextInt(180)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    private static int port(SplittableRandom r) {
        return 1024 + r.nextInt(64_000);
    }

    private static String hex(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }

    private static String alnum(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(r.nextInt(36), 36));
        }
        return sb.toString();
    }

    private static String b64(SplittableRandom r, int n) {
        String abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(abc.charAt(r.nextInt(64)));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ rates

    /**
     * Hour-of-day bump over a night floor (0.3 at night, 1.0 at {@code peakHour}), x0.75 on Saturday and Sunday:
     * the calendar's weekend, so a run may start on any weekday.
     */
    private static double profile(long t, int peakHour) {
        double hour = (t % DAY) / (double) HOUR;
        double dist = Math.abs(hour - peakHour);
        dist = Math.min(dist, 24 - dist);
        double bump = Math.exp(-dist * dist / (2 * 3.5 * 3.5));
        DayOfWeek w = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC).getDayOfWeek();
        double weekend = w == DayOfWeek.SATURDAY || w == DayOfWeek.SUNDAY ? 0.75 : 1.0;
        return (0.3 + 0.7 * bump) * weekend;
    }

    /** Gamma(8)/8 (mean 1) per 10-minute block of a series: a pure function of (seed, series, block), capped at 3. */
    private double burst(String series, long block) {
        SplittableRandom r = new SplittableRandom(mix(seed, series.hashCode(), block));
        double sum = 0;
        for (int i = 0; i < 8; i++) {
            sum -= Math.log(1 - r.nextDouble());
        }
        return Math.min(3.0, sum / 8);
    }

    static int poisson(SplittableRandom r, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 30) {
            return Math.max(0, (int) Math.round(lambda + Math.sqrt(lambda) * gaussian(r)));
        }
        double l = Math.exp(-lambda);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static long mix(long a, long b, long c) {
        long h = a * 0x9E3779B97F4A7C15L + b;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + c;
        h = (h ^ (h >>> 29)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 32);
    }

    /** Collects lines; {@link #at} positions it (source, series, time) for the next {@link #add}. */
    static final class Lines {
        private final List<Line> out;
        String source;
        String series;
        long time;

        Lines(List<Line> out) {
            this.out = out;
        }

        Lines at(String src, String ser, long t) {
            this.source = src;
            this.series = ser;
            this.time = t;
            return this;
        }

        void add(String text) {
            out.add(new Line(source, time, text, series));
        }
    }

    /** For the tests: the date of day {@code d}. */
    LocalDate date(int d) {
        return Instant.ofEpochMilli(dayStart(d)).atZone(ZoneOffset.UTC).toLocalDate();
    }
}
