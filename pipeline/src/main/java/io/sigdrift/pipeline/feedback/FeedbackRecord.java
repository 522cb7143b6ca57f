package io.sigdrift.pipeline.feedback;

/**
 * One validated feedback record on its way to the anomaly operator: a label or revoke line, or the text of the rules
 * file. A small Flink POJO (public fields, no-arg constructor: never Kryo); the operator decodes {@link #text} again
 * with {@link FeedbackJson} (a label is a few hundred bytes and records are rare) and keeps that text in its
 * broadcast state, so the checkpointed form is the documented wire format.
 */
public class FeedbackRecord implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public static final String LABEL = "label";
    public static final String REVOKE = "revoke";
    public static final String RULES = "rules";
    /**
     * A record the parser rejected, carried to the operator only when the feedback was read before the job started
     * (a bounded run, {@link FeedbackSources}): {@link #text} is the reason, {@link #origin} the record's kind.
     */
    public static final String REJECTED = "rejected";

    /** {@link #LABEL}, {@link #REVOKE}, {@link #RULES} or {@link #REJECTED}. */
    public String type;
    /** The label id (label, revoke) or {@code rules}. */
    public String id;
    /** The line (label, revoke) or the whole rules file. */
    public String text;
    /** Where it came from (file path or topic), for messages. */
    public String origin;

    public FeedbackRecord() {}

    public FeedbackRecord(String type, String id, String text, String origin) {
        this.type = type;
        this.id = id;
        this.text = text;
        this.origin = origin;
    }

    @Override
    public String toString() {
        return type + " " + id + " from " + origin;
    }
}
