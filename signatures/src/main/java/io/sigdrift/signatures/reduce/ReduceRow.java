package io.sigdrift.signatures.reduce;

import java.util.List;

/**
 * One signature of a LogReduce report.
 *
 * @param rank           1 = most frequent
 * @param id             the final signature id (16 hex chars)
 * @param template       the typed template, e.g. {@code Failed password for <*> from <IP> port <NUM> ssh2}
 * @param loghubTemplate the template with every mask as {@code <*>}
 * @param count          events of this signature (including those absorbed before it generalised)
 * @param share          count / all events
 * @param example        the first event seen of this signature (clipped)
 * @param parameters     value summaries by parameter position
 */
public record ReduceRow(int rank, String id, String template, String loghubTemplate, long count, double share,
                        String example, List<ParameterSummary> parameters) {}
