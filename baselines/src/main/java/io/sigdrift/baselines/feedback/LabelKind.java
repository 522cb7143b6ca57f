package io.sigdrift.baselines.feedback;

/** An analyst's verdict on an anomaly; what each does to later events is {@link FeedbackPolicy}'s. */
public enum LabelKind {
    /** A real problem: similar later events are raised (score up, past the alert budget). */
    TRUE_POSITIVE,
    /** Not a problem: similar later events are suppressed unless clearly more severe or driven by other values. */
    FALSE_POSITIVE,
    /** Real but planned (a deploy, a backup): treated like {@link #FALSE_POSITIVE}. */
    EXPECTED,
    /** The new level is normal from now on: the series' baseline restarts from the next window. */
    NEW_NORMAL;

    /** Whether this kind silences later events in its scope. */
    public boolean suppresses() {
        return this == FALSE_POSITIVE || this == EXPECTED;
    }
}
