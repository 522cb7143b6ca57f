package io.sigdrift.pipeline.input;

import java.util.List;

/**
 * How inputs are read. Immutable, validated once.
 *
 * <p>Lines longer than {@link #maxLineBytes()} are cut (at a UTF-8 character boundary) and flagged; the
 * rest of such a line is skipped without being buffered, so a 5 GB line without a newline needs no more
 * memory than a short one.
 */
public final class InputConfig {
    /** 64 KiB: far above real log lines, far below anything that could hurt memory. */
    public static final int DEFAULT_MAX_LINE_BYTES = 65_536;
    /** A line whose control / undecodable characters exceed this share is binary garbage, not an event. */
    public static final double DEFAULT_BINARY_SHARE = 0.3;
    /** Message fields tried in order when none is given. */
    public static final List<String> DEFAULT_MESSAGE_FIELDS = List.of("message", "msg", "log");
    /** Line numbers kept per skip reason / flag for the summary. */
    public static final int DEFAULT_EXAMPLE_LINES = 5;

    private final int maxLineBytes;
    private final double binaryShare;
    private final InputFormat format;
    private final List<String> messageFields;
    private final String sourceField;

    private InputConfig(Builder b) {
        if (b.maxLineBytes < 16 || b.maxLineBytes > 64 << 20) {
            throw new IllegalArgumentException("maxLineBytes must be in [16, " + (64 << 20) + "], was " + b.maxLineBytes);
        }
        if (!(b.binaryShare > 0 && b.binaryShare <= 1)) {
            throw new IllegalArgumentException("binaryShare must be in (0, 1], was " + b.binaryShare);
        }
        if (b.messageFields.isEmpty()) {
            throw new IllegalArgumentException("messageFields must not be empty");
        }
        this.maxLineBytes = b.maxLineBytes;
        this.binaryShare = b.binaryShare;
        this.format = b.format;
        this.messageFields = List.copyOf(b.messageFields);
        this.sourceField = b.sourceField;
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
    public List<String> messageFields() { return messageFields; }
    /** JSON field naming the event's source, or null (all events of one source). */
    public String sourceField() { return sourceField; }

    public static final class Builder {
        private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
        private double binaryShare = DEFAULT_BINARY_SHARE;
        private InputFormat format = InputFormat.AUTO;
        private List<String> messageFields = DEFAULT_MESSAGE_FIELDS;
        private String sourceField;

        private Builder() {}

        public Builder maxLineBytes(int v) { maxLineBytes = v; return this; }
        public Builder binaryShare(double v) { binaryShare = v; return this; }
        public Builder format(InputFormat v) { format = v; return this; }
        public Builder messageField(String v) { messageFields = List.of(v); return this; }
        public Builder sourceField(String v) { sourceField = v; return this; }

        public InputConfig build() {
            return new InputConfig(this);
        }
    }
}
