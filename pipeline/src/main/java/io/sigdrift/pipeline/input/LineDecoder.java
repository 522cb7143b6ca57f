package io.sigdrift.pipeline.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import it.unimi.dsi.fastutil.objects.Object2ByteOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.io.IOException;

/**
 * The one decision of what an input line is, shared by {@code reduce}, {@code compare} ({@link EventReader})
 * and {@code run} ({@code parse.LineParser}): an event (message, optional JSON source, optional JSON time
 * value) or a {@link SkipReason}. The commands differ only in where a skip goes: {@code reduce} counts it in
 * {@link InputStats}, {@code run} sends it to dead letters (blank lines are counted, not dead-lettered, in both).
 *
 * <p>Order of the rules, the same for every line:
 * <ol>
 *   <li>A line over {@code maxLineBytes} UTF-8 bytes is cut at a character boundary and flagged TRUNCATED: a
 *       long line is still one event, and the engine cuts far earlier anyway ({@code reduce}'s byte reader
 *       already cut it while reading, so memory stays bounded there).</li>
 *   <li>{@link LineCleaner}: BLANK, BINARY (control and U+FFFD characters over the share), control characters
 *       (NUL padding, terminal escapes) replaced by spaces and flagged.</li>
 *   <li>Format: {@link InputFormat#AUTO} decides per origin (file, topic, stdin) from its first non-blank line
 *       — JSON when it starts with '{' — so a plain log with an occasional '{' line stays plain and a JSON
 *       file's malformed line is reported rather than taken as text.</li>
 *   <li>JSON: a streaming pass over the object (no tree) picks the message, source and time fields by the
 *       lookup order of {@link JsonFields}; MALFORMED_JSON when the line is not an object, NO_MESSAGE when no
 *       message field holds a scalar. The message loses a trailing line break and is then cleaned like a plain
 *       line.</li>
 * </ol>
 *
 * <p>Cost per plain line: one scan of its characters, no allocation unless something must be replaced. The
 * origin's format is remembered for the last origin in a field and for others in a map bounded by
 * {@link #MAX_ORIGINS} (cleared when full: a cleared origin is decided again by its next line). Not
 * thread-safe; one per reader or operator instance.
 */
public final class LineDecoder {
    /** Origins whose AUTO decision is remembered at once (see the class comment). */
    public static final int MAX_ORIGINS = 4_096;

    /** What the time field of a JSON line held. */
    public enum TimeValue { NONE, TEXT, NUMBER, OTHER }

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte PLAIN = 1;
    private static final byte JSON_LINES = 2;

    private final InputFormat format;
    private final JsonFields fields;
    private final int maxLineBytes;
    private final LineCleaner cleaner;
    private final Object2ByteOpenHashMap<String> formats = new Object2ByteOpenHashMap<>();
    /**
     * Top-level field name → what it is ({@link #topLevelCode}): one hash lookup per field of a JSON line
     * instead of comparing it with every name of the lookup lists (most fields are wanted by none).
     */
    private final Object2IntOpenHashMap<String> topLevel = new Object2IntOpenHashMap<>();
    private static final int NO_RANK = 31;
    private static final int SOURCE_BIT = 1 << 10;
    private static final int PARENT_BIT = 1 << 11;
    private String lastOrigin;
    private byte lastFormat;

    // the outcome of the last decode
    private String message;
    private String source;
    private boolean json;
    private boolean truncated;
    private boolean controlReplaced;
    private boolean printableAscii;
    private String detail;
    private TimeValue timeValue;
    private int timeRank;
    private String timeText;
    private double timeNumber;
    private JsonToken timeToken;
    private int messageRank;

    public LineDecoder(InputFormat format, JsonFields fields, int maxLineBytes, double binaryShare) {
        if (format == null || fields == null) {
            throw new IllegalArgumentException("format and JSON fields are required");
        }
        InputConfig.checkMaxLineBytes(maxLineBytes);
        this.format = format;
        this.fields = fields;
        this.maxLineBytes = maxLineBytes;
        this.cleaner = new LineCleaner(binaryShare);
        topLevel.defaultReturnValue(-1);
        java.util.List<String> names = new java.util.ArrayList<>(fields.messageFields());
        names.addAll(fields.timeFields());
        if (fields.sourceField() != null) {
            names.add(fields.sourceField());
        }
        for (String f : names) {
            int dot = f.indexOf('.');
            if (dot > 0) {
                topLevel.put(f.substring(0, dot), topLevelCode(f.substring(0, dot)) | PARENT_BIT);
            }
            topLevel.put(f, topLevelCode(f) | (topLevel.getInt(f) < 0 ? 0 : topLevel.getInt(f) & PARENT_BIT));
        }
    }

