package io.sigdrift.pipeline.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.DeadLetter.Reason;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.ParsedLine.TimeOrigin;
import io.sigdrift.pipeline.record.RawLine;
import io.sigdrift.signatures.MultilineJoiner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link RawLine} into a {@link ParsedLine} or a {@link DeadLetter} with the reason. Pure Java
 * (the Flink wrapper is {@link ParseFunction}) so it is unit-tested without Flink.
 *
 * <p>Plain lines: source = {@code --source} or the origin (file path / topic); timestamp from the line.
 * JSON lines: a streaming pass over the top-level object reads only the three configured fields (no
 * tree is built); nested values are skipped.
 *
 * <p>{@link ParseConfig.MissingTime#INHERIT}: a line without a timestamp is emitted as
 * {@link TimeOrigin#INHERITED} with the wall clock; the keyed operator gives it its key's previous
 * timestamp from checkpointed keyed state (the parser keeps no per-origin state, so nothing is lost on
 * restore and nothing here needs a bound). With {@link ParseConfig#multiline()} a continuation line
 * ({@link MultilineJoiner#isContinuation}) is emitted as such, never dead-lettered for lacking a
 * timestamp; the keyed operator joins it to its event.
 *
 * <p><b>Timestamps</b> are looked for per source ({@link SourceTimes}: {@code auto} settles on one layout and
 * header field from a source's first lines, then parses only that), with the record's own {@code now} as the
 * reference for yearless dates. The per-source entries are bounded: at most {@code maxSources}
 * ({@value #DEFAULT_MAX_SOURCES} by default), least recently used evicted ({@link #evictedSources()}); an
 * evicted source that comes back detects its layout again from its next lines (and may be warned about again).
 * A source most of whose lines lack a timestamp gets one warning ({@link Output#timeWarning}).
 *
 * <p>Not thread-safe; one per operator instance.
 */
public final class LineParser {
    private static final JsonFactory JSON = new JsonFactory();
    /** Sources whose timestamp layout is remembered per parser instance (LRU beyond). */
    public static final int DEFAULT_MAX_SOURCES = 4_096;

    /** Receives the outcome of {@link #parse}. */
    public interface Output {
        void line(ParsedLine line);

        void deadLetter(DeadLetter deadLetter);

        /** Once per source: most of its lines had no timestamp (the text names the source and a sample line). */
        default void timeWarning(String source, String warning) {}
    }

    private final ParseConfig config;
    private final TimestampParser timestamps;
    private final String[] jsonTimeFields;
    private final boolean explicitJsonTime;
    private final String fallback;
    private final int maxSources;
    private final LinkedHashMap<String, SourceTimes> sources;
    /** Warnings of sources judged on eviction, handed to the Output at the end of the parse call that evicted them. */
    private final List<SourceTimes> evictedUnjudged = new ArrayList<>();
    private SourceTimes lastTimes;
    private long evictedSources;
    private long emptyLines;

    public LineParser(ParseConfig config) {
        this(config, DEFAULT_MAX_SOURCES);
    }

    LineParser(ParseConfig config, int maxSources) {
        if (maxSources < 1) {
            throw new IllegalArgumentException("maxSources must be >= 1, was " + maxSources);
        }
        this.config = config;
        this.timestamps = config.timestampParser();
        this.jsonTimeFields = config.jsonTimeFields();
        this.explicitJsonTime = config.jsonTimeField() != null;
        this.fallback = switch (config.missingTime()) {
            case INHERIT -> "the time of the source's previous timestamped line (--missing-time inherit), or the time of reading";
            case INGESTION -> "the time of reading (--missing-time ingestion)";
            case DEAD_LETTER -> "nothing: they go to dead letters (--missing-time dead-letter)";
        };
        this.maxSources = maxSources;
        this.sources = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SourceTimes> eldest) {
                if (size() <= LineParser.this.maxSources) {
                    return false;
                }
                evictedSources++;
                evictedUnjudged.add(eldest.getValue());
                if (eldest.getValue() == lastTimes) {
                    lastTimes = null;
                }
                return true;
            }
        };
    }

    /** Blank lines are skipped, not dead-lettered (they are routine in logs); this counts them. */
    public long emptyLines() {
        return emptyLines;
    }

    /** Sources evicted from the bounded per-source timestamp state so far. */
    public long evictedSources() {
        return evictedSources;
    }

    /** Sources whose timestamp state is held now (at most {@code maxSources}). */
    public int trackedSources() {
        return sources.size();
    }

    /** The layout {@code auto} settled on for a source, e.g. {@code "SYSLOG@0"}, or null (unknown or still detecting). */
    public String layoutOf(String source) {
        SourceTimes t = sources.get(source);
        return t == null || t.layout() == null ? null : t.layout() + "@" + t.token();
    }

    /**
     * @param now the record's reference time, epoch ms (the wall clock in the job, settable in tests): ingestion
     *            time fallback, the "far future" bound and the reference for the year of yearless dates
     */
    public void parse(RawLine raw, long now, Output out) {
        parseRecord(raw, now, out);
        if (!evictedUnjudged.isEmpty()) {
            for (SourceTimes t : evictedUnjudged) {
                warnIfDue(t, true, out);
            }
            evictedUnjudged.clear();
        }
    }

    /** End of input: sources not judged yet (fewer lines than the judging threshold) are judged now. */
    public void finish(Output out) {
        for (SourceTimes t : sources.values()) {
            warnIfDue(t, true, out);
        }
    }

    private void parseRecord(RawLine raw, long now, Output out) {
        String origin = raw.origin == null ? "unknown" : raw.origin;
        if (raw.error != null) {
            out.deadLetter(new DeadLetter(raw.error, raw.text, origin, null, now));   // the source put the detail in text
            return;
        }
        String text = raw.text;
        if (text == null || text.isBlank()) {
            emptyLines++;
            return;
        }
        if (text.length() > config.maxRecordChars()) {
            out.deadLetter(new DeadLetter(Reason.OVERSIZE,
                    "record has " + text.length() + " chars, limit " + config.maxRecordChars(), origin, text, now));
            return;
        }
        if (text.indexOf('\u0000') >= 0) {
            out.deadLetter(new DeadLetter(Reason.BINARY_RECORD, "record contains NUL characters", origin, text, now));
            return;
        }
        if (config.format() == ParseConfig.InputFormat.JSON) {
            parseJson(origin, text, now, out);
        } else {
            String source = config.sourceName() != null ? config.sourceName() : sourceOf(origin);
            if (config.multiline() && MultilineJoiner.isContinuation(text)) {
                out.line(ParsedLine.continuation(source, 0, text, now));
                return;
            }
            SourceTimes times = times(source);
            emit(source, origin, text, times, find(times, text, now), text, now, out);
        }
    }

    private SourceTimes times(String source) {
        SourceTimes t = lastTimes;
        if (t != null && (t.source == source || t.source.equals(source))) {
            return t;   // lines of one source come in runs: no map lookup
        }
        t = sources.get(source);
        if (t == null) {
            t = new SourceTimes(source);
            sources.put(source, t);
        }
        lastTimes = t;
        return t;
    }

    private long find(SourceTimes times, String text, long now) {
        return timestamps.format() == TimestampParser.Format.AUTO ? times.find(timestamps, text, now) : timestamps.fromLine(text, now);
    }

    private void warnIfDue(SourceTimes t, boolean force, Output out) {
        String warning = t.judge(force, config.timeFormat(), fallback);
        if (warning != null) {
            out.timeWarning(t.source, warning);
        }
    }

    private String lastOrigin;
    private String lastSource;

    /** The plain-line source name of an origin; the last one is remembered so a file's lines don't re-derive it. */
    private String sourceOf(String origin) {
        if (config.sourceNaming() == ParseConfig.SourceNaming.PATH) {
            return origin;
        }
        if (!origin.equals(lastOrigin)) {
            lastOrigin = origin;
            lastSource = fileBaseName(origin);
        }
        return lastSource;
    }

    static String fileBaseName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        String name = path.substring(slash + 1);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name.isEmpty() ? path : name;
    }

    private void parseJson(String origin, String text, long now, Output out) {
        String message = null;
        String source = null;
        long ts = TimestampParser.NONE;
        boolean timeSeen = false;
        int timeRank = Integer.MAX_VALUE;
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                out.deadLetter(new DeadLetter(Reason.INVALID_JSON, "not a JSON object", origin, text, now));
                return;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals(config.jsonMessageField())) {
                    if (v != JsonToken.VALUE_STRING) {
                        out.deadLetter(wrongType(config.jsonMessageField(), "--json-message", "a string", v, origin, text, now));
                        return;
                    }
                    message = p.getText();
                } else if (name.equals(config.jsonSourceField())) {
                    if (v == JsonToken.VALUE_STRING) {
                        source = p.getText();
                    } else if (v != JsonToken.VALUE_NULL) {
                        out.deadLetter(wrongType(config.jsonSourceField(), "--json-source", "a string", v, origin, text, now));
                        return;
                    }
                } else if (rankOf(name) < timeRank) {
                    // with --json-time one field, which must hold a time; else the first of the default names
                    // present whose value is a time (a "time" that is no timestamp does not hide a later "ts")
                    long found;
                    if (v == JsonToken.VALUE_STRING) {
                        found = timestamps.fromText(p.getText(), now);
                        if (found == TimestampParser.NONE && explicitJsonTime) {
                            out.deadLetter(new DeadLetter(Reason.BAD_TIMESTAMP, "field '" + name + "' (--json-time) value '"
                                    + p.getText() + "' is not a " + timestamps.format().name().toLowerCase() + " timestamp",
                                    origin, text, now));
                            return;
                        }
                    } else if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
                        found = timestamps.fromNumber(p.getDoubleValue());
                    } else if (v == JsonToken.VALUE_NULL) {
                        found = TimestampParser.NONE;
                    } else if (explicitJsonTime) {
                        out.deadLetter(wrongType(name, "--json-time", "a string or a number", v, origin, text, now));
                        return;
                    } else {
                        p.skipChildren();
                        found = TimestampParser.NONE;
                    }
                    if (explicitJsonTime) {
                        timeSeen = true;
                    }
                    if (found != TimestampParser.NONE) {
                        ts = found;
                        timeSeen = true;
                        timeRank = rankOf(name);
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                out.deadLetter(new DeadLetter(Reason.INVALID_JSON, "unexpected " + t, origin, text, now));
                return;
            }
        } catch (IOException e) {
            out.deadLetter(new DeadLetter(Reason.INVALID_JSON, firstLine(e.getMessage()), origin, text, now));
            return;
        }
        if (message == null) {
            out.deadLetter(new DeadLetter(Reason.MISSING_FIELD, "no string field '" + config.jsonMessageField()
                    + "' (--json-message)", origin, text, now));
            return;
        }
        if (source == null) {
            if (config.sourceName() == null) {
                out.deadLetter(new DeadLetter(Reason.MISSING_FIELD, "no field '" + config.jsonSourceField()
                        + "' (--json-source) and no --source default", origin, text, now));
                return;
            }
            source = config.sourceName();
        }
        if (config.multiline() && MultilineJoiner.isContinuation(message)) {
            out.line(ParsedLine.continuation(source, 0, message, now));
            return;
        }
        SourceTimes times = times(source);
        if (!timeSeen && ts == TimestampParser.NONE) {
            ts = find(times, message, now);     // the message itself may carry the time
        }
        emit(source, origin, message, times, ts, text, now, out);
    }

    /** Position of a JSON field name among the time fields (lower wins), or MAX_VALUE. */
    private int rankOf(String name) {
        for (int i = 0; i < jsonTimeFields.length; i++) {
            if (jsonTimeFields[i].equals(name)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private void emit(String source, String origin, String message, SourceTimes times, long ts, String text, long now,
                      Output out) {
        times.count(ts != TimestampParser.NONE, message);
        warnIfDue(times, false, out);
        byte timeOrigin = TimeOrigin.PARSED;
        if (ts == TimestampParser.NONE) {
            switch (config.missingTime()) {
                case DEAD_LETTER:
                    out.deadLetter(new DeadLetter(Reason.NO_TIMESTAMP, "no " + timestamps.format().name().toLowerCase()
                            + " timestamp found (--time-format); --missing-time dead-letter", origin, text, now));
                    return;
                case INHERIT:
                    ts = now;   // resolved by the keyed operator from its key's checkpointed last timestamp
                    timeOrigin = TimeOrigin.INHERITED;
                    break;
                default:
                    ts = now;
                    timeOrigin = TimeOrigin.INGESTION;
            }
        } else {
            if (ts > now + config.maxFutureMillis() || ts < config.minTimestamp()) {
                out.deadLetter(new DeadLetter(Reason.TIMESTAMP_OUT_OF_RANGE, "timestamp " + io.sigdrift.pipeline.record.JsonLines.iso(ts)
                        + " is outside [" + io.sigdrift.pipeline.record.JsonLines.iso(config.minTimestamp()) + ", now + "
                        + config.maxFutureMillis() / 1000 + "s] (--min-time, --max-future)", origin, text, now));
                return;
            }
        }
        int split = config.splits() == 1 ? 0 : Math.floorMod(message.hashCode(), config.splits());
        out.line(new ParsedLine(source, split, message, ts, timeOrigin));
    }

    private static DeadLetter wrongType(String field, String flag, String expected, JsonToken actual, String origin,
                                        String text, long now) {
        return new DeadLetter(Reason.WRONG_TYPE, "field '" + field + "' (" + flag + ") must be " + expected + ", was "
                + describe(actual), origin, text, now);
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "missing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case VALUE_STRING -> "a string";
            default -> t.name();
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed JSON";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
