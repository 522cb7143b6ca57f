package io.sigdrift.pipeline.record;

/**
 * A parsed event: its source (the key of the signature state), the message fed to the signature
 * engine and its event time. A Flink POJO so it crosses the keyBy shuffle without Kryo.
 */
public class ParsedLine {
    public String source;
    /** Secondary split key 0..splits-1 (0 when the source is not split). */
    public int split;
    public String message;
    /** Event time in epoch milliseconds. */
    public long timestamp;
    /** How {@link #timestamp} was obtained: one of {@link TimeOrigin}'s codes. */
    public byte timeOrigin;

    public ParsedLine() {}

    public ParsedLine(String source, int split, String message, long timestamp, byte timeOrigin) {
        this.source = source;
        this.split = split;
        this.message = message;
        this.timestamp = timestamp;
        this.timeOrigin = timeOrigin;
    }

    /** The keyBy key: the source, plus the split index when a hot source is split. */
    public String key() {
        return split == 0 ? source : source + '\u0000' + split;
    }

    /** Codes for {@link #timeOrigin}; bytes rather than an enum so the POJO stays Kryo-free. */
    public static final class TimeOrigin {
        public static final byte PARSED = 0;      // from the line or the JSON field
        public static final byte INHERITED = 1;   // from the previous line of the same origin
        public static final byte INGESTION = 2;   // wall clock at parse time
        /** Nothing to inherit in the parser (first line of a file, or after a restore): wall clock, which the
         *  keyed operator replaces by its source's own latest event time when it has one, so a replayed file
         *  whose first line has no timestamp cannot push its source's clock to "now". */
        public static final byte INHERIT_FALLBACK = 3;

        private TimeOrigin() {}
    }

    @Override
    public String toString() {
        return "ParsedLine{" + source + "/" + split + " @" + timestamp + " " + message + "}";
    }
}
