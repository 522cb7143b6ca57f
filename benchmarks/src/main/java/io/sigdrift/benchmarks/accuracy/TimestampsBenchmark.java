package io.sigdrift.benchmarks.accuracy;

import io.sigdrift.pipeline.cli.RunSpec;
import io.sigdrift.pipeline.parse.LineParser;
import io.sigdrift.pipeline.parse.ParseConfig;
import io.sigdrift.pipeline.parse.TimestampParser;
import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.RawLine;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Does {@code run} find each line's own time? Feeds the raw Loghub-2k logs ({@code <Sys>/<Sys>_2k.log}) through
 * the parser the job runs ({@link LineParser} with the {@link ParseConfig} that {@code sigdrift run --input FILE}
 * builds from its default flags, one parser per file as one subtask reading it) and reports per system the share
 * of lines whose time was parsed from the line, the fallbacks, the layout {@code auto} settled on, the distinct
 * windows (of the job's default {@code --window}) the lines fall into, the time span, and any warning.
 *
 * <p>Speed, against the obvious alternative: the per-source settled layout ({@link TimestampParser#parseAt} at the
 * layout and field of the file's first line) versus scanning every line's header with every layout
 * ({@link TimestampParser#scan}).
 *
 * <pre>bin/bench timestamps [--data DIR] [--now 2026-12-05T00:00:00Z] [--rounds N]</pre>
 * {@code --data} defaults to {@code ../shared/datasets}; {@code --now} is the reference ("now") of every record,
 * the wall clock by default, as in the job.
 */
public final class TimestampsBenchmark {
    private TimestampsBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Paths.get("../shared/datasets");
        long now = System.currentTimeMillis();
        int rounds = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Paths.get(args[++i]);
                case "--now" -> now = Instant.parse(args[++i]).toEpochMilli();
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: bin/bench timestamps [--data DIR] [--now ISO-INSTANT] [--rounds N]");
            }
        }
        System.out.printf(Locale.ROOT, "reference time (now) %s%n", Instant.ofEpochMilli(now));
        System.out.printf(Locale.ROOT, "%-10s %6s %8s %7s %9s %5s %-18s %8s  %-20s %-20s %9s %9s%n", "system", "lines",
                "parsed", "inherit", "ingestion", "dead", "layout", "windows", "first", "last", "settled ns", "scan ns");
        long allLines = 0;
        long allParsed = 0;
        List<String> warnings = new ArrayList<>();
        for (String system : AccuracyBenchmark.SYSTEMS) {
            Path file = data.resolve("loghub-2k").resolve(system).resolve(system + "_2k.log");
            List<String> texts = Files.readAllLines(file, StandardCharsets.UTF_8);
            RunSpec spec = RunSpec.parse(new String[] {"--input", file.toString(), "--output", "/tmp/sigdrift-timestamps-bench"});
            ParseConfig config = spec.job().parse();
            long windowMillis = spec.job().window().toMillis();
            Tally tally = new Tally(windowMillis, warnings);
            LineParser parser = new LineParser(config);
            String origin = spec.inputs().get(0).path().toString();
            for (String text : texts) {
                parser.parse(new RawLine(origin, text), now, tally);
            }
            parser.finish(tally);
            String source = tally.source;
            final long ref = now;
            // the settled path parses one layout at one field; the alternative scans every layout at every field
            TimestampParser timestamps = config.timestampParser();
            timestamps.scan(texts.get(0), ref);
            TimestampParser.Layout layout = timestamps.scanLayout();
            int token = timestamps.scanToken();
            double settledNs = timePerLine(rounds, texts, () -> {
                long sum = 0;
                for (String text : texts) {
                    sum += timestamps.parseAt(layout, token, text, ref);
                }
                blackhole(sum);
            });
            double scanNs = timePerLine(rounds, texts, () -> {
                long sum = 0;
                for (String text : texts) {
                    sum += timestamps.scan(text, ref);
                }
                blackhole(sum);
            });
            System.out.printf(Locale.ROOT, "%-10s %6d %7.1f%% %7d %9d %5d %-18s %8d  %-20s %-20s %9.0f %9.0f%n", system,
                    texts.size(), 100.0 * tally.parsed / texts.size(), tally.inherit, tally.ingestion, tally.dead,
                    source == null ? "-" : String.valueOf(parser.layoutOf(source)), tally.windows.size(),
                    tally.min == Long.MAX_VALUE ? "-" : Instant.ofEpochMilli(tally.min).toString(),
                    tally.max == Long.MIN_VALUE ? "-" : Instant.ofEpochMilli(tally.max).toString(), settledNs, scanNs);
            allLines += texts.size();
            allParsed += tally.parsed;
        }
        System.out.printf(Locale.ROOT, "all        %6d %7.1f%% parsed%n", allLines, 100.0 * allParsed / allLines);
        for (String w : warnings) {
            System.out.println("WARNING " + w);
        }
        System.out.println("settled ns: per line, the source's one layout at its one field (TimestampParser.parseAt, what a source"
                + " uses once detected); scan ns: every layout at every header field (TimestampParser.scan, the alternative"
                + " without per-source detection). Median of --rounds passes; this machine is shared, compare the ratio.");
    }

    private static volatile long sink;

    private static void blackhole(long v) {
        sink += v;
    }

    /** Median ns per line over {@code rounds} passes (after as many warm-up passes). */
    private static double timePerLine(int rounds, List<String> texts, Runnable pass) {
        for (int i = 0; i < rounds; i++) {
            pass.run();
        }
        double[] ns = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            pass.run();
            ns[i] = (System.nanoTime() - t0) / (double) texts.size();
        }
        java.util.Arrays.sort(ns);
        return ns[rounds / 2];
    }

    /** Counts what the parser produced, as the job's summary and count stage would see it. */
    private static final class Tally implements LineParser.Output {
        final long windowMillis;
        final List<String> warnings;
        final LongOpenHashSet windows = new LongOpenHashSet();
        String source;
        long parsed;
        long inherit;
        long ingestion;
        long dead;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;

        Tally(long windowMillis, List<String> warnings) {
            this.windowMillis = windowMillis;
            this.warnings = warnings;
        }

        @Override
        public void line(ParsedLine line) {
            source = line.source;
            if (line.timeOrigin == ParsedLine.TimeOrigin.PARSED) {
                parsed++;
                windows.add(Math.floorDiv(line.timestamp, windowMillis));
                min = Math.min(min, line.timestamp);
                max = Math.max(max, line.timestamp);
            } else if (line.timeOrigin == ParsedLine.TimeOrigin.INHERITED) {
                inherit++;
            } else {
                ingestion++;
            }
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            dead++;
        }

        @Override
        public void timeWarning(String source, String warning) {
            warnings.add(warning);
        }
    }
}
