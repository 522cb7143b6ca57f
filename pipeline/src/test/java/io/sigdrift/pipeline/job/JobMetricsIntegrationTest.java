package io.sigdrift.pipeline.job;

import io.sigdrift.pipeline.record.JsonLinesFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.pipeline.connect.Sinks;
import io.sigdrift.pipeline.connect.Sources;
import io.sigdrift.pipeline.parse.ParseConfig;
import io.sigdrift.signatures.EngineStats;
import io.sigdrift.signatures.MultilineJoiner;
import io.sigdrift.signatures.SignatureEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's Flink metrics, read through Flink's {@link InMemoryReporter} from a MiniCluster run at
 * parallelism 2, against values known from the input: lines in, dead letters, late lines, joined
 * multi-line events, and signatures and evictions as a plain {@link SignatureEngine} per source computes
 * them on the same events.
 */
class JobMetricsIntegrationTest {
    static final int MAX_SIGNATURES = 3;
    static final Instant BASE = Instant.parse("2026-03-14T00:00:00Z");
    /** The job's "now", a day after the data starts (fixed: the verdicts, e.g. --max-future, do not depend on the date). */
    static final Clock NOW = Clock.fixed(BASE.plus(Duration.ofDays(1)), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    @Test
    void metricsReportLinesDeadLettersLateLinesEventsSignaturesAndEvictionsOfTheRun() throws Exception {
        Instant base = BASE;
        Path in = Files.createDirectories(tmp.resolve("in"));
        Map<String, List<String>> files = new LinkedHashMap<>();
        List<String> web = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            web.add(base.plusSeconds(i) + " GET /api/items/" + i + " 200");
        }
        web.add(base.plusSeconds(3_600) + " GET /api/items/1 200");   // moves web's clock an hour ahead
        web.add(base.plusSeconds(5) + " GET /api/items/2 200");       // so this one is late
        for (int i = 0; i < 3; i++) {
            web.add("1999-01-01T00:00:00Z GET /old " + i);             // before --min-time: dead letters
        }
        files.put("web", web);
        List<String> app = new ArrayList<>();
        int continuation = 0;
        for (int i = 0; i < 40; i++) {
            app.add(base.plusSeconds(i) + " INFO Order " + i + " placed by customer " + (i * 7));
            if (i % 5 == 0) {
                app.add("java.lang.IllegalStateException: order " + i + " rejected");
                app.add("\tat com.acme.shop.Orders.place(Orders.java:" + (40 + i) + ")");
                app.add("\tat com.acme.shop.Checkout.submit(Checkout.java:12)");
                app.add("Caused by: java.io.IOException: disk full");
                app.add("\t... 3 more");
                continuation += 4;
            }
        }
        files.put("app", app);
        // five templates of different lengths (never one signature): with --max-signatures 3, two are evicted
        List<String> db = new ArrayList<>();
        String[] words = {"checkpoint", "vacuum started", "autovacuum of table done", "connection reset by peer now",
                "replication slot lag exceeds limit of bytes"};
        for (int i = 0; i < words.length; i++) {
            db.add(base.plusSeconds(i) + " " + words[i]);
        }
        files.put("db", db);
        long lines = 0;
        for (Map.Entry<String, List<String>> f : files.entrySet()) {
            Files.write(in.resolve(f.getKey() + ".log"), f.getValue());
            lines += f.getValue().size();
        }

        // A cluster the test owns: a job-scoped local MiniCluster closes its reporters (which clears the
        // InMemoryReporter) while the test would still be reading them.
        InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();
        try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(reporter.addToConfiguration(new Configuration()))
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build())) {
            cluster.start();
            Configuration conf = new Deployment(2, tmp.resolve("chk"), Duration.ofMillis(300), "hashmap", null, 0, 0)
                    .configuration();
            runAndCheck(new TestStreamEnvironment(cluster, conf, 2, List.of(), List.of()), reporter, in, files, lines,
                    continuation);
        }
    }

    private void runAndCheck(StreamExecutionEnvironment env, InMemoryReporter reporter, Path in,
                             Map<String, List<String>> files, long lines, int continuation) throws Exception {
        JobConfig config = JobConfig.builder()
                .clock(NOW)
                .parse(ParseConfig.builder().sourceNaming(ParseConfig.SourceNaming.FILE).multiline(true).build())
                .engine(new EngineSettings(MAX_SIGNATURES, 0, 0))
                .anomalies(null)
                .build();
        Path out = tmp.resolve("out");
        SigdriftJob.build(env, Sources.files(List.of(in), null), config, new SigdriftJob.OutputSinks(null,
                Sinks.jsonLinesDirectory(out.resolve("counts")), Sinks.jsonLinesDirectory(out.resolve("dead-letters"))));
        JobExecutionResult result = env.execute("metrics-test");
        JobID job = result.getJobID();

        Map<String, Metric> parse = merged(reporter, job, "parse");
        assertEquals(lines, count(parse, "linesIn"), "every physical line, good or bad");
        assertEquals(lines, ((Meter) first(reporter, job, "parse", "linesInPerSecond")).getCount(),
                "the lines/s meter counts the same lines");
        assertEquals(3, count(parse, "deadLetters"));

        // What a plain engine per source makes of the same events (continuations joined, dead letters not seen).
        long expectedEvents = 0;
        long expectedEvictions = 0;
        long expectedSignatures = 0;
        Map<String, Integer> signaturesBySource = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> f : files.entrySet()) {
            SignatureEngine engine = new SignatureEngine(config.engine().toEngineConfig());
            MultilineJoiner joiner = new MultilineJoiner(config.engine().toEngineConfig().maxLineChars(),
                    config.multilineMaxLines());
            MultilineJoiner.Pending pending = new MultilineJoiner.Pending();
            List<String> events = new ArrayList<>();
            for (String line : f.getValue()) {
                if (!line.startsWith("1999")) {
                    String done = joiner.feed(pending, line);
                    if (done != null) {
                        events.add(done);
                    }
                }
            }
            events.add(joiner.flush(pending));
            events.forEach(engine::add);
            EngineStats stats = engine.stats();
            expectedEvents += events.size();
            expectedEvictions += stats.evicted();
            expectedSignatures += stats.signatures();
            signaturesBySource.put(f.getKey(), stats.signatures());
        }
        assertTrue(expectedEvictions >= 2, "the input exceeds the signature bound");

        Map<String, Metric> op = merged(reporter, job, "signatures-and-counts");
        assertEquals(expectedEvents, count(op, "events"));
        assertEquals(continuation, count(op, "continuationLinesJoined"));
        assertEquals(0, count(op, "continuationLinesDropped"));
        assertEquals(1, count(op, "lateLines"));
        assertEquals(expectedEvictions, count(op, "evictions"));
        assertEquals(0, count(op, "silentWindows"), "a bounded replay gets no zero windows");
        assertEquals(expectedSignatures, gaugeSum(reporter, job, "signatures-and-counts", "signatures"));
        assertEquals(MAX_SIGNATURES, gaugeMax(reporter, job, "signatures-and-counts", "maxSignaturesPerSource"));
        Map<String, Metric> all = reporter.getMetricsByIdentifiers(job);
        for (Map.Entry<String, Integer> e : signaturesBySource.entrySet()) {
            String suffix = ".source." + e.getKey() + ".signatures";
            List<Metric> gauges = all.entrySet().stream().filter(m -> m.getKey().endsWith(suffix)).map(Map.Entry::getValue).toList();
            assertEquals(1, gauges.size(), "one per-source gauge for " + e.getKey() + " in " + all.keySet());
            assertEquals(e.getValue().longValue(), ((Number) ((Gauge<?>) gauges.get(0)).getValue()).longValue(), e.getKey());
        }

        // and the outputs agree with the metrics
        long counted = 0;
        for (JsonNode c : JsonLinesFiles.records(out.resolve("counts"))) {
            if (c.get("type").asText().equals("total")) {
                counted += c.get("count").asLong();
            }
        }
        assertEquals(expectedEvents - 1, counted, "every event but the late one is counted in a window");
        assertEquals(4, JsonLinesFiles.records(out.resolve("dead-letters")).size(), "3 out-of-range + 1 late");
    }

    /** The metrics of every subtask of an operator, counters summed by name. */
    private static Map<String, Metric> merged(InMemoryReporter reporter, JobID job, String operator) {
        Map<String, Metric> m = new LinkedHashMap<>();
        var groups = reporter.findOperatorMetricGroups(job, operator);
        assertEquals(2, groups.size(), () -> operator + " runs at parallelism 2; operator groups: "
                + reporter.getMetricsByGroup().keySet().stream()
                        .filter(g -> g instanceof org.apache.flink.metrics.groups.OperatorMetricGroup)
                        .map(g -> String.join(".", g.getScopeComponents())).sorted().toList());
        for (var g : groups) {
            reporter.getMetricsByGroup(g).forEach((name, metric) -> {
                if (metric instanceof Counter c) {
                    Metric prev = m.get(name);
                    long sum = c.getCount() + (prev instanceof Counter p ? p.getCount() : 0);
                    org.apache.flink.metrics.SimpleCounter total = new org.apache.flink.metrics.SimpleCounter();
                    total.inc(sum);
                    m.put(name, total);
                } else {
                    m.putIfAbsent(name, metric);
                }
            });
        }
        return m;
    }

    private static long count(Map<String, Metric> metrics, String name) {
        Metric m = metrics.get(name);
        assertTrue(m instanceof Counter, name + " is a counter: " + metrics.keySet());
        return ((Counter) m).getCount();
    }

    private static Metric first(InMemoryReporter reporter, JobID job, String operator, String name) {
        long sum = 0;
        Meter any = null;
        for (var g : reporter.findOperatorMetricGroups(job, operator)) {
            Meter meter = (Meter) reporter.getMetricsByGroup(g).get(name);
            sum += meter.getCount();
            any = meter;
        }
        final long total = sum;
        final Meter rate = any;
        return new Meter() {
            @Override public void markEvent() {}
            @Override public void markEvent(long n) {}
            @Override public double getRate() { return rate.getRate(); }
            @Override public long getCount() { return total; }
        };
    }

    private static long gaugeSum(InMemoryReporter reporter, JobID job, String operator, String name) {
        long sum = 0;
        for (var g : reporter.findOperatorMetricGroups(job, operator)) {
            sum += ((Number) ((Gauge<?>) reporter.getMetricsByGroup(g).get(name)).getValue()).longValue();
        }
        return sum;
    }

    private static long gaugeMax(InMemoryReporter reporter, JobID job, String operator, String name) {
        long max = 0;
        for (var g : reporter.findOperatorMetricGroups(job, operator)) {
            max = Math.max(max, ((Number) ((Gauge<?>) reporter.getMetricsByGroup(g).get(name)).getValue()).longValue());
        }
        return max;
    }
}
