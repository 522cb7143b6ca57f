package io.sigdrift.signatures;

/**
 * What one call to {@link SignatureEngine#add} changed, so callers (the Flink job) emit only on change.
 */
public enum Change {
    /** The line opened a new signature. */
    CREATED,
    /** The line was absorbed by an existing signature whose template generalised (its id changed; the old id is an ancestor). */
    UPDATED,
    /** The line matched an existing signature unchanged. */
    NONE
}
