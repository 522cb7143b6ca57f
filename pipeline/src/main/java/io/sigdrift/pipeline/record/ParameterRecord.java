package io.sigdrift.pipeline.record;

import io.sigdrift.baselines.attribution.ValueDistribution;

/**
 * {@link ValueDistribution} as a Flink POJO (public fields, no Kryo): the most frequent values at one parameter
 * position of a signature in a window, with the position's total, shipped on the counts stream
 * ({@code "parameters"} of a count record, see {@link JsonLines}).
 */
public class ParameterRecord {
    /** Template token index of the parameter. */
    public int position;
    /** The mask's type label. */
    public String type;
    /** Values counted at this position in the window; the values not listed are {@code total - sum(counts)}. */
    public long total;
    /** Most frequent first, each cut to {@link io.sigdrift.baselines.attribution.SpaceSaving#MAX_VALUE_CHARS}. */
    public String[] values;
    public long[] counts;

    public ParameterRecord() {}

    public static ParameterRecord of(ValueDistribution d) {
        ParameterRecord r = new ParameterRecord();
        r.position = d.position();
        r.type = d.type();
        r.total = d.total();
        r.values = d.values().toArray(new String[0]);
        java.util.List<Long> counts = d.counts();
        r.counts = new long[counts.size()];
        for (int i = 0; i < r.counts.length; i++) {
            r.counts[i] = counts.get(i);   // a loop, not a stream: once per position and window on the count task
        }
        return r;
    }
}
