package io.sigdrift.baselines.feedback;

import static io.sigdrift.baselines.feedback.Fixtures.MINUTE;
import static io.sigdrift.baselines.feedback.Fixtures.T0;
import static io.sigdrift.baselines.feedback.Fixtures.label;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackBookTest {
    @Test
    void aLabelIsAcceptedAndIndexedBySource() {
        FeedbackBook book = new FeedbackBook();
        List<AuditEntry> fates = book.add(label("lbl-1", LabelKind.FALSE_POSITIVE, LabelScope.VALUES, 5));
        assertEquals(List.of(AuditEntry.accepted("label", "lbl-1", null)), fates);
        assertEquals(1, book.labelsOf(Fixtures.SOURCE).size());
        assertTrue(book.labelsOf("nginx").isEmpty());
    }

    @Test
    void theSameIdTwiceIsADuplicateOrAConflict() {
        FeedbackBook book = new FeedbackBook();
        Label l = label("lbl-1", LabelKind.FALSE_POSITIVE, LabelScope.VALUES, 5);
        book.add(l);
        AuditEntry again = book.add(l).get(0);
        assertEquals(AuditEntry.Status.REJECTED, again.status());
        assertTrue(again.reason().startsWith("duplicate"), again.reason());
        AuditEntry other = book.add(label("lbl-1", LabelKind.TRUE_POSITIVE, LabelScope.SOURCE, 9)).get(0);
        assertEquals(AuditEntry.Status.REJECTED, other.status());
        assertTrue(other.reason().startsWith("conflict"), other.reason());
        assertEquals(1, book.size());
    }

    @Test
    void theSameVerdictOnTheSameAnomalyUnderAnotherIdIsADuplicate() {
        FeedbackBook book = new FeedbackBook();
        book.add(label("lbl-1", LabelKind.FALSE_POSITIVE, LabelScope.VALUES, 5));
        AuditEntry dup = book.add(label("lbl-2", LabelKind.FALSE_POSITIVE, LabelScope.VALUES, 5)).get(0);
        assertEquals(AuditEntry.Status.REJECTED, dup.status());
        assertEquals("duplicate of lbl-1 (same anomaly, kind, scope and values)", dup.reason());
    }

    @Test
    void aConflictingVerdictOnTheSameAnomalySupersedesTheEarlierOne() {
        FeedbackBook book = new FeedbackBook();
        book.add(label("lbl-1", LabelKind.FALSE_POSITIVE, LabelScope.VALUES, 5));
        List<AuditEntry> fates = book.add(label("lbl-2", LabelKind.TRUE_POSITIVE, LabelScope.VALUES, 5));
        assertEquals(AuditEntry.Status.ACCEPTED, fates.get(0).status());
        assertEquals("supersedes lbl-1", fates.get(0).reason());
        assertEquals(AuditEntry.Status.REVOKED, fates.get(1).status());
        assertEquals("lbl-1", fates.get(1).id());
        assertNull(book.label("lbl-1"));
        assertEquals(1, book.size());
    }

    @Test
    void revokingAnUnknownIdIsRejected() {
        FeedbackBook book = new FeedbackBook();
        AuditEntry a = book.revoke("lbl-nope");
        assertEquals(AuditEntry.Status.REJECTED, a.status());
        assertTrue(a.reason().startsWith("unknown label id lbl-nope"), a.reason());
    }

    @Test
    void aFloodOfLabelsStopsAtTheBoundAndTheFirstLabelsKeepWorking() {
        int max = 50;
        FeedbackBook book = new FeedbackBook(max);
        int rejected = 0;
        for (int i = 0; i < 1_000; i++) {
            AuditEntry a = book.add(label("lbl-" + i, LabelKind.FALSE_POSITIVE, LabelScope.SIGNATURE, i)).get(0);
            if (a.status() == AuditEntry.Status.REJECTED) {
                rejected++;
                assertTrue(a.reason().startsWith("the label book is full"), a.reason());
            }
        }
        assertEquals(max, book.size());
        assertEquals(1_000 - max, rejected);
        assertEquals("lbl-0", book.labels().get(0).labelId());
    }

    @Test
    void expiredLabelsAreForgottenWhenALaterLabelPassesTheirExpiryAndMakeRoom() {
        FeedbackBook book = new FeedbackBook(1);
        book.add(label("lbl-old", LabelKind.FALSE_POSITIVE, LabelScope.SIGNATURE, 5, T0 + 60 * MINUTE));
        List<AuditEntry> fates = book.add(label("lbl-new", LabelKind.EXPECTED, LabelScope.SOURCE, 61));
        assertEquals(AuditEntry.Status.ACCEPTED, fates.get(0).status());
        assertEquals(new AuditEntry("label", "lbl-old", AuditEntry.Status.EXPIRED, "expired: event time reached 2026-03-14T11:00:00Z"),
                fates.get(1));
        assertEquals(List.of("lbl-new"), book.labels().stream().map(Label::labelId).toList());
    }

    @Test
    void theSameRulesAgainChangeNothing() {
        FeedbackBook book = new FeedbackBook();
        List<SuppressionRule> rules = List.of(SuppressionRuleTest.rule("r", SuppressionRule.Action.SUPPRESS, "x*", null));
        assertEquals(AuditEntry.Status.ACCEPTED, book.setRules(rules, "abc").status());
        assertNull(book.setRules(rules, "abc"));
        assertEquals(1, book.rules().size());
    }
}
