package io.sigdrift.baselines.feedback;

import java.util.List;

/**
 * What feedback does to one event: the action, the event's score after it, and the label or rule ids that caused it
 * (the event's {@code affected_by}; empty for {@link FeedbackAction#NONE}).
 */
public record Verdict(FeedbackAction action, double score, List<String> ids) {
    public Verdict {
        ids = List.copyOf(ids);
    }

    static Verdict none(double score) {
        return new Verdict(FeedbackAction.NONE, score, List.of());
    }
}
