package io.sigdrift.pipeline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigdrift.pipeline.input.EventHandler;
import io.sigdrift.pipeline.input.EventReader;
import io.sigdrift.pipeline.input.InputConfig;
import io.sigdrift.pipeline.input.InputStats;
import io.sigdrift.pipeline.input.SkipReason;
import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.MultilineJoiner;
import io.sigdrift.signatures.reduce.AttributedValue;
import io.sigdrift.signatures.reduce.CompareConfig;
import io.sigdrift.signatures.reduce.CompareResult;
import io.sigdrift.signatures.reduce.CompareRow;
import io.sigdrift.signatures.reduce.LogCompare;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** {@code sigdrift compare}: LogCompare of a baseline and a target. See {@link #USAGE}. */
public final class CompareCommand implements Command {
    static final int DEFAULT_TOP = 50;

    static final String USAGE = """
            Usage: sigdrift compare --baseline FILE|- --target FILE|- [options]

            LogCompare: reads the baseline, then the target, through ONE signature engine (so the same kind
            of line has the same signature id in both) and lists the signatures that are NEW in the target,
            GONE from it, or CHANGED their share significantly. Rows are ranked by score, the log-likelihood
            ratio (G-test) of the signature's counts against the rest on both sides: it grows with the
            evidence, so a one-off new line cannot outrank a 10x change of a frequent signature.

            Options:
              --baseline FILE|-      the reference log (repeat for several files; - = standard input)
              --target FILE|-        the log to compare with it (repeatable)
              --format F             table (default), json or csv
              --top N                show the N highest-scoring changes (default 50; 0 = all)
              --alpha P              CHANGED needs a p-value below P (default 0.001); NEW and GONE are
                                     always listed, ranked by the same score
              --no-attribution       do not name the parameter values behind NEW/CHANGED signatures
                                     (skips counting values: faster on large inputs)
              --json, --plain, --message-field M, --multiline
                                     how lines are read, as for 'sigdrift reduce'
              --mask NAME=REGEX, --masks FILE
                                     user-defined masks, as for 'sigdrift reduce' (docs/masks.md)
              --help                 this text

            Columns: BASELINE/TARGET = events of the signature, shares = events / all events of that side,
            RATIO = target share / baseline share, SCORE = G statistic (3.84 ~ p 0.05, 10.8 ~ p 0.001).
            Attribution ('+' lines, JSON "attribution", CSV column attribution): for a CHANGED signature, up to 3
            parameter values whose share of the signature's events rose significantly from the baseline to the
            target (one-sided G-test, Bonferroni-corrected p < 0.001, share up by at least 5 points), e.g.
              + #8 <IP> 203.0.113.77: 60.00% of target, 0.40% of baseline, p 1.2e-12
            For a NEW signature (no baseline of its own): a value carrying a significant majority of its events.
            A rise spread evenly over the usual values names nothing.
            Exit codes: 0 ok, 1 a file cannot be read, 2 bad usage.
            """;

    private final InputStream stdin;

    public CompareCommand() {
        this(System.in);
    }

    public CompareCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String summary() {
        return "signatures new, gone or changed between a baseline and a target log (LogCompare)";
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args args = new Args(name()).option("baseline").option("target").option("format").option("top")
                .option("alpha").flag("no-attribution").option("message-field").flag("json").flag("plain").flag("multiline")
                .option("mask").option("masks").flag("help");
        args.parse(argv);
        if (args.has("help")) {
            out.print(USAGE);
            return 0;
        }
        OutputFormat format = args.enumValue("format", OutputFormat.class, OutputFormat.TABLE);
        int top = args.intValue("top", DEFAULT_TOP, 0, Integer.MAX_VALUE);
        double alpha = args.doubleValue("alpha", CompareConfig.DEFAULT_ALPHA, 0.0, 1.0);
        InputConfig inputConfig = ReduceCommand.inputConfig(args);
        List<String> baseline = args.all("baseline");
        List<String> target = args.all("target");
        if (baseline.isEmpty() || target.isEmpty()) {
            throw new UsageException("compare needs --baseline FILE and --target FILE (see 'sigdrift compare --help')");
        }
        Inputs.check(name(), "--baseline", baseline);
        Inputs.check(name(), "--target", target);
        if (baseline.contains(Inputs.STDIN) && target.contains(Inputs.STDIN)) {
            throw new CliFailure("sigdrift compare: standard input ('-') can be read only once");
        }

        LogCompare compare = new LogCompare(ReduceCommand.engineConfig(args),
                CompareConfig.of(alpha, !args.has("no-attribution")));
        boolean multiline = args.has("multiline");
        Progress progress = new Progress(err, name());
        progress.detail(() -> ", " + Text.num(compare.engine().stats().signatures()) + " signatures");
        InputStats baselineStats = new InputStats();
        InputStats targetStats = new InputStats();
        read(baseline, inputConfig, baselineStats, new Side(compare, true, multiline), progress);
        read(target, inputConfig, targetStats, new Side(compare, false, multiline), progress);

        CompareResult result = compare.result(top == 0 ? Integer.MAX_VALUE : top);
        switch (format) {
            case TABLE -> table(result, alpha, out);
            case JSON -> json(result, alpha, baselineStats, targetStats, out);
            case CSV -> csv(result, out);
        }
        out.flush();
        err.println("sigdrift compare: baseline " + baselineStats.summary());
        err.println("sigdrift compare: target " + targetStats.summary());
        StringBuilder tail = new StringBuilder("sigdrift compare: ")
                .append(Text.num(result.signatures())).append(" signatures");
        if (result.evictedSignatures() > 0) {
            tail.append("; ").append(Text.num(result.evictedSignatures())).append(" signatures with ")
                    .append(Text.num(result.evictedEvents())).append(" events evicted by the bound and not compared");
        }
        if (result.baselineEvents() == 0 || result.targetEvents() == 0) {
            tail.append("; WARNING: the ").append(result.baselineEvents() == 0 ? "baseline" : "target")
                    .append(" has no events, so nothing can be compared");
        }
        tail.append(String.format(Locale.ROOT, " in %.1f s", progress.elapsedSeconds()));
        err.println(tail);
        return 0;
    }

    private void read(List<String> names, InputConfig config, InputStats stats, Side side, Progress progress)
            throws CliFailure {
        EventReader reader = new EventReader(config, stats);
        Runnable tick = () -> progress.line(stats.bytes());
        for (String name : names) {
            try (InputStream in = Inputs.open(name, stdin)) {
                reader.read(Inputs.displayName(name), in, side, tick);
            } catch (IOException e) {
                throw new CliFailure("sigdrift compare: cannot read '" + name + "': " + e.getMessage());
            }
        }
    }

    /** Feeds one side's events (optionally joined into multi-line events) into the shared LogCompare. */
    private static final class Side implements EventHandler {
        private final LogCompare compare;
        private final boolean baseline;
        private final MultilineJoiner joiner;
        private final MultilineJoiner.Pending pending = new MultilineJoiner.Pending();

        Side(LogCompare compare, boolean baseline, boolean multiline) {
            this.compare = compare;
            this.baseline = baseline;
            this.joiner = multiline ? MultilineJoiner.withDefaults() : null;
        }

        @Override
        public void event(long lineNumber, String source, String text) {
            String event = joiner == null ? text : joiner.feed(pending, text);
            if (event != null) {
                learn(event);
            }
        }

        private void learn(String event) {
            if (baseline) {
                compare.addBaseline(event);
            } else {
                compare.addTarget(event);
            }
        }

        @Override
        public void skipped(long lineNumber, SkipReason reason) {}

        @Override
        public void endOfInput() {
            if (joiner != null) {
                String event = joiner.flush(pending);
                if (event != null) {
                    learn(event);
                }
            }
        }
    }

    private static void table(CompareResult r, double alpha, PrintStream out) {
        out.println("baseline " + Text.num(r.baselineEvents()) + " events, target " + Text.num(r.targetEvents())
                + " events, " + Text.num(r.signatures()) + " signatures: " + Text.num(r.newSignatures()) + " new, "
                + Text.num(r.goneSignatures()) + " gone, " + Text.num(r.changedSignatures()) + " changed (p < "
                + alpha + "), " + Text.num(r.unchanged()) + " unchanged");
        long listed = r.newSignatures() + r.goneSignatures() + r.changedSignatures();
        if (r.rows().size() < listed) {
            out.println("showing the top " + r.rows().size() + " of " + Text.num(listed) + " (--top 0 shows all)");
        }
        out.println();
        if (r.rows().isEmpty()) {
            out.println("no signature is new, gone or changed");
            return;
        }
        Text.Table t = new Text.Table("RANK|KIND|SCORE|BASELINE|TARGET|BASE%|TARGET%|RATIO|SIGNATURE|TEMPLATE",
                true, false, true, true, true, true, true, true, false, false);
        for (CompareRow row : r.rows()) {
            t.row(Integer.toString(row.rank()), row.kind().name(), Text.decimal(row.score(), 1),
                    Text.num(row.baselineCount()), Text.num(row.targetCount()), Text.percent(row.baselineShare()),
                    Text.percent(row.targetShare()), Text.ratio(row.ratio()), row.id(), Text.oneLine(row.template()));
            t.note("e.g. " + Text.oneLine(row.example()));
            for (AttributedValue a : row.attribution()) {
                t.note("+ " + attributionText(a));
            }
        }
        out.print(t.render());
    }

    private static void json(CompareResult r, double alpha, InputStats b, InputStats t, PrintStream out)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode s = root.putObject("summary");
        s.put("baseline_lines", b.lines());
        s.put("baseline_events", r.baselineEvents());
        s.put("baseline_skipped", b.skippedTotal());
        s.put("target_lines", t.lines());
        s.put("target_events", r.targetEvents());
        s.put("target_skipped", t.skippedTotal());
        s.put("signatures", r.signatures());
        s.put("new", r.newSignatures());
        s.put("gone", r.goneSignatures());
        s.put("changed", r.changedSignatures());
        s.put("unchanged", r.unchanged());
        s.put("alpha", alpha);
        s.put("evicted_signatures", r.evictedSignatures());
        s.put("evicted_events", r.evictedEvents());
        ArrayNode rows = root.putArray("changes");
        for (CompareRow row : r.rows()) {
            ObjectNode n = rows.addObject();
            n.put("rank", row.rank());
            n.put("kind", row.kind().name());
            n.put("id", row.id());
            n.put("score", row.score());
            n.put("p_value", row.pValue());
            n.put("baseline_count", row.baselineCount());
            n.put("target_count", row.targetCount());
            n.put("baseline_share", row.baselineShare());
            n.put("target_share", row.targetShare());
            if (Double.isInfinite(row.ratio())) {
                n.putNull("ratio"); // NEW: no finite ratio; JSON has no infinity
            } else {
                n.put("ratio", row.ratio());
            }
            n.put("template", row.template());
            n.put("example", row.example());
            // the keys of the anomalies' attribution (window = the target), plus the baseline count
            ArrayNode attribution = n.putArray("attribution");
            for (AttributedValue a : row.attribution()) {
                ObjectNode an = attribution.addObject();
                an.put("position", a.position());
                an.put("type", a.type());
                an.put("value", a.value());
                an.put("window_count", a.windowCount());
                an.put("window_share", a.windowShare());
                an.put("baseline_count", a.baselineCount());
                an.put("baseline_share", a.baselineShare());
                an.put("p", a.pValue());
            }
        }
        mapper.writeValue(new ReduceCommand.NonClosingOut(out), root);
        out.println();
    }

    private static void csv(CompareResult r, PrintStream out) throws IOException {
        StringBuilder sb = new StringBuilder();
        Csv.row(sb, "rank", "kind", "signature_id", "score", "p_value", "baseline_count", "target_count",
                "baseline_share", "target_share", "ratio", "template", "example", "attribution");
        for (CompareRow row : r.rows()) {
            Csv.row(sb, Integer.toString(row.rank()), row.kind().name(), row.id(), Text.decimal(row.score(), 3),
                    String.format(Locale.ROOT, "%.3g", row.pValue()), Long.toString(row.baselineCount()),
                    Long.toString(row.targetCount()), Text.decimal(row.baselineShare(), 6),
                    Text.decimal(row.targetShare(), 6),
                    Double.isInfinite(row.ratio()) ? "inf" : Text.decimal(row.ratio(), 4), row.template(),
                    row.example(), attributionCell(row.attribution()));
        }
        out.print(sb);
    }

    /** {@code #8 <IP> 203.0.113.77: 60.00% of target, 0.40% of baseline, p 1.2e-12}. */
    static String attributionText(AttributedValue a) {
        return "#" + a.position() + " <" + a.type() + "> " + Text.oneLine(a.value()) + ": "
                + Text.percent(a.windowShare()) + " of target, " + Text.percent(a.baselineShare()) + " of baseline, p "
                + Text.pValue(a.pValue());
    }

    /** The attributed values of one row in one CSV cell, most significant first, separated by "; ". */
    private static String attributionCell(List<AttributedValue> values) {
        StringBuilder sb = new StringBuilder();
        for (AttributedValue a : values) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(attributionText(a));
        }
        return sb.toString();
    }
}
