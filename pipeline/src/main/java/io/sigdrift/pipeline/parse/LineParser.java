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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final LineDecoder decoder;
    private final String fallback;
    private final int maxSources;
    private final LinkedHashMap<String, SourceTimes> sources;
    /** Warnings of sources judged on eviction, handed to the Output at the end of the parse call that evicted them. */
    private final List<SourceTimes> evictedUnjudged = new ArrayList<>();
    private SourceTimes lastTimes;
    private long evictedSources;
    private long emptyLines;
    private long truncatedLines;
    private long repairedLines;

    public LineParser(ParseConfig config) {
        this(config, DEFAULT_MAX_SOURCES);
    }

    LineParser(ParseConfig config, int maxSources) {
        if (maxSources < 1) {
            throw new IllegalArgumentException("maxSources must be >= 1, was " + maxSources);
        }
        this.config = config;
        this.timestamps = config.timestampParser();
        this.decoder = config.input().decoder();
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

    /** Lines cut at {@link ParseConfig#maxLineBytes()} (still events, as in {@code reduce}). */
    public long truncatedLines() {
        return truncatedLines;
    }

    /** Lines whose control characters were replaced by spaces (still events, as in {@code reduce}). */
    public long repairedLines() {
        return repairedLines;
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
        if (text == null) {
            emptyLines++;
            return;
        }
        SkipReason skip = decoder.decode(origin, text, raw.printableAscii);
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
        SourceTimes times = times(source);
        long ts;
        if (decoder.json()) {
            ts = jsonTimestamp(times, origin, text, now, out);
            if (ts == REJECTED) {
                return;
            }
        } else {
            ts = find(times, message, now);
        }
        emit(source, origin, message, times, ts, text, now, out);
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
    private long jsonTimestamp(SourceTimes times, String origin, String text, long now, Output out) {
        long ts = TimestampParser.NONE;
        boolean strict = config.json().strictTime();
        String name = decoder.timeField();
        switch (decoder.timeValue()) {
            case TEXT -> {
                ts = timestamps.fromText(decoder.timeText(), now);
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
            ts = find(times, decoder.message(), now);     // the message itself may carry the time
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
        ParsedLine line = new ParsedLine(source, split, message, ts, timeOrigin);
        line.printableAscii = decoder.printableAscii() && message == decoder.message();
        out.line(line);
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
