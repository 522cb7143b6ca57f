package io.sigdrift.pipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.baselines.feedback.AuditEntry;
import io.sigdrift.baselines.feedback.FeedbackBook;
import io.sigdrift.baselines.feedback.Label;
import io.sigdrift.baselines.feedback.LabelKind;
import io.sigdrift.baselines.feedback.LabelScope;
import io.sigdrift.baselines.feedback.ValueRef;
import io.sigdrift.pipeline.feedback.FeedbackJson;
import io.sigdrift.pipeline.job.Endpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code sigdrift label}: writes an analyst's label (or a revoke) to the feedback stream a running job reads
 * ({@code docs/feedback.md}). The label is self-contained: source, signature, direction, attributed values, observed
 * and score are copied from the anomaly record found in the job's output ({@code anomalies/}, or {@code suppressed/}
 * to overrule a suppression), so the job needs no lookup. Before writing, the labels already in a feedback directory
 * are read through the same {@link FeedbackBook} the job uses, so a duplicate label or a revoke of an unknown id is
 * refused here with the job's reason (exit 2) instead of only being REJECTED in the job's audit.
 *
 * <p>Prints the new label id alone on standard output (for scripts), a description on standard error.
 */
public final class LabelCommand implements Command {
    public static final String LABELS_FILE = "labels.jsonl";
    static final Set<String> VALUED = Set.of("--anomalies", "--feedback", "--scope", "--note", "--author", "--for", "--revoke");
    static final Set<String> SWITCHES = Set.of("--help");
    public static final String USAGE = String.join("\n",
            "usage: sigdrift label ANOMALY_ID KIND --anomalies OUTPUT_DIR --feedback DIR|kafka://HOST:PORT/TOPIC",
            "                      [--scope VALUES|SIGNATURE|SOURCE] [--note TEXT] [--author NAME] [--for 7d]",
            "       sigdrift label --revoke LABEL_ID --feedback DIR|kafka://HOST:PORT/TOPIC [--author NAME]",
            "  KIND:      TRUE_POSITIVE (raise similar events) | FALSE_POSITIVE | EXPECTED (suppress similar events)",
            "             | NEW_NORMAL (the series' baseline restarts from here)",
            "  --scope:   VALUES (default when the anomaly has attributed values: this signature with these values),",
            "             SIGNATURE (this signature, default otherwise), SOURCE (the whole source)",
            "  --for:     how long the label applies, in log time from the anomaly's window (default: until revoked)",
            "  The label is appended to DIR/" + LABELS_FILE + "; its id is printed. See docs/feedback.md.");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public LabelCommand() {
        this(Clock.systemUTC());
    }

