package io.sigdrift.pipeline.anomaly;

import io.sigdrift.baselines.Attribution;

/**
 * {@link Attribution} as a Flink POJO (public fields, no Kryo): one value over-represented in the anomalous window,
 * or for VOLUME one signature that carries the rise ({@code position == -1}, {@code type == "SIGNATURE"}).
 */
public class AttributionRecord {
    public int position;
    public String type;
    public String value;
    public long windowCount;
    public double windowShare;
    public double baselineShare;
    public double probability;

    public AttributionRecord() {}

    public static AttributionRecord of(Attribution a) {
        AttributionRecord r = new AttributionRecord();
        r.position = a.position();
        r.type = a.type();
        r.value = a.value();
        r.windowCount = a.windowCount();
        r.windowShare = a.windowShare();
        r.baselineShare = a.baselineShare();
        r.probability = a.probability();
        return r;
    }

    public Attribution toAttribution() {
        return new Attribution(position, type, value, windowCount, windowShare, baselineShare, probability);
    }
}
