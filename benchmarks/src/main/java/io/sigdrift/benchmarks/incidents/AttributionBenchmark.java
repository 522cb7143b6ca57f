package io.sigdrift.benchmarks.incidents;

import io.sigdrift.pipeline.demo.DemoGenerator;
import io.sigdrift.pipeline.job.JobConfig;
import io.sigdrift.signatures.EngineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluation of attribution (issue 11): on the demo and on the incidents benchmark, is the value behind each
 * injected SPIKE with a single-value cause (the attacker's address of a brute force, a credential stuffing, a port
 * scan) the TOP attributed value of the anomaly that found it? Runs the {@code sigdrift run} job on the generator's
 * files exactly as {@code bin/bench incidents} does ({@link IncidentsBenchmark#runJob}) and scores its
 * {@code anomalies} output with {@link AttributionScore}.
 *
 * <pre>bin/bench attribution [--runs demo,incidents] [--seed 20240601] [--parallelism 2] [--dir DIR] [--verbose]</pre>
 *
 * <p>demo: {@code sigdrift demo}'s generator settings (3 days, scale 0.1, the last day carries the incidents),
 * started on {@link IncidentsBenchmark#DEFAULT_START} instead of "recent" so the run is reproducible; incidents:
 * {@code bin/bench incidents}' (7 days, scale 0.1). There is no {@code --plain} mode: the values come from the count
 * stage's per-window sketches, which only the job has ({@link SignatureReplay} counts signatures, not values). The
 * last line carries the figures.
 */
public final class AttributionBenchmark {
    static final String USAGE = "usage: bin/bench attribution [--runs demo,incidents] [--seed 20240601] [--parallelism 2] "
            + "[--dir DIR] [--verbose]";
    static final int WINDOW_MINUTES = 5;

    private AttributionBenchmark() {}

    record Run(String name, DemoGenerator generator) {}

    public static void main(String[] args) throws Exception {
        long seed = IncidentsBenchmark.DEFAULT_SEED;
        int parallelism = 2;
        boolean verbose = false;
        Path dir = null;
        List<String> runs = List.of("demo", "incidents");
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--runs" -> runs = List.of(args[++i].split(","));
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--parallelism" -> parallelism = Integer.parseInt(args[++i]);
                    case "--verbose" -> verbose = true;
                    case "--dir" -> dir = Path.of(args[++i]);
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            for (String r : runs) {
                if (!r.equals("demo") && !r.equals("incidents")) {
                    throw new IllegalArgumentException("--runs takes demo and/or incidents, was " + r);
                }
            }
            if (parallelism < 1) {
                throw new IllegalArgumentException("--parallelism must be >= 1");
            }
        } catch (RuntimeException e) {
            System.err.println("attribution: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        long window = WINDOW_MINUTES * 60_000L;
        EngineConfig engine = JobConfig.builder().build().engine().toEngineConfig();
        List<String> figures = new ArrayList<>();
        System.out.println("command: bin/bench attribution --runs " + String.join(",", runs) + " --seed " + seed
                + " --parallelism " + parallelism);
        for (String name : runs) {
            Instant start = IncidentsBenchmark.DEFAULT_START;
            DemoGenerator gen = name.equals("demo")
                    ? new DemoGenerator(seed, start, DemoGenerator.DEFAULT_SPAN, DemoGenerator.DEFAULT_SCALE)
                    : new DemoGenerator(seed, start, Duration.ofDays(IncidentsBenchmark.DEFAULT_DAYS), IncidentsBenchmark.DEFAULT_SCALE);
            long t0 = System.nanoTime();
            IncidentsBenchmark.JobRun run = IncidentsBenchmark.runJob(gen, WINDOW_MINUTES, parallelism,
                    dir == null ? null : dir.resolve(name), verbose);
            List<ScoredAnomaly> anomalies = run.anomalies();
            SignatureReplay.Result labels = SignatureReplay.run(gen, engine, window, null);
            System.out.print(run.idCheck(labels));
            double secs = (System.nanoTime() - t0) / 1e9;
            AttributionScore score = AttributionScore.of(anomalies, gen.incidents(), labels.seriesSignatures(), window);
            figures.add(print(name, seed, start, gen, score, labels.lines(), secs));
        }
        System.out.println("attribution (cause = top value of the first matching anomaly): " + String.join("; ", figures));
    }

    private static String print(String name, long seed, Instant start, DemoGenerator gen, AttributionScore score, long lines,
                                double secs) {
        System.out.printf(Locale.ROOT, "%n%s: seed %d from %s to %s, %,d lines through %s in %.0f s%n", name,
                seed, start, gen.end(), lines,
                "the sigdrift run job", secs);
        System.out.printf(Locale.ROOT, "  %-4s %-9s %-16s %-13s %-22s %s%n", "#", "source", "cause", "verdict", "first anomaly",
                "attributed values (top first)");
        for (AttributionScore.Outcome o : score.outcomes()) {
            ScoredAnomaly a = o.anomaly();
            System.out.printf(Locale.ROOT, "  %-4d %-9s %-16s %-13s %-22s %s%n", o.incident().id(), o.incident().source(),
                    o.incident().cause() == null ? "-" : o.incident().cause(), o.verdict(),
                    a == null ? "-" : a.kind() + " " + Instant.ofEpochMilli(a.windowStart()).toString().substring(5, 16),
                    a == null ? "" : a.attribution());
        }
        List<AttributionScore.Outcome> caused = score.caused();
        List<AttributionScore.Outcome> uncaused = score.uncaused();
        long top = score.count(caused, AttributionScore.Verdict.TOP);
        long detected = caused.size() - score.count(caused, AttributionScore.Verdict.NOT_DETECTED);
        long anyTop = caused.stream().filter(AttributionScore.Outcome::anyTop).count();
        long uncausedNamed = score.count(uncaused, AttributionScore.Verdict.OTHER);
        long uncausedDetected = uncaused.size() - score.count(uncaused, AttributionScore.Verdict.NOT_DETECTED);
        System.out.printf(Locale.ROOT, "  single-value SPIKEs: %d; detected on their signatures: %d; cause is the top value of the "
                        + "first anomaly: %d (%s); of any matching anomaly: %d; listed but not top: %d; other values: %d; "
                        + "no attribution: %d%n", caused.size(), detected, top, share(top, caused.size()), anyTop,
                score.count(caused, AttributionScore.Verdict.LISTED), score.count(caused, AttributionScore.Verdict.OTHER),
                score.count(caused, AttributionScore.Verdict.NONE));
        System.out.printf(Locale.ROOT, "  SPIKEs without a single cause: %d, detected %d, of which a value was attributed: %d%n",
                uncaused.size(), uncausedDetected, uncausedNamed);
        return String.format(Locale.ROOT, "%s %d/%d = %s", name, top, caused.size(), share(top, caused.size()));
    }

    private static String share(long n, long of) {
        return of == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", n / (double) of);
    }
}
