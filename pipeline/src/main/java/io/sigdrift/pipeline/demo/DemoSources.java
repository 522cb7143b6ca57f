package io.sigdrift.pipeline.demo;

import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's five sources and their native log formats (see "Sources" in {@link DemoGenerator}): for each,
 * its message series (base rate, burstiness, whether it follows the daily profile, and how one event's
 * lines are written), its heartbeat hosts, the new error messages it can start logging, and which series
 * each incident kind changes. Rates and times come from the {@link TrafficModel}; timestamps are written
 * by {@link SecondFormats}.
 */
final class DemoSources {
    /** The start of the generated logs: the firewall's kernel uptime counts from it. */
    private final long start;

    DemoSources(long start) {
        this.start = start;
    }

    @FunctionalInterface
    interface Emitter {
        /** @param incident true while a SPIKE of this series is on (lines may then come from the attacker) */
        void emit(LineStream s, long time, ArrayDeque<String> out, boolean incident);
    }

    @FunctionalInterface
    interface HostEmitter {
        void emit(LineStream s, long time, ArrayDeque<String> out, String host);
    }

    record SeriesSpec(String id, double perMinute, double burstShape, boolean seasonal, Emitter emitter) {}

    record HeartbeatSpec(String id, String[] hosts, long periodMillis, HostEmitter emitter) {}

    record NewErrorSpec(String what, double perMinute, Emitter emitter) {}

    /**
     * The series an incident kind changes in a source, a human phrase for it, and the one parameter value every
     * line of the series carries while the incident lasts (null when there is none, see {@link Incident#cause()}).
     */
    record Target(String series, String what, String cause) {
        Target(String series, String what) {
            this(series, what, null);
        }
    }

    record SourceSpec(String name, TrafficModel.Profile profile, List<SeriesSpec> series, HeartbeatSpec heartbeat,
                              Target spike, Target drop, Target driftUp, Target driftDown, List<NewErrorSpec> newErrors) {
    }

    /** The five sources, in the order their files are listed. */
    List<SourceSpec> all() {
        return List.of(web(), sshd(), app(), elb(), firewall());
    }

    // ------------------------------------------------------------------ web: nginx access log

