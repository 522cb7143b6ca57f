package io.sigdrift.models.feedback;

import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.Attribution;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * What the learned suppression scorer sees of an anomaly event: its shape, not its identity. Kind, direction,
 * score, observed and expected counts, the signature's age and normal rate, the hour and weekday of the window,
 * and how concentrated its attribution is. Identity (this source, this signature, these values) is what the scoped
 * labels and rules already handle exactly; the scorer generalises to events that LOOK like the benign ones labelled.
 *
 * @param kind            the event's kind
 * @param direction       +1, -1 or 0
 * @param score           0..100
 * @param observed        the window's count
 * @param expected        the baseline's expectation (NaN/negative read as 0)
 * @param signatureAge    windows since the signature was first seen (0 = new)
 * @param signatureRate   the signature's normal count per window
 * @param windowStart     event time of the window, epoch ms
 * @param topShare        window share of the most significant attributed value (0 when none)
 * @param topBaseline     baseline share of that value (0 when none)
 * @param attributed      whether any value was attributed
 */
public record AnomalyFeatures(AnomalyKind kind, int direction, double score, double observed, double expected,
                              long signatureAge, double signatureRate, long windowStart, double topShare,
                              double topBaseline, boolean attributed) {
    /** Layout version of {@link #vector()}; a model stores it and refuses another. */
    public static final int VERSION = 1;
    public static final int DIMENSION = AnomalyKind.values().length + 13;

    public static AnomalyFeatures of(AnomalyEvent e, long signatureAge, double signatureRate) {
        Attribution top = e.attribution().isEmpty() ? null : e.attribution().get(0);
        return new AnomalyFeatures(e.kind(), e.direction(), e.score(), e.observed(), e.expected(), signatureAge,
                signatureRate, e.windowStart(), top == null ? 0 : top.windowShare(), top == null ? 0 : top.baselineShare(),
                top != null);
    }

    /** The numeric vector (layout {@link #VERSION}); hour and weekday in {@code zone}. */
    public double[] vector(ZoneId zone) {
        double[] v = new double[DIMENSION];
        int k = AnomalyKind.values().length;
        v[kind.ordinal()] = 1;
        v[k] = direction;
        v[k + 1] = clamp(score, 0, 100) / 100.0;
        double obs = Math.log1p(finite(observed));
        double exp = Math.log1p(finite(expected));
        v[k + 2] = obs;
        v[k + 3] = exp;
        v[k + 4] = obs - exp;
        v[k + 5] = Math.log1p(Math.max(0, signatureAge));
        v[k + 6] = Math.log1p(finite(signatureRate));
        ZonedDateTime t = Instant.ofEpochMilli(windowStart).atZone(zone);
        double hour = (t.getHour() + t.getMinute() / 60.0) / 24.0 * 2 * Math.PI;
        v[k + 7] = Math.sin(hour);
        v[k + 8] = Math.cos(hour);
        v[k + 9] = t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : 0;
        v[k + 10] = attributed ? 1 : 0;
        v[k + 11] = clamp(topShare, 0, 1);
        v[k + 12] = clamp(topBaseline, 0, 1);
        return v;
    }

    private static double finite(double x) {
        return Double.isFinite(x) && x > 0 ? x : 0;
    }

    private static double clamp(double x, double lo, double hi) {
        return Double.isFinite(x) ? Math.max(lo, Math.min(hi, x)) : lo;
    }
}
