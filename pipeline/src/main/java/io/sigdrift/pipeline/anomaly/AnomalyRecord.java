package io.sigdrift.pipeline.anomaly;

/**
 * One change of an anomaly incident, as the job emits it (a Flink POJO: public fields, arrays not
 * Lists, enums as strings, so no Kryo fallback). See {@link AnomalyJson} for the JSON Lines schema.
 */
public class AnomalyRecord {
    /** Stable id: hash of (source, signature, direction family, incident start); shared by all changes of one incident. */
    public String id;
    /** CREATED, UPDATED or CLOSED. */
    public String change;
    /** SPIKE, DROP, NEW, RARE, VOLUME or SHIFT. */
    public String kind;
    /** +1 above normal, -1 below, 0 not directional (NEW). */
    public int direction;
    public String source;
    public int split;
    /** Signature id; null for VOLUME (the whole source). */
    public String signature;
    /** Template of the signature when known; null for VOLUME or before the signature event arrived. */
    public String template;
    public long windowStart;
    public long windowEnd;
    public long incidentStart;
    public double observed;
    public double expected;
    public double score;
    public double probability;
    public String explanation;
    /** Up to 5 example lines (empty when unknown). */
    public String[] examples;
    /** Earlier ids of the signature, oldest first (empty when none). */
    public String[] ancestors;
    /** Up to 3 lines from the anomalous window itself (empty when the producer has none). */
    public String[] windowExamples;
    /** What changed inside the window, most significant first (empty when nothing stands out). */
    public AttributionRecord[] attribution;
    /** Ids of the labels and rules that changed this event (score or suppression); empty when none. */
    public String[] affectedBy;

    public AnomalyRecord() {}

    @Override
    public String toString() {
        return "AnomalyRecord{" + change + " " + kind + " " + source + "/" + signature + " " + windowStart + " id=" + id
                + " obs=" + observed + " exp=" + expected + "}";
    }
}
