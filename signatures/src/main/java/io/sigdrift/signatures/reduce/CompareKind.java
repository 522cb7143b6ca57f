package io.sigdrift.signatures.reduce;

/** How a signature changed from the baseline to the target. */
public enum CompareKind {
    /** In the target, not in the baseline. */
    NEW,
    /** In the baseline, not in the target. */
    GONE,
    /** In both, with a share that changed significantly (p below CompareConfig.alpha). */
    CHANGED,
    /** In both, no significant change of share (not listed in reports, only counted). */
    UNCHANGED
}
