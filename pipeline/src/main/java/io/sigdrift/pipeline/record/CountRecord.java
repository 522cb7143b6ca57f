package io.sigdrift.pipeline.record;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Event-time window counts: either one signature's count within a source ({@link #signature} set)
 * or the source's total over all signatures ({@link #signature} null, {@link #signatures} = number
 * of distinct signatures seen in the window). These feed the baseline operator.
 *
 * <p>Lineage: counts are kept under the id that is live when the window closes. When a signature
 * generalises before its window closes, the counts of its previous id and of every ancestor the engine
 * folded into it are merged into the new id;
 * a window that closed earlier keeps the old id, which the {@code signatures} stream maps to the new
 * one through {@code previous_id}/{@code ancestors}.
 */
@TypeInfo(CountRecordSerializer.Factory.class)
public class CountRecord {
    public String source;
    /** Split index of a split hot source (0 otherwise); consumers sum splits of one source. */
    public int split;
    /** Window start, epoch ms, inclusive. */
    public long windowStart;
    /** Window end, epoch ms, exclusive. */
    public long windowEnd;
    /** Signature id, or null for the per-source total. */
    public String signature;
    public long count;
    /** For totals: distinct signatures counted in the window; 0 for per-signature records. */
    public int signatures;
    /**
     * Per-signature records (when the job has an anomaly stage): the first distinct lines of the signature in this
     * window (≤ 3); null otherwise. For anomaly records' {@code window_examples}.
     */
    public String[] examples;
    /**
     * Per-signature records (when the job has an anomaly stage): the signature's most frequent parameter values in
     * this window (≤ 4 per position, ≤ 6 positions; see {@code WindowSketch}); null otherwise. For attribution.
     */
    public ValueRecord[] values;
    /**
     * Per-signature records of the counts stream (when the job has an anomaly stage, whose sketches they are read
     * from): per parameter position (≤ 6) its most frequent values (≤ 5) and total in this window; null otherwise.
     * Written as {@code "parameters"} (see {@link JsonLines}); the anomaly stage does not receive it.
     */
    public ParameterRecord[] parameters;

    public CountRecord() {}

    public static CountRecord forSignature(String source, int split, long start, long end, String signature,
                                           long count) {
        CountRecord r = new CountRecord();
        r.source = source;
        r.split = split;
        r.windowStart = start;
        r.windowEnd = end;
        r.signature = signature;
        r.count = count;
        return r;
    }

    public static CountRecord total(String source, int split, long start, long end, long count, int signatures) {
        CountRecord r = forSignature(source, split, start, end, null, count);
        r.signatures = signatures;
        return r;
    }

    public boolean isTotal() {
        return signature == null;
    }

    @Override
    public String toString() {
        return "CountRecord{" + source + "/" + split + " [" + windowStart + "," + windowEnd + ") "
                + (signature == null ? "TOTAL(" + signatures + ")" : signature) + "=" + count + "}";
    }
}
