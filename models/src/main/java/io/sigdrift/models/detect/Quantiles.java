package io.sigdrift.models.detect;

import java.util.Arrays;

/** Small numeric helpers shared by the detectors. */
final class Quantiles {
    private Quantiles() {}

    /** The q-quantile (0..1) of values by the nearest-rank rule; values are not modified. */
    static double of(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("quantile of no values");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(q * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, rank))];
    }

    static void requireTraining(java.util.List<?> sessions, int min, String kind) {
        if (sessions == null || sessions.size() < min) {
            throw new IllegalArgumentException(kind + " cannot train on " + (sessions == null ? 0 : sessions.size())
                    + " sessions: it needs at least " + min);
        }
    }

    static void requireFitted(boolean fitted, String kind) {
        if (!fitted) {
            throw new IllegalStateException(kind + " is not fitted: call fit(sessions) first");
        }
    }

    static void checkFraction(String field, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(field + " must be in [" + lo + ", " + hi + "], got " + v);
        }
    }
}
