package io.sigdrift.baselines.feedback;

import java.util.List;

/**
 * An analyst's label, self-contained: what it says about which later events ({@link #kind}, {@link #scope}) and the
 * facts of the labelled anomaly it is judged against (source, signature, direction, attributed values, observed,
 * score, window), copied from the anomaly record when the label was made, so the job needs no lookup by anomaly id.
 * The wire format is {@code docs/feedback.md} (version 1); validation is here, once, with messages naming the field.
 *
 * @param labelId     unique id ({@code lbl-...}); a revoke names it
 * @param anomalyId   the labelled anomaly's id (informational, and for the "same anomaly" conflict check)
 * @param signature   the labelled signature, null for a VOLUME anomaly (the source's volume series)
 * @param anomalyKind SPIKE, DROP, ... of the labelled anomaly (informational), may be null
 * @param direction   +1, -1 or 0 (NEW), of the labelled anomaly
 * @param values      the labelled anomaly's attributed values (VALUES scope, and the "driven by other values" check)
 * @param windowStart start of the labelled anomaly's window (event time, epoch millis): the label speaks about
 *                    events of later windows only
 * @param time        when it was labelled (epoch millis; informational: the job works in event time)
 * @param expires     event time (epoch millis) from which the label no longer applies; {@link #NEVER} = until revoked
 */
public record Label(String labelId, String anomalyId, LabelKind kind, LabelScope scope, String source, String signature,
                    String anomalyKind, int direction, List<ValueRef> values, double observed, double expected,
                    double score, long windowStart, long time, long expires, String author, String note) {
    public static final long NEVER = Long.MAX_VALUE;
    /** Bounds of the free-text and list fields: a label is small whatever is sent. */
    public static final int MAX_ID_CHARS = 128;
    public static final int MAX_TEXT_CHARS = 2_000;
    public static final int MAX_VALUES = 16;

    public Label {
        requireText("label_id", labelId, MAX_ID_CHARS);
        requireText("source", source, MAX_ID_CHARS * 8);
        if (anomalyId != null && anomalyId.length() > MAX_ID_CHARS) {
            throw new IllegalArgumentException("anomaly_id is longer than " + MAX_ID_CHARS + " characters");
        }
        if (kind == null) {
            throw new IllegalArgumentException("kind is required (TRUE_POSITIVE, FALSE_POSITIVE, EXPECTED, NEW_NORMAL)");
        }
        if (scope == null) {
            throw new IllegalArgumentException("scope is required (SIGNATURE, VALUES, SOURCE)");
        }
        values = values == null ? List.of() : List.copyOf(values);
        if (values.size() > MAX_VALUES) {
            throw new IllegalArgumentException("values: at most " + MAX_VALUES + ", got " + values.size());
        }
        if (scope == LabelScope.VALUES && values.isEmpty()) {
            throw new IllegalArgumentException("scope VALUES needs at least one value (the anomaly had no attribution: use SIGNATURE)");
        }
        if (direction < -1 || direction > 1) {
            throw new IllegalArgumentException("direction must be -1, 0 or 1, was " + direction);
        }
        if (!Double.isFinite(observed) || observed < 0 || !Double.isFinite(score) || score < 0 || score > 100) {
            throw new IllegalArgumentException("observed must be a finite count >= 0 and score in 0..100");
        }
        if (!Double.isFinite(expected)) {
            expected = 0;
        }
        if (expires <= windowStart) {
            throw new IllegalArgumentException("expires must be after the labelled anomaly's window_start");
        }
        author = clip(author);
        note = clip(note);
    }

    private static void requireText(String field, String v, int max) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (v.length() > max) {
            throw new IllegalArgumentException(field + " is longer than " + max + " characters");
        }
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_TEXT_CHARS ? s : s.substring(0, MAX_TEXT_CHARS);
    }

    /** Whether the label still applies to a window starting at {@code windowStart} (event time). */
    public boolean activeAt(long windowStart) {
        return windowStart < expires;
    }

    /**
     * Whether {@code other} says the same thing about the same anomaly (a duplicate): same anomaly, kind, scope and
     * values. Ids, time, author and note do not matter.
     */
    public boolean sameVerdict(Label other) {
        return java.util.Objects.equals(anomalyId, other.anomalyId) && kind == other.kind && scope == other.scope
                && source.equals(other.source) && java.util.Objects.equals(signature, other.signature)
                && values.equals(other.values);
    }
}
