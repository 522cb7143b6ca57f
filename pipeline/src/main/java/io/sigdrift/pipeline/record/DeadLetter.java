package io.sigdrift.pipeline.record;

/**
 * Input that could not be processed normally, with the reason. The job never drops input silently:
 * unparseable or out-of-range records and late lines all end up here.
 */
public class DeadLetter {
    /** Machine-readable reason, one of the {@code Reason} constants. */
    public String reason;
    /** Human-readable detail, e.g. which field had which wrong type. */
    public String detail;
    /** File path, Kafka topic, or source name. */
    public String origin;
    /** The offending input, cut to {@link #MAX_LINE_CHARS}. */
    public String line;
    /** Event time when known, else the processing time, epoch ms. */
    public long timestamp;

    /** Dead letters keep at most this much of the input so a giant bad record can't bloat outputs. */
    public static final int MAX_LINE_CHARS = 2_000;

    public DeadLetter() {}

    public DeadLetter(String reason, String detail, String origin, String line, long timestamp) {
        this.reason = reason;
        this.detail = detail;
        this.origin = origin;
        this.line = line == null || line.length() <= MAX_LINE_CHARS ? line : line.substring(0, MAX_LINE_CHARS);
        this.timestamp = timestamp;
    }

    /** Reasons. Strings (not an enum) keep the POJO Kryo-free and the JSON stable. */
    public static final class Reason {
        public static final String UNREADABLE_FILE = "unreadable-file";
        public static final String BINARY_RECORD = "binary-record";
        public static final String EMPTY_RECORD = "empty-record";
        public static final String INVALID_JSON = "invalid-json";
        public static final String WRONG_TYPE = "wrong-type";
        public static final String MISSING_FIELD = "missing-field";
        public static final String BAD_TIMESTAMP = "bad-timestamp";
        public static final String NO_TIMESTAMP = "no-timestamp";
        public static final String TIMESTAMP_OUT_OF_RANGE = "timestamp-out-of-range";
        public static final String OVERSIZE = "oversize";
        public static final String TRUNCATED = "truncated";
        public static final String LATE = "late";
        /** Input that was read but cannot be replayed after a failure (standard input): the detail says how much. */
        public static final String INPUT_LOST = "input-lost";

        private Reason() {}
    }

    @Override
    public String toString() {
        return "DeadLetter{" + reason + ": " + detail + " @" + origin + " " + line + "}";
    }
}
