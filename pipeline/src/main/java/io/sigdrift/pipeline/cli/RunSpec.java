package io.sigdrift.pipeline.cli;

import io.sigdrift.models.detect.InvariantMiningDetector;
import io.sigdrift.models.score.SessionScorerConfig;
import io.sigdrift.models.session.SessionConfig;
import io.sigdrift.pipeline.session.SessionSettings;
import io.sigdrift.pipeline.feedback.LearnedSuppressionConfig;

import io.sigdrift.pipeline.job.SignatureCountOperator;
import io.sigdrift.pipeline.job.JobConfig;
import io.sigdrift.pipeline.job.EngineSettings;
import io.sigdrift.pipeline.job.Endpoint;
import io.sigdrift.pipeline.job.Deployment;
import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.pipeline.connect.tail.TailSettings;
import io.sigdrift.pipeline.input.InputFormat;
import io.sigdrift.pipeline.input.JsonFields;
import io.sigdrift.pipeline.parse.ParseConfig;
import io.sigdrift.signatures.UserMasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import io.sigdrift.baselines.feedback.FeedbackBook;
import io.sigdrift.pipeline.feedback.FeedbackSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything {@code sigdrift run} was asked to do, validated: where to read and write, the job
 * config and the deployment. Built from flags by {@link #parse}, or directly (the demo does).
 *
 * @param monitorInterval {@code --follow}'s discovery interval ({@code --discovery-interval}, formerly
 *                        {@code --monitor-interval}): how often the inputs are rescanned for new files
 * @param kafkaExactlyOnce {@code --kafka-delivery exactly-once}: Kafka outputs are written in transactions
 *                        committed at checkpoints (consumers reading {@code read_committed} see each record
 *                        once, also across failures), instead of at-least-once
 * @param feedback        {@code --feedback} / {@code --rules} (docs/feedback.md), or null
 */
