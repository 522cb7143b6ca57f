package io.sigdrift.signatures.reduce;

import java.util.List;

/**
 * A LogCompare report: the NEW, GONE and CHANGED signatures ranked by score, plus totals.
 *
 * @param rows                 NEW/GONE/CHANGED signatures, highest score first (possibly cut to a top N)
 * @param newSignatures        NEW signatures in all (not only those in rows)
 * @param goneSignatures       GONE signatures in all
 * @param changedSignatures    CHANGED signatures in all
 * @param baselineEvents       events read from the baseline
 * @param targetEvents         events read from the target
 * @param signatures           signatures tracked over both inputs
 * @param unchanged            signatures present on both sides without a significant change (not in rows)
 * @param evictedSignatures    signatures dropped by the bounds (counted, not compared)
 * @param evictedEvents        events of evicted signatures (baseline + target)
 */
public record CompareResult(List<CompareRow> rows, long newSignatures, long goneSignatures,
                            long changedSignatures, long baselineEvents, long targetEvents, long signatures,
                            long unchanged, long evictedSignatures, long evictedEvents) {
}
