package io.sigdrift.benchmarks.detection;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.pipeline.demo.AnomalyReport;
import io.sigdrift.pipeline.cli.DemoCommand;
import io.sigdrift.pipeline.demo.DemoGenerator;
import io.sigdrift.pipeline.demo.Incident;
import io.sigdrift.pipeline.record.JsonLinesFiles;
import io.sigdrift.pipeline.cli.Args;
import io.sigdrift.pipeline.cli.RunCommand;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's verdict on consecutive start dates: {@code sigdrift demo --start D} (the CLI's own code path,
 * {@link DemoCommand#run}) for D = start, start + 1 day, ..., then the injected incidents it found and the
 * anomalies matching none, per date. The generator counts weeks and bursts from its start, so with the
 * dates masked out of the templates every row should be the same; a row that differs points at something
 * in the pipeline that still reads the calendar (a month name or weekday kept in a template, a syslog year).
 *
 * <pre>bin/bench demodates [--start 2026-11-30] [--days 7] [--hours 72] [--seed 20240601] [--scale 0.1]
 *     [--parallelism 2] [--dir target/demodates] [--verbose]</pre>
 */
public final class DemoDatesBenchmark {
    static final String USAGE = "usage: bin/bench demodates [--start 2026-11-30] [--days 7] [--hours 72] [--seed "
            + DemoGenerator.DEFAULT_SEED + "] [--scale " + DemoGenerator.DEFAULT_SCALE
            + "] [--parallelism 2] [--dir target/demodates] [--verbose]";

    public static void main(String[] args) throws Exception {
        Instant start;
        int days;
        int hours;
        long seed;
        double scale;
        int parallelism;
        Path dir;
        boolean verbose;
        try {
            Args f = new Args("demodates").options(java.util.Set.of("--start", "--days", "--hours", "--seed", "--scale",
                    "--parallelism", "--dir")).flags(java.util.Set.of("--verbose")).parse(args);
            start = f.instantValue("--start", Instant.parse("2026-11-30T00:00:00Z"));
            days = f.intValue("--days", 7, 1, 366);
            hours = f.intValue("--hours", (int) DemoGenerator.DEFAULT_SPAN.toHours(), 1, 24 * 30);
            seed = Long.parseLong(f.get("--seed", Long.toString(DemoGenerator.DEFAULT_SEED)));
            scale = Double.parseDouble(f.get("--scale", Double.toString(DemoGenerator.DEFAULT_SCALE)));
            parallelism = f.intValue("--parallelism", 2, 1, 1024);
            dir = Path.of(f.get("--dir", "target/demodates"));
            verbose = f.has("--verbose");
        } catch (RuntimeException e) {
            System.err.println("demodates: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        System.out.printf(Locale.ROOT, "demo verdict by start date: seed %d, %d h, scale %s, parallelism %d (sigdrift demo --start D)%n",
                seed, hours, scale, parallelism);
        System.out.printf(Locale.ROOT, "%-10s %-3s  %-9s %5s  %6s  %s%n", "start", "day", "found", "extra", "secs",
                "missed / extra anomalies by kind and source");
        List<String> verdicts = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            Instant at = start.plus(Duration.ofDays(d));
            String date = at.toString().substring(0, 10);
            Path runDir = dir.resolve(date);
            String[] demoArgs = {"--dir", runDir.toString(), "--seed", Long.toString(seed), "--start", at.toString(),
                    "--hours", Integer.toString(hours), "--scale", Double.toString(scale), "--parallelism",
                    Integer.toString(parallelism)};
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long t0 = System.nanoTime();
            int code = new DemoCommand().run(demoArgs, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(OutputStream.nullOutputStream()));
            double secs = (System.nanoTime() - t0) / 1e9;
            if (code != 0) {
                System.out.println(date + " demo failed with exit code " + code + ":\n" + out.toString(StandardCharsets.UTF_8));
                System.exit(1);
            }
            if (verbose) {
                System.out.print(out.toString(StandardCharsets.UTF_8));
            }
            // The labels the demo wrote (incidents.json) come from the same pure generator: rebuilt, not re-parsed.
            List<Incident> incidents = new DemoGenerator(seed, at, Duration.ofHours(hours), scale).incidents();
            List<JsonNode> records = JsonLinesFiles.records(runDir.resolve("output").resolve(RunCommand.ANOMALIES_DIR));
            long window = DemoCommand.DEMO_WINDOW.toMillis();
            AnomalyReport.Summary s = AnomalyReport.summarise(records, incidents, window);
            Map<String, Integer> extras = new TreeMap<>();
            for (AnomalyReport.Row r : s.rows()) {
                if (incidents.stream().noneMatch(inc -> AnomalyReport.matches(r, inc, window))) {
                    extras.merge(r.kind() + "/" + r.source(), 1, Integer::sum);
                }
            }
            StringBuilder missed = new StringBuilder();
            for (Incident i : s.missed()) {
                missed.append(missed.length() == 0 ? "missed " : ", ").append('#').append(i.id()).append(' ').append(i.kind())
                        .append(' ').append(i.source());
            }
            String dow = at.atZone(ZoneOffset.UTC).getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT);
            String found = s.detected().size() + "/" + incidents.size();
            System.out.printf(Locale.ROOT, "%-10s %-3s  %-9s %5d  %6.0f  %s%s%s%n", date, dow, found, s.unlabelled(), secs, missed,
                    missed.length() > 0 && !extras.isEmpty() ? "; " : "", extras.isEmpty() ? "" : "extra " + extras);
            verdicts.add(found + " +" + s.unlabelled());
        }
        long distinct = verdicts.stream().distinct().count();
        System.out.println(distinct == 1 ? "the same verdict on every start date: " + verdicts.get(0)
                : distinct + " different verdicts over " + days + " start dates");
    }

    private DemoDatesBenchmark() {}
}
