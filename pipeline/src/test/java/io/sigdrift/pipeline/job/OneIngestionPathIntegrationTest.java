package io.sigdrift.pipeline.job;

import io.sigdrift.pipeline.record.JsonLinesFiles;
import io.sigdrift.pipeline.cli.RunSpec;
import io.sigdrift.pipeline.cli.RunCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.pipeline.cli.ReduceCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One ingestion path: {@code reduce} and {@code run} read input the same way. The same files — plain lines with
 * a NUL-padded line and CRLF endings, CloudTrail-style JSON lines without a source field, pino-style JSON
 * lines with a source field and epoch-millisecond times, Java stack traces — go through
 * {@code reduce --multiline --assignments} (one file at a time: a file is one source in {@code run}) and
 * through {@code run --multiline} on a MiniCluster at parallelism 2, with no format or field flags in either.
 * Both must give the same signatures (id and template) with the same event counts, and the line {@code reduce}
 * skips must be {@code run}'s dead letter.
 *
 * <p>All times are fixed instants on 2026-03-14 (never the wall clock); the lines are realistic but written
 * for this test.
 */
class OneIngestionPathIntegrationTest {
    @TempDir
    Path tmp;

    /** Plain syslog-like lines with ISO times; CRLF endings; one line padded with NULs (a crashed writer). */
    private static final String APP_LOG = String.join("\r\n",
            "2026-03-14T00:00:01Z INFO  http GET /api/orders/1001 200 12ms client=10.0.0.7",
            "2026-03-14T00:00:02Z INFO  http GET /api/orders/1002 200 9ms client=10.0.0.8",
            "2026-03-14T00:00:03Z WARN  pool connection pool at 90% (45/50)",
            "2026-03-14T00:00:04Z INFO  http GET /api/orders/1003 404 3ms client=10.0.0.7",
            "",
            "2026-03-14T00:01:05Z INFO  http GET /api/orders/1004 200 11ms client=10.0.0.9\u0000\u0000",
            "2026-03-14T00:01:06Z WARN  pool connection pool at 92% (46/50)",
            "2026-03-14T00:02:07Z INFO  http POST /api/orders 201 30ms client=10.0.0.7",
            "2026-03-14T00:02:08Z INFO  http GET /api/orders/1005 200 8ms client=10.0.0.8") + "\r\n";

    /** CloudTrail-style records: eventTime, a message-like field, nested objects, no "source" field; one cut line. */
    private static final String TRAIL = String.join("\n",
            trail("00:00:05", "StopInstances", "i-0a1b2c3d", "alice"),
            trail("00:00:35", "StopInstances", "i-0f9e8d7c", "bob"),
            trail("00:01:10", "StartInstances", "i-0a1b2c3d", "alice"),
            "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-03-14T00:01:20Z\",\"eventName\":\"StopInst",
            trail("00:01:40", "TerminateInstances", "i-01234567", "carol"),
            trail("00:02:15", "StartInstances", "i-0f9e8d7c", "bob"),
            "{\"eventTime\":\"2026-03-14T00:02:30Z\",\"eventName\":\"ConsoleLogin\","
                    + "\"message\":\"ConsoleLogin by dave from 198.51.100.4\\u0000\"}") + "\n";

    /** pino-style JSON: msg, epoch-millisecond time, a source field with one value. */
    private static final String BILLING = String.join("\n",
            pino(0, "charge ok customer=42 amount=17.50"),
            pino(20_000, "charge ok customer=7 amount=3.20"),
            pino(70_000, "charge declined customer=42 reason=insufficient_funds"),
            pino(90_000, "charge ok customer=19 amount=120.00"),
            pino(130_000, "refund issued customer=7 amount=3.20")) + "\n";

    /** A worker log with Java stack traces (printStackTrace shapes: tab-indented frames, Caused by, ... N more). */
    private static final String WORKER = String.join("\n",
            "2026-03-14 00:00:10,120 INFO  [worker-1] job 881 started",
            "2026-03-14 00:00:11,450 ERROR [worker-1] job 881 failed",
            "java.lang.IllegalStateException: lease lost for partition 3",
            "\tat com.acme.worker.Lease.renew(Lease.java:88)",
            "\tat com.acme.worker.Job.run(Job.java:41)",
            "Caused by: java.net.SocketTimeoutException: Read timed out",
            "\tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:168)",
            "\t... 2 more",
            "2026-03-14 00:01:12,003 INFO  [worker-2] job 882 started",
            "2026-03-14 00:01:13,778 ERROR [worker-2] job 882 failed",
            "java.lang.IllegalStateException: lease lost for partition 5",
            "\tat com.acme.worker.Lease.renew(Lease.java:88)",
            "\tat com.acme.worker.Job.run(Job.java:41)",
            "Caused by: java.net.SocketTimeoutException: Read timed out",
            "\tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:168)",
            "\t... 2 more",
            "2026-03-14 00:02:14,500 INFO  [worker-1] job 883 started",
            "2026-03-14 00:02:20,010 INFO  [worker-1] job 883 done in 5510 ms") + "\n";

