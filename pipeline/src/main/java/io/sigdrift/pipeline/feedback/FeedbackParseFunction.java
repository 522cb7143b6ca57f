package io.sigdrift.pipeline.feedback;

import io.sigdrift.baselines.feedback.AuditEntry;
import io.sigdrift.pipeline.record.RawLine;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import java.util.function.Consumer;

/**
 * Validates the raw feedback stream (lines of the feedback directory or topic, and the rules file's text from
 * {@link RulesFilePoller}) into {@link FeedbackRecord}s. A record that does not parse is not passed on: it becomes a
 * REJECTED audit line with the reason ({@link #REJECTED}). Blank lines are not records and are skipped. What a
 * valid record then does (accepted, duplicate, unknown revoke, ...) is decided by the anomaly operator, which holds
 * the labels.
 */
public final class FeedbackParseFunction extends ProcessFunction<RawLine, FeedbackRecord> {
    private static final long serialVersionUID = 1L;
    /** Audit lines of records rejected here. */
    public static final OutputTag<String> REJECTED = new OutputTag<>("feedback-rejected", Types.STRING);

    @Override
    public void processElement(RawLine raw, Context ctx, Collector<FeedbackRecord> out) {
        long now = ctx.timerService().currentProcessingTime();
        validate(raw, out::collect, rejected -> ctx.output(REJECTED, FeedbackJson.audit(rejected, now)));
    }

    /**
     * The one validation of raw feedback (also used when a bounded run reads its feedback before it starts): a valid
     * record to {@code ok}, a bad one as a REJECTED entry to {@code rejected}; blank lines and unchanged rules polls
     * to neither.
     */
    public static void validate(RawLine raw, Consumer<FeedbackRecord> ok, Consumer<AuditEntry> rejected) {
        boolean rules = RulesFilePoller.isRules(raw);
        if (raw.error != null) {
            rejected.accept(AuditEntry.rejected(rules ? "rules" : "label", rules ? "rules" : null,
                    raw.origin + ": " + raw.error + (rules ? "; the last good rules stay in force" : "")));
            return;
        }
        if (rules) {
            if (raw.text == null) {
                return;   // the poller found the file unchanged
            }
            try {
                FeedbackJson.parseRules(raw.text);
                ok.accept(new FeedbackRecord(FeedbackRecord.RULES, "rules", raw.text, raw.origin));
            } catch (IllegalArgumentException e) {
                rejected.accept(AuditEntry.rejected("rules", "rules", RulesFilePoller.pathOf(raw)
                        + ": " + e.getMessage() + "; the last good rules stay in force"));
            }
            return;
        }
        if (raw.text == null || raw.text.isBlank()) {
            return;
        }
        try {
            FeedbackJson.Line line = FeedbackJson.parseLine(raw.text);
            ok.accept(new FeedbackRecord(line.type(), line.id(), raw.text.strip(), raw.origin));
        } catch (IllegalArgumentException e) {
            rejected.accept(AuditEntry.rejected(recordType(raw.text), FeedbackJson.idOf(raw.text),
                    e.getMessage() + " (" + raw.origin + ")"));
        }
    }

    private static String recordType(String text) {
        return text.contains("\"revoke\"") ? "revoke" : "label";
    }
}
