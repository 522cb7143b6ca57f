package io.sigdrift.pipeline.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A seeded, realistic multi-source log stream with labelled incidents. Pure Java (no Flink), so
 * benchmarks and the anomaly evaluation reuse it. Same seed, start, span and scale → the same lines.
 *
 * <p>Sources and their native timestamp formats:
 * <ul>
 *   <li>{@code web}: nginx combined access log, {@code [dd/MMM/yyyy:HH:mm:ss +0000]};</li>
 *   <li>{@code sshd}: OpenSSH auth log, RFC 3164 syslog;</li>
 *   <li>{@code app}: a Java shop service, log4j {@code yyyy-MM-dd HH:mm:ss,SSS}, with multi-line stack
 *       traces (continuation lines carry no timestamp) and a heartbeat per worker every 15 s;</li>
 *   <li>{@code elb}: AWS classic ELB access log, ISO-8601 with microseconds;</li>
 *   <li>{@code firewall}: UFW kernel messages, RFC 3164 syslog.</li>
 * </ul>
 * Incidents, placed at fixed fractions of the span (see {@link #incidents()}): an SSH brute-force burst
 * from one address at 1/3 of the span lasting 1/36 of it (10 min of 6 h); a deploy at 1/2 after which a
 * new NullPointerException with a stack trace appears; worker-2's heartbeat stops at 3/4 and never returns.
 *
 * <p>At scale 1 the stream has about 1,800 lines per minute of event time (≈ 650k lines for 6 h),
 * with a gentle diurnal swing. Timestamps within each source are non-decreasing; the merged
 * {@link #iterator()} is in event-time order.
 */
public final class DemoGenerator implements Iterable<DemoGenerator.Line> {
    public static final long DEFAULT_SEED = 20_240_601L;
    public static final Duration DEFAULT_SPAN = Duration.ofHours(6);
    public static final double DEFAULT_SCALE = 1.0;
    public static final List<String> SOURCES = List.of("web", "sshd", "app", "elb", "firewall");
    /** The brute-force attacker's address (TEST-NET-3, never used by normal traffic here). */
    public static final String ATTACKER_IP = "203.0.113.77";

    /** One generated line; continuation lines of a multi-line event share its timestamp. */
    public record Line(String source, long timestamp, String text) {}

    private final long seed;
    private final long start;
    private final long end;
    private final double scale;
    private final List<Incident> incidents;

    /**
     * @param scale multiplies the background rates (1.0 ≈ 1,800 lines/min); incidents keep their rates
     */
    public DemoGenerator(long seed, Instant start, Duration span, double scale) {
        if (span.isNegative() || span.toMinutes() < 10) {
            throw new IllegalArgumentException("span must be >= 10 minutes, was " + span);
        }
        if (!(scale > 0) || scale > 1000) {
            throw new IllegalArgumentException("scale must be in (0, 1000], was " + scale);
        }
        this.seed = seed;
        this.start = start.toEpochMilli();
        this.end = this.start + span.toMillis();
        this.scale = scale;
        long s = span.toMillis();
        long bruteStart = this.start + s / 3;
        long bruteEnd = bruteStart + s / 36;
        long deploy = this.start + s / 2;
        long heartbeatStop = this.start + s * 3 / 4;
        this.incidents = List.of(
                new Incident("ssh-brute-force", "sshd", Instant.ofEpochMilli(bruteStart), Instant.ofEpochMilli(bruteEnd),
                        "password guessing from " + ATTACKER_IP + " at ~60 attempts/min", List.of(ATTACKER_IP)),
                new Incident("new-error-after-deploy", "app", Instant.ofEpochMilli(deploy), Instant.ofEpochMilli(this.end),
                        "deploy of version 2.14.0, then checkout fails with a NullPointerException (~8/min)",
                        List.of("Deploy finished: version 2.14.0", "Checkout failed for cart", "Coupon.discount()",
                                "CheckoutService.applyCoupon", "CheckoutController.submit")),
                new Incident("heartbeat-stopped", "app", Instant.ofEpochMilli(heartbeatStop), Instant.ofEpochMilli(this.end),
                        "worker-2 stops sending its heartbeat (expected every 15 s)", List.of("heartbeat node=worker-2 ")));
    }

    /** The demo's defaults starting at {@code start}. */
    public static DemoGenerator withDefaults(Instant start) {
        return new DemoGenerator(DEFAULT_SEED, start, DEFAULT_SPAN, DEFAULT_SCALE);
    }

    public List<Incident> incidents() {
        return incidents;
    }

    public Instant start() {
        return Instant.ofEpochMilli(start);
    }

    public Instant end() {
        return Instant.ofEpochMilli(end);
    }

    /** All lines of all sources merged in event-time order. */
    @Override
    public Iterator<Line> iterator() {
        List<Stream> streams = new ArrayList<>();
        streams.add(new Web(rng(1), 800 * scale));
        streams.add(new Sshd(rng(2), 40 * scale));
        streams.add(new App(rng(3), 150 * scale));
        streams.add(new Elb(rng(4), 500 * scale));
        streams.add(new Firewall(rng(5), 250 * scale));
        Incident brute = incidents.get(0);
        streams.add(new BruteForce(rng(6), brute.start().toEpochMilli(), brute.end().toEpochMilli()));
        Incident deploy = incidents.get(1);
        streams.add(new DeployErrors(rng(7), deploy.start().toEpochMilli()));
        streams.add(new Heartbeats(rng(8), incidents.get(2).start().toEpochMilli()));
        return new Merge(streams);
    }

    /** Writes {@code dir/<source>.log} for every source; returns the number of lines written. */
    public long writeFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, BufferedWriter> writers = new HashMap<>();
        long n = 0;
        try {
            for (String s : SOURCES) {
                writers.put(s, Files.newBufferedWriter(dir.resolve(s + ".log"), StandardCharsets.UTF_8));
            }
            for (Line l : this) {
                BufferedWriter w = writers.get(l.source());
                w.write(l.text());
                w.write('\n');
                n++;
            }
        } finally {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        }
        return n;
    }

    private SplittableRandom rng(int stream) {
        return new SplittableRandom(seed * 31 + stream);
    }

    // ------------------------------------------------------------------ merging

    private static final class Merge implements Iterator<Line> {
        private final PriorityQueue<Stream> queue = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(a.nextTime, b.nextTime);
            return c != 0 ? c : Integer.compare(a.order, b.order);
        });

        Merge(List<Stream> streams) {
            for (int i = 0; i < streams.size(); i++) {
                Stream s = streams.get(i);
                s.order = i;
                if (s.advance()) {
                    queue.add(s);
                }
            }
        }

        @Override
        public boolean hasNext() {
            return !queue.isEmpty();
        }

        @Override
        public Line next() {
            Stream s = queue.poll();
            if (s == null) {
                throw new NoSuchElementException();
            }
            Line l = s.take();
            if (s.advance()) {
                queue.add(s);
            }
            return l;
        }
    }

    /** One line producer; an event may have several lines (a stack trace) sharing its timestamp. */
    private abstract class Stream {
        final String source;
        final SplittableRandom rnd;
        final ArrayDeque<String> pending = new ArrayDeque<>();
        long t;
        long nextTime;
        int order;
        final SecondFormats fmt = new SecondFormats();

        Stream(String source, SplittableRandom rnd, long firstTime) {
            this.source = source;
            this.rnd = rnd;
            this.t = firstTime;
        }

        /** Prepares the next line; false when this stream has ended. */
        boolean advance() {
            if (pending.isEmpty()) {
                long next = nextEventTime();
                if (next >= end) {
                    return false;
                }
                t = next;
                event(t, pending);
                if (pending.isEmpty()) {
                    return advance();
                }
            }
            nextTime = t;
            return true;
        }

        Line take() {
            return new Line(source, t, pending.poll());
        }

        /** Returns the time of the next event (>= t). */
        abstract long nextEventTime();

        /** Adds the lines of one event at time {@code time}. */
        abstract void event(long time, ArrayDeque<String> out);

        /** Poisson arrivals at {@code perMinute}, with a ±30 % swing over 24 h. */
        long poisson(double perMinute) {
            double diurnal = 1 + 0.3 * Math.sin(2 * Math.PI * (t % 86_400_000L) / 86_400_000d);
            double rate = perMinute * diurnal / 60_000d;   // per ms
            return t + 1 + (long) (-Math.log(1 - rnd.nextDouble()) / rate);
        }

        String ip() {
            return (10 + rnd.nextInt(180)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
        }

        int port() {
            return 1024 + rnd.nextInt(64_000);
        }

        <T> T pick(T[] options) {
            return options[rnd.nextInt(options.length)];
        }

        String hex(int n) {
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                sb.append(Character.forDigit(rnd.nextInt(16), 16));
            }
            return sb.toString();
        }
    }

    // ------------------------------------------------------------------ timestamp formats

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private static LocalDateTime utc(long ms) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(ms, 1000), 0, ZoneOffset.UTC);
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String d = Integer.toString(v);
        for (int i = d.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(d);
    }

    /**
     * Formats of one second, cached: lines of a second share their timestamp text, so the formatting
     * (which dominated the generator's cost) runs about once per second per source.
     */
    private static final class SecondFormats {
        private long second = Long.MIN_VALUE;
        private String syslog;
        private String clf;
        private String isoSecond;

        private void at(long ms) {
            long sec = Math.floorDiv(ms, 1000);
            if (sec == second) {
                return;
            }
            second = sec;
            LocalDateTime d = utc(ms);
            StringBuilder sb = new StringBuilder(32);
            sb.append(MONTHS[d.getMonthValue() - 1]).append(' ');
            if (d.getDayOfMonth() < 10) {
                sb.append(' ');
            }
            sb.append(d.getDayOfMonth()).append(' ');
            pad(sb, d.getHour(), 2).append(':');
            pad(sb, d.getMinute(), 2).append(':');
            pad(sb, d.getSecond(), 2);
            syslog = sb.toString();
            sb.setLength(0);
            pad(sb, d.getDayOfMonth(), 2).append('/').append(MONTHS[d.getMonthValue() - 1]).append('/');
            pad(sb, d.getYear(), 4).append(':');
            pad(sb, d.getHour(), 2).append(':');
            pad(sb, d.getMinute(), 2).append(':');
            pad(sb, d.getSecond(), 2).append(" +0000");
            clf = sb.toString();
            sb.setLength(0);
            pad(sb, d.getYear(), 4).append('-');
            pad(sb, d.getMonthValue(), 2).append('-');
            pad(sb, d.getDayOfMonth(), 2).append('T');
            pad(sb, d.getHour(), 2).append(':');
            pad(sb, d.getMinute(), 2).append(':');
            pad(sb, d.getSecond(), 2);
            isoSecond = sb.toString();
        }

        String syslog(long ms) {
            at(ms);
            return syslog;
        }

        String clf(long ms) {
            at(ms);
            return clf;
        }

        /** yyyy-MM-dd HH:mm:ss,SSS */
        String log4j(long ms) {
            at(ms);
            StringBuilder sb = new StringBuilder(23).append(isoSecond).append(',');
            pad(sb, (int) Math.floorMod(ms, 1000), 3);
            sb.setCharAt(10, ' ');
            return sb.toString();
        }

        /** yyyy-MM-ddTHH:mm:ss.SSSuuuZ */
        String isoMicros(long ms, int micros) {
            at(ms);
            StringBuilder sb = new StringBuilder(27).append(isoSecond).append('.');
            pad(sb, (int) Math.floorMod(ms, 1000), 3);
            pad(sb, micros, 3);
            return sb.append('Z').toString();
        }
    }

    // ------------------------------------------------------------------ sources

    private static final String[] AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "curl/8.5.0", "Googlebot/2.1 (+http://www.google.com/bot.html)"};
    private static final String[] WORDS = {"shoes", "jacket", "lamp", "coffee", "kettle", "socks", "desk", "chair"};

    private String webPath(SplittableRandom r) {
        return switch (r.nextInt(11)) {
            case 0 -> "/";
            case 1 -> "/index.html";
            case 2, 3 -> "/products/" + r.nextInt(5000);
            case 4, 5 -> "/api/v1/products/" + r.nextInt(5000);
            case 6 -> "/api/v1/cart";
            case 7 -> "/static/js/app." + Long.toHexString(r.nextLong() & 0xffffffffL) + ".js";
            case 8 -> "/search?q=" + WORDS[r.nextInt(WORDS.length)];
            case 9 -> "/login";
            default -> "/favicon.ico";
        };
    }

    private static int status(SplittableRandom r) {
        int x = r.nextInt(100);
        return x < 85 ? 200 : x < 92 ? 304 : x < 97 ? 404 : x < 99 ? 301 : 500;
    }

    /** A background stream: Poisson arrivals at {@code rate} lines per minute from the start of the run. */
    private abstract class PoissonStream extends Stream {
        private final double rate;

        PoissonStream(String source, SplittableRandom rnd, double rate) {
            super(source, rnd, start);
            this.rate = rate;
        }

        @Override
        long nextEventTime() {
            return poisson(rate);
        }
    }

    private final class Web extends PoissonStream {
        Web(SplittableRandom rnd, double rate) {
            super("web", rnd, rate);
        }

        @Override
        void event(long time, ArrayDeque<String> out) {
            String path = webPath(rnd);
            String method = path.equals("/api/v1/cart") || path.equals("/login") ? "POST" : "GET";
            int status = status(rnd);
            out.add(ip() + " - - [" + fmt.clf(time) + "] \"" + method + " " + path + " HTTP/1.1\" " + status + " "
                    + (status == 304 ? 0 : 200 + rnd.nextInt(40_000)) + " \"" + (rnd.nextInt(3) == 0 ? "https://shop.example.com/" : "-")
                    + "\" \"" + pick(AGENTS) + "\"");
        }
    }

    private static final String[] STAFF = {"deploy", "alice", "bob", "ansible", "backup"};
    private static final String[] GUESSES = {"admin", "test", "oracle", "ubuntu", "guest", "postgres", "user", "pi", "ftp", "support"};

    private final class Sshd extends PoissonStream {
        Sshd(SplittableRandom rnd, double rate) {
            super("sshd", rnd, rate);
        }

        @Override
        void event(long time, ArrayDeque<String> out) {
            String head = fmt.syslog(time) + " bastion sshd[" + (1000 + rnd.nextInt(60_000)) + "]: ";
            String user = pick(STAFF);
            String ip = "10.20." + rnd.nextInt(8) + "." + (1 + rnd.nextInt(254));
            int x = rnd.nextInt(100);
            String msg;
            if (x < 22) {
                msg = "Accepted publickey for " + user + " from " + ip + " port " + port() + " ssh2: RSA SHA256:" + hex(43);
            } else if (x < 44) {
                msg = "pam_unix(sshd:session): session opened for user " + user + "(uid=" + (1000 + rnd.nextInt(5)) + ") by (uid=0)";
            } else if (x < 66) {
                msg = "pam_unix(sshd:session): session closed for user " + user;
            } else if (x < 80) {
                msg = "Received disconnect from " + ip + " port " + port() + ":11: disconnected by user";
            } else if (x < 94) {
                msg = "Disconnected from user " + user + " " + ip + " port " + port();
            } else if (x < 97) {
                msg = "Invalid user " + pick(GUESSES) + " from " + ip() + " port " + port();
            } else {
                msg = "Failed password for invalid user " + pick(GUESSES) + " from " + ip() + " port " + port() + " ssh2";
            }
            out.add(head + msg);
        }
    }

    private final class BruteForce extends Stream {
        private final long until;

        BruteForce(SplittableRandom rnd, long from, long until) {
            super("sshd", rnd, from);
            this.until = until;
        }

        @Override
        long nextEventTime() {
            long next = t + 200 + rnd.nextInt(1_600);   // ~60/min, bursty
            return next < until ? next : Long.MAX_VALUE;
        }

        @Override
        void event(long time, ArrayDeque<String> out) {
            String head = fmt.syslog(time) + " bastion sshd[" + (1000 + rnd.nextInt(60_000)) + "]: ";
            String user = pick(GUESSES);
            int port = port();
            switch (rnd.nextInt(3)) {
                case 0 -> out.add(head + "Invalid user " + user + " from " + ATTACKER_IP + " port " + port);
                case 1 -> out.add(head + "Failed password for invalid user " + user + " from " + ATTACKER_IP + " port " + port + " ssh2");
                default -> out.add(head + "Connection closed by invalid user " + user + " " + ATTACKER_IP + " port " + port + " [preauth]");
            }
        }
    }

    private static final String[] REGIONS = {"products", "users", "sessions"};

    private final class App extends PoissonStream {
        App(SplittableRandom rnd, double rate) {
            super("app", rnd, rate);
        }

        @Override
        void event(long time, ArrayDeque<String> out) {
            String thread = "http-nio-8080-exec-" + (1 + rnd.nextInt(20));
            int x = rnd.nextInt(1000);
            String ts = fmt.log4j(time);
            if (x < 350) {
                out.add(ts + " INFO  [" + thread + "] c.a.shop.order.OrderService - Order " + (100_000 + rnd.nextInt(900_000))
                        + " placed by customer " + rnd.nextInt(50_000) + " total " + rnd.nextInt(500) + "." + (10 + rnd.nextInt(90)) + " EUR");
            } else if (x < 750) {
                out.add(ts + " INFO  [" + thread + "] c.a.shop.web.RequestLog - Completed GET /api/v1/products/"
                        + rnd.nextInt(5000) + " in " + (2 + rnd.nextInt(300)) + " ms");
            } else if (x < 900) {
                out.add(ts + " DEBUG [cache-stats] c.a.shop.cache.CacheStats - Cache hit ratio 0." + (50 + rnd.nextInt(50))
                        + " for region " + pick(REGIONS));
            } else if (x < 990) {
                out.add(ts + " WARN  [" + thread + "] c.a.shop.db.SlowQueryLogger - Slow query took " + (1000 + rnd.nextInt(4000))
                        + " ms: SELECT * FROM orders WHERE customer_id = ?");
            } else {
                out.add(ts + " ERROR [" + thread + "] c.a.shop.payment.PaymentClient - Payment provider timeout after 5000 ms for order "
                        + (100_000 + rnd.nextInt(900_000)));
                out.add("java.net.SocketTimeoutException: Read timed out");
                out.add("\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)");
                out.add("\tat com.acme.shop.payment.PaymentClient.charge(PaymentClient.java:88)");
                out.add("\tat com.acme.shop.order.OrderService.checkout(OrderService.java:142)");
                out.add("\t... " + (30 + rnd.nextInt(20)) + " more");
            }
        }
    }

    private final class DeployErrors extends Stream {
        private final long deployAt;
        private boolean deployed;

        DeployErrors(SplittableRandom rnd, long deployAt) {
            super("app", rnd, deployAt - 1);
            this.deployAt = deployAt;
        }

        @Override
        long nextEventTime() {
            if (!deployed) {
                return deployAt;
            }
            return t + 1 + (long) (-Math.log(1 - rnd.nextDouble()) * 60_000d / 8);   // ~8/min
        }

        @Override
        void event(long time, ArrayDeque<String> out) {
            String ts = fmt.log4j(time);
            if (!deployed) {
                deployed = true;
                out.add(ts + " INFO  [main] c.a.shop.Application - Deploy finished: version 2.14.0 (build 8812), restarting workers");
                return;
            }
            out.add(ts + " ERROR [http-nio-8080-exec-" + (1 + rnd.nextInt(20)) + "] c.a.shop.checkout.CheckoutController - Checkout failed for cart "
                    + (10_000 + rnd.nextInt(90_000)));
            out.add("java.lang.NullPointerException: Cannot invoke \"com.acme.shop.checkout.Coupon.discount()\" because \"coupon\" is null");
            out.add("\tat com.acme.shop.checkout.CheckoutService.applyCoupon(CheckoutService.java:212)");
            out.add("\tat com.acme.shop.checkout.CheckoutController.submit(CheckoutController.java:57)");
        }
    }

    private final class Heartbeats extends Stream {
        private final long worker2StopsAt;
        private int worker;

        Heartbeats(SplittableRandom rnd, long worker2StopsAt) {
            super("app", rnd, start);
            this.worker2StopsAt = worker2StopsAt;
        }

        @Override
        long nextEventTime() {
            // worker-1, -2, -3 five seconds apart, each every 15 s
            return t + 5_000;
        }

        @Override
        void event(long time, ArrayDeque<String> out) {
            worker = worker % 3 + 1;
            if (worker == 2 && time >= worker2StopsAt) {
                return;
            }
            out.add(fmt.log4j(time) + " INFO  [scheduler-1] c.a.shop.cluster.Heartbeat - heartbeat node=worker-" + worker
                    + " status=ok lag=" + rnd.nextInt(40) + "ms");
        }
    }

    private static final int[] PORTS = {22, 23, 80, 443, 445, 3389, 8080, 5900};

    private final class Elb extends PoissonStream {
        Elb(SplittableRandom rnd, double rate) {
            super("elb", rnd, rate);
        }

        @Override
        void event(long time, ArrayDeque<String> out) {
            int status = status(rnd);
            String path = webPath(rnd);
            out.add(fmt.isoMicros(time, rnd.nextInt(1000)) + " shop-elb " + ip() + ":" + port() + " 10.0." + rnd.nextInt(4) + "."
                    + (10 + rnd.nextInt(20)) + ":8080 0.0000" + (10 + rnd.nextInt(89)) + " 0.0" + (10_000 + rnd.nextInt(89_999))
                    + " 0.0000" + (10 + rnd.nextInt(89)) + " " + status + " " + status + " " + rnd.nextInt(2000) + " "
                    + (status == 304 ? 0 : 200 + rnd.nextInt(40_000)) + " \"GET https://shop.example.com:443" + path
                    + " HTTP/1.1\" \"" + pick(AGENTS) + "\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2");
        }
    }

    private final class Firewall extends PoissonStream {
        Firewall(SplittableRandom rnd, double rate) {
            super("firewall", rnd, rate);
        }

        @Override
        void event(long time, ArrayDeque<String> out) {
            boolean block = rnd.nextInt(10) < 8;
            long uptime = (time - start) / 1000 + 86_400;
            out.add(fmt.syslog(time) + " fw01 kernel: [" + uptime + "." + pad(new StringBuilder(6), rnd.nextInt(1_000_000), 6) + "] [UFW "
                    + (block ? "BLOCK" : "ALLOW") + "] IN=eth0 OUT= MAC=52:54:00:" + hex(2) + ":" + hex(2) + ":" + hex(2)
                    + " SRC=" + ip() + " DST=198.51.100.10 LEN=" + (40 + rnd.nextInt(60)) + " TOS=0x00 PREC=0x00 TTL="
                    + (30 + rnd.nextInt(200)) + " ID=" + rnd.nextInt(65_536) + " PROTO=TCP SPT=" + port() + " DPT="
                    + PORTS[rnd.nextInt(PORTS.length)] + " WINDOW=" + (1024 + rnd.nextInt(64_000)) + " RES=0x00 SYN URGP=0");
        }
    }
}
