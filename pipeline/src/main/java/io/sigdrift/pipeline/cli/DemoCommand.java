package io.sigdrift.pipeline.cli;

import io.sigdrift.pipeline.record.JsonLinesFiles;
import io.sigdrift.pipeline.demo.Incident;
import io.sigdrift.pipeline.demo.DemoGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigdrift.pipeline.demo.AnomalyReport;
import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.pipeline.cli.Command;
import io.sigdrift.pipeline.job.Deployment;
import io.sigdrift.pipeline.job.Endpoint;
import io.sigdrift.pipeline.job.JobConfig;
import io.sigdrift.pipeline.cli.RunCommand;
import io.sigdrift.pipeline.cli.RunSpec;
import io.sigdrift.pipeline.parse.ParseConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code sigdrift demo}: generates the {@link DemoGenerator} stream into files, runs the job on them in a
 * local MiniCluster and prints where the outputs are plus a short summary.
 */
public final class DemoCommand implements Command {
    public static final Path DEFAULT_DIR = Path.of("sigdrift-demo");
    /**
     * The demo runs the detectors exactly as {@code bin/bench incidents} does: 5-minute windows and the
     * default settings (a one-day warm-up; hour-of-day profiles from two days of history), on three
     * simulated days whose last day carries the incidents.
     */
    public static final SourceDetectorConfig DEMO_ANOMALIES = SourceDetectorConfig.DEFAULTS;
    public static final Duration DEMO_WINDOW = Duration.ofMinutes(5);
    private static final Set<String> VALUED = Set.of("--dir", "--seed", "--hours", "--scale", "--parallelism", "--web-port",
            "--start");
    private static final Set<String> SWITCHES = Set.of("--web-ui", "--help", "--no-multiline");
    static final String USAGE = "usage: sigdrift demo [--dir sigdrift-demo] [--seed " + DemoGenerator.DEFAULT_SEED
            + "] [--start YYYY-MM-DD[THH:MM] (UTC; default: --hours before today's midnight)] [--hours "
            + DemoGenerator.DEFAULT_SPAN.toHours() + "] [--scale " + DemoGenerator.DEFAULT_SCALE
            + "] [--parallelism 2] [--web-ui [--web-port 8081]] [--no-multiline]";

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "generate 3 days of multi-source logs with injected incidents, run the streaming job on them (~1 min)";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Path dir;
        long seed;
        int hours;
        double scale;
        int parallelism;
        int webPort;
        boolean multiline;
        Instant start;
        try {
            Args f = new Args(name()).options(VALUED).flags(SWITCHES).parse(args);
            if (f.has("--help")) {
                out.println(USAGE);
                return 0;
            }
            dir = Path.of(f.get("--dir", DEFAULT_DIR.toString()));
            try {
                seed = Long.parseLong(f.get("--seed", Long.toString(DemoGenerator.DEFAULT_SEED)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--seed must be an integer");
            }
            hours = f.intValue("--hours", (int) DemoGenerator.DEFAULT_SPAN.toHours(), 1, 24 * 30);
            try {
                scale = Double.parseDouble(f.get("--scale", Double.toString(DemoGenerator.DEFAULT_SCALE)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--scale must be a number");
            }
            if (!(scale > 0) || scale > 1000) {
                throw new IllegalArgumentException("--scale must be in (0, 1000], was " + scale);
            }
            parallelism = f.intValue("--parallelism", Deployment.DEFAULT_PARALLELISM, 1, 1024);
            // the app source writes Java stack traces: joined, a trace is one event of one signature
            multiline = !f.has("--no-multiline");
            webPort = f.has("--web-ui") || f.has("--web-port")
                    ? f.intValue("--web-port", Deployment.DEFAULT_WEB_UI_PORT, 1, 65_535) : 0;
            start = f.has("--start") ? f.instantValue("--start", null) : defaultStart(Instant.now(), hours);
        } catch (IllegalArgumentException e) {
            err.println("sigdrift demo: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }

        if (hours < 48) {
            err.println("sigdrift demo: note: with --hours " + hours + " the incidents come before the detectors' "
                    + "one-day warm-up and two days of profiles; expect few anomalies (use --hours 60 or more)");
        }
        DemoGenerator gen = new DemoGenerator(seed, start, Duration.ofHours(hours), scale);
        Path input = dir.resolve("input");
        Path output = dir.resolve("output");
        deleteRecursively(input);
        deleteRecursively(output);
        long t0 = System.nanoTime();
        long lines = gen.writeFiles(input);
        writeIncidents(gen, dir.resolve("incidents.json"));
        err.printf("sigdrift demo: generated %,d lines from %d sources (%s .. %s) into %s in %.1f s%n", lines,
                DemoGenerator.SOURCES.size(), gen.start(), gen.end(), input, (System.nanoTime() - t0) / 1e9);

        JobConfig job = JobConfig.builder()
                // The job's "now" is the end of the generated logs, whatever day the demo runs: every line is
                // in its past (none "from the future" for --max-future) and yearless syslog times get the year
                // they were generated in.
                .startingAt(gen.end())
                .parse(ParseConfig.builder().sourceNaming(ParseConfig.SourceNaming.FILE).multiline(multiline).build())
                .window(DEMO_WINDOW)
                .anomalies(DEMO_ANOMALIES)
                .build();
        Deployment deployment = new Deployment(parallelism, output.resolve("_checkpoints"), Duration.ofSeconds(5), "hashmap",
                null, webPort, Deployment.DEFAULT_RESTART_ATTEMPTS);
        RunSpec spec = new RunSpec(List.of(new Endpoint(Endpoint.Kind.PATH, input, null, null)),
                new Endpoint(Endpoint.Kind.PATH, output, null, null), job, deployment, false,
                RunSpec.DEFAULT_DISCOVERY_INTERVAL, RunSpec.DEFAULT_KAFKA_GROUP, false);
        RunCommand.Result r = RunCommand.execute(spec, err);
        out.println(r.describe());
        out.println("  input:     " + input + "/*.log");
        out.println("  incidents: " + dir.resolve("incidents.json"));
        DemoSummary.print(output, out);
        AnomalyReport.print(AnomalyReport.summarise(JsonLinesFiles.records(output.resolve(RunCommand.ANOMALIES_DIR)),
                gen.incidents(), job.window().toMillis()), out);
        return 0;
    }

    /** The default start: {@code hours} before the last midnight (UTC) before {@code now}, so the demo's logs are recent. */
    static Instant defaultStart(Instant now, int hours) {
        return now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofHours(hours));
    }

    private static void writeIncidents(DemoGenerator gen, Path file) throws IOException {
        ObjectMapper m = new ObjectMapper();
        ArrayNode arr = m.createArrayNode();
        for (Incident i : gen.incidents()) {
            ObjectNode o = arr.addObject();
            o.put("id", i.id());
            o.put("kind", i.kind().name());
            o.put("source", i.source());
            o.put("series", i.series());
            o.put("start", i.start().toString());
            o.put("end", i.end().toString());
            if (Double.isFinite(i.factor())) {
                o.put("factor", i.factor());
            }
            o.put("description", i.description());
            if (i.cause() != null) {
                o.put("cause", i.cause());
            }
        }
        Files.createDirectories(file.getParent());
        m.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), arr);
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
