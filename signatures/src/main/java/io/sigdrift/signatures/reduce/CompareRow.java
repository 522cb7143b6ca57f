package io.sigdrift.signatures.reduce;

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
 */
public record CompareRow(int rank, CompareKind kind, String id, String template, long baselineCount,
                         long targetCount, double baselineShare, double targetShare, double ratio,
                         double score, double pValue, String example) {}
