package io.sigdrift.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a small, demo-like job output directory (the job's version-1 records) starting at a fixed instant,
 * and remembers what it wrote so tests can compare the database with plain sums.
 *
 * <p>Two days of 5-minute windows for two sources: {@code sshd} with a steady "Failed password" signature
 * that generalises at noon of day 1 (its earlier windows keep the old id), an "Accepted publickey" one,
 * and from {@link #SPIKE_START} a brute-force spike plus a NEW error whose template and example are
 * hostile HTML; {@code web} with one steady GET signature. Anomalies: a SPIKE (CREATED, UPDATED, CLOSED)
 * and a NEW.
 */
public final class Fixtures {
    public static final Instant START = Instant.parse("2026-03-14T00:00:00Z");
    public static final Duration WINDOW = Duration.ofMinutes(5);
    public static final int WINDOWS = 2 * 24 * 12;
    public static final Instant GENERALISED_AT = START.plus(Duration.ofHours(12));
    public static final Instant SPIKE_START = START.plus(Duration.ofHours(40));
    public static final int SPIKE_WINDOWS = 6;

    public static final String FAILED_OLD = "a1a1a1a1a1a1a1a1";
    public static final String FAILED = "b2b2b2b2b2b2b2b2";
    public static final String ACCEPTED = "c3c3c3c3c3c3c3c3";
    public static final String XSS = "d4d4d4d4d4d4d4d4";
    public static final String WEB_GET = "e5e5e5e5e5e5e5e5";
    public static final String SPIKE_ID = "5a5a5a5a5a5a5a5a";
    public static final String NEW_ID = "6b6b6b6b6b6b6b6b";

    public static final String XSS_SCRIPT = "<script>alert(1)</script>";
    public static final String XSS_IMG = "<img src=x onerror=alert(1)>";
    public static final String XSS_LINK = "javascript:alert(1)";
    /** The value the spike is attributed to, and a hostile value and window line of the NEW anomaly. */
    public static final String SPIKE_VALUE = "203.0.113.77";
    public static final String XSS_VALUE = "<img src=x onerror=alert(2)>";
    public static final String XSS_WINDOW_LINE = "Mar 15 16:00:04 bastion sshd[999]: error: <script>alert(3)</script>";
    /** A rule that changed the spike's closing event (affected_by). */
    public static final String AFFECTING_RULE = "nightly-backup";
    /** An incident the job suppressed (its {@code suppressed/} stream), and the label that did it. */
    public static final String SUPPRESSED_ID = "7c7c7c7c7c7c7c7c";
    public static final String SUPPRESSING_LABEL = "lbl-fixture-scanner";
    /** A label the job rejected (audit stream only: the label record itself is not in this output). */
    public static final String REJECTED_LABEL = "lbl-fixture-rejected";
    public static final String REJECTED_REASON = "duplicate of " + SUPPRESSING_LABEL;
    /** Parameter positions of the failed-password template: the user (a <*>) and the address (<IP>). */
    public static final int USER_POSITION = 6;
    public static final int ADDRESS_POSITION = 8;
    /** The steady address of failed passwords outside the spike, and the hostile value of the NEW error's parameter. */
    public static final String STEADY_ADDRESS = "198.51.100.7";
    public static final int XSS_POSITION = 5;
    public static final String XSS_TEMPLATE = "<TIME> bastion sshd[<NUM>]: error: " + XSS_SCRIPT + " " + XSS_IMG + " " + XSS_LINK;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Expected per-signature sums (final ids, lineage followed) and per-source totals. */
    public final Map<String, Long> countsBySignature = new TreeMap<>();
    public final Map<String, Long> totalsBySource = new TreeMap<>();
    /** Every parameter value count written: signature (final id), window start, position, value, count. */
    public final List<ValueRow> valueRows = new ArrayList<>();
    /** Every position total written: signature (final id), window start, position, total. */
    public final List<ValueRow> positionTotals = new ArrayList<>();
    public long countRecords;
    public long totalRecords;
    /** Every record written, per stream (signatures, counts, anomalies, dead-letters), in file order. */
    public final Map<String, List<String>> streams = new java.util.LinkedHashMap<>();

    public static Fixtures write(Path dataDir) {
        Fixtures f = new Fixtures();
        try {
            f.writeAll(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    private void writeAll(Path dir) throws IOException {
        List<String> signatures = new ArrayList<>();
        signatures.add(signature("CREATED", "sshd", FAILED_OLD, null, List.of(),
                "<TIME> bastion sshd[<NUM>]: Failed password for root from <IP> port <NUM> ssh2",
                "Mar 14 00:00:03 bastion sshd[411]: Failed password for root from 198.51.100.7 port 50122 ssh2", START));
        signatures.add(signature("CREATED", "sshd", ACCEPTED, null, List.of(),
                "<TIME> bastion sshd[<NUM>]: Accepted publickey for <*> from <IP> port <NUM> ssh2",
                "Mar 14 00:01:10 bastion sshd[412]: Accepted publickey for deploy from 10.0.0.5 port 40222 ssh2", START));
        signatures.add(signature("CREATED", "web", WEB_GET, null, List.of(),
                "<IP> - - [<TIME>] \"GET <PATH> HTTP/<NUM>\" <NUM> <NUM>",
                "10.0.0.9 - - [14/Mar/2026:00:00:01 +0000] \"GET /health HTTP/1.1\" 200 2", START));
        signatures.add(signature("UPDATED", "sshd", FAILED, FAILED_OLD, List.of(FAILED_OLD),
                "<TIME> bastion sshd[<NUM>]: Failed password for <*> from <IP> port <NUM> ssh2",
                "Mar 14 12:00:03 bastion sshd[911]: Failed password for admin from 198.51.100.7 port 50122 ssh2",
                GENERALISED_AT));
        signatures.add(signature("CREATED", "sshd", XSS, null, List.of(), XSS_TEMPLATE,
                "Mar 15 16:00:01 bastion sshd[999]: error: " + XSS_SCRIPT + " " + XSS_IMG + " " + XSS_LINK, SPIKE_START));

        List<String> counts = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            Instant ws = START.plus(WINDOW.multipliedBy(w));
            boolean spike = !ws.isBefore(SPIKE_START) && ws.isBefore(SPIKE_START.plus(WINDOW.multipliedBy(SPIKE_WINDOWS)));
            long failed = 10 + (w % 7) + (spike ? 200 : 0);
            long accepted = 3 + (w % 3);
            long xss = spike ? 4 : 0;
            long sshdTotal = failed + accepted + xss;
            String failedId = ws.isBefore(GENERALISED_AT) ? FAILED_OLD : FAILED;
            // parameter values (the job's optional "parameters"): users root/admin; the address is the steady one
            // except in the spike, where the scanner carries 200 lines; two lines per window are "other" addresses
            long root = failed / 2;
            long steady = failed - (spike ? 200 : 0) - 2;
            List<ValueRow> values = new ArrayList<>(List.of(
                    new ValueRow(FAILED, ws, USER_POSITION, "root", root), new ValueRow(FAILED, ws, USER_POSITION, "admin", failed - root),
                    new ValueRow(FAILED, ws, ADDRESS_POSITION, STEADY_ADDRESS, steady)));
            if (spike) {
                values.add(2, new ValueRow(FAILED, ws, ADDRESS_POSITION, SPIKE_VALUE, 200));
            }
            counts.add(count("sshd", failedId, ws, failed, values, failed));
            counts.add(count("sshd", ACCEPTED, ws, accepted));
            if (xss > 0) {
                counts.add(count("sshd", XSS, ws, xss, List.of(new ValueRow(XSS, ws, XSS_POSITION, XSS_VALUE, xss)), xss));
            }
            counts.add(total("sshd", ws, sshdTotal, xss > 0 ? 3 : 2));
            long get = 50 + (w % 11);
            counts.add(count("web", WEB_GET, ws, get));
            counts.add(total("web", ws, get, 1));
            countsBySignature.merge(FAILED, failed, Long::sum);
            countsBySignature.merge(ACCEPTED, accepted, Long::sum);
            if (xss > 0) {
                countsBySignature.merge(XSS, xss, Long::sum);
            }
            countsBySignature.merge(WEB_GET, get, Long::sum);
            totalsBySource.merge("sshd", sshdTotal, Long::sum);
            totalsBySource.merge("web", get, Long::sum);
        }

        List<String> anomalies = new ArrayList<>();
        anomalies.add(anomaly(SPIKE_ID, "CREATED", "SPIKE", FAILED, 0, 215, 13.0, 100.0));
        anomalies.add(anomaly(SPIKE_ID, "UPDATED", "SPIKE", FAILED, 1, 216, 13.0, 100.0));
        anomalies.add(anomaly(NEW_ID, "CREATED", "NEW", XSS, 0, 4, null, 20.5));
        anomalies.add(anomaly(SPIKE_ID, "CLOSED", "SPIKE", FAILED, 18, 12, 13.0, 100.0));

        List<String> deadLetters = List.of(JSON.writeValueAsString(JSON.createObjectNode().put("v", 1)
                .put("type", "dead-letter").put("reason", "bad-timestamp").put("detail", "no timestamp found")
                .put("origin", "/var/log/auth.log").put("time", START.plusSeconds(60).toString())
                .put("line", "garbage " + XSS_SCRIPT)));

        // the job run with feedback: an incident its label suppressed, and the audit of that label, a rejected one, rules
        ObjectNode quiet = (ObjectNode) JSON.readTree(anomaly(SUPPRESSED_ID, "CREATED", "SPIKE", FAILED, -60, 40, 13.0, 90.0));
        quiet.putArray("affected_by").add(SUPPRESSING_LABEL);
        quiet.put("incident_start", quiet.get("window_start").asText());
        List<String> suppressed = List.of(quiet.toString());
        List<String> audit = List.of(
                audit("label", SUPPRESSING_LABEL, "ACCEPTED", null, SPIKE_START.minusSeconds(600)),
                audit("label", REJECTED_LABEL, "REJECTED", REJECTED_REASON, SPIKE_START.minusSeconds(300)),
                audit("rules", "rules.json", "ACCEPTED", "3 rules in force", START.plusSeconds(1)));

        // Two part files per stream, as with parallelism 2; plus an in-progress file that must be ignored.
        writeParts(dir.resolve("signatures"), signatures);
        writeParts(dir.resolve("counts"), counts);
        writeParts(dir.resolve("anomalies"), anomalies.subList(0, 2));
        write(dir.resolve("anomalies").resolve("part-x-1.jsonl"), anomalies.subList(2, 4));
        writeParts(dir.resolve("dead-letters"), deadLetters);
        writeParts(dir.resolve("suppressed"), suppressed);
        writeParts(dir.resolve("audit"), audit);
        write(dir.resolve("counts").resolve(".part-in-progress-0.jsonl.inprogress.1234"),
                List.of(count("sshd", ACCEPTED, START, 999_999)));
        streams.put("signatures", signatures);
        streams.put("counts", counts);
        streams.put("anomalies", anomalies);
        streams.put("dead-letters", deadLetters);
        streams.put("suppressed", suppressed);
        streams.put("audit", audit);
        countRecords = counts.stream().filter(s -> s.contains("\"type\":\"count\"")).count();
        totalRecords = counts.size() - countRecords;
    }

    private static void writeParts(Path dir, List<String> lines) throws IOException {
        int half = lines.size() / 2;
        write(dir.resolve("part-0f3c-0.jsonl"), lines.subList(0, half));
        write(dir.resolve("part-9a1e-0.jsonl"), lines.subList(half, lines.size()));
    }

    public static void write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    static String signature(String change, String source, String id, String previous, List<String> ancestors,
                            String template, String example, Instant time) {
        ObjectNode n = JSON.createObjectNode().put("v", 1).put("type", "signature").put("change", change)
                .put("source", source).put("split", 0).put("id", id);
        if (previous == null) {
            n.putNull("previous_id");
        } else {
            n.put("previous_id", previous);
        }
        n.put("template", template);
        ancestors.forEach(n.putArray("ancestors")::add);
        if (!n.has("ancestors")) {
            n.putArray("ancestors");
        }
        n.put("example", example).put("count", 1).put("time", time.toString());
        return n.toString();
    }

    public static String count(String source, String signature, Instant ws, long n) {
        return JSON.createObjectNode().put("v", 1).put("type", "count").put("source", source).put("split", 0)
                .put("window_start", ws.toString()).put("window_end", ws.plus(WINDOW).toString())
                .put("signature", signature).put("count", n).toString();
    }

    /** One value count (or, in {@link #positionTotals}, a position's total in {@code count}) of one window. */
    public record ValueRow(String signature, Instant windowStart, int position, String value, long count) {}

    /** A count record with the job's optional parameter values: the rows' values per position, each position's total. */
    String count(String source, String signature, Instant ws, long n, List<ValueRow> values, long positionTotal) {
        ObjectNode r;
        try {
            r = (ObjectNode) JSON.readTree(count(source, signature, ws, n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var parameters = r.putArray("parameters");
        java.util.Map<Integer, ObjectNode> byPosition = new java.util.TreeMap<>();
        for (ValueRow v : values) {
            ObjectNode p = byPosition.computeIfAbsent(v.position(), k -> {
                ObjectNode o = parameters.addObject().put("position", k).put("type", k == ADDRESS_POSITION ? "IP" : "*")
                        .put("total", positionTotal);
                o.putArray("top");
                positionTotals.add(new ValueRow(v.signature(), ws, k, null, positionTotal));
                return o;
            });
            ((com.fasterxml.jackson.databind.node.ArrayNode) p.get("top")).addObject().put("value", v.value()).put("count", v.count());
            valueRows.add(v);
        }
        return r.toString();
    }

    static String audit(String record, String id, String status, String reason, Instant time) {
        return JSON.createObjectNode().put("v", 1).put("type", "audit").put("time", time.toString()).put("record", record)
                .put("id", id).put("status", status).put("reason", reason).toString();
    }

    static String total(String source, Instant ws, long n, int sigs) {
        return JSON.createObjectNode().put("v", 1).put("type", "total").put("source", source).put("split", 0)
                .put("window_start", ws.toString()).put("window_end", ws.plus(WINDOW).toString())
                .put("count", n).put("signatures", sigs).toString();
    }

    static String anomaly(String id, String change, String kind, String signature, int window, double observed,
                          Double expected, double score) {
        Instant ws = SPIKE_START.plus(WINDOW.multipliedBy(window));
        ObjectNode n = JSON.createObjectNode().put("v", 1).put("type", "anomaly").put("id", id).put("change", change)
                .put("kind", kind).put("direction", kind.equals("NEW") ? 0 : 1).put("source", "sshd").put("split", 0)
                .put("signature", signature)
                .put("template", signature.equals(XSS) ? XSS_TEMPLATE
                        : "<TIME> bastion sshd[<NUM>]: Failed password for <*> from <IP> port <NUM> ssh2")
                .put("window_start", ws.toString()).put("window_end", ws.plus(WINDOW).toString())
                .put("incident_start", SPIKE_START.toString()).put("observed", observed);
        if (expected == null) {
            n.putNull("expected");
        } else {
            n.put("expected", expected);
        }
        n.put("score", score).put("probability", 1e-15)
                .put("explanation", kind.equals("NEW") ? "First occurrence of this signature (4 lines) " + XSS_IMG
                        : "Occurred " + (long) observed + " times in the window where about 13 were expected.");
        n.putArray("examples").add(signature.equals(XSS) ? "Mar 15 16:00:01 bastion sshd[999]: error: " + XSS_SCRIPT
                : "Mar 15 16:00:02 bastion sshd[1001]: Failed password for admin from 203.0.113.77 port 4022 ssh2");
        n.putArray("ancestors");
        // the analyst-loop fields (issue 11): the anomalous window's lines and the values that carry the change
        if (signature.equals(XSS)) {
            n.putArray("window_examples").add(XSS_WINDOW_LINE).add("Mar 15 16:00:05 bastion sshd[999]: error: " + XSS_LINK);
            n.putArray("attribution").addObject().put("position", 5).put("type", "WORD").put("value", XSS_VALUE)
                    .put("window_count", 4).put("window_share", 1.0).put("baseline_share", 0.0).put("p", 1e-9);
        } else {
            n.putArray("window_examples")
                    .add("Mar 15 16:00:02 bastion sshd[1001]: Failed password for admin from 203.0.113.77 port 4022 ssh2")
                    .add("Mar 15 16:00:02 bastion sshd[1002]: Failed password for root from 203.0.113.77 port 4023 ssh2");
            n.putArray("attribution").addObject().put("position", 8).put("type", "IP").put("value", SPIKE_VALUE)
                    .put("window_count", 207).put("window_share", 0.96).put("baseline_share", 0.004).put("p", 1e-12);
        }
        if (change.equals("CLOSED")) {
            n.putArray("affected_by").add(AFFECTING_RULE);
        } else {
            n.putArray("affected_by");
        }
        return n.toString();
    }
}
