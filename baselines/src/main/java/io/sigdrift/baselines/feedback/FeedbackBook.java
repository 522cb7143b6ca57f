package io.sigdrift.baselines.feedback;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels and rules in force, indexed by source, with the bookkeeping of the bad-input cases: a duplicate label
 * (same id, or same verdict on the same anomaly) is rejected, a conflicting one (another kind for the same anomaly
 * and scope) supersedes the earlier label, a revoke of an unknown id is rejected, and the book holds at most
 * {@link #maxLabels} labels: further ones are rejected (a flood of labels cannot grow the job's state, and the
 * labels already there keep working). Every change is reported as {@link AuditEntry}s, never silent.
 *
 * <p><b>Expiry</b> is in event time. {@link FeedbackPolicy} ignores a label for windows at or after its
 * {@code expires}; the book forgets expired labels when a later label arrives whose anomaly window is past their
 * expiry (so memory does not depend on how often events arrive, and every copy of the book — one per parallel
 * instance, all fed the same records in the same order — stays identical).
 *
 * <p><b>Cost.</b> Lookups by source are a hash lookup plus a walk over that source's labels (in arrival order, the
 * order {@link FeedbackPolicy} needs: a later label overrides an earlier one). Memory ≤ maxLabels labels (each
 * bounded by {@link Label}'s limits, ≤ ~5 KB) plus ≤ {@link #MAX_RULES} rules.
 *
 * <p>Not thread-safe.
 */
public final class FeedbackBook {
    public static final int DEFAULT_MAX_LABELS = 10_000;
    public static final int MAX_RULES = 1_000;

    private final int maxLabels;
    /** By label id, in arrival order. */
    private final LinkedHashMap<String, Label> labels = new LinkedHashMap<>();
    private final Map<String, List<Label>> bySource = new HashMap<>();
    private List<SuppressionRule> rules = List.of();
    private String rulesDigest;

    public FeedbackBook(int maxLabels) {
        if (maxLabels < 1) {
            throw new IllegalArgumentException("maxLabels must be >= 1, was " + maxLabels);
        }
        this.maxLabels = maxLabels;
    }

    public FeedbackBook() {
        this(DEFAULT_MAX_LABELS);
    }

    /** Adds a label; returns what happened to it and to the labels it replaced or outlived, in that order. */
    public List<AuditEntry> add(Label label) {
        List<AuditEntry> out = new ArrayList<>(2);
        Label same = labels.get(label.labelId());
        if (same != null) {
            out.add(AuditEntry.rejected("label", label.labelId(), same.equals(label)
                    ? "duplicate: label " + label.labelId() + " is already active"
                    : "conflict: label id " + label.labelId() + " already names another label (ids must be unique)"));
            return out;
        }
        for (Label l : labelsOf(label.source())) {
            if (l.sameVerdict(label)) {
                out.add(AuditEntry.rejected("label", label.labelId(), "duplicate of " + l.labelId()
                        + " (same anomaly, kind, scope and values)"));
                return out;
            }
        }
        // expired labels make room before the bound is checked
        for (Iterator<Label> it = labels.values().iterator(); it.hasNext(); ) {
            Label l = it.next();
            if (!l.activeAt(label.windowStart())) {
                it.remove();
                unindex(l);
                out.add(new AuditEntry("label", l.labelId(), AuditEntry.Status.EXPIRED,
                        "expired: event time reached " + java.time.Instant.ofEpochMilli(l.expires())));
            }
        }
        Label superseded = null;
        if (label.anomalyId() != null) {
            for (Label l : labelsOf(label.source())) {
                if (label.anomalyId().equals(l.anomalyId()) && l.scope() == label.scope() && l.kind() != label.kind()) {
                    superseded = l;
                    break;
                }
            }
        }
        if (superseded == null && labels.size() >= maxLabels) {
            out.add(AuditEntry.rejected("label", label.labelId(), "the label book is full (" + maxLabels
                    + " active labels): revoke labels or let them expire"));
            return out;
        }
        if (superseded != null) {
            remove(superseded.labelId());
            out.add(new AuditEntry("label", superseded.labelId(), AuditEntry.Status.REVOKED, "superseded by "
                    + label.labelId() + " (" + label.kind() + " instead of " + superseded.kind() + " for anomaly "
                    + label.anomalyId() + ")"));
        }
        labels.put(label.labelId(), label);
        bySource.computeIfAbsent(label.source(), k -> new ArrayList<>(2)).add(label);
        out.add(0, AuditEntry.accepted("label", label.labelId(), superseded == null ? null
                : "supersedes " + superseded.labelId()));
        return out;
    }

    /** Revokes a label by id. */
    public AuditEntry revoke(String labelId) {
        if (remove(labelId) == null) {
            return AuditEntry.rejected("revoke", labelId, "unknown label id " + labelId
                    + " (never accepted, already revoked or expired)");
        }
        return new AuditEntry("revoke", labelId, AuditEntry.Status.REVOKED, null);
    }

    private Label remove(String labelId) {
        Label l = labels.remove(labelId);
        if (l != null) {
            unindex(l);
        }
        return l;
    }

    private void unindex(Label l) {
        List<Label> list = bySource.get(l.source());
        if (list != null) {
            list.remove(l);
            if (list.isEmpty()) {
                bySource.remove(l.source());
            }
        }
    }

    /**
     * Replaces the rules as a whole (the rules file was re-read). {@code digest} identifies the file's content: the
     * same content again (a restart re-reads the file) changes nothing and returns null.
     */
    public AuditEntry setRules(List<SuppressionRule> newRules, String digest) {
        if (digest != null && digest.equals(rulesDigest)) {
            return null;
        }
        if (newRules.size() > MAX_RULES) {
            return AuditEntry.rejected("rules", "rules", "too many rules: " + newRules.size() + " > " + MAX_RULES
                    + "; the last good rules stay in force");
        }
        rules = List.copyOf(newRules);
        rulesDigest = digest;
        return AuditEntry.accepted("rules", "rules", rules.size() + " rules");
    }

    /** The source's labels, oldest first (empty list if none; do not modify). */
    public List<Label> labelsOf(String source) {
        List<Label> l = bySource.get(source);
        return l == null ? List.of() : l;
    }

    public List<SuppressionRule> rules() {
        return rules;
    }

    public String rulesDigest() {
        return rulesDigest;
    }

    /** All labels, in arrival order. */
    public List<Label> labels() {
        return List.copyOf(labels.values());
    }

    public Label label(String id) {
        return labels.get(id);
    }

    public int size() {
        return labels.size();
    }

    public int maxLabels() {
        return maxLabels;
    }

    public boolean isEmpty() {
        return labels.isEmpty() && rules.isEmpty();
    }
}
