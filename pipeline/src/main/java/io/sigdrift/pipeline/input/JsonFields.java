package io.sigdrift.pipeline.input;

import java.io.Serializable;
import java.util.List;

/**
 * The one set of JSON field rules of {@code reduce}, {@code compare} and {@code run}: which field holds the
 * message, the source and the time, each tried in a fixed order. Immutable, validated once.
 *
 * <p>Defaults follow the conventions of the common JSON loggers and shippers: the message is {@code message}
 * (Logstash/ECS, CloudTrail-style exports, GELF's full form), else {@code msg} (pino, bunyan, logrus, zap),
 * else {@code log} (Docker's json-file driver, Fluent Bit); the source is {@code source}; the time is
 * {@code timestamp}, else {@code @timestamp} (Logstash/ECS), {@code eventTime} (CloudTrail), {@code time}
 * (logrus, Docker, bunyan) or {@code ts} (zap). A dotted name such as {@code log.message} walks into nested
 * objects when the object has no field with the dotted name itself.
 *
 * <p>A field given by the user (a flag) replaces its whole lookup list. For time this also makes the field
 * strict: a value that is not a timestamp is then a dead letter in {@code run}, whereas a field found by the
 * default list that holds something else (e.g. {@code "time": "12ms"}) is ignored and the line is timed as
 * if it had no time field, so the default never loses a line that {@code reduce} would count.
 */
public final class JsonFields implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final List<String> DEFAULT_MESSAGE_FIELDS = List.of("message", "msg", "log");
    public static final String DEFAULT_SOURCE_FIELD = "source";
    public static final List<String> DEFAULT_TIME_FIELDS = List.of("timestamp", "@timestamp", "eventTime", "time", "ts");
    /** Fields per list: each list is scanned per line, so it stays short. */
    public static final int MAX_FIELDS = 16;

    private static final JsonFields DEFAULTS = new JsonFields(DEFAULT_MESSAGE_FIELDS, DEFAULT_SOURCE_FIELD,
            DEFAULT_TIME_FIELDS, false);

    private final String[] messageFields;
    private final String sourceField;
    private final String[] timeFields;
    private final boolean strictTime;

    private JsonFields(List<String> messageFields, String sourceField, List<String> timeFields, boolean strictTime) {
        this.messageFields = check(messageFields, "message");
        if (sourceField != null && sourceField.isBlank()) {
            throw new IllegalArgumentException("the JSON source field must be a field name, was blank");
        }
        this.sourceField = sourceField;
        this.timeFields = check(timeFields, "time");
        this.strictTime = strictTime;
    }

    private static String[] check(List<String> fields, String what) {
        if (fields == null || fields.isEmpty() || fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("the JSON " + what + " fields must be 1.." + MAX_FIELDS + " names, was " + fields);
        }
        for (String f : fields) {
            if (f == null || f.isBlank()) {
                throw new IllegalArgumentException("the JSON " + what + " field must be a field name, was blank");
            }
        }
        return fields.toArray(new String[0]);
    }

    public static JsonFields defaults() {
        return DEFAULTS;
    }

    /** This rule set with one message field instead of the default list ({@code --message-field}, {@code --json-message}). */
    public JsonFields withMessageField(String field) {
        return new JsonFields(List.of(field), sourceField, List.of(timeFields), strictTime);
    }

    /** This rule set with another source field; null = JSON lines name no source (their input does). */
    public JsonFields withSourceField(String field) {
        return new JsonFields(List.of(messageFields), field, List.of(timeFields), strictTime);
    }

    /** This rule set with one strict time field instead of the default list ({@code --json-time}). */
    public JsonFields withTimeField(String field) {
        return new JsonFields(List.of(messageFields), sourceField, List.of(field), true);
    }

    public List<String> messageFields() { return List.of(messageFields); }
    /** The source field, or null. */
    public String sourceField() { return sourceField; }
    public List<String> timeFields() { return List.of(timeFields); }
    /** Whether the time field was named by the user (a bad value is then an error, see the class comment). */
    public boolean strictTime() { return strictTime; }

    /** Position of {@code name} in the message lookup order, or -1 (no allocation: called per field). */
    int messageRank(String name) {
        return indexOf(messageFields, name);
    }

    int timeRank(String name) {
        return indexOf(timeFields, name);
    }

    boolean isSource(String name) {
        return name.equals(sourceField);
    }

    String messageField(int rank) { return messageFields[rank]; }
    String timeField(int rank) { return timeFields[rank]; }
    int messageFieldCount() { return messageFields.length; }
    int timeFieldCount() { return timeFields.length; }

    /** Whether some wanted field is nested under {@code prefix} (e.g. prefix "log." for "log.message"). */
    boolean wantsUnder(String prefix) {
        return startsWith(messageFields, prefix) || startsWith(timeFields, prefix)
                || (sourceField != null && sourceField.startsWith(prefix));
    }

    private static boolean startsWith(String[] a, String prefix) {
        for (String s : a) {
            if (s.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(String[] a, String name) {
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "JsonFields{message=" + List.of(messageFields) + ", source=" + sourceField + ", time="
                + List.of(timeFields) + (strictTime ? " (strict)" : "") + "}";
    }
}