public record RunSpec(List<Endpoint> inputs, Endpoint output, JobConfig job, Deployment deployment, boolean follow,
                      Duration monitorInterval, String kafkaGroup, boolean kafkaBounded, boolean kafkaExactlyOnce,
                      FeedbackSpec feedback) {

    /** At-least-once Kafka output (the default: records are visible at once, not only at checkpoints), no feedback. */
    public RunSpec(List<Endpoint> inputs, Endpoint output, JobConfig job, Deployment deployment, boolean follow,
                   Duration monitorInterval, String kafkaGroup, boolean kafkaBounded) {
        this(inputs, output, job, deployment, follow, monitorInterval, kafkaGroup, kafkaBounded, false, null);
    }

    public RunSpec(List<Endpoint> inputs, Endpoint output, JobConfig job, Deployment deployment, boolean follow,
                   Duration monitorInterval, String kafkaGroup, boolean kafkaBounded, FeedbackSpec feedback) {
        this(inputs, output, job, deployment, follow, monitorInterval, kafkaGroup, kafkaBounded, false, feedback);
    }

    /** Whether the input ends (files without --follow, Kafka with --bounded, standard input): then so does the feedback. */
    public boolean boundedInput() {
        Endpoint first = inputs.get(0);
        return first.kind() == Endpoint.Kind.KAFKA ? kafkaBounded : !follow;
    }

    /** {@code --discovery-interval}: how often {@code --follow} rescans the inputs for new files. */
    public static final Duration DEFAULT_DISCOVERY_INTERVAL = TailSettings.DEFAULT_DISCOVERY_INTERVAL;
    public static final String DEFAULT_KAFKA_GROUP = "sigdrift";

    /** With the given Kafka delivery and no feedback. */
    public RunSpec(List<Endpoint> inputs, Endpoint output, JobConfig job, Deployment deployment, boolean follow,
                   Duration monitorInterval, String kafkaGroup, boolean kafkaBounded, boolean kafkaExactlyOnce) {
        this(inputs, output, job, deployment, follow, monitorInterval, kafkaGroup, kafkaBounded, kafkaExactlyOnce, null);
    }

    static final Set<String> VALUED = Set.of("--input", "--output", "--format", "--source", "--source-naming",
            "--json-time", "--json-source", "--json-message", "--time-format", "--zone", "--missing-time",
            "--max-future", "--min-time", "--window", "--out-of-orderness", "--idleness", "--checkpoints",
            "--checkpoint-interval", "--state-backend", "--restore", "--parallelism", "--web-port", "--split",
            "--max-signatures", "--max-line-chars", "--max-tokens", "--max-cached-sources", "--monitor-interval",
            "--discovery-interval",
            "--kafka-group", "--kafka-delivery", "--restart-attempts", "--now",
            // feedback (docs/feedback.md)
            "--feedback", "--rules", "--max-labels", "--learned-threshold",
            // anomaly stage
            "--anomaly-warmup", "--anomaly-cooldown", "--anomaly-max-signatures", "--anomaly-signature-ttl",
            "--anomaly-source-ttl", "--anomaly-max-per-window",
            // multi-line events and silent sources
            "--multiline-max-lines", "--silent-windows",
            // session stage
            "--sessions", "--session-gap", "--session-max-open", "--session-max-events", "--session-train",
            "--session-detector", "--session-model",
            // user-defined masks
            "--mask", "--masks");
    static final Set<String> SWITCHES = Set.of("--follow", "--web-ui", "--no-checkpoints", "--bounded", "--help",
            "--no-anomalies", "--multiline", "--learned-suppression");

    public static final String USAGE = String.join("\n",
            "usage: sigdrift run --input PATH|kafka://HOST:PORT/TOPIC|- [--input ...] --output DIR|kafka://HOST:PORT/PREFIX|stdout",
            "  input:     --format auto|plain|json (auto: JSON when a file's first line is an object)  --source NAME",
            "             --source-naming path|file (path)  --json-source F (source; else the file/topic)",
            "             --json-message F (message, msg, log)  --json-time F (timestamp, @timestamp, eventTime, time, ts)",
            "             --time-format auto|iso|rfc3164|clf|epoch-s|epoch-ms|pattern:P (auto)  --zone UTC",
            "             --missing-time inherit|ingestion|dead-letter (inherit)  --max-future 1d  --min-time 2000-01-01T00:00:00Z",
            "             --follow (tail files: appended lines and new files)  --discovery-interval 1s",
            "             --kafka-group sigdrift  --bounded (Kafka: stop at end);  --input - streams standard input",
            "             --kafka-delivery at-least-once|exactly-once (Kafka output; exactly-once: transactions committed at checkpoints)",
            "  clock:     --now 2026-03-14[T08:30] (the job's now starts there and runs on; default: the system clock)",
            "  job:       --window 1m  --out-of-orderness 5s  --idleness 30s  --split 1  --max-signatures N  --max-line-chars N",
            "             --mask NAME=REGEX (repeatable)  --masks FILE (NAME=REGEX lines): user-defined masks, docs/masks.md",
            "  operation: --checkpoints DIR|s3://...|hdfs://... (OUTPUT/_checkpoints)  --checkpoint-interval 10s  --no-checkpoints",
            "             --state-backend hashmap|rocksdb  --restore PATH|latest  --parallelism 2  --web-ui  --web-port 8081",
            "  anomalies: --no-anomalies  --anomaly-warmup 288 (windows)  --anomaly-cooldown 12  --anomaly-max-signatures 10000",
            "             --anomaly-signature-ttl 10080 (windows)  --anomaly-source-ttl 7d  --anomaly-max-per-window 20",
            "  sessions:  --sessions REGEX|param:N (entity id, e.g. 'blk_-?\\d+': SESSION anomalies, docs/sessions.md)",
            "             --session-gap 10m  --session-max-open 100000 (per source)  --session-max-events 10000",
            "             --session-train 1000 (first closed sessions train the model)  --session-detector invariants|isolation-forest",
            "             --session-model FILE (a saved model instead of online training)",
            "  events:    --multiline (join stack traces: indented, 'at ...', 'Caused by:', '... N more' lines)  --multiline-max-lines 500",
            "             --silent-windows N (zero-total windows for a silent source; 1440 for --follow/Kafka/stdin, 0 for files)",
            "  feedback:  --feedback DIR|kafka://HOST:PORT/TOPIC (labels, revokes)  --rules FILE (re-read on change)",
            "             --max-labels 10000; adds DIR/suppressed and DIR/audit (docs/feedback.md)",
            "             --learned-suppression (labels also train a scorer that suppresses look-alike events)  --learned-threshold 0.9",
            "  outputs:   DIR/signatures, DIR/counts, DIR/dead-letters, DIR/anomalies (JSON Lines);",
            "             Kafka: PREFIX.signatures, .counts, .dead-letters, .anomalies");

    public static RunSpec parse(String[] args) {
        Args f = new Args("run").options(VALUED).flags(SWITCHES).parse(args);
        if (f.has("--help")) {
            throw new IllegalArgumentException("help requested");
        }
        List<Endpoint> inputs = new ArrayList<>();
        for (String in : f.all("--input")) {
            if (in.equals("-")) {
                inputs.add(new Endpoint(Endpoint.Kind.STDIN, null, null, null));
                continue;
            }
            Endpoint e = Endpoint.parse("--input", in);
            if (e.kind() == Endpoint.Kind.STDOUT) {
                throw new IllegalArgumentException("--input must be a path or kafka://HOST:PORT/TOPIC");
            }
            if (e.kind() == Endpoint.Kind.PATH && !Files.exists(e.path())) {
                throw new IllegalArgumentException("--input " + e.path() + " does not exist");
            }
            if (e.kind() == Endpoint.Kind.PATH && !Files.isReadable(e.path())) {
                throw new IllegalArgumentException("--input " + e.path() + " is not readable");
            }
            inputs.add(e);
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("--input is required");
        }
        boolean stdin = inputs.stream().anyMatch(e -> e.kind() == Endpoint.Kind.STDIN);
        if (stdin && inputs.size() > 1) {
            throw new IllegalArgumentException("--input -: standard input cannot be combined with other inputs");
        }
        if (stdin && f.has("--follow")) {
            throw new IllegalArgumentException("--follow does not apply to --input - (standard input is streamed until it ends anyway)");
        }
        if (inputs.stream().map(Endpoint::kind).distinct().count() > 1
                || inputs.stream().filter(e -> e.kind() == Endpoint.Kind.KAFKA).count() > 1) {
            throw new IllegalArgumentException("--input: give either paths or one kafka:// topic, not a mix");
        }
        Endpoint output = Endpoint.parse("--output", f.get("--output", null));

        ParseConfig.Builder parse = ParseConfig.builder()
                .format(enumFlag("--format", f.get("--format", "auto"), InputFormat.class))
                .sourceName(f.get("--source", stdin ? "stdin" : null))
                .sourceNaming(enumFlag("--source-naming", f.get("--source-naming", "path"), ParseConfig.SourceNaming.class))
                .json(jsonFields(f))
                .timeFormat(f.get("--time-format", ParseConfig.DEFAULT_TIME_FORMAT))
                .missingTime(enumFlag("--missing-time", f.get("--missing-time", "inherit").replace('-', '_'),
                        ParseConfig.MissingTime.class))
                .maxFuture(f.durationValue("--max-future", ParseConfig.DEFAULT_MAX_FUTURE))
                .splits(f.intValue("--split", 1, 1, ParseConfig.MAX_SPLITS))
                .multiline(f.has("--multiline"));
        if (f.has("--multiline-max-lines") && !f.has("--multiline")) {
            throw new IllegalArgumentException("--multiline-max-lines needs --multiline");
        }
        // Zero windows for silent sources only where the wall clock means something for event time: a live
        // input. A replayed file's source is "silent" whenever the reader is busy with another file.
        // Standard input counts as live: it has one source, so a pause in it is a real pause of that source
        // (a file piped in does not stall for --idleness, so it gets no zero windows either).
        boolean live = f.has("--follow") || stdin
                || inputs.get(0).kind() == Endpoint.Kind.KAFKA && !f.has("--bounded");
        String zone = f.get("--zone", "UTC");
        try {
            parse.zone(ZoneId.of(zone));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--zone '" + zone + "' is not a time zone id (e.g. UTC, Europe/Paris)");
        }
        String minTime = f.get("--min-time", null);
        if (minTime != null) {
            try {
                parse.minTimestamp(Instant.parse(minTime).toEpochMilli());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--min-time must be an ISO instant like 2000-01-01T00:00:00Z, was '" + minTime + "'");
            }
        }
        JobConfig.Builder jobBuilder = JobConfig.builder();
        if (f.has("--now")) {
            // A replay of an old archive (yearless syslog times, --max-future) judged as of its own time.
            jobBuilder.startingAt(f.instantValue("--now", null));
        }
        JobConfig job = jobBuilder
                .parse(parse.build())
                .engine(new EngineSettings(f.intValue("--max-signatures", 0, 1, 10_000_000),
                        f.intValue("--max-line-chars", 0, 16, 10_000_000), f.intValue("--max-tokens", 0, 1, 100_000),
                        maskSpecs(f)))
                .window(f.durationValue("--window", JobConfig.DEFAULT_WINDOW))
                .outOfOrderness(f.durationValue("--out-of-orderness", JobConfig.DEFAULT_OUT_OF_ORDERNESS))
                .idleness(f.durationValue("--idleness", JobConfig.DEFAULT_IDLENESS))
                .maxCachedKeys(f.intValue("--max-cached-sources", SignatureCountOperator.DEFAULT_MAX_CACHED_KEYS, 1, 10_000_000))
                .multilineMaxLines(f.intValue("--multiline-max-lines", JobConfig.DEFAULT_MULTILINE_MAX_LINES, 1,
                        JobConfig.MAX_MULTILINE_MAX_LINES))
                .silentWindows(f.intValue("--silent-windows", live ? JobConfig.DEFAULT_LIVE_SILENT_WINDOWS : 0, 0,
                        JobConfig.MAX_SILENT_WINDOWS))
                .anomalies(f.has("--no-anomalies") ? null : anomalySettings(f))
                .sessions(sessionSettings(f))
                .build();

        boolean checkpoints = !f.has("--no-checkpoints");
        // A cluster of several machines needs checkpoints on storage they all reach: s3://, hdfs://, ...
        // are passed to Flink as given; a file:// URI is just a directory.
        String checkpointsFlag = f.get("--checkpoints", null);
        String checkpointsUri = checkpointsFlag != null && Deployment.hasScheme(checkpointsFlag) ? checkpointsFlag : null;
        if (checkpointsUri != null && checkpointsUri.startsWith("file:")) {
            try {
                checkpointsFlag = Path.of(java.net.URI.create(checkpointsUri)).toString();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--checkpoints '" + checkpointsUri + "' is not a valid file:// URI");
            }
            checkpointsUri = null;
        }
        Path checkpointsDir = checkpointsUri != null ? null
                : checkpointsFlag != null ? Path.of(checkpointsFlag)
                : output.kind() == Endpoint.Kind.PATH ? output.path().resolve("_checkpoints") : Path.of("sigdrift-checkpoints");
        if (!checkpoints && output.kind() == Endpoint.Kind.PATH) {
            throw new IllegalArgumentException("--no-checkpoints: a directory --output commits its files on checkpoints; "
                    + "use --output stdout or kafka:// to run without them");
        }
        String restore = f.get("--restore", null);
        if ("latest".equals(restore) && checkpointsDir == null) {
            throw new IllegalArgumentException("--restore latest looks for the newest checkpoint in a local --checkpoints "
                    + "directory; with --checkpoints " + checkpointsUri + " give the checkpoint itself: --restore URI/JOB/chk-N");
        } else if ("latest".equals(restore)) {
            Path dir = checkpointsDir;
            restore = Deployment.latestCheckpoint(dir).map(Path::toString).orElseThrow(() ->
                    new IllegalArgumentException("--restore latest: no completed checkpoint under --checkpoints " + dir));
        } else if (restore != null && !Deployment.hasScheme(restore) && !Files.isDirectory(Path.of(restore))) {
            throw new IllegalArgumentException("--restore " + restore + " is not a checkpoint or savepoint directory");
        }
        int webPort = f.has("--web-ui") || f.has("--web-port") ? f.intValue("--web-port", Deployment.DEFAULT_WEB_UI_PORT, 1, 65_535) : 0;
        Deployment deployment = new Deployment(f.intValue("--parallelism", Deployment.DEFAULT_PARALLELISM, 1, 1024),
                checkpointsDir, checkpoints ? f.durationValue("--checkpoint-interval", Deployment.DEFAULT_CHECKPOINT_INTERVAL) : null,
                f.get("--state-backend", "hashmap").toLowerCase(Locale.ROOT), restore, webPort,
                f.intValue("--restart-attempts", Deployment.DEFAULT_RESTART_ATTEMPTS, 0, 1000), checkpointsUri);
        boolean follow = f.has("--follow");
        if (f.has("--bounded") && follow) {
            throw new IllegalArgumentException("--bounded and --follow contradict each other");
        }
        if (f.has("--discovery-interval") && f.has("--monitor-interval")) {
            throw new IllegalArgumentException("--monitor-interval is the old name of --discovery-interval: give one of them");
        }
        String intervalFlag = f.has("--monitor-interval") ? "--monitor-interval" : "--discovery-interval";
        Duration discovery = f.durationValue(intervalFlag, DEFAULT_DISCOVERY_INTERVAL);
        try {
            TailSettings.of(discovery);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("--discovery-interval", intervalFlag));
        }
        String delivery = f.get("--kafka-delivery", "at-least-once");
        if (!delivery.equals("at-least-once") && !delivery.equals("exactly-once")) {
            throw new IllegalArgumentException("--kafka-delivery must be at-least-once or exactly-once, was '" + delivery + "'");
        }
        boolean exactlyOnce = delivery.equals("exactly-once");
        if (exactlyOnce && output.kind() != Endpoint.Kind.KAFKA) {
            throw new IllegalArgumentException("--kafka-delivery applies to a kafka:// --output only");
        }
        if (exactlyOnce && !checkpoints) {
            // transactions are committed when a checkpoint completes: without checkpoints nothing would ever be visible
            throw new IllegalArgumentException("--kafka-delivery exactly-once commits at checkpoints: it cannot be used with --no-checkpoints");
        }
        return new RunSpec(List.copyOf(inputs), output, job, deployment, follow,
                discovery, f.get("--kafka-group", DEFAULT_KAFKA_GROUP), f.has("--bounded"), exactlyOnce, feedback(f, job));
    }

    /** {@code --feedback DIR|kafka://…}, {@code --rules FILE}, {@code --max-labels N}; null without the first two. */
    static FeedbackSpec feedback(Args f, JobConfig job) {
        if (!f.has("--feedback") && !f.has("--rules")) {
            if (f.has("--max-labels") || f.has("--learned-suppression") || f.has("--learned-threshold")) {
                throw new IllegalArgumentException((f.has("--max-labels") ? "--max-labels" : "--learned-suppression")
                        + " needs --feedback");
            }
            return null;
        }
        if (job.anomalies() == null) {
            throw new IllegalArgumentException("--feedback and --rules act on anomalies: they cannot be used with --no-anomalies");
        }
        Path dir = null;
        String bootstrap = null;
        String topic = null;
        if (f.has("--feedback")) {
            Endpoint e = Endpoint.parse("--feedback", f.get("--feedback", null));
            if (e.kind() == Endpoint.Kind.KAFKA) {
                bootstrap = e.bootstrapServers();
                topic = e.topic();
            } else if (e.kind() == Endpoint.Kind.PATH) {
                dir = e.path();
                if (Files.exists(dir) && !Files.isDirectory(dir)) {
                    throw new IllegalArgumentException("--feedback " + dir + " is not a directory");
                }
                try {
                    Files.createDirectories(dir);
                } catch (java.io.IOException ex) {
                    throw new IllegalArgumentException("--feedback " + dir + " cannot be created: " + ex.getMessage());
                }
            } else {
                throw new IllegalArgumentException("--feedback must be a directory or kafka://HOST:PORT/TOPIC");
            }
        }
        Path rules = null;
        if (f.has("--rules")) {
            rules = Path.of(f.get("--rules", null));
            if (!Files.isRegularFile(rules)) {
                throw new IllegalArgumentException("--rules " + rules + " is not a file");
            }
        }
        if (f.has("--learned-threshold") && !f.has("--learned-suppression")) {
            throw new IllegalArgumentException("--learned-threshold needs --learned-suppression");
        }
        LearnedSuppressionConfig learned = !f.has("--learned-suppression") ? null
                : LearnedSuppressionConfig.defaults().withThreshold(f.doubleValue("--learned-threshold",
                        LearnedSuppressionConfig.DEFAULT_THRESHOLD, 0.5, Double.POSITIVE_INFINITY));
        return new FeedbackSpec(dir, bootstrap, topic, rules,
                f.intValue("--max-labels", FeedbackBook.DEFAULT_MAX_LABELS, 1, 10_000_000), learned);
    }

    /**
     * {@code --masks FILE} (read here, on the client) and {@code --mask NAME=REGEX}, validated, as the specs the
     * job graph carries.
     */
    static List<String> maskSpecs(Args f) {
        if (!f.has("--mask") && !f.has("--masks")) {
            return List.of();
        }
        // errors (also an invalid path) are IllegalArgumentExceptions naming the file, line or mask
        return UserMasks.fromFilesAndSpecs(f.all("--masks").stream().map(Path::of).toList(), f.all("--mask"))
                .specs();
    }

    /** {@code --json-*}: each flag replaces its field's default lookup list (the rules {@code reduce} uses). */
    static JsonFields jsonFields(Args f) {
        JsonFields fields = JsonFields.defaults();
        String[][] flags = {{"--json-message"}, {"--json-source"}, {"--json-time"}};
        for (String[] flag : flags) {
            String v = f.get(flag[0], null);
            if (v != null && v.isBlank()) {
                throw new IllegalArgumentException(flag[0] + " must name a JSON field");
            }
        }
        if (f.get("--json-message", null) != null) {
            fields = fields.withMessageField(f.get("--json-message", null));
        }
        if (f.get("--json-source", null) != null) {
            fields = fields.withSourceField(f.get("--json-source", null));
        }
        if (f.get("--json-time", null) != null) {
            fields = fields.withTimeField(f.get("--json-time", null));
        }
        return fields;
    }

    /** The anomaly stage's flags; ranges are checked again by {@link SourceDetectorConfig}. */
    /** {@code --sessions} and its options; null when --sessions is absent (the options then are an error). */
    static SessionSettings sessionSettings(Args f) {
        if (!f.has("--sessions")) {
            for (String o : List.of("--session-gap", "--session-max-open", "--session-max-events", "--session-train",
                    "--session-detector", "--session-model")) {
                if (f.has(o)) {
                    throw new IllegalArgumentException(o + " needs --sessions");
                }
            }
            return null;
        }
        Duration gap = f.durationValue("--session-gap", SessionConfig.DEFAULT_INACTIVITY_GAP);
        SessionConfig session;
        try {
            session = SessionConfig.builder().inactivityGap(gap)
                    .maxDuration(gap.compareTo(SessionConfig.DEFAULT_MAX_DURATION) > 0 ? gap : SessionConfig.DEFAULT_MAX_DURATION)
                    .maxOpenSessions(f.intValue("--session-max-open", SessionConfig.DEFAULT_MAX_OPEN_SESSIONS, 1, 10_000_000))
                    .maxEventsPerSession(f.intValue("--session-max-events", SessionConfig.DEFAULT_MAX_EVENTS_PER_SESSION, 1,
                            10_000_000))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--session-gap: " + e.getMessage(), e);
        }
        SessionScorerConfig scorer = SessionScorerConfig.builder().session(session)
                .trainSessions(f.intValue("--session-train", SessionScorerConfig.DEFAULT_TRAIN_SESSIONS, 20,
                        SessionScorerConfig.MAX_TRAIN_SESSIONS))
                .detector(f.get("--session-detector", InvariantMiningDetector.KIND))
                .build();
        byte[] model = f.has("--session-model") ? SessionSettings.readModelFile(Path.of(f.get("--session-model", null)))
                : null;
        return new SessionSettings(f.get("--sessions", null), scorer, model);
    }

    static SourceDetectorConfig anomalySettings(Args f) {
        return SourceDetectorConfig.builder()
                .warmupWindows(f.intValue("--anomaly-warmup", SourceDetectorConfig.DEFAULT_WARMUP_WINDOWS, 1, 10_000_000))
                .cooldownWindows(f.intValue("--anomaly-cooldown", SourceDetectorConfig.DEFAULT_COOLDOWN_WINDOWS, 0, 1_000_000))
                .maxSignaturesPerSource(f.intValue("--anomaly-max-signatures", SourceDetectorConfig.DEFAULT_MAX_SIGNATURES_PER_SOURCE,
                        1, 10_000_000))
                .signatureTtlWindows(f.intValue("--anomaly-signature-ttl", SourceDetectorConfig.DEFAULT_SIGNATURE_TTL_WINDOWS,
                        1, 100_000_000))
                .sourceTtl(f.durationValue("--anomaly-source-ttl", SourceDetectorConfig.DEFAULT_SOURCE_TTL))
                .maxCreatedPerWindow(f.intValue("--anomaly-max-per-window", SourceDetectorConfig.DEFAULT_MAX_CREATED_PER_WINDOW,
                        1, 1_000_000))
                .build();
    }

    private static <E extends Enum<E>> E enumFlag(String flag, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new IllegalArgumentException(flag + " must be one of " + allowed + ", was '" + value + "'");
        }
    }
}