    /** Bits 0-4 message rank, 5-9 time rank ({@link #NO_RANK} = none), {@link #SOURCE_BIT}. */
    private int topLevelCode(String name) {
        int m = rank(fields.messageFieldCount(), true, "", name);
        int t = rank(fields.timeFieldCount(), false, "", name);
        return (m < 0 ? NO_RANK : m) | (t < 0 ? NO_RANK : t) << 5 | (name.equals(fields.sourceField()) ? SOURCE_BIT : 0);
    }

    /** An input starts again from its beginning ({@code reduce} reading a name twice): its format is decided anew. */
    public void startInput(String origin) {
        formats.removeByte(origin);
        if (origin.equals(lastOrigin)) {
            lastOrigin = null;
        }
    }

    /**
     * Decides what {@code line} of {@code origin} is.
     * @return null for an event ({@link #message()}, {@link #source()}, the time accessors), else why it is not one
     */
    public SkipReason decode(String origin, String line) {
        return decode(origin, line, false);
    }

    /**
     * {@link #decode(String, String)} for a line its reader found to be printable ASCII only (U+0020..U+007E,
     * {@link LineReader#printableAscii()}): the cleaner skips its scan ({@link LineCleaner#clean(String, boolean)}).
     * False means unknown, never "not printable".
     */
    public SkipReason decode(String origin, String line, boolean knownPrintableAscii) {
        message = null;
        source = null;
        json = false;
        detail = null;
        timeValue = TimeValue.NONE;
        truncated = false;
        controlReplaced = false;
        printableAscii = false;
        String text = cut(line);
        String cleaned = cleaner.clean(text, knownPrintableAscii);
        if (cleaned == null) {
            detail = cleaner.skip() == SkipReason.BINARY ? "more than " + Math.round(cleaner.binaryShare() * 100)
                    + "% of the line are control or undecodable characters" : null;
            return cleaner.skip();
        }
        controlReplaced = cleaner.controlReplaced();
        if (!isJson(origin, cleaned)) {
            message = cleaned;
            printableAscii = cleaner.printableAscii();
            return null;
        }
        json = true;
        SkipReason r = readJson(cleaned);
        if (r != null) {
            return r;
        }
        String m = cleaner.clean(stripLineEnd(message));
        if (m == null) {
            message = null;
            detail = cleaner.skip() == SkipReason.BINARY ? "the message field is mostly control characters"
                    : "the message field is blank";
            return cleaner.skip();
        }
        controlReplaced |= cleaner.controlReplaced();
        message = m;
        printableAscii = cleaner.printableAscii();
        return null;
    }

    /**
     * A JSON message without its trailing line break: Docker's json-file driver and several shippers keep the
     * '\n' the program wrote, which is the end of the line, not part of the event (inner breaks stay).
     */
    private static String stripLineEnd(String m) {
        int end = m.length();
        while (end > 0 && (m.charAt(end - 1) == '\n' || m.charAt(end - 1) == '\r')) {
            end--;
        }
        return end == m.length() ? m : m.substring(0, end);
    }

    private boolean isJson(String origin, String line) {
        if (format != InputFormat.AUTO) {
            return format == InputFormat.JSON;
        }
        byte f;
        if (origin.equals(lastOrigin)) {
            f = lastFormat;
        } else {
            f = formats.getByte(origin);
            if (f == 0) {
                f = startsWithBrace(line) ? JSON_LINES : PLAIN;   // the cleaner has ruled out blank lines
                if (formats.size() >= MAX_ORIGINS) {
                    formats.clear();
                }
                formats.put(origin, f);
            }
            lastOrigin = origin;
            lastFormat = f;
        }
        return f == JSON_LINES;
    }

    private static boolean startsWithBrace(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }

