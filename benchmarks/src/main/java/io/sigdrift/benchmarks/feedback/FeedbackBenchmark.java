package io.sigdrift.benchmarks.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.pipeline.cli.RunCommand;
import io.sigdrift.pipeline.cli.RunSpec;
import io.sigdrift.pipeline.job.JobConfig;
import io.sigdrift.pipeline.record.JsonLinesFiles;
import io.sigdrift.signatures.EngineConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Evaluation 1 of the analyst loop (issue 11): do labels given through the feedback stream of the running job remove
 * the later alerts of benign behaviour, and keep the incidents? {@link FeedbackStream} generates 14 days of four
 * sources with five recurring benign behaviours and 52 incidents. The real job ({@code sigdrift run --follow
 * --feedback DIR}, a child JVM, {@link FollowedJob}) tails the input files, which are fed one day at a time: after
 * each day the benchmark waits until the job's committed counts reach the day's last closed window, the simulated
 * {@link Analyst} reads the new alerts and writes its labels into the feedback directory, and the next day is fed
 * only when the job's audit stream shows them ACCEPTED. The baseline is the same run without labels.
 *
 * <pre>bin/bench feedback [--days 14] [--scale 1.0] [--seed 20261114] [--start 2026-03-02] [--window-minutes 5]
 *                     [--parallelism 2] [--checkpoint-interval 2s] [--dir DIR] [--baseline-only] [--learned] [--verbose]</pre>
 *
 * The last line carries the figures: later false positives with and without labels and their reduction, incident
 * recall with and without labels, and the recall of the incidents that share a signature with a labelled behaviour.
 */
public final class FeedbackBenchmark {
    static final Instant DEFAULT_START = Instant.parse("2026-03-02T00:00:00Z");
    static final String USAGE = "usage: bin/bench feedback [--days 14] [--scale 1.0] [--seed 20261114] [--start 2026-03-02] "
            + "[--window-minutes 5] [--parallelism 2] [--checkpoint-interval 2s] [--dir DIR] [--baseline-only] [--learned] [--verbose]";
    /** How long one day of input may take to go through the job (the first includes the job's start). */
    static final Duration DAY_TIMEOUT = Duration.ofMinutes(5);
    /** How long the analyst waits for the audit stream to show a label ACCEPTED (or REJECTED). */
    static final Duration AUDIT_TIMEOUT = Duration.ofMinutes(2);

    private FeedbackBenchmark() {}

    record Options(int days, double scale, long seed, Instant start, int windowMinutes, int parallelism, Duration checkpointInterval,
                   Path dir, boolean baselineOnly, boolean verbose, boolean learned) {
        long window() {
            return windowMinutes * 60_000L;
        }
    }

