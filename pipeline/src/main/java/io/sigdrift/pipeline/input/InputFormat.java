package io.sigdrift.pipeline.input;

/** How lines of an input are read. */
public enum InputFormat {
    /** JSON lines when the input's first non-blank line starts with '{', plain text otherwise. */
    AUTO,
    /** Every line is the event text. */
    PLAIN,
    /** Every line is a JSON object; the event text is its message field. */
    JSON
}