    private static final String[] AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "curl/8.5.0", "Googlebot/2.1 (+http://www.google.com/bot.html)"};
    /** The shop's mobile app, the only client of the cart API. */
    private static final String APP_AGENT = "ShopApp/5.2.1 (iPhone; iOS 17.4; Scale/3.00)";
    private static final String[] WORDS = {"shoes", "jacket", "lamp", "coffee", "kettle", "socks", "desk", "chair"};

    private static String webPath(SplittableRandom r) {
        return switch (r.nextInt(9)) {
            case 0 -> "/";
            case 1 -> "/index.html";
            case 2, 3 -> "/products/" + r.nextInt(5000);
            case 4, 5 -> "/api/v1/products/" + r.nextInt(5000);
            case 6 -> "/static/js/app." + Long.toHexString(r.nextLong() & 0xffffffffL) + ".js";
            case 7 -> "/search?q=" + WORDS[r.nextInt(WORDS.length)];
            default -> "/favicon.ico";
        };
    }

    private static int status(SplittableRandom r) {
        int x = r.nextInt(100);
        return x < 85 ? 200 : x < 92 ? 304 : x < 97 ? 404 : x < 99 ? 301 : 500;
    }

    private static String ip(SplittableRandom r) {
        return (10 + r.nextInt(180)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
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

    private static <T> T pick(SplittableRandom r, T[] options) {
        return options[r.nextInt(options.length)];
    }

    private static String access(LineStream s, String ip, String method, String path, int status, String referer, String agent) {
        SplittableRandom r = s.rnd;
        return ip + " - - [" + s.fmt.clf(s.t) + "] \"" + method + " " + path + " HTTP/1.1\" " + status + " "
                + (status == 304 ? 0 : 200 + r.nextInt(40_000)) + " \"" + referer + "\" \"" + agent + "\"";
    }

    private SourceSpec web() {
        TrafficModel.Profile shoppers = new TrafficModel.Profile(0.35, 1.5, 20, 4.5, 0.85);
        List<SeriesSpec> series = List.of(
                new SeriesSpec("web/page", 700, 20, true, (s, t, out, inc) -> out.add(access(s, ip(s.rnd), "GET", webPath(s.rnd),
                        status(s.rnd), s.rnd.nextInt(3) == 0 ? "https://shop.example.com/" : "-", pick(s.rnd, AGENTS)))),
                new SeriesSpec("web/cart", 60, 10, true, (s, t, out, inc) -> out.add(access(s, ip(s.rnd), "POST", "/api/v1/cart",
                        s.rnd.nextInt(50) == 0 ? 409 : 200, "-", APP_AGENT))),
                // Credential stuffing spoofs a browser's user agent, so it lands in an existing signature.
                new SeriesSpec("web/login", 15, 6, true, (s, t, out, inc) -> out.add(access(s, inc ? DemoGenerator.ATTACKER_IP : ip(s.rnd), "POST",
                        "/login", inc || s.rnd.nextInt(5) == 0 ? 401 : 302, "https://shop.example.com/login",
                        inc ? AGENTS[0] : pick(s.rnd, AGENTS)))));
        HeartbeatSpec probes = new HeartbeatSpec("web/probe", new String[] {"10.0.0.11", "10.0.0.12", "10.0.0.13"}, 10_000,
                (s, t, out, host) -> out.add(host + " - - [" + s.fmt.clf(t) + "] \"GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.29\""));
        return new SourceSpec("web", shoppers, series, probes,
                new Target("web/login", "credential stuffing: failed POST /login from " + DemoGenerator.ATTACKER_IP,
                        DemoGenerator.ATTACKER_IP),
                new Target("web/cart", "POST /api/v1/cart requests collapse (checkout broken in the front end)"),
                new Target("web/cart", "POST /api/v1/cart requests rise slowly (an app release nags users into their carts)"),
                new Target("web/cart", "POST /api/v1/cart requests decline slowly (a payment page degrading)"),
                List.of());
    }

    // ------------------------------------------------------------------ sshd: OpenSSH auth log

    private static final String[] STAFF = {"alice", "bob", "carol", "dave", "erin"};
    private static final String[] ROBOTS = {"ansible", "backup", "deploy"};
    private static final String[] GUESSES = {"admin", "test", "oracle", "ubuntu", "guest", "postgres", "user", "pi", "ftp", "support"};

    private static String sshHead(LineStream s, long t) {
        return s.fmt.syslog(t) + " bastion sshd[" + (1000 + s.rnd.nextInt(60_000)) + "]: ";
    }

    private SourceSpec sshd() {
        TrafficModel.Profile staff = new TrafficModel.Profile(0.25, 1.6, 11, 3.5, 0.7);
        List<SeriesSpec> series = List.of(
                new SeriesSpec("sshd/session", 30, 6, true, (s, t, out, inc) -> out.add(sshHead(s, t) + session(s.rnd, pick(s.rnd, STAFF)))),
                // Configuration management and backups log in around the clock, with OpenSSH certificates.
                new SeriesSpec("sshd/automation", 20, 8, false, (s, t, out, inc) -> out.add(sshHead(s, t) + "Accepted publickey for "
                        + pick(s.rnd, ROBOTS) + " from 10.20.0." + (5 + s.rnd.nextInt(4)) + " port " + port(s.rnd)
                        + " ssh2: ED25519-CERT SHA256:" + hex(s.rnd, 43) + " ID ci-runner (serial " + (100 + s.rnd.nextInt(900))
                        + ") CA ED25519 SHA256:Q3ZsYm9vdF9jYV9rZXlfZm9yX2NpX3J1bm5lcnM")),
                new SeriesSpec("sshd/guessing", 20, 3, false, (s, t, out, inc) -> {
                    SplittableRandom r = s.rnd;
                    String ip = inc ? DemoGenerator.ATTACKER_IP : ip(r);
                    out.add(sshHead(s, t) + (r.nextBoolean()
                            ? "Invalid user " + pick(r, GUESSES) + " from " + ip + " port " + port(r)
                            : "Failed password for invalid user " + pick(r, GUESSES) + " from " + ip + " port " + port(r) + " ssh2"));
                }));
        HeartbeatSpec monitors = new HeartbeatSpec("sshd/monitor", new String[] {"10.0.9.2", "10.0.9.3"}, 30_000,
                (s, t, out, host) -> out.add(sshHead(s, t) + "Connection closed by " + host + " port " + port(s.rnd) + " [preauth]"));
        return sshdRest(staff, series, monitors);
    }

    private static String session(SplittableRandom r, String user) {
        {
            {
                String ip = "10.20." + r.nextInt(8) + "." + (1 + r.nextInt(254));
                int x = r.nextInt(100);
                if (x < 25) {
                    return "Accepted publickey for " + user + " from " + ip + " port " + port(r) + " ssh2: RSA SHA256:" + hex(r, 43);
                } else if (x < 50) {
                    return "pam_unix(sshd:session): session opened for user " + user + "(uid=" + (1000 + r.nextInt(5)) + ") by (uid=0)";
                } else if (x < 75) {
                    return "pam_unix(sshd:session): session closed for user " + user;
                }
                return "Received disconnect from " + ip + " port " + port(r) + ":11: disconnected by user";
            }
        }
    }

    private SourceSpec sshdRest(TrafficModel.Profile staff, List<SeriesSpec> series, HeartbeatSpec monitors) {
        List<NewErrorSpec> errors = List.of(
                new NewErrorSpec("'error: maximum authentication attempts exceeded for root' appears", 3, (s, t, out, inc) ->
                        out.add(sshHead(s, t) + "error: maximum authentication attempts exceeded for root from " + ip(s.rnd)
                                + " port " + port(s.rnd) + " ssh2 [preauth]")),
                new NewErrorSpec("'fatal: Timeout before authentication' appears (the bastion is overloaded)", 3, (s, t, out, inc) ->
                        out.add(sshHead(s, t) + "fatal: Timeout before authentication for " + ip(s.rnd) + " port " + port(s.rnd))),
                new NewErrorSpec("'error: kex_exchange_identification: read: Connection reset by peer' appears", 3, (s, t, out, inc) ->
                        out.add(sshHead(s, t) + "error: kex_exchange_identification: read: Connection reset by peer")),
                new NewErrorSpec("'Unable to negotiate with ... no matching key exchange method found' appears (old clients)", 3,
                        (s, t, out, inc) -> out.add(sshHead(s, t) + "Unable to negotiate with " + ip(s.rnd) + " port " + port(s.rnd)
                                + ": no matching key exchange method found. Their offer: diffie-hellman-group1-sha1 [preauth]")),
                new NewErrorSpec("'error: Could not load host key: /etc/ssh/ssh_host_ed25519_key' appears after a rebuild", 3,
                        (s, t, out, inc) -> out.add(sshHead(s, t) + "error: Could not load host key: /etc/ssh/ssh_host_ed25519_key")));
        return new SourceSpec("sshd", staff, series, monitors,
                new Target("sshd/guessing", "brute force: password guessing from " + DemoGenerator.ATTACKER_IP,
                        DemoGenerator.ATTACKER_IP),
                new Target("sshd/automation", "automation logins fail (a rotated deploy key)"),
                new Target("sshd/guessing", "password guessing from the internet rises slowly"),
                new Target("sshd/automation", "automation sessions decline slowly (jobs time out one by one)"),
                errors);
    }

    // ------------------------------------------------------------------ app: Java service, log4j

    private static final String[] REGIONS = {"products", "users", "sessions"};

    private static String thread(SplittableRandom r) {
        return "http-nio-8080-exec-" + (1 + r.nextInt(20));
    }

    private SourceSpec app() {
        TrafficModel.Profile business = new TrafficModel.Profile(0.4, 1.5, 14, 4.5, 0.75);
        List<SeriesSpec> series = List.of(
                new SeriesSpec("app/order", 50, 10, true, (s, t, out, inc) -> out.add(s.fmt.log4j(t) + " INFO  [" + thread(s.rnd)
                        + "] c.a.shop.order.OrderService - Order " + (100_000 + s.rnd.nextInt(900_000)) + " placed by customer "
                        + s.rnd.nextInt(50_000) + " total " + s.rnd.nextInt(500) + "." + (10 + s.rnd.nextInt(90)) + " EUR")),
                new SeriesSpec("app/request", 60, 20, true, (s, t, out, inc) -> out.add(s.fmt.log4j(t) + " INFO  [" + thread(s.rnd)
                        + "] c.a.shop.web.RequestLog - Completed GET /api/v1/products/" + s.rnd.nextInt(5000) + " in "
                        + (2 + s.rnd.nextInt(300)) + " ms")),
                new SeriesSpec("app/cache", 20, 20, false, (s, t, out, inc) -> out.add(s.fmt.log4j(t)
                        + " DEBUG [cache-stats] c.a.shop.cache.CacheStats - Cache hit ratio 0." + (50 + s.rnd.nextInt(50))
                        + " for region " + pick(s.rnd, REGIONS))),
                new SeriesSpec("app/slow-query", 12, 6, true, (s, t, out, inc) -> out.add(s.fmt.log4j(t) + " WARN  [" + thread(s.rnd)
                        + "] c.a.shop.db.SlowQueryLogger - Slow query took " + (1000 + s.rnd.nextInt(4000))
                        + " ms: SELECT * FROM orders WHERE customer_id = ?")),
                new SeriesSpec("app/payment-timeout", 2, 3, true, (s, t, out, inc) -> {
                    SplittableRandom r = s.rnd;
                    out.add(s.fmt.log4j(t) + " ERROR [" + thread(r) + "] c.a.shop.payment.PaymentClient - Payment provider timeout after 5000 ms for order "
                            + (100_000 + r.nextInt(900_000)));
                    out.add("java.net.SocketTimeoutException: Read timed out");
                    out.add("\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)");
                    out.add("\tat com.acme.shop.payment.PaymentClient.charge(PaymentClient.java:88)");
                    out.add("\tat com.acme.shop.order.OrderService.checkout(OrderService.java:142)");
                    out.add("\t... " + (30 + r.nextInt(20)) + " more");
                }));
        HeartbeatSpec workers = new HeartbeatSpec("app/heartbeat", new String[] {"worker-1", "worker-2", "worker-3"}, 15_000,
                (s, t, out, host) -> out.add(s.fmt.log4j(t) + " INFO  [scheduler-1] c.a.shop.cluster.Heartbeat - heartbeat node="
                        + host + " status=ok lag=" + s.rnd.nextInt(40) + "ms"));
        List<NewErrorSpec> errors = List.of(
                new NewErrorSpec("deploy of version 2.14.0, then checkout fails with a NullPointerException", 3, (s, t, out, inc) -> {
                    String ts = s.fmt.log4j(t);
                    if (s.events == 0) {
                        out.add(ts + " INFO  [main] c.a.shop.Application - Deploy finished: version 2.14.0 (build 8812), restarting workers");
                    }
                    out.add(ts + " ERROR [" + thread(s.rnd) + "] c.a.shop.checkout.CheckoutController - Checkout failed for cart "
                            + (10_000 + s.rnd.nextInt(90_000)));
                    out.add("java.lang.NullPointerException: Cannot invoke \"com.acme.shop.checkout.Coupon.discount()\" because \"coupon\" is null");
                    out.add("\tat com.acme.shop.checkout.CheckoutService.applyCoupon(CheckoutService.java:212)");
                    out.add("\tat com.acme.shop.checkout.CheckoutController.submit(CheckoutController.java:57)");
                }),
                new NewErrorSpec("refunds fail: IllegalStateException 'Refund amount exceeds captured amount'", 3, (s, t, out, inc) -> {
                    out.add(s.fmt.log4j(t) + " ERROR [" + thread(s.rnd) + "] c.a.shop.refund.RefundService - Refund failed for order "
                            + (100_000 + s.rnd.nextInt(900_000)));
                    out.add("java.lang.IllegalStateException: Refund amount exceeds captured amount");
                    out.add("\tat com.acme.shop.refund.RefundService.refund(RefundService.java:64)");
                }),
                new NewErrorSpec("the database pool runs dry: HikariCP 'Connection is not available'", 3, (s, t, out, inc) -> {
                    out.add(s.fmt.log4j(t) + " ERROR [" + thread(s.rnd) + "] c.a.shop.order.OrderRepository - Could not open JDBC connection for order "
                            + (100_000 + s.rnd.nextInt(900_000)));
                    out.add("java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.");
                    out.add("\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)");
                    out.add("\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)");
                }),
                new NewErrorSpec("the inventory circuit breaker opens", 3, (s, t, out, inc) -> out.add(s.fmt.log4j(t) + " WARN  ["
                        + thread(s.rnd) + "] c.a.shop.inventory.InventoryClient - CircuitBreaker 'inventory' is OPEN and does not permit further calls")),
                new NewErrorSpec("a worker runs out of heap: OutOfMemoryError", 3, (s, t, out, inc) -> {
                    out.add(s.fmt.log4j(t) + " ERROR [" + thread(s.rnd) + "] c.a.shop.report.ReportService - Report generation failed for customer "
                            + s.rnd.nextInt(50_000));
                    out.add("java.lang.OutOfMemoryError: Java heap space");
                    out.add("\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)");
                    out.add("\tat com.acme.shop.report.ReportService.render(ReportService.java:77)");
                }));
        return new SourceSpec("app", business, series, workers,
                new Target("app/payment-timeout", "payment provider timeouts with stack traces"),
                new Target("app/order", "orders placed collapse (checkout broken)"),
                new Target("app/slow-query", "slow-query warnings rise slowly (the orders table bloats)"),
                new Target("app/order", "orders placed decline slowly (a degrading payment page)"),
                errors);
    }

    // ------------------------------------------------------------------ elb: AWS classic ELB access log

    private static String elbLine(LineStream s, long t, String client, String backend, String times, int status, String method,
                                  String path, String agent) {
        SplittableRandom r = s.rnd;
        return s.fmt.isoMicros(t, r.nextInt(1000)) + " shop-elb " + client + ":" + port(r) + " " + backend + " " + times + " "
                + status + " " + (backend.equals("-") ? "-" : Integer.toString(status)) + " " + r.nextInt(2000) + " "
                + (status == 304 || backend.equals("-") ? 0 : 200 + r.nextInt(40_000)) + " \"" + method + " https://shop.example.com:443" + path
                + " HTTP/1.1\" \"" + agent + "\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2";
    }

    private static String backend(SplittableRandom r) {
        return "10.0." + r.nextInt(4) + "." + (10 + r.nextInt(20)) + ":8080";
    }

    private static String times(SplittableRandom r) {
        return "0.0000" + (10 + r.nextInt(89)) + " 0.0" + (10_000 + r.nextInt(89_999)) + " 0.0000" + (10 + r.nextInt(89));
    }

    private SourceSpec elb() {
        TrafficModel.Profile shoppers = new TrafficModel.Profile(0.35, 1.5, 20, 4.5, 0.85);
        List<SeriesSpec> series = List.of(
                new SeriesSpec("elb/request", 450, 20, true, (s, t, out, inc) -> out.add(elbLine(s, t, ip(s.rnd), backend(s.rnd),
                        times(s.rnd), status(s.rnd), "GET", webPath(s.rnd), pick(s.rnd, AGENTS)))),
                new SeriesSpec("elb/cart", 40, 10, true, (s, t, out, inc) -> out.add(elbLine(s, t, ip(s.rnd), backend(s.rnd),
                        times(s.rnd), 200, "POST", "/api/v1/cart", APP_AGENT))),
                new SeriesSpec("elb/backend-timeout", 8, 3, true, (s, t, out, inc) -> out.add(elbLine(s, t, ip(s.rnd), "-",
                        "-1 -1 -1", 504, "GET", "/api/v1/products/" + s.rnd.nextInt(5000), APP_AGENT))));
        HeartbeatSpec uptime = new HeartbeatSpec("elb/uptime", new String[] {"52.0.14.10", "34.240.5.20", "13.54.8.30"}, 20_000,
                (s, t, out, host) -> out.add(elbLine(s, t, host, backend(s.rnd), times(s.rnd), 200, "HEAD", "/healthz",
                        "UptimeMonitor/2.0 (+https://uptime.example.net)")));
        return new SourceSpec("elb", shoppers, series, uptime,
                new Target("elb/backend-timeout", "504s with no backend (-1 -1 -1): the API backends stall"),
                new Target("elb/cart", "POST /api/v1/cart requests collapse"),
                new Target("elb/cart", "POST /api/v1/cart requests rise slowly (a sale ramps up)"),
                new Target("elb/cart", "POST /api/v1/cart requests decline slowly"),
                List.of());
    }

    // ------------------------------------------------------------------ firewall: UFW kernel log

    private static final int[] PORTS = {22, 23, 80, 443, 445, 3389, 8080, 5900};

    private String kernel(LineStream s, long t) {
        long uptime = (t - start) / 1000 + 86_400;
        return s.fmt.syslog(t) + " fw01 kernel: [" + uptime + "." + SecondFormats.pad(new StringBuilder(6), s.rnd.nextInt(1_000_000), 6) + "] ";
    }

    private String ufw(LineStream s, long t, boolean block, String src) {
        SplittableRandom r = s.rnd;
        return kernel(s, t) + "[UFW " + (block ? "BLOCK" : "ALLOW") + "] IN=eth0 OUT= MAC=52:54:00:" + hex(r, 2) + ":" + hex(r, 2) + ":"
                + hex(r, 2) + " SRC=" + src + " DST=198.51.100.10 LEN=" + (40 + r.nextInt(60)) + " TOS=0x00 PREC=0x00 TTL="
                + (30 + r.nextInt(200)) + " ID=" + r.nextInt(65_536) + " PROTO=TCP SPT=" + port(r) + " DPT="
                + (block ? PORTS[r.nextInt(PORTS.length)] : 443) + " WINDOW=" + (1024 + r.nextInt(64_000)) + " RES=0x00 SYN URGP=0";
    }

    private SourceSpec firewall() {
        TrafficModel.Profile internet = new TrafficModel.Profile(0.85, 1.15, 15, 6, 1.0);
        List<SeriesSpec> series = List.of(
                new SeriesSpec("firewall/block", 200, 12, true, (s, t, out, inc) -> out.add(ufw(s, t, true, inc ? DemoGenerator.ATTACKER_IP : ip(s.rnd)))),
                new SeriesSpec("firewall/allow", 50, 10, true, (s, t, out, inc) -> out.add(ufw(s, t, false, ip(s.rnd)))));
        HeartbeatSpec snmp = new HeartbeatSpec("firewall/snmp", new String[] {"10.0.9.2", "10.0.9.3"}, 30_000,
                (s, t, out, host) -> out.add(s.fmt.syslog(t) + " fw01 snmpd[1204]: Connection from UDP: [" + host + "]:"
                        + port(s.rnd) + "->[198.51.100.10]:161"));
        List<NewErrorSpec> errors = List.of(
                new NewErrorSpec("'nf_conntrack: table full, dropping packet' appears", 4, (s, t, out, inc) ->
                        out.add(kernel(s, t) + "nf_conntrack: nf_conntrack: table full, dropping packet")),
                new NewErrorSpec("'Possible SYN flooding on port 443' appears", 3, (s, t, out, inc) ->
                        out.add(kernel(s, t) + "TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.")),
                new NewErrorSpec("the NIC hangs: 'e1000e ... Detected Hardware Unit Hang'", 3, (s, t, out, inc) ->
                        out.add(kernel(s, t) + "e1000e 0000:00:19.0 eth0: Detected Hardware Unit Hang: TDH <" + hex(s.rnd, 2) + "> TDT <"
                                + hex(s.rnd, 2) + ">")),
                new NewErrorSpec("the disk fills: 'EXT4-fs warning ... ext4_dx_add_entry: Directory index full!'", 3, (s, t, out, inc) ->
                        out.add(kernel(s, t) + "EXT4-fs warning (device sda1): ext4_dx_add_entry:2516: Directory index full!")),
                new NewErrorSpec("'neighbour: arp_cache: neighbor table overflow!' appears", 3, (s, t, out, inc) ->
                        out.add(kernel(s, t) + "neighbour: arp_cache: neighbor table overflow!")));
        return new SourceSpec("firewall", internet, series, snmp,
                new Target("firewall/block", "port scan from " + DemoGenerator.ATTACKER_IP + " (blocked SYNs)",
                        DemoGenerator.ATTACKER_IP),
                new Target("firewall/allow", "allowed HTTPS connections collapse (an upstream route is lost)"),
                new Target("firewall/block", "blocked connections rise slowly (a scanning campaign ramps up)"),
                new Target("firewall/allow", "allowed HTTPS connections decline slowly"),
                errors);
    }
}
