package io.sigdrift.signatures.reduce;

import java.util.List;

/**
 * One signature of a LogCompare report.
 *
 * @param rank           1 = highest score
 * @param kind           NEW, GONE, CHANGED (or UNCHANGED)
 * @param id             final signature id (both inputs went through one engine, so ids agree)
 * @param template       typed template
 * @param baselineCount  events in the baseline
 * @param targetCount    events in the target
 * @param baselineShare  baselineCount / baseline events
 * @param targetShare    targetCount / target events
 * @param ratio          targetShare / baselineShare ({@code +Infinity} for NEW, 0 for GONE)
 * @param score          G statistic of the 2x2 counts: higher = stronger evidence of a change
 * @param pValue         chi-squared (1 d.f.) p-value of the score
 * @param example        first event seen of the signature (clipped)
 * @param attribution    NEW/CHANGED: parameter values over-represented in the target, most significant first
 *                       (at most {@link CompareConfig#maxAttributed()}); empty when none is or attribution is off
 */
public record CompareRow(int rank, CompareKind kind, String id, String template, long baselineCount,
                         long targetCount, double baselineShare, double targetShare, double ratio,
                         double score, double pValue, String example, List<AttributedValue> attribution) {

    public CompareRow {
        attribution = attribution == null ? List.of() : List.copyOf(attribution);
    }

    /** A row without attribution. */
    public CompareRow(int rank, CompareKind kind, String id, String template, long baselineCount, long targetCount,
                      double baselineShare, double targetShare, double ratio, double score, double pValue,
                      String example) {
        this(rank, kind, id, template, baselineCount, targetCount, baselineShare, targetShare, ratio, score, pValue,
                example, List.of());
    }
}
