package io.sigdrift.pipeline.record;

/**
 * A signature was created, or its template generalised (new id, {@link #previousId} = old id).
 * Emitted only on change, never per line.
 */
public class SignatureEvent {
    public String source;
    public int split;
    /** "CREATED" or "UPDATED". */
    public String change;
    public String id;
    /** The id before a generalisation; null for CREATED. */
    public String previousId;
    public String template;
    /** Earlier ids of this signature, oldest first (bounded by the engine). An array, not a List,
     *  so Flink's POJO serializer handles it without a Kryo fallback. */
    public String[] ancestors;
    public String example;
    /** Events absorbed so far, including the one that caused this change. */
    public long count;
    /** Event time of the line that caused the change, epoch ms. */
    public long timestamp;

    public SignatureEvent() {}

    @Override
    public String toString() {
        return "SignatureEvent{" + change + " " + source + " " + id + " <- " + previousId + " " + template + "}";
    }
}