    private static String trail(String time, String name, String instance, String user) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"" + user
                + "\",\"arn\":\"arn:aws:iam::123456789012:user/" + user + "\"},\"eventTime\":\"2026-03-14T" + time
                + "Z\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"eu-west-1\","
                + "\"sourceIPAddress\":\"203.0.113.7\",\"requestParameters\":{\"instancesSet\":{\"items\":[{\"instanceId\":\""
                + instance + "\"}]}},\"message\":\"" + name + " " + instance + " by " + user + "\"}";
    }

    /** 2026-03-14T00:00:00Z + offset, as pino writes it (epoch milliseconds). */
    private static String pino(long offsetMillis, String msg) {
        return "{\"level\":30,\"time\":" + (1_773_446_400_000L + offsetMillis) + ",\"pid\":4711,\"hostname\":\"bill-1\","
                + "\"source\":\"billing\",\"msg\":\"" + msg + "\"}";
    }

    @Test
    void reduceAndRunGiveTheSameSignaturesAndCountsForPlainJsonAndStackTraceInputsWithoutFormatFlags() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Map<String, String> files = Map.of("app.log", APP_LOG, "trail.jsonl", TRAIL, "billing.jsonl", BILLING,
                "worker.log", WORKER);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(in.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }

        // reduce, one file at a time (in run each file is its own source, keyed by its path)
        Map<String, Reduced> reduced = new TreeMap<>();
        long reduceSkipped = 0;
        for (String name : files.keySet()) {
            Reduced r = reduce(in.resolve(name));
            reduced.put(in.resolve(name).toAbsolutePath().toString(), r);
            reduceSkipped += r.skippedNotBlank;
        }

        Path out = tmp.resolve("out");
        RunCommand.Result run = RunCommand.execute(RunSpec.parse(new String[] {"--input", in.toString(),
                "--output", out.toString(), "--multiline", "--parallelism", "2", "--checkpoint-interval", "300ms"}),
                FileJobIntegrationTest.quiet());
        assertEquals(0, run.lateLines());

        // run's sources: the JSON source field where there is one, else the file's path (as Flink names it)
        Map<String, Map<String, Long>> runCounts = runCounts(out);
        Map<String, String> sourceOfFile = new HashMap<>();
        for (String name : files.keySet()) {
            String path = in.resolve(name).toAbsolutePath().toString();
            sourceOfFile.put(path, name.equals("billing.jsonl") ? "billing"
                    : runCounts.keySet().stream().filter(k -> k.endsWith(path)).findFirst().orElse(path));
        }
        assertEquals(files.size(), runCounts.size(), "one source per file: " + runCounts.keySet());
        Map<String, Map<String, String>> runTemplates = runTemplates(out);
        for (Map.Entry<String, Reduced> e : reduced.entrySet()) {
            String source = sourceOfFile.get(e.getKey());
            assertTrue(runCounts.containsKey(source), "run counted source " + source + ": " + runCounts.keySet());
            assertEquals(e.getValue().counts, runCounts.get(source), "signature counts of " + e.getKey());
            for (Map.Entry<String, String> t : e.getValue().templates.entrySet()) {
                assertEquals(t.getValue(), runTemplates.get(source).get(t.getKey()), "template of " + t.getKey());
            }
        }

        // what reduce skips (the cut JSON line) is what run dead-letters; blank lines are neither
        List<JsonNode> dead = JsonLinesFiles.records(out.resolve(RunCommand.DEAD_LETTERS_DIR));
        assertEquals(1, reduceSkipped);
        assertEquals(reduceSkipped, run.parseDeadLetters());
        assertEquals(List.of("invalid-json"), dead.stream().map(d -> d.get("reason").asText()).toList());
        assertTrue(dead.get(0).get("origin").asText().endsWith("trail.jsonl"), dead.get(0).toString());

        // the shapes this test is about did arrive: JSON messages, a joined trace, the NUL-padded line
        Reduced worker = reduced.get(in.resolve("worker.log").toAbsolutePath().toString());
        assertEquals(8, worker.counts.values().stream().mapToLong(Long::longValue).sum(), "6 single lines + 2 joined stack traces");
        assertTrue(worker.templates.values().stream().anyMatch(t -> t.startsWith("java.lang.IllegalStateException")
                        && t.contains("Caused by:") && t.endsWith("more")), "the joined traces' template: "
                + worker.templates);
        Reduced trail = reduced.get(in.resolve("trail.jsonl").toAbsolutePath().toString());
        assertTrue(trail.templates.values().stream().anyMatch(t -> t.startsWith("StopInstances")), trail.templates.toString());
        Reduced app = reduced.get(in.resolve("app.log").toAbsolutePath().toString());
        assertEquals(8, app.counts.values().stream().mapToLong(Long::longValue).sum());
    }

    /** What reduce made of one file: final signature id → events, id → template; skips other than blank lines. */
    record Reduced(Map<String, Long> counts, Map<String, String> templates, long skippedNotBlank) {}

    private Reduced reduce(Path file) throws Exception {
        Path assignments = tmp.resolve(file.getFileName() + ".assignments.csv");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = new ReduceCommand(new ByteArrayInputStream(new byte[0])).run(new String[] {"--input", file.toString(),
                        "--multiline", "--assignments", assignments.toString(), "--format", "json", "--top", "0"},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));
        JsonNode root = JsonLinesFiles.MAPPER.readTree(stdout.toString(StandardCharsets.UTF_8));
        Map<String, Long> counts = new TreeMap<>();
        Map<String, String> templates = new TreeMap<>();
        for (JsonNode s : root.get("signatures")) {
            counts.put(s.get("id").asText(), s.get("count").asLong());
            templates.put(s.get("id").asText(), s.get("template").asText());
        }
        JsonNode skipped = root.get("summary").get("skipped");
        long skippedNotBlank = skipped.get("binary").asLong() + skipped.get("malformed_json").asLong()
                + skipped.get("no_message").asLong();

        // --assignments: one row per physical line, each event line carrying a signature reduce reported
        List<String> rows = Files.readAllLines(assignments, StandardCharsets.UTF_8);
        long lines = Files.readString(file, StandardCharsets.UTF_8).lines().count();
        assertEquals(lines + 1, rows.size(), "header + one row per line of " + file);
        List<String> ids = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",", 3);
            if (!f[1].isEmpty()) {
                ids.add(f[1]);
            }
        }
        assertFalse(ids.isEmpty());
        assertTrue(counts.keySet().containsAll(ids), "assigned ids are reported signatures: " + ids + " vs " + counts);
        return new Reduced(counts, templates, skippedNotBlank);
    }

    /** run's counts per source and FINAL signature id (ids that generalised later are followed to their final id). */
    private static Map<String, Map<String, Long>> runCounts(Path out) {
        Map<String, String> renamed = new HashMap<>();
        for (JsonNode s : JsonLinesFiles.records(out.resolve(RunCommand.SIGNATURES_DIR))) {
            String source = s.get("source").asText();
            String id = s.get("id").asText();
            if (s.hasNonNull("previous_id") && !s.get("previous_id").asText().equals(id)) {
                renamed.put(source + "/" + s.get("previous_id").asText(), id);
            }
            if (s.has("ancestors")) {
                for (JsonNode a : s.get("ancestors")) {
                    if (!a.asText().equals(id)) {
                        renamed.put(source + "/" + a.asText(), id);
                    }
                }
            }
        }
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (JsonNode c : JsonLinesFiles.records(out.resolve(RunCommand.COUNTS_DIR))) {
            if (!c.get("type").asText().equals("count")) {
                continue;
            }
            String source = c.get("source").asText();
            String id = c.get("signature").asText();
            for (int hops = 0; renamed.containsKey(source + "/" + id) && hops < 100; hops++) {
                id = renamed.get(source + "/" + id);
            }
            counts.computeIfAbsent(source, k -> new TreeMap<>()).merge(id, c.get("count").asLong(), Long::sum);
        }
        return counts;
    }

    /** The last template run announced per source and id. */
    private static Map<String, Map<String, String>> runTemplates(Path out) {
        Map<String, Map<String, String>> templates = new HashMap<>();
        for (JsonNode s : JsonLinesFiles.records(out.resolve(RunCommand.SIGNATURES_DIR))) {
            templates.computeIfAbsent(s.get("source").asText(), k -> new HashMap<>())
                    .put(s.get("id").asText(), s.get("template").asText());
        }
        return templates;
    }
}
