package io.sigdrift.benchmarks.bgl;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.pipeline.cli.RunCommand;
import io.sigdrift.pipeline.cli.RunSpec;
import io.sigdrift.pipeline.record.JsonLinesFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Sanity check on real alert data (issue 11, evaluation 3): the {@code sigdrift run} job on Loghub-2k's BGL sample
 * (2,000 lines of Blue Gene/L RAS logs, June 2005 - January 2006, 143 of them alert lines), scored per window.
 *
 * <pre>bin/bench bgl [--data ../shared/datasets] [--window 1h] [--parallelism 2] [--verbose]</pre>
 *
 * <p>BGL's convention: each line starts with its label, {@code -} for a non-alert line, else the alert category
 * (e.g. {@code KERNDTLB}). The label is ground truth, not log text, so the job reads the lines with every label
 * replaced by {@code -} (the layout stays the one the job knows: epoch seconds in field 1); the benchmark keeps the
 * labels. A window is an alert window when it holds at least one alert line; it is flagged when the job emitted an
 * anomaly (any kind; a CREATED or UPDATED change — a CLOSED change says an incident ended) for it.
 *
 * <p>The window: the sample keeps 2,000 of BGL's 4.7M lines over 214 days, about 9 lines a day, in bursts.
 * One hour (the default here) keeps a burst of alert lines in one or two windows and leaves 456 windows with
 * lines, of which 49 are alert windows, and the job's default warm-up (288 windows) is 12 days of the 214; with
 * one-day windows the warm-up alone would outlast the sample, and with the job's default 1 minute nearly every
 * window holds one line, so counts would say nothing. Everything else is the job's defaults, as a user runs it.
 * Chance precision (the share of alert windows among the windows with lines) is printed as the floor to beat.
 */
public final class BglBenchmark {
    static final Path DEFAULT_DATA = Path.of("../shared/datasets");
    static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    static final String FILE = "loghub-2k/BGL/BGL_2k.log";
    static final String USAGE = "usage: bin/bench bgl [--data ../shared/datasets] [--window 1h] [--parallelism 2] [--verbose]";

    private BglBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path data = DEFAULT_DATA;
        String window = "1h";
        int parallelism = 2;
        boolean verbose = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data" -> data = Path.of(args[++i]);
                    case "--window" -> window = args[++i];
                    case "--parallelism" -> parallelism = Integer.parseInt(args[++i]);
                    case "--verbose" -> verbose = true;
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("bgl: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Path file = data.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            System.err.println("bgl: no " + file + " (set the datasets directory with --data DIR)");
            System.exit(2);
            return;
        }
        List<String> raw = Files.readAllLines(file, StandardCharsets.UTF_8);
        long[] times = new long[raw.size()];
        boolean[] alert = new boolean[raw.size()];
        List<String> unlabelled = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String line = raw.get(i);
            String[] f = line.split(" ", 3);
            if (f.length < 3) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": not a BGL line (label, epoch seconds, ...): " + line);
            }
            alert[i] = !f[0].equals("-");
            times[i] = Long.parseLong(f[1]) * 1000L;
            unlabelled.add("- " + f[1] + " " + f[2]);
        }

        Path root = Files.createTempDirectory("sigdrift-bgl");
        long t0 = System.nanoTime();
        try {
            Path input = root.resolve("input");
            Path output = root.resolve("output");
            Files.createDirectories(input);
            Files.write(input.resolve("BGL.log"), unlabelled, StandardCharsets.UTF_8);
            RunSpec spec = RunSpec.parse(new String[] {"--input", input.toString(), "--output", output.toString(),
                    "--source-naming", "file", "--window", window, "--parallelism", Integer.toString(parallelism)});
            long windowMillis = spec.job().window().toMillis();
            PrintStream progress = verbose ? System.err : new PrintStream(PrintStream.nullOutputStream());
            RunCommand.Result result = RunCommand.execute(spec, progress);
            List<Long> flaggedStarts = new ArrayList<>();
            Map<String, Integer> byKind = new TreeMap<>();
            for (JsonNode n : JsonLinesFiles.records(output.resolve(RunCommand.ANOMALIES_DIR))) {
                if (n.path("change").asText().equals("CLOSED")) {
                    continue;
                }
                long start = Instant.parse(n.get("window_start").asText()).toEpochMilli();
                flaggedStarts.add(start);
                byKind.merge(n.path("kind").asText(), 1, Integer::sum);
                if (verbose) {
                    System.out.println("  " + n.path("window_start").asText() + " " + n.path("change").asText() + " "
                            + n.path("kind").asText() + " " + n.path("explanation").asText());
                }
            }
            AlertWindows w = AlertWindows.of(times, alert, flaggedStarts, windowMillis);
            double secs = (System.nanoTime() - t0) / 1e9;
            int alertLines = 0;
            for (boolean a : alert) {
                alertLines += a ? 1 : 0;
            }
            System.out.println("command: bin/bench bgl --window " + window + " --parallelism " + parallelism);
            System.out.printf(Locale.ROOT, "BGL_2k through the sigdrift run job: %,d lines (%d alert lines, labels hidden from "
                    + "the job), %,d read by the job, %d dead letters, in %.0f s%n", raw.size(), alertLines, result.lines(),
                    result.parseDeadLetters() + result.lateLines(), secs);
            System.out.printf(Locale.ROOT, "%s windows: %d with lines, %d alert windows; the job emitted %d anomaly changes %s "
                    + "in %d windows%n", window, w.windows().size(), w.alertWindows().size(), flaggedStarts.size(), byKind,
                    w.flagged().size());
            System.out.printf(Locale.ROOT, "alert windows: precision %.3f (%d of %d flagged; chance %.3f), recall %.3f (%d of %d)%n",
                    w.precision(), w.hits(), w.flagged().size(), w.chancePrecision(), w.recall(), w.hits(),
                    w.alertWindows().size());
        } finally {
            deleteRecursively(root);
        }
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
