package io.sigdrift.pipeline.input;

/** Something repaired in a line that still became an event; counted and reported. */
public enum LineFlag {
    INVALID_UTF8("invalid UTF-8 replaced"),
    CONTROL_CHARS("control characters replaced"),
    TRUNCATED("truncated");

    private final String label;

    LineFlag(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
