package io.sigdrift.pipeline.parse;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * How raw records become events: plain lines or JSON lines, which fields hold what, how timestamps
 * are found, which timestamps are accepted. Immutable, validated once in {@link Builder#build()};
 * errors name the command-line flag.
 */
public final class ParseConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum InputFormat { PLAIN, JSON }

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

    /**
     * JSON fields looked up for the time when {@code --json-time} names none, first present wins: CloudTrail's
     * {@code eventTime}, Logstash/ECS {@code @timestamp}, then the common short names.
     */
    public static final List<String> DEFAULT_JSON_TIME_FIELDS = List.of("eventTime", "@timestamp", "time", "ts", "timestamp");
    public static final String DEFAULT_JSON_SOURCE_FIELD = "source";
    public static final String DEFAULT_JSON_MESSAGE_FIELD = "message";
    public static final String DEFAULT_TIME_FORMAT = "auto";
    /** Lines stamped later than now + this are dead letters: one such line would push the watermark
     *  ahead and make every other line late. */
    public static final Duration DEFAULT_MAX_FUTURE = Duration.ofDays(1);
    /** Lines stamped before this are dead letters (2000-01-01: older usually means a parse error). */
    public static final long DEFAULT_MIN_TIMESTAMP = 946_684_800_000L;
    /** Longer records are dead letters without reaching the engine (the engine truncates at its own, lower limit). */
    public static final int DEFAULT_MAX_RECORD_CHARS = 1 << 20;
    public static final int MAX_SPLITS = 1024;

    private final InputFormat format;
    private final String sourceName;
    private final String jsonTimeField;
    private final String jsonSourceField;
    private final String jsonMessageField;
    private final String timeFormat;
    private final ZoneId zone;
    private final MissingTime missingTime;
    private final long maxFutureMillis;
    private final long minTimestamp;
    private final int maxRecordChars;
    private final int splits;
    private final SourceNaming sourceNaming;
    private final boolean multiline;

    private ParseConfig(Builder b) {
        this.format = b.format;
        this.sourceName = b.sourceName;
        this.jsonTimeField = b.jsonTimeField;
        this.jsonSourceField = b.jsonSourceField;
        this.jsonMessageField = b.jsonMessageField;
        this.timeFormat = b.timeFormat;
        this.zone = b.zone;
        this.missingTime = b.missingTime;
        this.maxFutureMillis = b.maxFuture.toMillis();
        this.minTimestamp = b.minTimestamp;
        this.maxRecordChars = b.maxRecordChars;
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

    public InputFormat format() { return format; }
    /** Fixed source name for every record (plain: instead of the file path; JSON: when the source field is absent); may be null. */
    public String sourceName() { return sourceName; }
    /** {@code --json-time}: the one JSON field holding the time, or null to look up {@link #DEFAULT_JSON_TIME_FIELDS}. */
    public String jsonTimeField() { return jsonTimeField; }
    /** The JSON fields looked up for the time, in order of preference. */
    public String[] jsonTimeFields() {
        return jsonTimeField != null ? new String[] {jsonTimeField} : DEFAULT_JSON_TIME_FIELDS.toArray(new String[0]);
    }
    public String jsonSourceField() { return jsonSourceField; }
    public String jsonMessageField() { return jsonMessageField; }
    public String timeFormat() { return timeFormat; }
    public ZoneId zone() { return zone; }
    public MissingTime missingTime() { return missingTime; }
    public long maxFutureMillis() { return maxFutureMillis; }
    public long minTimestamp() { return minTimestamp; }
    public int maxRecordChars() { return maxRecordChars; }
    public int splits() { return splits; }
    public SourceNaming sourceNaming() { return sourceNaming; }
    /** {@code --multiline}: continuation lines (stack traces) are marked so the keyed operator joins them to their event. */
    public boolean multiline() { return multiline; }

    /** A parser for this config (one per operator instance: it caches). */
    public TimestampParser timestampParser() {
        return TimestampParser.of(timeFormat, zone, Duration.ofMillis(maxFutureMillis));
    }

    public static final class Builder {
        private InputFormat format = InputFormat.PLAIN;
        private String sourceName;
        private String jsonTimeField;
        private String jsonSourceField = DEFAULT_JSON_SOURCE_FIELD;
        private String jsonMessageField = DEFAULT_JSON_MESSAGE_FIELD;
        private String timeFormat = DEFAULT_TIME_FORMAT;
        private ZoneId zone = ZoneOffset.UTC;
        private MissingTime missingTime = MissingTime.INHERIT;
        private Duration maxFuture = DEFAULT_MAX_FUTURE;
        private long minTimestamp = DEFAULT_MIN_TIMESTAMP;
        private int maxRecordChars = DEFAULT_MAX_RECORD_CHARS;
        private int splits = 1;
        private SourceNaming sourceNaming = SourceNaming.PATH;
        private boolean multiline;

        public Builder format(InputFormat v) { format = v; return this; }
        public Builder sourceName(String v) { sourceName = v; return this; }
        public Builder jsonTimeField(String v) { jsonTimeField = v; return this; }
        public Builder jsonSourceField(String v) { jsonSourceField = v; return this; }
        public Builder jsonMessageField(String v) { jsonMessageField = v; return this; }
        public Builder timeFormat(String v) { timeFormat = v; return this; }
        public Builder zone(ZoneId v) { zone = v; return this; }
        public Builder missingTime(MissingTime v) { missingTime = v; return this; }
        public Builder maxFuture(Duration v) { maxFuture = v; return this; }
        public Builder minTimestamp(long v) { minTimestamp = v; return this; }
        public Builder maxRecordChars(int v) { maxRecordChars = v; return this; }
        public Builder splits(int v) { splits = v; return this; }
        public Builder sourceNaming(SourceNaming v) { sourceNaming = v; return this; }
        public Builder multiline(boolean v) { multiline = v; return this; }

        public ParseConfig build() {
            if (format == null) {
                throw new IllegalArgumentException("--format must be plain or json");
            }
            if (sourceName != null && sourceName.isBlank()) {
                throw new IllegalArgumentException("--source must not be blank");
            }
            if (jsonTimeField != null) {
                requireField(jsonTimeField, "--json-time");
            }
            requireField(jsonSourceField, "--json-source");
            requireField(jsonMessageField, "--json-message");
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
            if (maxRecordChars < 1) {
                throw new IllegalArgumentException("maxRecordChars must be >= 1, was " + maxRecordChars);
            }
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
