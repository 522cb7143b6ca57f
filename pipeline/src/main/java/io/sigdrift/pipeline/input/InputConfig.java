package io.sigdrift.pipeline.input;

import java.io.Serializable;

/**
 * How inputs are read, by {@code reduce}/{@code compare} and by {@code run} alike: the format, the JSON field
 * rules ({@link JsonFields}) and the limits of {@link LineDecoder}. Immutable, validated once.
 *
 * <p>Lines longer than {@link #maxLineBytes()} are cut (at a UTF-8 character boundary) and flagged; the
 * rest of such a line is skipped without being buffered, so a 5 GB line without a newline needs no more
 * memory than a short one.
 */
public final class InputConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** 64 KiB: far above real log lines, far below anything that could hurt memory. */
    public static final int DEFAULT_MAX_LINE_BYTES = 65_536;
    /** A line whose control / undecodable characters exceed this share is binary garbage, not an event. */
    public static final double DEFAULT_BINARY_SHARE = 0.3;
    /** Line numbers kept per skip reason / flag for the summary. */
    public static final int DEFAULT_EXAMPLE_LINES = 5;

    private final int maxLineBytes;
    private final double binaryShare;
    private final InputFormat format;
    private final JsonFields json;

    private InputConfig(Builder b) {
        checkMaxLineBytes(b.maxLineBytes);
        if (!(b.binaryShare > 0 && b.binaryShare <= 1)) {
            throw new IllegalArgumentException("binaryShare must be in (0, 1], was " + b.binaryShare);
        }
        if (b.format == null || b.json == null) {
            throw new IllegalArgumentException("format and JSON fields are required");
        }
        this.maxLineBytes = b.maxLineBytes;
        this.binaryShare = b.binaryShare;
        this.format = b.format;
        this.json = b.json;
    }

    static void checkMaxLineBytes(int v) {
        if (v < 16 || v > 64 << 20) {
            throw new IllegalArgumentException("maxLineBytes must be in [16, " + (64 << 20) + "], was " + v);
        }
    }

    public static InputConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxLineBytes() { return maxLineBytes; }
    public double binaryShare() { return binaryShare; }
    public InputFormat format() { return format; }
    public JsonFields json() { return json; }

    /** A decoder with these rules (one per reader or operator instance: it is not thread-safe). */
    public LineDecoder decoder() {
        return new LineDecoder(format, json, maxLineBytes, binaryShare);
    }

    public static final class Builder {
        private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
        private double binaryShare = DEFAULT_BINARY_SHARE;
        private InputFormat format = InputFormat.AUTO;
        private JsonFields json = JsonFields.defaults();

        private Builder() {}

        public Builder maxLineBytes(int v) { maxLineBytes = v; return this; }
        public Builder binaryShare(double v) { binaryShare = v; return this; }
        public Builder format(InputFormat v) { format = v; return this; }
        public Builder json(JsonFields v) { json = v; return this; }

        public InputConfig build() {
            return new InputConfig(this);
        }
    }
}
