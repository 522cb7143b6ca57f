package io.sigdrift.benchmarks.accuracy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generality check: parsing accuracy on SYNTHETIC logs of log families the rules were not developed on (Hadoop /
 * YARN / MapReduce, a phone health app, macOS system log, OpenStack nova, a Windows proxy client, a cluster's
 * syslog). The lines are written from the public conventions of those formats (message shapes, value kinds), not
 * copied from any dataset; each event pattern carries its truth template, so the scoring is the one
 * {@code bin/bench accuracy} uses ({@link AccuracyBenchmark#evaluate(List, List)}).
 *
 * <p>A pattern is the message with slots {@code {kind}}; each slot is drawn afresh per line (hosts, ports, ids,
 * list lengths vary) and is ONE {@code <*>} in the truth: one value, one placeholder. {@code {=kind}} is an event
 * word drawn per line that the truth keeps (HTTP methods, state words: the event kind), {@code {-kind}} an aside the
 * truth leaves out (a restated quantity). Deterministic (fixed seed).
 *
 * <pre>bin/bench generality [--lines N] [--errors N] [--family NAME] [--seed S] [--rules]</pre>
 * ({@code --rules}: the table of rule firings per family, as {@code bin/bench accuracy --loso} prints per system)
 */
public final class GeneralityBenchmark {
    private GeneralityBenchmark() {
    }

    record Event(int weight, String pattern) {
    }

    record Family(String name, List<Event> events) {
    }

    static final List<Family> FAMILIES = List.of(
            new Family("hadoop", List.of(
                    new Event(8, "Assigned container {container} to {attempt}"),
                    new Event(10, "Progress of TaskAttempt {attempt} is : {frac}"),
                    new Event(6, "{attempt} TaskAttempt Transitioned from {=tastate} to {=tastate}"),
                    new Event(5, "{container} Container Transitioned from {=cstate} to {=cstate}"),
                    new Event(3, "Address change detected. Old: {hostaddrport} New: {hostport}"),
                    new Event(4, "Retrying connect to server: {hostport}. Already tried {small} time(s); retry policy is RetryUpToMaximumCountWithFixedSleep(maxRetries={small}, sleepTime={ms} MILLISECONDS)"),
                    new Event(3, "getResources() for {app}: ask={small} release= {small} newContainers={small} finishedContainers={small} resourcelimit=<memory:{mem}, vCores:{vcores}> knownNMs={small}"),
                    new Event(3, "Recalculating schedule, headroom=<memory:{mem}, vCores:{vcores}>"),
                    new Event(3, "JVM with ID : {jvm} asked for a task"),
                    new Event(3, "JVM with ID: {jvm} given task: {attempt}"),
                    new Event(2, "Num completed Tasks: {small}"),
                    new Event(2, "Task succeeded with attempt {attempt}"),
                    new Event(2, "Connecting to ResourceManager at {hostaddrport}"),
                    new Event(2, "Instantiated MRClientService at {hostaddrport}"),
                    new Event(2, "Error Recovery for block {bpblock} in pipeline {addrlist}: bad datanode {ipport}"),
                    new Event(2, "Registered signal handler {javaobj}"),
                    new Event(2, "Reduce slow start threshold not met. completedMapsForReduceSlowstart {small}"),
                    new Event(2, "Read {num} bytes from map-output for {attempt}"),
                    new Event(2, "fetcher#{small} about to shuffle output of map {attempt} decomp: {num} len: {num} to MEMORY"),
                    new Event(1, "Processing the event EventType: {evtype} for container {container} taskAttempt {attempt}"))),
            new Family("healthapp", List.of(
                    new Event(10, "onStandStepChanged {num}"),
                    new Event(6, "onExtend:{epochms} {small} {small} {small}"),
                    new Event(8, "REPORT : {num} {num} {num} {num}"),
                    new Event(4, "flush sensor data"),
                    new Event(4, "getTodayTotalDetailSteps = {hashlist}"),
                    new Event(3, "setTodayTotalDetailSteps={hashlist}"),
                    new Event(3, "calculateCaloriesWithCache totalCalories={num}"),
                    new Event(3, "calculateAltitudeWithCache totalAltitude={num}"),
                    new Event(3, "upLoadOneMinuteDataToEngine time = {epochms}"),
                    new Event(2, "processHandleBroadcastAction action:{intent}"),
                    new Event(2, "onReceive action: {intent}"),
                    new Event(2, "screen status unknown,think screen on"),
                    new Event(2, "insertHiHealthData() bulkSaveDetailHiHealthData fail errorCode = {small},errorMessage = ERR_DATA_INSERT"),
                    new Event(2, "uploadStaticsToDB() onResult type = {small} obj={bool}"),
                    new Event(2, "getBinderPackageName packageName = {package}"),
                    new Event(1, "checkCurrentDay a new day comes , reset basicStepData"),
                    new Event(2, "tryToReloadTodayDataFromDB ts={epochms}"),
                    new Event(2, "onSensorChanged lastTs={epochs} value={num}"))),
            new Family("mac", List.of(
                    new Event(6, "ARPT: {kts}: wl0: wl_update_tcpkeep_seq: Original Seq: {num}, Ack: {num}, Win size: {num}"),
                    new Event(2, "ARPT: {kts}: AirPort_Brcm43xx::platformWoWEnable: WWEN[enable]"),
                    new Event(2, "ARPT: {kts}: AirPort_Brcm43xx::platformWoWEnable: WWEN[disable]"),
                    new Event(4, "en0: BSSID changed to {mac}"),
                    new Event(3, "PM response took {num} ms ({small}, {proc})"),
                    new Event(3, "Sandbox: {proc}({pid}) deny({small}) network-outbound {path}"),
                    new Event(3, "AppleThunderboltNHIType2::prePCIWake - power up complete - took {small} us"),
                    new Event(3, "IOThunderboltSwitch<0>(0x0)::listenerCallback - Thunderbolt HPD packet for route = {hex} port = {small} unplug = {small}"),
                    new Event(3, "Wake reason: {wake}"),
                    new Event(3, "{javaobj}: connection invalid"),
                    new Event(3, "AHCI port {pci} link is down"),
                    new Event(3, "Setting BTCoex Config: enable_2G:{small}, profile_2g:{small}, enable_5G:{small}, profile_5G:{small}"),
                    new Event(2, "hibernate image path: {path}"),
                    new Event(2, "CCFile::captureLog Received Capture notice id: {epochs}.{num}, reason = {reason}"),
                    new Event(2, "mDNS_DeregisterInterface: Frequent transitions for interface {iface} ({ip})"),
                    new Event(2, "Process {proc} [{pid}] crashed at {hexaddr}"))),
            new Family("openstack", List.of(
                    new Event(16, "{ip} \"{=method} {apiurl} HTTP/1.1\" status: {status} len: {num} time: {frac}"),
                    new Event(4, "[instance: {uuid}] VM {=vmstate} (Lifecycle Event)"),
                    new Event(3, "[instance: {uuid}] During sync_power_state the instance has a pending task ({task}). Skip."),
                    new Event(3, "[instance: {uuid}] Took {secs} seconds to spawn the instance on the hypervisor."),
                    new Event(3, "[instance: {uuid}] Attempting claim: memory {num} MB, disk {small} GB, vcpus {small} CPU"),
                    new Event(3, "[instance: {uuid}] Total memory: {num} MB, used: {secs} MB"),
                    new Event(3, "[instance: {uuid}] Claim successful"),
                    new Event(3, "Compute_service record updated for {fqdn}:{fqdn}"),
                    new Event(3, "Final resource view: name={fqdn} phys_ram={num}MB used_ram={num}MB phys_disk={small}GB used_disk={small}GB total_vcpus={small} used_vcpus={small} pci_stats=[]"),
                    new Event(3, "Total usable vcpus: {small}, total allocated vcpus: {small}"),
                    new Event(3, "Auditing locally available compute resources for node {fqdn}"),
                    new Event(3, "image {uuid} at ({path}): checking"),
                    new Event(2, "Active base files: {path}"),
                    new Event(2, "[instance: {uuid}] Deleting instance files {path}"),
                    new Event(2, "Creating event network-vif-plugged:{uuid} for instance {uuid}"))),
            new Family("proxifier", List.of(
                    new Event(10, "{exe} - {hostport} open through proxy {proxy} {=proto}"),
                    new Event(10, "{exe} - {hostport} close, {num} bytes{-kbecho} sent, {num} bytes{-kbecho} received, lifetime {lifetime}"),
                    new Event(3, "{exe} - {hostport} close, {num} bytes{-kbecho} sent, {num} bytes{-kbecho} received, lifetime <1 sec"),
                    new Event(4, "{exe} - {hostport} error : Could not connect through proxy {proxy} - Proxy server cannot establish a connection with the target, status code {status}"),
                    new Event(3, "{exe} - {hostport} error : A connection request was canceled before the completion."),
                    new Event(2, "{exe} *64 - {hostport} open through proxy {proxy} {=proto}"),
                    new Event(2, "{exe} - {hostport} open directly"),
                    new Event(1, "Connection to {hostport} closed. Traffic: sent {num} bytes, received {num} bytes"))),
            new Family("thunderbird", List.of(
                    new Event(8, "session opened for user {user} by (uid={small})"),
                    new Event(8, "session closed for user {user}"),
                    new Event(6, "({user}) CMD (run-parts {path})"),
                    new Event(4, "synchronized to {ip}, stratum {small}"),
                    new Event(4, "Accepted publickey for {user} from {ip} port {port} ssh2"),
                    new Event(3, "DHCPDISCOVER from {mac} via {iface}"),
                    new Event(3, "DHCPREQUEST for {ip} ({ip}) from {mac} via {iface}"),
                    new Event(3, "DHCPACK on {ip} to {mac} via {iface}"),
                    new Event(3, "[{srcline}]: No topology change"),
                    new Event(3, "check pass; user unknown"),
                    new Event(3, "Server listening on {ip} port {port}."),
                    new Event(3, "Sending request {small} to {users} via {hostport}"),
                    new Event(2, "Connection from {ip} port {port}"),
                    new Event(2, "authentication failure; logname= uid={small} euid={small} tty=ssh ruser= rhost={host} user={user}"),
                    new Event(2, "kernel: EXT3-fs: mounted filesystem with ordered data mode on {dev}"),
                    new Event(2, "Did not receive identification string from {ip}"),
                    new Event(2, "running: {path} start"))));

    private static final Pattern SLOT = Pattern.compile("\\{([=-]?)([a-z0-9]+)}");

    /** Generates n lines of a family: content and truth per line. */
    static void generate(Family f, int n, Random r, List<String> content, List<String> truth) {
        int total = 0;
        for (Event e : f.events) {
            total += e.weight;
        }
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(total);
            Event ev = null;
            for (Event e : f.events) {
                pick -= e.weight;
                if (pick < 0) {
                    ev = e;
                    break;
                }
            }
            Matcher m = SLOT.matcher(ev.pattern);
            StringBuilder line = new StringBuilder();
            StringBuilder tpl = new StringBuilder();
            int last = 0;
            while (m.find()) {
                line.append(ev.pattern, last, m.start());
                tpl.append(ev.pattern, last, m.start());
                // "{=kind}": an event word drawn per line, kept in the truth; "{-kind}": an aside left out of it
                String v = value(m.group(2), r);
                line.append(v);
                tpl.append(m.group(1).equals("=") ? v : m.group(1).equals("-") || v.isEmpty() ? "" : "<*>");
                last = m.end();
            }
            line.append(ev.pattern.substring(last));
            tpl.append(ev.pattern.substring(last));
            content.add(line.toString());
            truth.add(tpl.toString());
        }
    }

    private static final String[] USERS = {"root", "admin", "nobody", "dadmin1", "dadmin2", "dadmin3", "dadmin4",
            "jsmith", "www-data", "postgres", "backup", "alice", "bob", "svc_build", "mwhite"};
    private static final String[] EXES = {"chrome.exe", "firefox.exe", "Dropbox.exe", "svchost.exe", "outlook.exe",
            "WeChat.exe", "Skype.exe", "git-remote-https.exe", "Teams.exe", "steam.exe"};
    private static final String[] PROCS = {"powerd", "WindowServer", "mDNSResponder", "com.apple.WebKit.Networking",
            "Safari", "sharingd", "locationd", "kernel_task", "bluetoothd", "cloudd"};
    private static final String[] DOMAINS = {"example.com", "example.org", "cdn.example.net", "api.example.io",
            "mail.example.edu", "static.example.co.uk"};

    static String value(String kind, Random r) {
        return switch (kind) {
            case "num" -> Integer.toString(r.nextInt(r.nextBoolean() ? 1000 : 10_000_000));
            case "small" -> Integer.toString(r.nextInt(r.nextInt(5) == 0 ? 100 : 10));
            case "frac" -> String.format(Locale.ROOT, "%.7f", r.nextDouble()).replaceAll("0+$", "");
            case "secs" -> String.format(Locale.ROOT, "%.2f", r.nextDouble() * 100);
            case "ms" -> Integer.toString(1000 * (1 + r.nextInt(5)));
            case "bool" -> r.nextBoolean() ? "true" : "false";
            case "epochms" -> Long.toString(1_514_000_000_000L + r.nextInt(100_000_000));
            case "epochs" -> Long.toString(1_514_000_000L + r.nextInt(10_000_000));
            case "kts" -> String.format(Locale.ROOT, "%d.%06d", 600_000 + r.nextInt(100_000), r.nextInt(1_000_000));
            case "hex" -> "0x" + Integer.toHexString(r.nextInt(1 << (4 * (1 + r.nextInt(6)))));
            case "hexaddr" -> String.format(Locale.ROOT, "0x%012x", r.nextLong() & 0xffffffffffffL);
            case "hex32" -> hex(r, 32);
            case "apiurl" -> "/v2/" + hex(r, 32) + pick(r, "/servers/detail", "/os-server-external-events",
                    "/servers/" + value("uuid", r) + "/action", "/flavors/" + r.nextInt(20));
            case "uuid" -> hex(r, 8) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 12);
            case "mac" -> String.format(Locale.ROOT, "%02x:%02x:%02x:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256),
                    r.nextInt(256), r.nextInt(256), r.nextInt(256), r.nextInt(256));
            case "ip" -> ip(r);
            case "port" -> Integer.toString(1024 + r.nextInt(64000));
            case "ipport" -> ip(r) + ":" + (50000 + r.nextInt(100));
            case "host" -> host(r);
            case "fqdn" -> host(r) + "." + DOMAINS[r.nextInt(DOMAINS.length)];
            case "hostport" -> (r.nextInt(3) == 0 ? ip(r) : r.nextBoolean() ? host(r) : "www." + DOMAINS[r.nextInt(
                    DOMAINS.length)]) + ":" + (r.nextBoolean() ? 443 : 1024 + r.nextInt(60000));
            case "hostaddrport" -> (r.nextBoolean() ? host(r) : "MININT-" + hex(r, 6).toUpperCase(Locale.ROOT)
                    + ".corp.example.com") + "/" + ip(r) + ":" + (8030 + r.nextInt(40));
            case "proxy" -> "proxy" + r.nextInt(4) + "." + DOMAINS[r.nextInt(DOMAINS.length)] + ":" + (r.nextBoolean()
                    ? 5070 : 3128);
            case "addrlist" -> {
                StringBuilder sb = new StringBuilder(ip(r) + ":50010");
                for (int k = r.nextInt(3); k > 0; k--) {
                    sb.append(", ").append(ip(r)).append(":50010");
                }
                yield sb.toString();
            }
            case "users" -> {
                StringBuilder sb = new StringBuilder(USERS[3 + r.nextInt(4)]);
                for (int k = r.nextInt(3) == 0 ? 0 : r.nextInt(4); k > 0; k--) {
                    sb.append(' ').append("dadmin").append(1 + r.nextInt(9));
                }
                yield sb.toString();
            }
            case "user" -> USERS[r.nextInt(USERS.length)];
            case "exe" -> EXES[r.nextInt(EXES.length)];
            case "proc" -> PROCS[r.nextInt(PROCS.length)];
            case "pid" -> Integer.toString(100 + r.nextInt(60000));
            case "app" -> "application_1445144423722_" + String.format(Locale.ROOT, "%04d", r.nextInt(30));
            case "container" -> String.format(Locale.ROOT, "container_1445144423722_%04d_01_%06d", r.nextInt(30),
                    r.nextInt(20));
            case "attempt" -> String.format(Locale.ROOT, "attempt_1445144423722_%04d_%s_%06d_%d", r.nextInt(30),
                    r.nextBoolean() ? "m" : "r", r.nextInt(20), r.nextInt(3));
            case "jvm" -> String.format(Locale.ROOT, "jvm_1445144423722_%04d_m_%06d", r.nextInt(30), r.nextInt(20));
            case "bpblock" -> "BP-" + (1_000_000_000 + r.nextInt(999_999_999)) + "-" + ip(r) + "-1444972147527:blk_"
                    + (1_073_741_000 + r.nextInt(5000)) + "_" + (1000 + r.nextInt(5000));
            case "tastate" -> pick(r, "NEW", "UNASSIGNED", "ASSIGNED", "RUNNING", "SUCCESS_CONTAINER_CLEANUP",
                    "SUCCEEDED");
            case "cstate" -> pick(r, "NEW", "ALLOCATED", "ACQUIRED", "RUNNING", "COMPLETED", "RELEASED");
            case "evtype" -> pick(r, "CONTAINER_REMOTE_LAUNCH", "CONTAINER_REMOTE_CLEANUP");
            case "mem" -> Integer.toString(1024 * r.nextInt(12));
            case "vcores" -> Integer.toString(r.nextInt(12) - 9);
            case "javaobj" -> pick(r, "org.apache.hadoop.util.SignalLogger$Handler", "com.example.app.g.c",
                    "com.apple.coreservices.lsuseractivity.SharedPasteboard", "org.example.net.Pool$Worker") + "@"
                    + Integer.toHexString(0x100000 + r.nextInt(0xefffff));
            case "hashlist" -> {
                StringBuilder sb = new StringBuilder(value("epochms", r));
                for (int k = 0; k < 5; k++) {
                    sb.append("##").append(r.nextInt(30_000_000));
                }
                yield sb.toString();
            }
            case "intent" -> pick(r, "android.intent.action.SCREEN_ON", "android.intent.action.SCREEN_OFF",
                    "android.intent.action.TIME_TICK", "android.intent.action.USER_PRESENT");
            case "package" -> pick(r, "com.huawei.health", "com.example.fit", "com.example.watch.sync");
            case "endis" -> pick(r, "enable", "disable");
            case "wake" -> pick(r, "RTC", "EC.LidOpen", "XHC1", "ARPT", "OHC1");
            case "reason" -> pick(r, "AutoCapture", "WiFiDisconnect", "PowerEvent");
            case "path" -> "/" + pick(r, "var", "private/var", "etc", "Users/alice", "var/lib/nova") + "/"
                    + pick(r, "run", "log", "cache", "instances/_base") + "/" + hex(r, 1 + r.nextInt(40));
            case "pci" -> String.format(Locale.ROOT, "%04x:%02x:%02x.%d[%s]", 0, r.nextInt(4), r.nextInt(32),
                    r.nextInt(8), pick(r, "A", "B", "C", "D"));
            case "iface" -> pick(r, "eth0", "eth1", "en0", "en1", "bond0");
            case "dev" -> pick(r, "sda1", "sda2", "sdb1", "md0");
            case "method" -> pick(r, "GET", "GET", "GET", "POST", "DELETE");
            case "status" -> pick(r, "200", "202", "204", "403", "404");
            case "vmstate" -> pick(r, "Paused", "Resumed", "Started", "Stopped");
            case "task" -> pick(r, "spawning", "deleting", "powering-off");
            case "proto" -> pick(r, "HTTPS", "SOCKS5");
            case "kbecho" -> r.nextBoolean() ? "" : String.format(Locale.ROOT, " (%.2f KB)", r.nextDouble() * 100);
            case "lifetime" -> String.format(Locale.ROOT, "%02d:%02d", r.nextInt(60),
                    r.nextInt(60));
            case "srcline" -> pick(r, "ib_sm_sweep.c", "ib_sm_discover.c") + ":" + (100 + r.nextInt(2000));
            case "state" -> pick(r, "start", "stop");
            default -> throw new IllegalArgumentException("unknown slot kind " + kind);
        };
    }

    private static String pick(Random r, String... values) {
        return values[r.nextInt(values.length)];
    }

    private static String hex(Random r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }

    private static String ip(Random r) {
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    private static String host(Random r) {
        return pick(r, "node-", "cn", "msra-sa-", "cp-", "worker") + (1 + r.nextInt(200))
                + (r.nextBoolean() ? "" : "." + pick(r, "cluster", "rack2", "lab"));
    }

    public static void main(String[] args) {
        int lines = 800;
        int errors = 0;
        long seed = 42;
        String only = null;
        boolean rules = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--lines" -> lines = Integer.parseInt(args[++i]);
                case "--errors" -> errors = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--family" -> only = args[++i];
                case "--rules" -> rules = true;
                default -> {
                    System.err.println("usage: bin/bench generality [--lines N] [--errors N] [--family NAME] [--seed S]"
                            + " [--rules]");
                    System.exit(2);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-12s %6s %6s %6s %6s %6s %6s%n", "family", "GA", "PA", "FGA", "FTA",
                "truth", "pred");
        double[] sum = new double[4];
        int n = 0;
        double minGa = 1;
        java.util.Map<String, AccuracyBenchmark.Result> results = new java.util.LinkedHashMap<>();
        for (Family f : FAMILIES) {
            if (only != null && !only.equalsIgnoreCase(f.name)) {
                continue;
            }
            List<String> content = new ArrayList<>();
            List<String> truth = new ArrayList<>();
            generate(f, lines, new Random(seed ^ f.name.hashCode()), content, truth);
            AccuracyBenchmark.Result r = AccuracyBenchmark.evaluate(content, truth);
            results.put(f.name, r);
            ParsingMetrics m = r.metrics();
            System.out.printf(Locale.ROOT, "%-12s %6.3f %6.3f %6.3f %6.3f %6d %6d%n", f.name, m.ga(), m.pa(),
                    m.fga(), m.fta(), m.truthGroups(), m.predictedGroups());
            sum[0] += m.ga();
            sum[1] += m.pa();
            sum[2] += m.fga();
            sum[3] += m.fta();
            minGa = Math.min(minGa, m.ga());
            n++;
            if (errors > 0) {
                AccuracyBenchmark.printErrors(r, errors);
            }
        }
        if (n > 0) {
            System.out.printf(Locale.ROOT, "%-12s %6.3f %6.3f %6.3f %6.3f   (min GA %.3f over %d families)%n",
                    "average", sum[0] / n, sum[1] / n, sum[2] / n, sum[3] / n, minGa, n);
        }
        if (rules) {
            System.out.println();
            AccuracyBenchmark.printFirings(results, "family", "families");
        }
    }
}