    /** @param clock the label's {@code time} (tests set it) */
    public LabelCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "label";
    }

    @Override
    public String summary() {
        return "label an anomaly (TRUE_POSITIVE, FALSE_POSITIVE, EXPECTED, NEW_NORMAL) or revoke a label: feedback for a running job";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        try {
            List<String> positional = new ArrayList<>();
            int i = 0;
            while (i < args.length && !args[i].startsWith("--")) {
                positional.add(args[i++]);
            }
            String[] rest = java.util.Arrays.copyOfRange(args, i, args.length);
            Args f = new Args("label").options(VALUED).flags(SWITCHES).parse(rest);
            if (f.has("--help")) {
                out.println(USAGE);
                return 0;
            }
            Endpoint feedback = Endpoint.parse("--feedback", f.get("--feedback", null));
            if (feedback.kind() != Endpoint.Kind.PATH && feedback.kind() != Endpoint.Kind.KAFKA) {
                throw new UsageException("--feedback must be a directory or kafka://HOST:PORT/TOPIC");
            }
            if (f.has("--revoke")) {
                if (!positional.isEmpty()) {
                    throw new UsageException("--revoke takes no ANOMALY_ID or KIND");
                }
                return revoke(f.get("--revoke", null), feedback, f.get("--author", defaultAuthor()), out, err);
            }
            if (positional.size() != 2) {
                throw new UsageException("give ANOMALY_ID and KIND (or --revoke LABEL_ID)");
            }
            return label(positional.get(0), positional.get(1), f, feedback, out, err);
        } catch (IllegalArgumentException e) {
            err.println("sigdrift label: " + e.getMessage());
            if (e instanceof UsageException) {
                err.println(USAGE);
            }
            return 2;
        } catch (IOException e) {
            err.println("sigdrift label: " + e.getMessage());
            return 1;
        }
    }

    private int label(String anomalyId, String kindText, Args f, Endpoint feedback, PrintStream out, PrintStream err)
            throws IOException {
        LabelKind kind = parseEnum("KIND", kindText, LabelKind.class);
        if (!f.has("--anomalies")) {
            throw new UsageException("--anomalies OUTPUT_DIR is required (the job's output, where the anomaly is)");
        }
        Path output = Path.of(f.get("--anomalies", null));
        List<JsonNode> records = find(output, anomalyId);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("unknown anomaly id '" + anomalyId + "': not in " + output
                    + "/anomalies or " + output + "/suppressed (give the run's --output directory)");
        }
        // The incident's peak: the change with the highest score; its CLOSED change shows the count back to normal.
        // Observed and expected come from one change, the one deviating most in the incident's direction: "more
        // severe" (FeedbackPolicy) compares deviations from the expectation, and a count of one window against the
        // expectation of another is no deviation at all.
        JsonNode peak = null;
        JsonNode deepest = null;
        double sign = records.get(0).path("direction").asInt() >= 0 ? 1.0 : -1.0;
        for (JsonNode r : records) {
            if (r.path("change").asText().equals("CLOSED")) {
                continue;
            }
            if (peak == null || r.path("score").asDouble() > peak.path("score").asDouble()) {
                peak = r;
            }
            if (deepest == null || sign * deviation(r) > sign * deviation(deepest)) {
                deepest = r;
            }
        }
        if (peak == null) {   // only its CLOSED change is in the output
            peak = records.get(0);
            deepest = peak;
        }
        double observed = deepest.path("observed").asDouble();
        JsonNode expected = deepest.get("expected");
        List<ValueRef> values = new ArrayList<>();
        for (JsonNode a : peak.path("attribution")) {
            values.add(new ValueRef(a.path("position").asInt(), a.path("type").asText(null), a.path("value").asText()));
        }
        LabelScope scope = f.has("--scope") ? parseEnum("--scope", f.get("--scope", null), LabelScope.class)
                : values.isEmpty() ? LabelScope.SIGNATURE : LabelScope.VALUES;
        if (scope == LabelScope.VALUES && values.isEmpty()) {
            throw new IllegalArgumentException("anomaly " + anomalyId + " has no attributed values: use --scope SIGNATURE or SOURCE");
        }
        long windowStart = Instant.parse(peak.path("window_start").asText()).toEpochMilli();
        long expires = Label.NEVER;
        if (f.has("--for")) {
            Duration d = f.durationValue("--for", null);
            if (d.isZero() || d.isNegative()) {
                throw new UsageException("--for must be a positive duration like 7d");
            }
            expires = windowStart + d.toMillis();
        }
        Label label = new Label(newId(), anomalyId, kind, scope, peak.path("source").asText(),
                peak.path("signature").isNull() ? null : peak.path("signature").asText(null), peak.path("kind").asText(null),
                peak.path("direction").asInt(), values, observed, expected == null || expected.isNull() ? 0 : expected.asDouble(),
                peak.path("score").asDouble(), windowStart, clock.millis(), expires, f.get("--author", defaultAuthor()),
                f.get("--note", null));
        String note = "";
        if (feedback.kind() == Endpoint.Kind.PATH) {
            // the job's own judgement of the new label, on the labels already written
            FeedbackBook book = existing(feedback.path());
            List<AuditEntry> fates = book.add(label);
            if (fates.get(0).status() == AuditEntry.Status.REJECTED) {
                throw new IllegalArgumentException(fates.get(0).reason());
            }
            if (fates.get(0).reason() != null) {
                note = " (" + fates.get(0).reason() + ")";
            }
        }
        String where = write(feedback, FeedbackJson.encode(label));
        out.println(label.labelId());
        err.println("sigdrift label: " + label.labelId() + " " + kind + " on anomaly " + anomalyId + " ("
                + peak.path("kind").asText() + " of " + label.source()
                + (label.signature() == null ? "" : " signature " + label.signature()) + "), scope " + scope
                + (scope == LabelScope.VALUES ? " " + values.stream().map(ValueRef::value).toList() : "")
                + (expires == Label.NEVER ? ", until revoked" : ", until " + Instant.ofEpochMilli(expires) + " (log time)")
                + note + ", written to " + where);
        return 0;
    }

    private int revoke(String labelId, Endpoint feedback, String author, PrintStream out, PrintStream err) throws IOException {
        if (labelId == null || labelId.isBlank()) {
            throw new UsageException("--revoke needs a LABEL_ID");
        }
        if (feedback.kind() == Endpoint.Kind.PATH) {
            FeedbackBook book = existing(feedback.path());
            if (book.label(labelId) == null) {
                throw new IllegalArgumentException("unknown label id '" + labelId + "': no active label with that id in "
                        + feedback.path() + " (never written, already revoked, superseded or expired)");
            }
        }
        String where = write(feedback, FeedbackJson.encodeRevoke(labelId, clock.millis(), author));
        out.println(labelId);
        err.println("sigdrift label: revoked " + labelId + ", written to " + where);
        return 0;
    }

    /** The labels in force in a feedback directory: its files' lines in name order, through the job's book. */
    static FeedbackBook existing(Path dir) throws IOException {
        FeedbackBook book = new FeedbackBook();
        if (!Files.isDirectory(dir)) {
            return book;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().startsWith("_")).sorted().toList();
        }
        for (Path p : files) {
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    FeedbackJson.Line l = FeedbackJson.parseLine(line);
                    if (l.label() != null) {
                        book.add(l.label());
                    } else {
                        book.revoke(l.revokedId());
                    }
                } catch (IllegalArgumentException e) {
                    // the job rejects it too (audit REJECTED); it does not stand in the way of a new label
                }
            }
        }
        return book;
    }

    /** The anomaly's records in the run's output (or in a directory of anomaly files given directly). */
    static List<JsonNode> find(Path output, String anomalyId) throws IOException {
        if (!Files.isDirectory(output)) {
            throw new IllegalArgumentException("--anomalies " + output + " is not a directory");
        }
        List<Path> dirs = new ArrayList<>();
        for (String sub : List.of(RunCommand.ANOMALIES_DIR, RunCommand.SUPPRESSED_DIR)) {
            if (Files.isDirectory(output.resolve(sub))) {
                dirs.add(output.resolve(sub));
            }
        }
        if (dirs.isEmpty()) {
            dirs.add(output);
        }
        List<JsonNode> out = new ArrayList<>();
        String needle = "\"" + anomalyId + "\"";
        for (Path dir : dirs) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            }
            for (Path p : files) {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    if (!line.contains(needle)) {
                        continue;
                    }
                    try {
                        JsonNode n = MAPPER.readTree(line);
                        if (n != null && "anomaly".equals(n.path("type").asText()) && anomalyId.equals(n.path("id").asText())) {
                            out.add(n);
                        }
                    } catch (IOException e) {
                        // not an anomaly line
                    }
                }
            }
        }
        return out;
    }

    private static String write(Endpoint feedback, String line) throws IOException {
        if (feedback.kind() == Endpoint.Kind.KAFKA) {
            Properties p = new Properties();
            p.put("bootstrap.servers", feedback.bootstrapServers());
            p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            p.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            p.put("acks", "all");
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(p)) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(feedback.topic(), line)).get();
            } catch (Exception e) {
                throw new IOException("cannot write to kafka://" + feedback.bootstrapServers() + "/" + feedback.topic() + ": " + e, e);
            }
            return "kafka://" + feedback.bootstrapServers() + "/" + feedback.topic();
        }
        Path dir = feedback.path();
        Files.createDirectories(dir);
        Path file = dir.resolve(LABELS_FILE);
        // one write of a whole line, appended: a job following the file never sees half a record for long (and
        // waits for the line's end if it does)
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        return file.toString();
    }

    private String newId() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return "lbl-" + HexFormat.of().formatHex(b);
    }

    private static String defaultAuthor() {
        String u = System.getenv("USER");
        return u == null || u.isBlank() ? System.getProperty("user.name", "unknown") : u;
    }

    private static <E extends Enum<E>> E parseEnum(String what, String v, Class<E> type) {
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new UsageException(what + " must be one of " + List.of(type.getEnumConstants()) + ", was '" + v + "'");
        }
    }

    /** observed − expected of one anomaly record (a missing expectation counts as 0, as in the label). */
    private static double deviation(JsonNode r) {
        JsonNode e = r.get("expected");
        return r.path("observed").asDouble() - (e == null || e.isNull() ? 0 : e.asDouble());
    }
}
