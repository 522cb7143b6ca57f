package io.sigdrift.pipeline.anomaly;

/**
 * Persisted per-(source, signature) description used to explain anomalies, format version 1: the
 * live template, the lineage (earlier ids, oldest first) and up to {@link #MAX_EXAMPLES}
 * example lines. Built from the job's {@code signatures} stream (one example per CREATED/UPDATED
 * change, carried over through generalisations), so no example travels with the per-window counts.
 *
 * @param version   {@link #CURRENT_VERSION}
 * @param template  signature template
 * @param ancestors earlier ids of this signature, oldest first (bounded by the engine)
 * @param examples  example lines, oldest first, at most {@link #MAX_EXAMPLES}, each
 *                  at most {@link #MAX_EXAMPLE_CHARS} characters
 */
public record SignatureInfo(int version, String template, String[] ancestors, String[] examples) {
    public static final int CURRENT_VERSION = 1;
    /** Example lines kept per signature for the anomaly records. */
    public static final int MAX_EXAMPLES = 5;
    /** Examples are cut to this length, so the state of one signature stays below ~6 KB. */
    public static final int MAX_EXAMPLE_CHARS = 1_000;
}