    /** Cuts at maxLineBytes UTF-8 bytes; a UTF-16 char is at most 3 bytes, so short lines skip the count. */
    private String cut(String s) {
        if ((long) s.length() * 3 <= maxLineBytes) {
            return s;
        }
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int n;
            if (c < 0x80) {
                n = 1;
            } else if (c < 0x800) {
                n = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n = 4;
            } else {
                n = 3;
            }
            if (bytes + n > maxLineBytes) {
                truncated = true;
                return s.substring(0, i);
            }
            bytes += n;
            if (n == 4) {
                i++;
            }
        }
        return s;
    }

    private SkipReason readJson(String text) {
        messageRank = Integer.MAX_VALUE;
        timeRank = Integer.MAX_VALUE;
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                detail = "not a JSON object";
                return SkipReason.MALFORMED_JSON;
            }
            readObject(p, "");
        } catch (IOException e) {
            detail = firstLine(e.getMessage());
            return SkipReason.MALFORMED_JSON;
        }
        if (message == null) {
            detail = "no field " + String.join(", ", fields.messageFields()) + " with a text value";
            return SkipReason.NO_MESSAGE;
        }
        return null;
    }

    /** Reads an object's fields; {@code prefix} is the dotted path of the object ("" at the top, else "a.b."). */
    private void readObject(JsonParser p, String prefix) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int code;
            if (prefix.isEmpty()) {
                code = topLevel.getInt(name);
                if (code < 0) {   // a field no rule wants: the common case
                    if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                        p.skipChildren();
                    }
                    continue;
                }
            } else {
                code = nestedCode(prefix, name);
            }
            boolean used = false;
            int rank = code & 31;
            if (rank != NO_RANK && rank < messageRank && v.isScalarValue() && v != JsonToken.VALUE_NULL) {
                message = p.getText();
                messageRank = rank;
                used = true;
            }
            if ((code & SOURCE_BIT) != 0) {
                if (v.isScalarValue() && v != JsonToken.VALUE_NULL) {
                    source = p.getText();
                }
                used = true;
            }
            rank = (code >> 5) & 31;
            if (rank == NO_RANK) {
                rank = -1;
            }
            if (rank >= 0 && rank < timeRank && v != JsonToken.VALUE_NULL) {
                timeRank = rank;
                timeToken = v;
                if (v == JsonToken.VALUE_STRING) {
                    timeValue = TimeValue.TEXT;
                    timeText = p.getText();
                } else if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
                    timeValue = TimeValue.NUMBER;
                    timeNumber = p.getDoubleValue();
                } else {
                    timeValue = TimeValue.OTHER;
                }
                used = true;
            }
            if (v == JsonToken.START_OBJECT && !used && (prefix.isEmpty() ? (code & PARENT_BIT) != 0 : wantsUnder(prefix, name))) {
                readObject(p, prefix + name + ".");
            } else if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected " + t);
        }
    }

    /** As {@link #topLevelCode} for a field inside an object (rare: only objects that hold a wanted field are read). */
    private int nestedCode(String prefix, String name) {
        int m = rank(fields.messageFieldCount(), true, prefix, name);
        int t = rank(fields.timeFieldCount(), false, prefix, name);
        boolean src = fields.sourceField() != null && matches(fields.sourceField(), prefix, name);
        return (m < 0 ? NO_RANK : m) | (t < 0 ? NO_RANK : t) << 5 | (src ? SOURCE_BIT : 0);
    }

    private int rank(int count, boolean messageList, String prefix, String name) {
        for (int i = 0; i < count; i++) {
            if (matches(messageList ? fields.messageField(i) : fields.timeField(i), prefix, name)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code field} == prefix + name, without building the string. */
    private static boolean matches(String field, String prefix, String name) {
        return field.length() == prefix.length() + name.length() && field.startsWith(prefix)
                && field.startsWith(name, prefix.length());
    }

    /** Some wanted field lies inside the object prefix + name. */
    private boolean wantsUnder(String prefix, String name) {
        for (int i = 0; i < fields.messageFieldCount(); i++) {
            if (inside(fields.messageField(i), prefix, name)) {
                return true;
            }
        }
        for (int i = 0; i < fields.timeFieldCount(); i++) {
            if (inside(fields.timeField(i), prefix, name)) {
                return true;
            }
        }
        return fields.sourceField() != null && inside(fields.sourceField(), prefix, name);
    }

    private static boolean inside(String field, String prefix, String name) {
        int end = prefix.length() + name.length();
        return field.length() > end + 1 && field.charAt(end) == '.' && field.startsWith(prefix)
                && field.startsWith(name, prefix.length());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed JSON";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The event text (after {@link #decode} returned null). */
    public String message() { return message; }
    /** The JSON source field's value, or null (plain lines, or no such field). */
    public String source() { return source; }
    /** The line was read as JSON. */
    public boolean json() { return json; }
    public boolean truncated() { return truncated; }
    public boolean controlReplaced() { return controlReplaced; }
    /** {@link #message()} is printable ASCII only (the cleaner's check of that very string). */
    public boolean printableAscii() { return printableAscii; }
    /** Why the line was skipped, for a dead letter's detail; may be null (blank lines). */
    public String detail() { return detail; }
    /** What the JSON time field held (NONE for plain lines and JSON lines without one). */
    public TimeValue timeValue() { return timeValue; }
    public String timeText() { return timeText; }
    public double timeNumber() { return timeNumber; }
    /** The name of the time field that was found (for error messages). */
    public String timeField() { return timeValue == TimeValue.NONE ? null : fields.timeField(timeRank); }
    /** The JSON token of the time value (for error messages about its type). */
    public JsonToken timeToken() { return timeToken; }
    public JsonFields fields() { return fields; }
    public int maxLineBytes() { return maxLineBytes; }
}
