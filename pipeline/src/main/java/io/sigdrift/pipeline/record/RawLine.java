package io.sigdrift.pipeline.record;

/**
 * One raw record as read by a source, before parsing: the text and where it came from (a file path,
 * a Kafka topic, {@code stdin}). A source that cannot decode a record (binary Kafka value, unreadable
 * file) emits a RawLine with {@link #error} set instead of failing the job; the parser turns it into a
 * dead letter.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so Flink serialises it without Kryo.
 */
public class RawLine {
    /** File path, Kafka topic or another source name; used as the event source for plain lines. */
    public String origin;
    /** The line; null when {@link #error} is set. */
    public String text;
    /** Why the source could not produce text (e.g. {@code "binary-record"}); null when fine. */
    public String error;
    /**
     * The source checked that {@link #text} is printable ASCII only (U+0020..U+007E), so the parser need not scan
     * it again (the file source's {@code LineReader} does, in its newline search). False means unknown. Transient:
     * not part of the POJO's serialized form, so a copy or a shuffle only drops the hint (the parser then checks).
     */
    public transient boolean printableAscii;

    public RawLine() {}

    public RawLine(String origin, String text) {
        this.origin = origin;
        this.text = text;
    }

    public static RawLine failed(String origin, String error, String preview) {
        RawLine r = new RawLine(origin, preview);
        r.error = error;
        return r;
    }

    @Override
    public String toString() {
        return "RawLine{" + origin + ", " + (error != null ? "error=" + error + ", " : "") + text + "}";
    }
}
