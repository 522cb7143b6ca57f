package io.sigdrift.pipeline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigdrift.pipeline.input.EventHandler;
import io.sigdrift.pipeline.input.EventReader;
import io.sigdrift.pipeline.input.InputConfig;
import io.sigdrift.pipeline.input.InputFormat;
import io.sigdrift.pipeline.input.InputStats;
import io.sigdrift.pipeline.input.JsonFields;
import io.sigdrift.pipeline.input.LineFlag;
import io.sigdrift.pipeline.input.SkipReason;
import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.MultilineJoiner;
import io.sigdrift.signatures.UserMasks;
import io.sigdrift.signatures.reduce.Assignments;
import io.sigdrift.signatures.reduce.LogReduce;
import io.sigdrift.signatures.reduce.ParameterSummary;
import io.sigdrift.signatures.reduce.ReduceConfig;
import io.sigdrift.signatures.reduce.ReduceRow;
import io.sigdrift.signatures.reduce.ReduceTotals;
import io.sigdrift.signatures.reduce.ValueCount;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code sigdrift reduce}: LogReduce over files or standard input. See {@link #USAGE}.
 */
public final class ReduceCommand implements Command {
    static final int DEFAULT_TOP = 50;
    /** Sources (distinct --source-field values) with their own engine; later ones share "(other)". */
    static final int MAX_SOURCES = 1_000;
    static final String OTHER_SOURCE = "(other)";
    /** Characters of a value shown in the table; JSON/CSV carry the full (clipped at 200) value. */
    private static final int TABLE_VALUE_CHARS = 48;

    static final String USAGE = """
            Usage: sigdrift reduce [--input FILE|-]... [options]

            LogReduce: groups log lines into signatures (structural templates) and lists them by count,
            with their share, an example line and a summary of the values of each parameter.

            Options:
              --input FILE|-         a log file, or - for standard input; repeat for several files
                                     (they are reduced together). Default: standard input.
              --format F             table (default), json or csv
              --top N                show the N most frequent signatures (default 50; 0 = all)
              --json                 every line is a JSON object (default: auto-detect per input: JSON when
                                     its first non-blank line starts with '{')
              --plain                every line is plain text, even if it starts with '{'
              --message-field M      JSON field with the log message (default: message, msg, log;
                                     a.b reads a nested field)
              --source-field F       JSON field naming the source; every source gets its own signatures
                                     (plain-text lines all belong to one source)
              --multiline            join continuation lines (indented, 'at ...', 'Caused by:', '... N more')
                                     to the event before them (at most 500 lines and 16,384 chars per
                                     event); default: every line is one event
              --mask NAME=REGEX      a user-defined mask (repeatable): a token that matches REGEX as a
                                     whole becomes <NAME> in the template, its text a parameter
              --masks FILE           masks from a file, one NAME=REGEX per line ('#' comments); see
                                     docs/masks.md
              --assignments OUT.csv  also write one row per input line, in order: line,signature_id,template
                                     (template in <*> notation, the line's FINAL signature; skipped lines
                                     have empty id and template)
              --help                 this text

            Bad input is counted, never fatal: blank lines and binary garbage are skipped, invalid UTF-8 is
            replaced by U+FFFD, control characters by spaces, lines over 64 KiB are truncated, malformed
            JSON lines are skipped; the summary on stderr lists each count with the first line numbers.
            Exit codes: 0 ok, 1 a file cannot be read or written, 2 bad usage.
            """;

    private final InputStream stdin;

    public ReduceCommand() {
        this(System.in);
    }

    public ReduceCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public String name() {
        return "reduce";
    }

    @Override
    public String summary() {
        return "group log lines into signatures ranked by count (LogReduce)";
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args args = new Args(name()).option("input").option("format").option("top").option("source-field")
                .option("message-field").flag("json").flag("plain").flag("multiline").option("assignments")
                .option("mask").option("masks").flag("help");
        args.parse(argv);
        if (args.has("help")) {
            out.print(USAGE);
            return 0;
        }
        OutputFormat format = args.enumValue("format", OutputFormat.class, OutputFormat.TABLE);
        int top = args.intValue("top", DEFAULT_TOP, 0, Integer.MAX_VALUE);
        InputConfig inputConfig = inputConfig(args);
        EngineConfig engineConfig = engineConfig(args);
        String assignmentsPath = args.get("assignments", null);
        boolean perSource = args.has("source-field");
        if (assignmentsPath != null && perSource) {
            throw new UsageException("--assignments cannot be combined with --source-field (ids are per source)");
        }
        if (args.all("input").isEmpty() && stdin == System.in && System.console() != null) {
            // nothing piped in and a terminal attached: waiting for typed lines would look like a hang
            throw new UsageException("reduce needs --input FILE, or lines piped into it (see 'sigdrift reduce --help')");
        }
        List<String> inputs = args.all("input").isEmpty() ? List.of(Inputs.STDIN) : args.all("input");
        Inputs.check(name(), "--input", inputs);

        Run run = new Run(engineConfig, args.has("multiline"), assignmentsPath != null, perSource);
        Writer assignmentsOut = assignmentsPath == null ? null : openOutput(assignmentsPath);
        InputStats stats = new InputStats();
        EventReader reader = new EventReader(inputConfig, stats);
        Progress progress = new Progress(err, name());
        progress.detail(() -> ", " + Text.num(run.signatures()) + " signatures");
        Runnable tick = () -> progress.line(stats.bytes());
        for (String input : inputs) {
            try (InputStream in = Inputs.open(input, stdin)) {
                reader.read(Inputs.displayName(input), in, run, tick);
            } catch (IOException e) {
                throw new CliFailure("sigdrift reduce: cannot read '" + input + "': " + e.getMessage());
            }
        }
        if (assignmentsOut != null) {
            writeAssignments(run.sources.get(""), assignmentsPath, assignmentsOut);
        }
        switch (format) {
            case TABLE -> table(run, top, stats, out);
            case JSON -> json(run, top, stats, out);
            case CSV -> csv(run, top, out);
        }
        out.flush();
        err.println("sigdrift reduce: " + summaryLine(run, stats) + String.format(java.util.Locale.ROOT,
                " in %.1f s", progress.elapsedSeconds()));
        return 0;
    }

    /**
     * The engine configuration: the defaults plus the user masks of {@code --masks FILE} (repeatable) and
     * {@code --mask NAME=REGEX} (repeatable). A bad mask is a usage error naming it (exit code 2).
     */
    static EngineConfig engineConfig(Args args) throws UsageException {
        if (!args.has("mask") && !args.has("masks")) {
            return EngineConfig.defaults();
        }
        try {
            UserMasks masks = UserMasks.fromFilesAndSpecs(
                    args.all("masks").stream().map(Path::of).toList(), args.all("mask"));
            return EngineConfig.builder().masks(masks).build();
        } catch (IllegalArgumentException e) { // also an invalid path (InvalidPathException)
            throw new UsageException(e.getMessage());
        }
    }

    static InputConfig inputConfig(Args args) throws UsageException {
        if (args.has("json") && args.has("plain")) {
            throw new UsageException("--json and --plain exclude each other");
        }
        InputConfig.Builder b = InputConfig.builder()
                .format(args.has("json") ? InputFormat.JSON : args.has("plain") ? InputFormat.PLAIN : InputFormat.AUTO);
        JsonFields fields = JsonFields.defaults();
        String message = args.get("message-field", null);
        if (message != null) {
            if (message.isBlank()) {
                throw new UsageException("option '--message-field' needs a field name");
            }
            fields = fields.withMessageField(message);
        }
        String source = args.has("source-field") ? args.get("source-field", null) : null;
        if (source != null) {
            if (source.isBlank()) {
                throw new UsageException("option '--source-field' needs a field name");
            }
            fields = fields.withSourceField(source);
        }
        b.json(fields);
        if ((message != null || source != null) && args.has("plain")) {
            throw new UsageException("--message-field/--source-field apply to JSON lines, not with --plain");
        }
        return b.build();
    }

    static Writer openOutput(String path) throws CliFailure {
        try {
            return Files.newBufferedWriter(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new CliFailure("sigdrift reduce: cannot write '" + path + "': " + describe(e));
        }
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void writeAssignments(Source source, String path, Writer w) throws CliFailure {
        try (BufferedWriter out = new BufferedWriter(w, 1 << 16)) {
            out.write("line,signature_id,template\n");
            if (source != null) {
                source.assignments.forEach((line, id, template) ->
                        Csv.row(out, Long.toString(line), id, template));
            }
        } catch (IOException e) {
            throw new CliFailure("sigdrift reduce: cannot write '" + path + "': " + describe(e));
        }
    }

    /** One engine per source, optionally joining multi-line events and recording per-line assignments. */
    static final class Source {
        final LogReduce reduce;
        final Assignments assignments;
        /** The shared joiner with the job's default limits; null without --multiline. */
        final MultilineJoiner joiner;
        final MultilineJoiner.Pending pending = new MultilineJoiner.Pending();
        final LongArrayList pendingLines = new LongArrayList();
        /** Id of the last event learned: dropped continuation lines (over the joiner's limit) belong to it. */
        String lastId;

        Source(EngineConfig engineConfig, boolean multiline, boolean assign) {
            this.reduce = new LogReduce(engineConfig, ReduceConfig.defaults());
            this.assignments = assign ? new Assignments(reduce) : null;
            this.joiner = multiline ? MultilineJoiner.withDefaults() : null;
        }
    }

    /** Routes events to their source's engine; counts joined events. */
    static final class Run implements EventHandler {
        final Map<String, Source> sources = new LinkedHashMap<>();
        private final EngineConfig engineConfig;
        private final boolean multiline;
        private final boolean assign;
        private final boolean perSource;
        long events;
        long otherSourceEvents;

        Run(EngineConfig engineConfig, boolean multiline, boolean assign, boolean perSource) {
            this.engineConfig = engineConfig;
            this.multiline = multiline;
            this.assign = assign;
            this.perSource = perSource;
        }

        /** The one source when events are not split by source: no map look-up per event. */
        private Source single;

        @Override
        public void event(long lineNumber, String source, String text) {
            Source s;
            if (perSource) {
                s = source(source != null ? source : "");
            } else {
                if (single == null) {
                    single = source("");
                }
                s = single;
            }
            if (s.joiner == null) {
                learn(s, text, lineNumber);
                return;
            }
            String done = s.joiner.feed(s.pending, text);
            switch (s.joiner.lastStep()) {
                case STARTED -> {
                    if (done != null) {
                        learnPending(s, done);
                    }
                    s.pendingLines.add(lineNumber);
                }
                case DROPPED -> {
                    if (done != null) {
                        learnPending(s, done);
                    }
                    if (s.assignments != null && s.lastId != null) {
                        s.assignments.record(lineNumber, s.lastId);
                    }
                }
                default -> {   // JOINED, JOINED_FULL: the line is part of the pending event
                    s.pendingLines.add(lineNumber);
                    if (done != null) {
                        learnPending(s, done);
                    }
                }
            }
        }

        private void learnPending(Source s, String event) {
            String id = s.reduce.add(event);
            s.lastId = id;
            events++;
            if (s.assignments != null) {
                for (int i = 0; i < s.pendingLines.size(); i++) {
                    s.assignments.record(s.pendingLines.getLong(i), id);
                }
            }
            s.pendingLines.clear();
        }

        private void learn(Source s, String event, long lineNumber) {
            String id = s.reduce.add(event);
            events++;
            if (s.assignments != null) {
                s.assignments.record(lineNumber, id);
            }
        }

        private Source source(String key) {
            Source s = sources.get(key);
            if (s == null) {
                if (sources.size() >= MAX_SOURCES) {
                    otherSourceEvents++;
                    key = OTHER_SOURCE;
                    s = sources.get(key);
                }
                if (s == null) {
                    s = new Source(engineConfig, multiline, assign);
                    sources.put(key, s);
                }
            }
            return s;
        }

        @Override
        public void skipped(long lineNumber, SkipReason reason) {
            if (assign) {
                source("").assignments.recordSkipped(lineNumber);
            }
        }

        @Override
        public void endOfInput() {
            for (Source s : sources.values()) {
                if (s.joiner != null) {
                    String done = s.joiner.flush(s.pending);
                    if (done != null) {
                        learnPending(s, done);
                    }
                }
            }
        }

        long signatures() {
            long n = 0;
            for (Source s : sources.values()) {
                n += s.reduce.totals().signatures();
            }
            return n;
        }
    }

    static String summaryLine(Run run, InputStats stats) {
        StringBuilder sb = new StringBuilder(stats.summary());
        if (run.multiline) {
            sb.append("; joined into ").append(Text.num(run.events)).append(" multi-line events");
        }
        long signatures = 0;
        long evicted = 0;
        long evictedEvents = 0;
        long truncated = 0;
        for (Source s : run.sources.values()) {
            ReduceTotals t = s.reduce.totals();
            signatures += t.signatures();
            evicted += t.evictedSignatures();
            evictedEvents += t.evictedEvents();
            truncated += t.truncatedEvents();
        }
        sb.append("; ").append(Text.num(signatures)).append(" signatures");
        if (run.perSource) {
            sb.append(" in ").append(Text.num(run.sources.size())).append(" sources");
            if (run.otherSourceEvents > 0) {
                sb.append(" (").append(Text.num(run.otherSourceEvents)).append(" events of sources beyond the first ")
                        .append(Text.num(MAX_SOURCES)).append(" went to '").append(OTHER_SOURCE).append("')");
            }
        }
        if (evicted > 0) {
            sb.append("; ").append(Text.num(evicted)).append(" signatures with ").append(Text.num(evictedEvents))
                    .append(" events evicted by the bound of ").append(Text.num(EngineConfig.DEFAULT_MAX_SIGNATURES))
                    .append(" per source");
        }
        if (truncated > 0) {
            sb.append("; ").append(Text.num(truncated)).append(" events cut to ")
                    .append(Text.num(EngineConfig.DEFAULT_MAX_LINE_CHARS)).append(" chars / ")
                    .append(EngineConfig.DEFAULT_MAX_TOKENS).append(" tokens by the engine");
        }
        return sb.toString();
    }

    private static void table(Run run, int top, InputStats stats, PrintStream out) {
        int limit = top == 0 ? Integer.MAX_VALUE : top;
        boolean first = true;
        for (Map.Entry<String, Source> e : run.sources.entrySet()) {
            LogReduce reduce = e.getValue().reduce;
            ReduceTotals totals = reduce.totals();
            List<ReduceRow> rows = reduce.rows(limit);
            if (!first) {
                out.println();
            }
            first = false;
            StringBuilder head = new StringBuilder();
            if (run.perSource) {
                head.append("source '").append(e.getKey()).append("': ");
            }
            head.append(Text.num(totals.signatures())).append(" signatures from ").append(Text.num(totals.events()))
                    .append(" events");
            if (rows.size() < totals.signatures()) {
                head.append(" (top ").append(rows.size()).append("; --top 0 shows all)");
            }
            out.println(head);
            out.println();
            Text.Table t = new Text.Table("RANK|COUNT|SHARE|SIGNATURE|TEMPLATE", true, true, true, false, false);
            for (ReduceRow r : rows) {
                t.row(Integer.toString(r.rank()), Text.num(r.count()), Text.percent(r.share()), r.id(),
                        Text.oneLine(r.template()));
                t.note("e.g. " + Text.oneLine(r.example()));
                for (ParameterSummary p : r.parameters()) {
                    t.note(parameterText(p));
                }
            }
            out.print(t.render());
        }
        if (run.sources.isEmpty()) {
            out.println("no events (" + stats.summary() + ")");
        }
    }

    /**
     * e.g. {@code #7 <IP> 12 distinct: 173.234.31.186 (50), 10.0.0.1 (3), …}; a position whose values were
     * all seen once (timestamps, ports) reads {@code #2 <NUM> 32+ distinct, mostly unique, e.g. 25440, 25442}.
     */
    static String parameterText(ParameterSummary p) {
        StringBuilder sb = new StringBuilder();
        sb.append('#').append(p.position()).append(" <").append(p.type()).append("> ")
                .append(p.distinctText()).append(" distinct");
        boolean allOnce = p.top().size() > 1 && p.top().get(0).count() == 1;
        // after lossy counting dropped values, a count of 1 is "since last kept", so claim less
        sb.append(!allOnce ? ": " : p.exact() ? ", each seen once, e.g. " : ", mostly unique, e.g. ");
        List<ValueCount> shown = allOnce ? p.top().subList(0, Math.min(3, p.top().size())) : p.top();
        boolean first = true;
        for (ValueCount v : shown) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            String value = Text.oneLine(v.value());
            if (value.length() > TABLE_VALUE_CHARS) {
                value = value.substring(0, TABLE_VALUE_CHARS) + "…";
            }
            sb.append(value);
            if (!allOnce) {
                sb.append(" (").append(Text.num(v.count())).append(')');
            }
        }
        if (p.distinct() > shown.size()) {
            sb.append(", …");
        }
        return sb.toString();
    }

    private static void json(Run run, int top, InputStats stats, PrintStream out) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode summary = root.putObject("summary");
        summary.put("lines", stats.lines());
        summary.put("event_lines", stats.lines() - stats.skippedTotal());
        summary.put("events", run.events);
        ObjectNode skipped = summary.putObject("skipped");
        for (SkipReason r : SkipReason.values()) {
            skipped.put(r.name().toLowerCase(java.util.Locale.ROOT), stats.skipped(r));
        }
        ObjectNode flagged = summary.putObject("flagged");
        for (LineFlag f : LineFlag.values()) {
            flagged.put(f.name().toLowerCase(java.util.Locale.ROOT), stats.flagged(f));
        }
        long signatures = 0;
        long evicted = 0;
        long evictedEvents = 0;
        for (Source s : run.sources.values()) {
            ReduceTotals t = s.reduce.totals();
            signatures += t.signatures();
            evicted += t.evictedSignatures();
            evictedEvents += t.evictedEvents();
        }
        summary.put("signatures", signatures);
        summary.put("evicted_signatures", evicted);
        summary.put("evicted_events", evictedEvents);
        ArrayNode list = root.putArray("signatures");
        int limit = top == 0 ? Integer.MAX_VALUE : top;
        for (Map.Entry<String, Source> e : run.sources.entrySet()) {
            for (ReduceRow r : e.getValue().reduce.rows(limit)) {
                ObjectNode n = list.addObject();
                if (run.perSource) {
                    n.put("source", e.getKey());
                }
                n.put("rank", r.rank());
                n.put("id", r.id());
                n.put("count", r.count());
                n.put("share", r.share());
                n.put("template", r.template());
                n.put("loghub_template", r.loghubTemplate());
                n.put("example", r.example());
                ArrayNode params = n.putArray("parameters");
                for (ParameterSummary p : r.parameters()) {
                    ObjectNode pn = params.addObject();
                    pn.put("position", p.position());
                    pn.put("type", p.type());
                    pn.put("events", p.events());
                    pn.put("distinct", p.distinct());
                    pn.put("distinct_exact", p.exact());
                    ArrayNode values = pn.putArray("top");
                    for (ValueCount v : p.top()) {
                        values.addObject().put("value", v.value()).put("count", v.count());
                    }
                }
            }
        }
        mapper.writeValue(new NonClosingOut(out), root);
        out.println();
    }

    private static void csv(Run run, int top, PrintStream out) throws IOException {
        int limit = top == 0 ? Integer.MAX_VALUE : top;
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("rank", "signature_id", "count", "share", "template",
                "example", "parameters"));
        if (run.perSource) {
            header.add(0, "source");
        }
        Csv.row(sb, header.toArray(String[]::new));
        for (Map.Entry<String, Source> e : run.sources.entrySet()) {
            for (ReduceRow r : e.getValue().reduce.rows(limit)) {
                String params = r.parameters().stream().map(ReduceCommand::parameterCsv)
                        .collect(Collectors.joining("; "));
                List<String> fields = new ArrayList<>(List.of(Integer.toString(r.rank()), r.id(),
                        Long.toString(r.count()), Text.decimal(r.share(), 6), r.template(), r.example(), params));
                if (run.perSource) {
                    fields.add(0, e.getKey());
                }
                Csv.row(sb, fields.toArray(String[]::new));
                if (sb.length() > 1 << 16) {
                    out.print(sb);
                    sb.setLength(0);
                }
            }
        }
        out.print(sb);
    }

    /** e.g. {@code #7 IP distinct=12 top=173.234.31.186:50|10.0.0.1:3}. */
    static String parameterCsv(ParameterSummary p) {
        return "#" + p.position() + " " + p.type() + " distinct=" + p.distinctText() + " top="
                + p.top().stream().map(v -> v.value() + ":" + v.count()).collect(Collectors.joining("|"));
    }

    /** Jackson closes the stream it writes to; stdout must stay open. */
    static final class NonClosingOut extends java.io.FilterOutputStream {
        NonClosingOut(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
