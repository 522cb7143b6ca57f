package io.sigdrift.pipeline.input;

/** Why an input line did not become an event. Every skip is counted and reported, never silent. */
public enum SkipReason {
    BLANK("blank"),
    BINARY("binary"),
    MALFORMED_JSON("malformed JSON"),
    NO_MESSAGE("no message field");

    private final String label;

    SkipReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
