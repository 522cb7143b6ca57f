package io.sigdrift.pipeline.record;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A parsed event: its source (the key of the signature state), the message fed to the signature
 * engine and its event time. Crosses the keyBy shuffle with {@link ParsedLineSerializer} (no Kryo, no reflection).
 */
@TypeInfo(ParsedLineSerializer.Factory.class)
public class ParsedLine {
    public String source;
    /** Secondary split key 0..splits-1 (0 when the source is not split). */
    public int split;
    public String message;
    /** Event time in epoch milliseconds. */
    public long timestamp;
    /** How {@link #timestamp} was obtained: one of {@link TimeOrigin}'s codes. */
    public byte timeOrigin;
    /**
     * A continuation line ({@code --multiline}: indented, {@code at ...}, {@code Caused by:}, ...): the
     * keyed operator appends it to its source's pending event instead of counting it on its own.
     */
    public boolean continuation;
    /**
     * {@link #message} is known to be printable ASCII (the parser's cleaner checked that string): the shuffle's
     * encoder then writes its bytes without looking for surrogates (see {@link ShuffleStrings#writeAscii}). A hint
     * within the parse task only: not serialized, false after the shuffle; false is always safe.
     */
    public transient boolean printableAscii;

    public ParsedLine() {}

    public ParsedLine(String source, int split, String message, long timestamp, byte timeOrigin) {
        this.source = source;
        this.split = split;
        this.message = message;
        this.timestamp = timestamp;
        this.timeOrigin = timeOrigin;
    }

    /** A continuation line of a multi-line event (its time is inherited from the event). */
    public static ParsedLine continuation(String source, int split, String message, long now) {
        ParsedLine l = new ParsedLine(source, split, message, now, TimeOrigin.INHERITED);
        l.continuation = true;
        return l;
    }

    /** The keyBy key: the source, plus the split index when a hot source is split. */
    public String key() {
        return SourceKey.encode(source, split);
    }

    /** Codes for {@link #timeOrigin}; bytes rather than an enum: one byte on the wire, no Kryo. */
    public static final class TimeOrigin {
        public static final byte PARSED = 0;      // from the line or the JSON field
        /**
         * No timestamp in the line, {@code --missing-time inherit}: {@link #timestamp} is the wall clock at
         * parse time, which the keyed operator replaces by the last parsed timestamp of the line's key
         * (source[+split]) — keyed, checkpointed state — when it has one. So a continuation line takes the
         * time of the line before it, also right after a restore, and a replayed file whose first line has
         * no timestamp cannot push its source's clock to "now".
         */
        public static final byte INHERITED = 1;
        public static final byte INGESTION = 2;   // wall clock at parse time

        private TimeOrigin() {}
    }

    @Override
    public String toString() {
        return "ParsedLine{" + source + "/" + split + " @" + timestamp + (continuation ? " +" : " ") + message + "}";
    }
}
