package io.sigdrift.pipeline.parse;

import io.sigdrift.pipeline.input.InputConfig;
import io.sigdrift.pipeline.input.InputFormat;
import io.sigdrift.pipeline.input.JsonFields;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * How raw records become events: plain lines or JSON lines, which fields hold what, how timestamps
 * are found, which timestamps are accepted. Immutable, validated once in {@link Builder#build()};
 * errors name the command-line flag. What a line is (format, JSON fields, cleaning, size limit) is the
 * {@link InputConfig} that {@code reduce} and {@code compare} use too; only the timestamp and source
 * naming rules are the job's own.
 */
public final class ParseConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What to do with a line in which no timestamp is found. */
    public enum MissingTime {
        /** Take the previous timestamped line's time of the same source (key; checkpointed); else ingestion time. */
        INHERIT,
        /** Wall clock at parse time. */
        INGESTION,
        /** Send the line to dead letters. */
        DEAD_LETTER
    }

    /** How a plain line's source is named when no {@code --source} is given. */
    public enum SourceNaming {
        /** The file path (or Kafka topic) as read. */
        PATH,
        /** The file name without directories and without its last extension: /var/log/auth.log → auth. */
        FILE
    }

    public static final String DEFAULT_JSON_SOURCE_FIELD = JsonFields.DEFAULT_SOURCE_FIELD;
    public static final String DEFAULT_TIME_FORMAT = "auto";
    /** Lines stamped later than now + this are dead letters: one such line would push its source's
     *  clock ahead and make every later line of that source late. */
    public static final Duration DEFAULT_MAX_FUTURE = Duration.ofDays(1);
    /** Lines stamped before this are dead letters (2000-01-01: older usually means a parse error). */
    public static final long DEFAULT_MIN_TIMESTAMP = 946_684_800_000L;
    public static final int MAX_SPLITS = 1024;

    private final InputConfig input;
    private final String sourceName;
    private final String timeFormat;
    private final ZoneId zone;
    private final MissingTime missingTime;
    private final long maxFutureMillis;
    private final long minTimestamp;
    private final int splits;
    private final SourceNaming sourceNaming;
    private final boolean multiline;

    private ParseConfig(Builder b) {
        this.input = b.input.build();
        this.sourceName = b.sourceName;
        this.timeFormat = b.timeFormat;
        this.zone = b.zone;
        this.missingTime = b.missingTime;
        this.maxFutureMillis = b.maxFuture.toMillis();
        this.minTimestamp = b.minTimestamp;
        this.splits = b.splits;
        this.sourceNaming = b.sourceNaming;
        this.multiline = b.multiline;
    }

    public static ParseConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The reading rules shared with {@code reduce} and {@code compare}. */
    public InputConfig input() { return input; }
    public InputFormat format() { return input.format(); }
    public JsonFields json() { return input.json(); }
    /** Fixed source name for every record (plain: instead of the file path; JSON: when the source field is absent); may be null. */
    public String sourceName() { return sourceName; }
    public String timeFormat() { return timeFormat; }
    public ZoneId zone() { return zone; }
    public MissingTime missingTime() { return missingTime; }
    public long maxFutureMillis() { return maxFutureMillis; }
    public long minTimestamp() { return minTimestamp; }
    /** Lines are cut at this many UTF-8 bytes (and flagged), as in {@code reduce}. */
    public int maxLineBytes() { return input.maxLineBytes(); }
    public int splits() { return splits; }
    public SourceNaming sourceNaming() { return sourceNaming; }
    /** {@code --multiline}: continuation lines (stack traces) are marked so the keyed operator joins them to their event. */
    public boolean multiline() { return multiline; }

    /** A parser for this config (one per operator instance: it caches). */
    public TimestampParser timestampParser() {
        return TimestampParser.of(timeFormat, zone, Duration.ofMillis(maxFutureMillis));
    }

    public static final class Builder {
        private final InputConfig.Builder input = InputConfig.builder();
        private InputFormat format = InputFormat.AUTO;
        private JsonFields json = JsonFields.defaults();
        private String sourceName;
        private String timeFormat = DEFAULT_TIME_FORMAT;
        private ZoneId zone = ZoneOffset.UTC;
        private MissingTime missingTime = MissingTime.INHERIT;
        private Duration maxFuture = DEFAULT_MAX_FUTURE;
        private long minTimestamp = DEFAULT_MIN_TIMESTAMP;
        private int maxLineBytes = InputConfig.DEFAULT_MAX_LINE_BYTES;
        private int splits = 1;
        private SourceNaming sourceNaming = SourceNaming.PATH;
        private boolean multiline;

        /** Default {@link InputFormat#AUTO}, as in {@code reduce}. */
        public Builder format(InputFormat v) { format = v; return this; }
        public Builder sourceName(String v) { sourceName = v; return this; }
        /** All JSON field rules at once (default {@link JsonFields#defaults()}). */
        public Builder json(JsonFields v) { json = v; return this; }
        /** {@code --json-time}: one strict time field instead of the default lookup list. */
        public Builder jsonTimeField(String v) { requireField(v, "--json-time"); json = json.withTimeField(v); return this; }
        public Builder jsonSourceField(String v) { requireField(v, "--json-source"); json = json.withSourceField(v); return this; }
        /** {@code --json-message}: one message field instead of the default lookup list. */
        public Builder jsonMessageField(String v) { requireField(v, "--json-message"); json = json.withMessageField(v); return this; }
        public Builder timeFormat(String v) { timeFormat = v; return this; }
        public Builder zone(ZoneId v) { zone = v; return this; }
        public Builder missingTime(MissingTime v) { missingTime = v; return this; }
        public Builder maxFuture(Duration v) { maxFuture = v; return this; }
        public Builder minTimestamp(long v) { minTimestamp = v; return this; }
        public Builder maxLineBytes(int v) { maxLineBytes = v; return this; }
        public Builder splits(int v) { splits = v; return this; }
        public Builder sourceNaming(SourceNaming v) { sourceNaming = v; return this; }
        public Builder multiline(boolean v) { multiline = v; return this; }

        public ParseConfig build() {
            if (format == null) {
                throw new IllegalArgumentException("--format must be auto, plain or json");
            }
            if (sourceName != null && sourceName.isBlank()) {
                throw new IllegalArgumentException("--source must not be blank");
            }
            if (json == null) {
                throw new IllegalArgumentException("JSON field rules are required");
            }
            if (zone == null) {
                throw new IllegalArgumentException("--zone must be a time zone id such as UTC or Europe/Paris");
            }
            if (missingTime == null) {
                throw new IllegalArgumentException("--missing-time must be inherit, ingestion or dead-letter");
            }
            if (sourceNaming == null) {
                throw new IllegalArgumentException("--source-naming must be path or file");
            }
            if (maxFuture == null || maxFuture.isNegative()) {
                throw new IllegalArgumentException("--max-future must be a duration >= 0, was " + maxFuture);
            }
            input.format(format).json(json).maxLineBytes(maxLineBytes);
            if (splits < 1 || splits > MAX_SPLITS) {
                throw new IllegalArgumentException("--split must be in 1.." + MAX_SPLITS + ", was " + splits);
            }
            if (multiline && splits > 1) {
                // a split source spreads its lines over keys by hash: a stack trace's lines would reach different keys
                throw new IllegalArgumentException("--multiline needs --split 1 (continuation lines must reach the key of "
                        + "their event), was --split " + splits);
            }
            TimestampParser.of(timeFormat, zone, maxFuture);   // fails naming --time-format
            return new ParseConfig(this);
        }

        private static void requireField(String v, String flag) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(flag + " must name a JSON field");
            }
        }
    }
}
