package io.sigdrift.pipeline.record;

/**
 * One event that belongs to an entity's session ({@code run --sessions}), from the count operator to the session
 * stage: only events with an entity id are sent. A POJO (public fields), so Flink serializes it without Kryo.
 */
public class SessionEvent {
    /** {@link SourceKey#encode} of (source, split): the session stage is keyed like the count operator. */
    public String key;
    public String source;
    public int split;
    /** The entity id (e.g. a block id), at most {@code SessionSettings.MAX_ENTITY_CHARS} characters. */
    public String entity;
    /** The signature's oldest id (stable across generalisations; see SessionTracker.signatureKey). */
    public String signatureKey;
    public String template;
    /** The event text, truncated to the stage's example length. */
    public String line;
    public long timestamp;

    public SessionEvent() {}

    @Override
    public String toString() {
        return "SessionEvent{" + key + " " + entity + " " + signatureKey + " @" + timestamp + "}";
    }
}
