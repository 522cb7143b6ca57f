package io.sigdrift.pipeline.anomaly;

import io.sigdrift.pipeline.feedback.LearnedSuppressionConfig;
import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.EventChange;
import io.sigdrift.baselines.feedback.AuditEntry;
import io.sigdrift.baselines.feedback.FeedbackAction;
import io.sigdrift.baselines.feedback.FeedbackBook;
import io.sigdrift.baselines.feedback.FeedbackPolicy;
import io.sigdrift.baselines.feedback.Verdict;
import io.sigdrift.models.detect.ModelFormatException;
import java.util.List;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The anomaly operator's side of {@link LearnedSuppression}: its broadcast state ({@code learned-suppression-v1}, one
 * entry {@code model} holding {@link LearnedSuppressionCodec} bytes), and the verdict it adds to
 * {@code FeedbackPolicy}'s. Kept out of {@link AnomalyOperator} so the operator changes by a few calls only.
 */
final class LearnedSuppressionGlue {
    static final MapStateDescriptor<String, byte[]> STATE = new MapStateDescriptor<>("learned-suppression-v1", Types.STRING,
            PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    static final String KEY = "model";
    private static final Logger LOG = LoggerFactory.getLogger(LearnedSuppressionGlue.class);

    private LearnedSuppressionGlue() {}

    /** The scorer of the state; a corrupt or incompatible one is reported and dropped (retrained from the labels). */
    static LearnedSuppression restore(LearnedSuppressionConfig config, BroadcastState<String, byte[]> state,
                                      List<AuditEntry> audit) throws Exception {
        byte[] stored = state.get(KEY);
        try {
            return LearnedSuppression.restore(config, stored);
        } catch (ModelFormatException e) {
            String why = "learned suppression state dropped (" + e.getMessage() + "): retrained from the labels in force";
            LOG.warn(why);
            audit.add(AuditEntry.rejected(LearnedSuppression.AUDIT_RECORD, null, why));
            state.remove(KEY);
            return LearnedSuppression.restore(config, null);
        }
    }

    /** Retrains when the labels changed; keeps the state in step; returns the audit entry (empty when nothing). */
    static List<AuditEntry> advance(LearnedSuppression learned, BroadcastState<String, byte[]> state, long windowStart,
                                    FeedbackBook book) throws Exception {
        AuditEntry a = learned.advance(windowStart, book.labels());
        if (a == null) {
            return List.of();
        }
        // the fingerprint changed even when training failed: stored so a restore does not re-attempt and re-audit
        state.put(KEY, learned.encode());
        if (a.status() == AuditEntry.Status.ACCEPTED) {
            LOG.info("learned suppression {}: {}", a.id(), a.reason());
        } else {
            LOG.warn("{}", a.reason());
        }
        return List.of(a);
    }

    /**
     * Only for events no label or rule decided and no label's scope covers ({@link FeedbackPolicy#covered}: a label that
     * declined to suppress, the event being more severe or driven by other values, said the event is NOT like the one
     * it labelled, and the scorer must not overrule that), and only on an incident's CREATED change (its later changes
     * follow).
     */
    static Verdict judge(LearnedSuppression learned, AnomalyEvent e, Verdict none, FeedbackBook book) {
        if (e.change() != EventChange.CREATED || FeedbackPolicy.covered(e, book)) {
            return none;
        }
        String id = learned.judge(e);
        return id == null ? none : new Verdict(FeedbackAction.SUPPRESS, e.score(), List.of(id));
    }
}
