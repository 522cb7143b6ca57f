package io.sigdrift.dashboard.ingest;

import java.util.List;

/** The verdicts an analyst can give an anomaly (the feedback stream's {@code kind}). */
public enum LabelKind {
    TRUE_POSITIVE,
    FALSE_POSITIVE,
    EXPECTED,
    NEW_NORMAL;

    public static final List<String> NAMES = List.of("TRUE_POSITIVE", "FALSE_POSITIVE", "EXPECTED", "NEW_NORMAL");

    public static boolean isValid(String s) {
        return NAMES.contains(s);
    }
}
