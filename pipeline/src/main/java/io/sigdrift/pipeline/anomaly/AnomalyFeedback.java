package io.sigdrift.pipeline.anomaly;

import io.sigdrift.baselines.feedback.AuditEntry;
import io.sigdrift.baselines.feedback.FeedbackBook;
import io.sigdrift.baselines.feedback.SuppressionRule;
import io.sigdrift.pipeline.feedback.FeedbackJson;
import io.sigdrift.pipeline.feedback.FeedbackRecord;
import io.sigdrift.pipeline.feedback.FeedbackStateCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The anomaly operator's labels and rules: a {@link FeedbackBook} (what {@code FeedbackPolicy} reads) mirrored
 * into operator broadcast state ({@link FeedbackStateCodec}), so labels and rules are checkpointed, survive
 * restarts and rescaling (every instance holds the same book: each receives every feedback record, in the same
 * order since the feedback stream runs at parallelism 1). Restoring re-validates the stored texts with the same
 * parser as live records.
 */
final class AnomalyFeedback {
    static final MapStateDescriptor<String, String> STATE =
            new MapStateDescriptor<>(FeedbackStateCodec.STATE_NAME, Types.STRING, Types.STRING);

    private final FeedbackBook book;
    private final BroadcastState<String, String> state;
    private long seq;

    private AnomalyFeedback(FeedbackBook book, BroadcastState<String, String> state) {
        this.book = book;
        this.state = state;
    }

    /** The book from broadcast state (empty on a fresh start), in the order the records arrived. */
    static AnomalyFeedback restore(BroadcastState<String, String> state, int maxLabels) throws Exception {
        AnomalyFeedback f = new AnomalyFeedback(new FeedbackBook(maxLabels), state);
        List<Map.Entry<String, FeedbackStateCodec.Entry>> entries = new ArrayList<>();
        for (Map.Entry<String, String> e : state.entries()) {
            entries.add(Map.entry(e.getKey(), FeedbackStateCodec.decode(e.getValue())));
        }
        entries.sort((a, b) -> Long.compare(a.getValue().seq(), b.getValue().seq()));
        for (Map.Entry<String, FeedbackStateCodec.Entry> e : entries) {
            f.seq = Math.max(f.seq, e.getValue().seq());
            String text = e.getValue().text();
            if (e.getKey().equals(FeedbackStateCodec.RULES_KEY)) {
                f.book.setRules(FeedbackJson.parseRules(text), FeedbackJson.digest(text));
            } else {
                f.book.add(FeedbackJson.parseLine(text).label());
            }
        }
        return f;
    }

    FeedbackBook book() {
        return book;
    }

    /** Applies one validated record to the book and the broadcast state; returns its fate and its side effects. */
    List<AuditEntry> apply(FeedbackRecord r) throws Exception {
        List<AuditEntry> out = new ArrayList<>(2);
        try {
            switch (r.type) {
                case FeedbackRecord.LABEL -> {
                    List<AuditEntry> changes = book.add(FeedbackJson.parseLine(r.text).label());
                    for (AuditEntry a : changes) {
                        if (a.status() == AuditEntry.Status.ACCEPTED) {
                            state.put(FeedbackStateCodec.labelKey(a.id()), FeedbackStateCodec.encode(++seq, r.text));
                        } else if (a.status() != AuditEntry.Status.REJECTED) {
                            state.remove(FeedbackStateCodec.labelKey(a.id()));
                        }
                    }
                    out.addAll(changes);
                }
                case FeedbackRecord.REVOKE -> {
                    AuditEntry a = book.revoke(r.id);
                    if (a.status() == AuditEntry.Status.REVOKED) {
                        state.remove(FeedbackStateCodec.labelKey(r.id));
                    }
                    out.add(a);
                }
                case FeedbackRecord.RULES -> {
                    List<SuppressionRule> rules = FeedbackJson.parseRules(r.text);
                    AuditEntry a = book.setRules(rules, FeedbackJson.digest(r.text));
                    if (a != null && a.status() == AuditEntry.Status.ACCEPTED) {
                        state.put(FeedbackStateCodec.RULES_KEY, FeedbackStateCodec.encode(++seq, r.text));
                    }
                    if (a != null) {
                        out.add(a);
                    }
                }
                case FeedbackRecord.REJECTED -> out.add(AuditEntry.rejected(r.origin, r.id, r.text));
                default -> out.add(AuditEntry.rejected(String.valueOf(r.type), r.id, "unknown feedback record type"));
            }
        } catch (IllegalArgumentException e) {
            // validated upstream; only a record from another version of the parser can get here
            out.add(AuditEntry.rejected(String.valueOf(r.type), r.id, e.getMessage()));
        }
        return out;
    }
}
