package io.sigdrift.pipeline.parse;

import com.fasterxml.jackson.core.JsonToken;
import io.sigdrift.pipeline.input.LineDecoder;
import io.sigdrift.pipeline.input.SkipReason;
import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.DeadLetter.Reason;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.ParsedLine.TimeOrigin;
import io.sigdrift.pipeline.record.RawLine;
import io.sigdrift.signatures.MultilineJoiner;

/**
 * Turns a {@link RawLine} into a {@link ParsedLine} or a {@link DeadLetter} with the reason. Pure Java
 * (the Flink wrapper is {@link ParseFunction}) so it is unit-tested without Flink.
 *
 * <p>What a line is — plain or JSON ({@code --format auto} decides per file or topic from its first line),
 * its message, JSON source and time fields, cleaning and size limit — is decided by {@link LineDecoder}, the
 * same rules {@code reduce} and {@code compare} apply; a line they would skip is a dead letter here (blank
 * lines are counted, not dead-lettered, in both). Source: a JSON line's source field, else {@code --source},
 * else the origin (file path / topic, named by {@code --source-naming}), for plain and JSON lines alike.
 *
 * <p>{@link ParseConfig.MissingTime#INHERIT}: a line without a timestamp is emitted as
 * {@link TimeOrigin#INHERITED} with the wall clock; the keyed operator gives it its key's previous
 * timestamp from checkpointed keyed state (the parser keeps no per-origin state that matters on restore
 * and the decoder's per-origin format memory is bounded). With {@link ParseConfig#multiline()} a
 * continuation line ({@link MultilineJoiner#isContinuation}) is emitted as such, never dead-lettered for
 * lacking a timestamp; the keyed operator joins it to its event.
 *
 * <p>Not thread-safe; one per operator instance.
 */
public final class LineParser {
    /** Receives the outcome of {@link #parse}. */
    public interface Output {
        void line(ParsedLine line);

        void deadLetter(DeadLetter deadLetter);
    }

    private final ParseConfig config;
    private final TimestampParser timestamps;
    private final LineDecoder decoder;
    private long emptyLines;
    private long truncatedLines;
    private long repairedLines;

    public LineParser(ParseConfig config, long referenceMillis) {
        this.config = config;
        this.timestamps = config.timestampParser(referenceMillis);
        this.decoder = config.input().decoder();
    }

    /** Blank lines are skipped, not dead-lettered (they are routine in logs); this counts them. */
    public long emptyLines() {
        return emptyLines;
    }

    /** Lines cut at {@link ParseConfig#maxLineBytes()} (still events, as in {@code reduce}). */
    public long truncatedLines() {
        return truncatedLines;
    }

    /** Lines whose control characters were replaced by spaces (still events, as in {@code reduce}). */
    public long repairedLines() {
        return repairedLines;
    }

    /** @param now wall clock, epoch ms: ingestion time fallback and the "far future" bound */
    public void parse(RawLine raw, long now, Output out) {
        String origin = raw.origin == null ? "unknown" : raw.origin;
        if (raw.error != null) {
            out.deadLetter(new DeadLetter(raw.error, raw.text, origin, null, now));   // the source put the detail in text
            return;
        }
        String text = raw.text;
        if (text == null) {
            emptyLines++;
            return;
        }
        SkipReason skip = decoder.decode(origin, text);
        if (decoder.truncated()) {
            truncatedLines++;
        }
        if (skip != null) {
            if (skip == SkipReason.BLANK) {
                emptyLines++;
            } else {
                out.deadLetter(new DeadLetter(deadLetterReason(skip), detail(skip), origin, text, now));
            }
            return;
        }
        if (decoder.controlReplaced()) {
            repairedLines++;
        }
        String message = decoder.message();
        String source = decoder.source() != null ? decoder.source()      // JSON source field first
                : config.sourceName() != null ? config.sourceName() : sourceOf(origin);
        if (config.multiline() && MultilineJoiner.isContinuation(message)) {
            out.line(ParsedLine.continuation(source, 0, message, now));
            return;
        }
        long ts;
        if (decoder.json()) {
            ts = jsonTimestamp(origin, text, now, out);
            if (ts == REJECTED) {
                return;
            }
        } else {
            ts = timestamps.fromLine(message);
        }
        emit(source, origin, message, ts, text, now, out);
    }

    /** The one mapping from a skip of the shared reading rules to a dead-letter reason. */
    static String deadLetterReason(SkipReason skip) {
        return switch (skip) {
            case BINARY -> Reason.BINARY_RECORD;
            case MALFORMED_JSON -> Reason.INVALID_JSON;
            case NO_MESSAGE -> Reason.MISSING_FIELD;
            case BLANK -> Reason.EMPTY_RECORD;
        };
    }

    private String detail(SkipReason skip) {
        String d = decoder.detail();
        return d != null ? d : skip.label();
    }

    /** Returned by {@link #jsonTimestamp} when the line went to dead letters. */
    private static final long REJECTED = Long.MIN_VALUE + 1;

    /**
     * A JSON line's time: its time field ({@link io.sigdrift.pipeline.input.JsonFields}: the default lookup
     * list, or {@code --json-time}), else the message's own time. A value in a field named by
     * {@code --json-time} that is not a timestamp is a dead letter; one in a field of the default list is
     * ignored (see JsonFields why).
     */
    private long jsonTimestamp(String origin, String text, long now, Output out) {
        long ts = TimestampParser.NONE;
        boolean strict = config.json().strictTime();
        String name = decoder.timeField();
        switch (decoder.timeValue()) {
            case TEXT -> {
                ts = timestamps.fromText(decoder.timeText());
                if (ts == TimestampParser.NONE && strict) {
                    out.deadLetter(new DeadLetter(Reason.BAD_TIMESTAMP, "field '" + name + "' (--json-time) value '"
                            + decoder.timeText() + "' is not a " + timestamps.format().name().toLowerCase() + " timestamp",
                            origin, text, now));
                    return REJECTED;
                }
            }
            case NUMBER -> ts = timestamps.fromNumber(decoder.timeNumber());
            case OTHER -> {
                if (strict) {
                    out.deadLetter(wrongType(name, "--json-time", "a string or a number", decoder.timeToken(), origin,
                            text, now));
                    return REJECTED;
                }
            }
            default -> { }
        }
        if (ts == TimestampParser.NONE && (decoder.timeValue() == LineDecoder.TimeValue.NONE || !strict)) {
            ts = timestamps.fromLine(decoder.message());     // the message itself may carry the time
        }
        return ts;
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
}
