package io.sigdrift.baselines.feedback;

/** What feedback does to one candidate event. */
public enum FeedbackAction {
    /** Nothing matched (or a match was overruled: more severe, other values): the event goes out unchanged. */
    NONE,
    /** Not shown as an anomaly: it goes to the suppressed stream, its later changes are dropped. */
    SUPPRESS,
    /** Shown with a lower score ({@link FeedbackPolicy#DOWNRANK_FACTOR}). */
    DOWNRANK,
    /** Shown with a higher score ({@link FeedbackPolicy#raised}) and never cut by the alert budget. */
    RAISE
}