    /** One followed run's outcome. */
    record Run(List<Alert> alerts, List<Alert> suppressed, List<Analyst.Label> labels, Map<String, Integer> audit, long lines,
               Set<String> jobSignatureIds, double seconds, List<JsonNode> modelAudit) {}

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (RuntimeException e) {
            System.err.println("feedback: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        FeedbackStream gen = new FeedbackStream(o.seed(), o.start(), o.days(), o.scale());
        EngineConfig engine = JobConfig.builder().build().engine().toEngineConfig();
        SeriesSignatures replay = new SeriesSignatures(engine);
        for (int d = 0; d < o.days(); d++) {
            for (FeedbackStream.Line l : gen.dayLines(d)) {
                replay.add(l);
            }
        }
        TruthMatcher matcher = new TruthMatcher(gen.truths(), replay.bySeries(), o.window());
        boolean temporary = o.dir() == null;
        Path root = temporary ? Files.createTempDirectory("sigdrift-feedback") : o.dir();
        try {
            Path probeInput = root.resolve("probe-input");
            Files.createDirectories(probeInput);
            String feedbackMissing = feedbackSupport(probeInput, root.resolve("probe-feedback"));
            boolean withFeedback = feedbackMissing == null;
            Run base = run(gen, o, root.resolve("baseline"), withFeedback, null, false);
            Run labelled = null;
            Run learned = null;
            if (withFeedback && !o.baselineOnly()) {
                // evaluation 2 (--learned): its analyst also confirms incidents and dismisses noise (the scorer needs both
                // verdicts); without it the analyst of evaluation 1 labels benign behaviour only, so its figures stay comparable
                int tps = o.learned() ? Analyst.MAX_TRUE_POSITIVES : 0;
                int noise = o.learned() ? Analyst.MAX_NOISE : 0;
                labelled = run(gen, o, root.resolve("labelled"), true,
                        new Analyst(matcher, "lbl-fbbench-" + o.seed() + "-", tps, noise), false);
                if (o.learned()) {
                    learned = run(gen, o, root.resolve("learned"), true,
                            new Analyst(matcher, "lbl-fbbench-" + o.seed() + "-", tps, noise), true);
                }
            }
            report(gen, o, replay, matcher, base, labelled, feedbackMissing);
            if (learned != null) {
                reportLearned(gen, o, matcher, base, labelled, learned);
            }
        } finally {
            if (temporary) {
                deleteRecursively(root);
            }
        }
    }

    static Options parse(String[] args) {
        int days = FeedbackStream.DEFAULT_DAYS, windowMinutes = 5, parallelism = 2;
        double scale = 1.0;
        long seed = FeedbackStream.DEFAULT_SEED;
        Instant start = DEFAULT_START;
        Duration checkpoint = Duration.ofSeconds(2);
        Path dir = null;
        boolean baselineOnly = false, verbose = false, learned = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--days" -> days = Integer.parseInt(value(args, ++i));
                case "--scale" -> scale = Double.parseDouble(value(args, ++i));
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                case "--start" -> {
                    String s = value(args, ++i);
                    start = s.contains("T") ? Instant.parse(s) : LocalDate.parse(s).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                }
                case "--window-minutes" -> windowMinutes = Integer.parseInt(value(args, ++i));
                case "--parallelism" -> parallelism = Integer.parseInt(value(args, ++i));
                case "--checkpoint-interval" -> checkpoint = Duration.parse("PT" + value(args, ++i).toUpperCase(Locale.ROOT));
                case "--dir" -> dir = Path.of(value(args, ++i));
                case "--baseline-only" -> baselineOnly = true;
                case "--verbose" -> verbose = true;
                case "--learned" -> learned = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (days < 2 || windowMinutes < 1 || parallelism < 1 || !(scale > 0)) {
            throw new IllegalArgumentException("--days must be >= 2, --window-minutes and --parallelism >= 1, --scale > 0");
        }
        return new Options(days, scale, seed, start, windowMinutes, parallelism, checkpoint, dir, baselineOnly, verbose, learned);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** Null when this build's {@code sigdrift run} accepts {@code --feedback DIR}, else why not (its parse error). */
    static String feedbackSupport(Path input, Path feedback) throws IOException {
        Files.createDirectories(feedback);
        try {
            RunSpec.parse(new String[] {"--input", input.toString(), "--output", input.resolveSibling("probe-output").toString(), "--follow",
                    "--feedback", feedback.toString()});
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** Feeds the stream day by day to a followed job; with an analyst, labels after each day and waits for the audit. */
    static Run run(FeedbackStream gen, Options o, Path dir, boolean withFeedback, Analyst analyst, boolean learned) throws Exception {
        deleteRecursively(dir);
        Path input = dir.resolve("input");
        Path output = dir.resolve("output");
        Path feedback = dir.resolve("feedback");
        Files.createDirectories(input);
        Files.createDirectories(feedback);
        long t0 = System.nanoTime();
        long lines = gen.appendDay(0, input);
        List<String> runArgs = new ArrayList<>(List.of("--input", input.toString(), "--output", output.toString(), "--source-naming", "file",
                "--window", o.windowMinutes() + "m", "--parallelism", Integer.toString(o.parallelism()), "--follow",
                "--discovery-interval", "1s", "--checkpoint-interval", o.checkpointInterval().toSeconds() + "s",
                // The replay compresses days into seconds: a source that waits for the next day's lines is not silent.
                "--silent-windows", "0"));
        if (withFeedback) {
            runArgs.addAll(List.of("--feedback", feedback.toString()));
            if (learned) {
                runArgs.add("--learned-suppression");
            }
        }
        List<Alert> alerts = new ArrayList<>();
        Map<String, Integer> audit = new TreeMap<>();
        Duration settle = o.checkpointInterval().multipliedBy(2).plusSeconds(1);
        try (FollowedJob job = FollowedJob.start(runArgs, output, dir.resolve("job.log"))) {
            FollowedJob.CommittedRecords counts = job.reader(RunCommand.COUNTS_DIR);
            FollowedJob.CommittedRecords anomalies = job.reader(RunCommand.ANOMALIES_DIR);
            FollowedJob.CommittedRecords audits = job.reader(FollowedJob.AUDIT_DIR);
            Set<String> sources = new LinkedHashSet<>(FeedbackStream.SOURCES);
            for (int d = 0; d < o.days(); d++) {
                if (d > 0) {
                    lines += gen.appendDay(d, input);
                }
                // The day's last window closes with the next day's first lines: wait for the one before it.
                long dayEnd = gen.dayStart(d + 1);
                job.awaitWindows(counts, sources, dayEnd - o.window(), DAY_TIMEOUT, settle);
                List<Alert> fresh = new ArrayList<>();
                for (JsonNode n : anomalies.next()) {
                    fresh.add(Alert.of(n));
                }
                fresh.sort(Comparator.comparingLong(Alert::windowStart));
                alerts.addAll(fresh);
                if (o.verbose()) {
                    System.err.printf(Locale.ROOT, "  %s day %d (%s): %d alerts, %.0f s%n", analyst == null ? "baseline" : learned ? "learned" : "labelled", d,
                            Instant.ofEpochMilli(gen.dayStart(d)).toString().substring(0, 10), fresh.size(), (System.nanoTime() - t0) / 1e9);
                }
                if (analyst != null) {
                    List<Analyst.Label> given = analyst.review(fresh, dayEnd - o.window());
                    if (!given.isEmpty()) {
                        writeLabels(given, feedback.resolve("labels-day" + d + ".jsonl"));
                        awaitAudit(job, audits, given, audit, o.verbose());
                    }
                } else {
                    collectAudit(audits.next(), audit);
                }
            }
            collectAudit(audits.next(), audit);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        List<Alert> suppressed = new ArrayList<>();
        for (JsonNode n : JsonLinesFiles.records(output.resolve(FollowedJob.SUPPRESSED_DIR))) {
            suppressed.add(Alert.of(n));
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode n : JsonLinesFiles.records(output.resolve(RunCommand.SIGNATURES_DIR))) {
            ids.add(n.path("id").asText());
        }
        List<JsonNode> modelAudit = new ArrayList<>();
        for (JsonNode n : JsonLinesFiles.records(output.resolve(FollowedJob.AUDIT_DIR))) {
            if ("model".equals(n.path("record").asText())) {
                modelAudit.add(n);
            }
        }
        return new Run(alerts, suppressed, analyst == null ? List.of() : analyst.labels(), audit, lines, ids, secs, modelAudit);
    }

    /** Written beside, then moved in: the job never reads half a file. */
    private static void writeLabels(List<Analyst.Label> labels, Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Analyst.Label l : labels) {
            sb.append(Analyst.json(l, JsonLinesFiles.MAPPER)).append('\n');
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitAudit(FollowedJob job, FollowedJob.CommittedRecords audits, List<Analyst.Label> given, Map<String, Integer> audit,
                                   boolean verbose) throws InterruptedException {
        Set<String> waiting = new HashSet<>();
        for (Analyst.Label l : given) {
            waiting.add(l.labelId());
        }
        long deadline = System.nanoTime() + AUDIT_TIMEOUT.toNanos();
        while (!waiting.isEmpty()) {
            List<JsonNode> recs = audits.next();
            collectAudit(recs, audit);
            for (JsonNode n : recs) {
                if ("label".equals(n.path("record").asText())) {
                    if (waiting.remove(n.path("id").asText()) && verbose) {
                        System.err.println("    audit " + n.path("id").asText() + " " + n.path("status").asText() + " " + n.path("reason").asText(""));
                    }
                }
            }
            if (waiting.isEmpty()) {
                break;
            }
            if (!job.alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the audit stream did not show labels " + waiting + " within " + AUDIT_TIMEOUT + "; log:\n"
                        + job.logTail(30));
            }
            Thread.sleep(250);
        }
    }

    private static void collectAudit(List<JsonNode> recs, Map<String, Integer> audit) {
        for (JsonNode n : recs) {
            audit.merge(n.path("record").asText("?") + " " + n.path("status").asText("?"), 1, Integer::sum);
        }
    }

    // ------------------------------------------------------------------ report

    static void report(FeedbackStream gen, Options o, SeriesSignatures replay, TruthMatcher matcher, Run base, Run labelled,
                       String feedbackMissing) {
        long warmEnd = gen.start().toEpochMilli() + (long) SourceDetectorConfig.DEFAULT_WARMUP_WINDOWS * o.window();
        List<Truth> truths = gen.truths();
        List<Truth> incidents = FeedbackScore.incidents(truths);
        StringBuilder cmd = new StringBuilder("bin/bench feedback --days ").append(o.days()).append(" --scale ").append(o.scale())
                .append(" --seed ").append(o.seed()).append(" --start ").append(gen.start().toString(), 0, 10)
                .append(" --parallelism ").append(o.parallelism());
        if (o.windowMinutes() != 5) {
            cmd.append(" --window-minutes ").append(o.windowMinutes());
        }
        System.out.println("command: " + cmd);
        Map<String, Integer> benignCounts = new TreeMap<>();
        Map<String, Integer> incidentCounts = new TreeMap<>();
        for (Truth t : truths) {
            (t.benign() ? benignCounts : incidentCounts).merge(t.kind(), 1, Integer::sum);
        }
        System.out.printf(Locale.ROOT, "Stream: %d days from %s (seed %d, scale %.2f, %d-min windows), %,d lines; benign occurrences %s; "
                + "incidents %d %s%n", o.days(), gen.start(), o.seed(), o.scale(), o.windowMinutes(), base.lines(), benignCounts, incidents.size(),
                incidentCounts);
        long missing = replay.ids().stream().filter(id -> !base.jobSignatureIds().contains(id)).count();
        System.out.printf(Locale.ROOT, "labelling check: %d of %d signature ids of the replay are in the job's signatures output%n",
                replay.ids().size() - missing, replay.ids().size());
        FeedbackScore sb = FeedbackScore.of(base.alerts(), truths, matcher, warmEnd);
        System.out.printf(Locale.ROOT, "baseline (sigdrift run --follow%s, no labels): %d alerts (%d CREATED), %.0f s%n",
                feedbackMissing == null ? " --feedback DIR" : "", base.alerts().size(), base.alerts().stream().filter(Alert::created).count(),
                base.seconds());
        if (labelled == null) {
            int benignAlerted = sb.alerted(truths.stream().filter(Truth::benign).toList());
            System.out.printf(Locale.ROOT, "benign occurrences that alert without labels: %d of %d; incident recall %.3f; background false "
                    + "positives %d%n", benignAlerted, truths.stream().filter(Truth::benign).count(),
                    FeedbackScore.ratio(sb.alerted(incidents), incidents.size()), sb.background().size());
            printPerKind(truths, sb, null, Map.of());
            if (o.verbose()) {
                printTruths(truths, sb, null);
            }
            System.out.println("feedback: NO LABELLED RUN — " + (feedbackMissing != null
                    ? "this build's job has no --feedback (" + feedbackMissing + ")" : "--baseline-only")
                    + String.format(Locale.ROOT, "; baseline: %d of %d benign occurrences alert, incident recall %.3f",
                    benignAlerted, truths.stream().filter(Truth::benign).count(), FeedbackScore.ratio(sb.alerted(incidents), incidents.size())));
            return;
        }
        FeedbackScore sl = FeedbackScore.of(labelled.alerts(), truths, matcher, warmEnd);
        List<Analyst.Label> labels = Analyst.benign(labelled.labels());
        Map<String, Long> laterFrom = Analyst.laterFrom(labels);
        List<Truth> later = FeedbackScore.later(truths, laterFrom);
        long values = labels.stream().filter(l -> l.scope().equals("VALUES")).count();
        long withCause = labels.stream().filter(l -> l.truth().cause() != null).count();
        System.out.printf(Locale.ROOT, "labelled run: %d alerts (%d CREATED), %d suppressed records, %.0f s; audit %s%n", labelled.alerts().size(),
                labelled.alerts().stream().filter(Alert::created).count(), labelled.suppressed().size(), labelled.seconds(), labelled.audit());
        System.out.printf(Locale.ROOT, "labels: %d (%d VALUES, %d SIGNATURE); %d of them on behaviours with a cause value, of which %d had it in "
                + "the alert's attribution%s%n", labels.size(), values, labels.size() - values, withCause, values,
                values < withCause ? " (the others fell back to SIGNATURE scope: the alert's attribution did not name the cause)" : "");
        if (o.verbose()) {
            for (Analyst.Label l : labelled.labels()) {
                System.out.println("  " + l.labelId() + " " + l.kind() + " " + l.scope() + " " + l.alert().kind() + " " + l.alert().source() + " "
                        + l.alert().subject() + " " + Instant.ofEpochMilli(l.alert().windowStart()) + " " + l.values() + " <- " + l.truth());
            }
        }
        printPerKind(truths, sb, sl, laterFrom);
        int fpBase = sb.alerted(later), fpLab = sl.alerted(later);
        int evBase = sb.alerts(later), evLab = sl.alerts(later);
        double reduction = fpBase == 0 ? Double.NaN : 100.0 * (fpBase - fpLab) / fpBase;
        double recallBase = FeedbackScore.ratio(sb.alerted(incidents), incidents.size());
        double recallLab = FeedbackScore.ratio(sl.alerted(incidents), incidents.size());
        List<Truth> sharing = FeedbackScore.sharingLabelledSignatures(truths, labels, matcher);
        System.out.printf(Locale.ROOT, "later benign occurrences (after the labelled ones): %d; alerting without labels %d (%d alerts), with labels "
                + "%d (%d alerts)%n", later.size(), fpBase, evBase, fpLab, evLab);
        List<Truth> wider = FeedbackScore.unlabelledAfterFirst(truths, labels);
        System.out.printf(Locale.ROOT, "wider count (every unlabelled occurrence after the first labelled one of its kind): %d; alerting "
                + "without labels %d, with labels %d%n", wider.size(), sb.alerted(wider), sl.alerted(wider));
        System.out.printf(Locale.ROOT, "background false positives (no truth): %d without labels, %d with%n", sb.background().size(),
                sl.background().size());
        printLost(incidents, sb, sl, labelled, labelled.labels(), matcher);
        if (o.verbose()) {
            printTruths(truths, sb, sl);
        }
        System.out.printf(Locale.ROOT, "feedback: later false positives %d -> %d (%.1f %% fewer; target >= 70 %%), incident recall %.3f -> %.3f "
                + "(%+.1f points; target >= -2), incidents sharing a labelled signature %d/%d -> %d/%d, %d labels (%d VALUES)%n",
                fpBase, fpLab, reduction, recallBase, recallLab, 100 * (recallLab - recallBase), sb.alerted(sharing), sharing.size(),
                sl.alerted(sharing), sharing.size(), labels.size(), values);
    }

    /** The third configuration: the same analyst, the job with {@code --learned-suppression}; side by side with the others. */
    static void reportLearned(FeedbackStream gen, Options o, TruthMatcher matcher, Run base, Run labelled, Run learned) {
        long warmEnd = gen.start().toEpochMilli() + (long) SourceDetectorConfig.DEFAULT_WARMUP_WINDOWS * o.window();
        List<Truth> truths = gen.truths();
        List<Truth> incidents = FeedbackScore.incidents(truths);
        FeedbackScore sb = FeedbackScore.of(base.alerts(), truths, matcher, warmEnd);
        FeedbackScore sl = FeedbackScore.of(labelled.alerts(), truths, matcher, warmEnd);
        FeedbackScore sm = FeedbackScore.of(learned.alerts(), truths, matcher, warmEnd);
        // "later" from the labels of BOTH labelled runs (the analyst saw different alerts in each): the benign occurrences after
        // the last labelled one of its kind in either run, so the same set is scored in all three columns.
        List<Analyst.Label> benign = new ArrayList<>(Analyst.benign(labelled.labels()));
        benign.addAll(Analyst.benign(learned.labels()));
        Map<String, Long> laterFrom = Analyst.laterFrom(benign);
        List<Truth> later = FeedbackScore.later(truths, laterFrom);
        // background false positives (CREATED alerts matching no truth) after the analyst's last label in either run: the
        // noise the scoped labels did not name, the same window range in all three columns
        long labelsEnd = Long.MIN_VALUE;
        for (Run r : List.of(labelled, learned)) {
            for (Analyst.Label l : r.labels()) {
                labelsEnd = Math.max(labelsEnd, l.alert().windowStart());
            }
        }
        long backgroundFrom = labelsEnd;
        int bgB = FeedbackScore.after(sb.background(), backgroundFrom), bgL = FeedbackScore.after(sl.background(), backgroundFrom),
                bgM = FeedbackScore.after(sm.background(), backgroundFrom);
        long tpL = labelled.labels().stream().filter(l -> l.kind().equals("TRUE_POSITIVE")).count();
        long tpM = learned.labels().stream().filter(l -> l.kind().equals("TRUE_POSITIVE")).count();
        System.out.printf(Locale.ROOT, "learned run (--learned-suppression): %d alerts (%d CREATED), %d suppressed records (%d by the learned "
                + "scorer), %.0f s; labels %d (%d TRUE_POSITIVE, %d noise); scoped-only run: labels %d (%d TRUE_POSITIVE, %d noise); "
                + "'later' background alerts: windows after %s%n", learned.alerts().size(),
                learned.alerts().stream().filter(Alert::created).count(), learned.suppressed().size(),
                learned.suppressed().stream().filter(a -> a.affectedBy().stream().anyMatch(x -> x.startsWith("learned:"))).count(),
                learned.seconds(), learned.labels().size(), tpM, Analyst.noise(learned.labels()).size(), labelled.labels().size(), tpL,
                Analyst.noise(labelled.labels()).size(), Instant.ofEpochMilli(backgroundFrom));
        if (o.verbose()) {
            for (Analyst.Label l : learned.labels()) {
                System.out.println("  learned-run label " + l.labelId() + " " + l.kind() + " " + l.scope() + " " + l.alert().kind() + " "
                        + l.alert().source() + " " + l.alert().subject() + " " + Instant.ofEpochMilli(l.alert().windowStart()) + " <- "
                        + l.truth());
            }
        }
        List<Double> ms = new ArrayList<>();
        for (JsonNode n : learned.modelAudit()) {
            String reason = n.path("reason").asText("");
            if (o.verbose()) {
                System.out.println("  model audit: " + n.path("status").asText() + " " + n.path("id").asText("") + " " + reason);
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(?([0-9.]+) ms\\)?$").matcher(reason);
            if (m.find()) {
                ms.add(Double.parseDouble(m.group(1)));
            }
        }
        long accepted = learned.modelAudit().stream().filter(n -> "ACCEPTED".equals(n.path("status").asText())).count();
        System.out.printf(Locale.ROOT, "model audit in the job (subtask 0): %d trainings accepted, %d refused; training time in the job %s ms%n",
                accepted, learned.modelAudit().size() - accepted, ms);
        System.out.printf(Locale.ROOT, "%-42s %12s %12s %16s%n", "", "no labels", "scoped", "scoped+learned");
        System.out.printf(Locale.ROOT, "%-42s %12d %12d %16d%n", "later benign occurrences alerting (of " + later.size() + ")",
                sb.alerted(later), sl.alerted(later), sm.alerted(later));
        System.out.printf(Locale.ROOT, "%-42s %12d %12d %16d%n", "later benign CREATED alerts", sb.alerts(later), sl.alerts(later),
                sm.alerts(later));
        double rb = FeedbackScore.ratio(sb.alerted(incidents), incidents.size());
        double rl = FeedbackScore.ratio(sl.alerted(incidents), incidents.size());
        double rm = FeedbackScore.ratio(sm.alerted(incidents), incidents.size());
        System.out.printf(Locale.ROOT, "%-42s %12.3f %12.3f %16.3f%n", "incident recall (of " + incidents.size() + ")", rb, rl, rm);
        System.out.printf(Locale.ROOT, "%-42s %12d %12d %16d%n", "later background false positives (alerts)", bgB, bgL, bgM);
        System.out.printf(Locale.ROOT, "%-42s %12d %12d %16d%n", "LATER BENIGN FALSE POSITIVES (sum)", sb.alerted(later) + bgB,
                sl.alerted(later) + bgL, sm.alerted(later) + bgM);
        System.out.printf(Locale.ROOT, "%-42s %12d %12d %16d%n", "all background false positives (no truth)", sb.background().size(),
                sl.background().size(), sm.background().size());
        if (o.verbose()) {
            for (Alert a : learned.suppressed()) {
                if (a.created() && a.affectedBy().stream().anyMatch(x -> x.startsWith("learned:"))) {
                    Truth t = matcher.match(a);
                    System.out.println("  learned suppressed: " + a.kind() + " " + a.direction() + " " + a.source() + " " + a.subject() + " "
                            + Instant.ofEpochMilli(a.windowStart()) + " obs " + a.observed() + " exp " + a.expected() + " score " + a.score()
                            + " " + a.affectedBy() + " <- " + (t == null ? "no truth" : t.kind()));
                }
            }
        }
        for (Truth t : incidents) {
            if (sl.alertsByTruth().getOrDefault(t, 0) > 0 && sm.alertsByTruth().getOrDefault(t, 0) == 0) {
                Set<String> by = new TreeSet<>();
                for (Alert a : learned.suppressed()) {
                    if (matcher.matches(a, t)) {
                        by.addAll(a.affectedBy());
                    }
                }
                System.out.println("  lost with the learned scorer: " + t.kind() + "#" + t.occurrence() + " " + Instant.ofEpochMilli(t.start())
                        + "; suppressed by " + (by.isEmpty() ? "(none found)" : by));
            }
        }
        LearnedCost.Figures cost = LearnedCost.measure(learned.labels(), base.alerts());
        System.out.printf(Locale.ROOT, "cost (LearnedSuppression outside the job, median): retrain %.2f ms on %d labels, %.2f ms on %d (the "
                + "bound); scoring %.0f ns per event (%d events)%n", cost.trainMsLabels(), cost.labels(), cost.trainMsBound(), cost.bound(),
                cost.scoreNsPerEvent(), cost.events());
        int fb = sb.alerted(later) + bgB, fl = sl.alerted(later) + bgL, fm = sm.alerted(later) + bgM;
        boolean met = fm < fl && 100 * (rm - rl) >= -1.0;
        System.out.printf(Locale.ROOT, "learned: later benign false positives %d / %d / %d (no labels / scoped / scoped+learned; %+d vs scoped; "
                + "occurrences %d / %d / %d + background %d / %d / %d), incident recall %.3f / %.3f / %.3f (%+.1f points vs scoped; bar >= -1), "
                + "bar %s, %d labels (%d TRUE_POSITIVE), retrain %.1f ms, %.0f ns/event%n", fb, fl, fm, fm - fl, sb.alerted(later),
                sl.alerted(later), sm.alerted(later), bgB, bgL, bgM, rb, rl, rm, 100 * (rm - rl), met ? "MET" : "NOT met",
                learned.labels().size(), tpM, cost.trainMsLabels(), cost.scoreNsPerEvent());
    }

    private static void printPerKind(List<Truth> truths, FeedbackScore sb, FeedbackScore sl, Map<String, Long> laterFrom) {
        System.out.printf(Locale.ROOT, "%-29s %6s %14s %14s %10s %16s%n", "kind", "count", "alert (base)", "alert (label)", "later",
                "later alerting");
        Set<String> kinds = new LinkedHashSet<>(FeedbackStream.BENIGN_KINDS);
        kinds.addAll(FeedbackStream.INCIDENT_KINDS);
        for (String k : kinds) {
            List<Truth> of = truths.stream().filter(t -> t.kind().equals(k)).toList();
            List<Truth> later = FeedbackScore.later(of, laterFrom);
            System.out.printf(Locale.ROOT, "%-29s %6d %14d %14s %10s %16s%n", (of.isEmpty() || of.get(0).benign() ? "benign " : "incident ") + k,
                    of.size(), sb.alerted(of), sl == null ? "-" : Integer.toString(sl.alerted(of)), of.get(0).benign() ? later.size() : "-",
                    of.get(0).benign() ? sb.alerted(later) + " -> " + (sl == null ? "-" : sl.alerted(later)) : "-");
        }
    }

    /** Incidents found without labels and lost with them, and the labels named in their suppressed alerts' affected_by. */
    private static void printLost(List<Truth> incidents, FeedbackScore sb, FeedbackScore sl, Run labelled, List<Analyst.Label> labels,
                                  TruthMatcher matcher) {
        Map<String, Analyst.Label> byId = new TreeMap<>();
        for (Analyst.Label l : labels) {
            byId.put(l.labelId(), l);
        }
        for (Truth t : incidents) {
            if (sb.alertsByTruth().getOrDefault(t, 0) == 0 || sl.alertsByTruth().getOrDefault(t, 0) > 0) {
                continue;
            }
            Set<String> by = new TreeSet<>();
            for (Alert a : labelled.suppressed()) {
                if (matcher.matches(a, t)) {
                    for (String id : a.affectedBy()) {
                        Analyst.Label l = byId.get(id);
                        by.add(id + (l == null ? "" : " (" + l.scope() + " " + l.alert().kind() + " " + l.alert().subject() + " of "
                                + (l.truth() == null ? "noise" : l.truth().kind()) + ")"));
                    }
                }
            }
            System.out.println("  lost with labels: " + t.kind() + "#" + t.occurrence() + " " + Instant.ofEpochMilli(t.start())
                    + (t.cause() == null ? "" : " cause " + t.cause()) + "; its alerts were suppressed by " + (by.isEmpty() ? "(none found)" : by));
        }
    }

    private static void printTruths(List<Truth> truths, FeedbackScore sb, FeedbackScore sl) {
        for (Truth t : truths) {
            System.out.printf(Locale.ROOT, "  %3d %-3s %s%n", sb.alertsByTruth().getOrDefault(t, 0),
                    sl == null ? "" : Integer.toString(sl.alertsByTruth().getOrDefault(t, 0)), t);
        }
    }

    static void deleteRecursively(Path p) throws IOException {
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
