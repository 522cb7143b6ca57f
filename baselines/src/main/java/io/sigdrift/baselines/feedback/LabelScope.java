package io.sigdrift.baselines.feedback;

/** Which later events a label speaks about. */
public enum LabelScope {
    /** Events of the labelled signature (or, for a VOLUME anomaly, the source's volume) in the same direction. */
    SIGNATURE,
    /** As {@link #SIGNATURE}, and only when the event's attributed values overlap the label's values. */
    VALUES,
    /** Every event of the source. */
    SOURCE
}
