package io.sigdrift.pipeline.record;

import io.sigdrift.baselines.attribution.WindowValue;

/**
 * {@link WindowValue} as a Flink POJO (public fields, no Kryo): one of a signature's most frequent parameter values
 * in a window, shipped with its {@link CountRecord}.
 */
public class ValueRecord {
    /** Template token index of the parameter. */
    public int position;
    /** The mask's type label. */
    public String type;
    /** The value, cut to {@link io.sigdrift.baselines.attribution.SpaceSaving#MAX_VALUE_CHARS}. */
    public String value;
    /** Occurrences in the window (over-estimated by at most {@link #error}). */
    public long count;
    public long error;

    public ValueRecord() {}

    public static ValueRecord of(WindowValue v) {
        ValueRecord r = new ValueRecord();
        r.position = v.position();
        r.type = v.type();
        r.value = v.value();
        r.count = v.count();
        r.error = v.error();
        return r;
    }

    public WindowValue toWindowValue() {
        return new WindowValue(position, type, value, count, error);
    }
}
