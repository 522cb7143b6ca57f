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
 * <p>Not thread-safe; one per operator instance.
 */
public final class LineParser {
    private static final JsonFactory JSON = new JsonFactory();

    /** Receives the outcome of {@link #parse}. */
    public interface Output {
        void line(ParsedLine line);

        void deadLetter(DeadLetter deadLetter);
    }

    private final ParseConfig config;
    private final TimestampParser timestamps;
    private long emptyLines;

    public LineParser(ParseConfig config, long referenceMillis) {
        this.config = config;
        this.timestamps = config.timestampParser(referenceMillis);
    }

    /** Blank lines are skipped, not dead-lettered (they are routine in logs); this counts them. */
    public long emptyLines() {
        return emptyLines;
    }

    /** @param now wall clock, epoch ms: ingestion time fallback and the "far future" bound */
    public void parse(RawLine raw, long now, Output out) {
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
            emit(source, origin, text, timestamps.fromLine(text), text, now, out);
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
                } else if (name.equals(config.jsonTimeField())) {
                    timeSeen = true;
                    if (v == JsonToken.VALUE_STRING) {
                        ts = timestamps.fromText(p.getText());
                        if (ts == TimestampParser.NONE) {
                            out.deadLetter(new DeadLetter(Reason.BAD_TIMESTAMP, "field '" + name + "' (--json-time) value '"
                                    + p.getText() + "' is not a " + timestamps.format().name().toLowerCase() + " timestamp",
                                    origin, text, now));
                            return;
                        }
                    } else if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
                        ts = timestamps.fromNumber(p.getDoubleValue());
                    } else if (v != JsonToken.VALUE_NULL) {
                        out.deadLetter(wrongType(name, "--json-time", "a string or a number", v, origin, text, now));
                        return;
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
        if (!timeSeen && ts == TimestampParser.NONE) {
            ts = timestamps.fromLine(message);     // the message itself may carry the time
        }
        emit(source, origin, message, ts, text, now, out);
    }

    private void emit(String source, String origin, String message, long ts, String text, long now, Output out) {
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
