package io.sigdrift.baselines.feedback;

import static io.sigdrift.baselines.feedback.Fixtures.MINUTE;
import static io.sigdrift.baselines.feedback.Fixtures.SCANNER;
import static io.sigdrift.baselines.feedback.Fixtures.SIG;
import static io.sigdrift.baselines.feedback.Fixtures.T0;
import static io.sigdrift.baselines.feedback.Fixtures.bookWith;
import static io.sigdrift.baselines.feedback.Fixtures.event;
import static io.sigdrift.baselines.feedback.Fixtures.label;
import static io.sigdrift.baselines.feedback.Fixtures.spike;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.EventChange;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackPolicyTest {
    private static final int LABELLED = 5;
    private static final int LATER = 65;

    private static Verdict decide(AnomalyEvent e, FeedbackBook book) {
        return FeedbackPolicy.decide(e, "Failed password for <*> from <IP> port <NUM> ssh2", book);
    }

    @Test
    void aFalsePositiveSuppressesALaterEventDrivenByTheSameValues() {
        FeedbackBook book = bookWith(label("lbl-1", LabelKind.FALSE_POSITIVE, LabelScope.VALUES, LABELLED));
        Verdict v = decide(spike(LATER, 410, 82, SCANNER), book);
        assertEquals(FeedbackAction.SUPPRESS, v.action());
        assertEquals(List.of("lbl-1"), v.ids());
    }

    @Test
    void theSameSignatureDrivenByOtherValuesStillAlerts() {
        for (LabelScope scope : List.of(LabelScope.VALUES, LabelScope.SIGNATURE)) {
            FeedbackBook book = bookWith(label("lbl-1", LabelKind.FALSE_POSITIVE, scope, LABELLED));
            Verdict v = decide(spike(LATER, 410, 82, "198.51.100.9"), book);
            assertEquals(FeedbackAction.NONE, v.action(), scope.name());
            assertTrue(v.ids().isEmpty());
        }
    }

    @Test
    void aSignatureLabelSuppressesAnEventWithoutAttribution() {
        FeedbackBook book = bookWith(label("lbl-1", LabelKind.EXPECTED, LabelScope.SIGNATURE, LABELLED));
        assertEquals(FeedbackAction.SUPPRESS, decide(spike(LATER, 300, 70), book).action());
        // a VALUES scope cannot tell which values drive it: not in scope
        FeedbackBook values = bookWith(label("lbl-2", LabelKind.EXPECTED, LabelScope.VALUES, LABELLED));
        assertEquals(FeedbackAction.NONE, decide(spike(LATER, 300, 70), values).action());
    }

    @Test
    void aMuchMoreSevereOccurrenceStillAlerts() {
        // the label: observed 400, expected 20, an excess of 380; events expect 20
        FeedbackBook book = bookWith(label("lbl-1", LabelKind.FALSE_POSITIVE, LabelScope.VALUES, LABELLED));
        assertEquals(FeedbackAction.NONE, decide(spike(LATER, 1_200, 95, SCANNER), book).action(), "excess 1180, over 2x");
        assertEquals(FeedbackAction.SUPPRESS, decide(spike(LATER, 770, 95, SCANNER), book).action(), "excess 750, under 2x");
    }

    @Test
    void aRepeatOfTheLabelledBehaviourAtTheSameSizeStaysSuppressedInABusierHour() {
        // the backup adds ~200 lines to the source: labelled at night (1 000 of 800 expected) ...
        FeedbackBook book = bookWith(volumeLabel(1_000, 800));
        // ... the same addition at the daytime peak is more than 2x the labelled count, but the same behaviour
        assertEquals(FeedbackAction.SUPPRESS, decide(volume(LATER, 2_300, 2_100, 100), book).action(), "excess 200 of 2 100");
        assertEquals(FeedbackAction.SUPPRESS, decide(volume(LATER, 1_150, 800, 100), book).action(), "excess 350, under 2x");
    }

    @Test
    void aMuchLargerExcessHiddenUnderABusySeriesStillAlerts() {
        FeedbackBook book = bookWith(volumeLabel(1_000, 800));
        // 1 900 is under 2x the labelled 1 000, but it adds 700 lines where the backup added 200
        assertEquals(FeedbackAction.NONE, decide(volume(LATER, 1_900, 1_200, 100), book).action());
    }

    @Test
    void aMoreSevereOccurrenceAlertsWhateverItsScore() {
        // scores saturate at 100: the labelled 100 cannot order large deviations, and a noisier hour scores lower
        FeedbackBook book = bookWith(volumeLabel(1_000, 800));
        assertEquals(FeedbackAction.NONE, decide(volume(LATER, 1_900, 1_200, 99.5), book).action(), "saturated");
        assertEquals(FeedbackAction.NONE, decide(volume(LATER, 1_900, 1_200, 40), book).action(), "noisier hour");
    }

    @Test
    void aLabelOnADeviationTheOtherWayExcusesNoDeviationInThisOne() {
        // a SOURCE label on a drop of the volume says nothing about how large a rise may be
        long start = T0 + LABELLED * MINUTE;
        Label drop = new Label("lbl-d", "x", LabelKind.EXPECTED, LabelScope.SOURCE, Fixtures.SOURCE, null, "VOLUME", -1,
                List.of(), 200, 800, 90, start, start, Label.NEVER, null, null);
        assertEquals(FeedbackAction.NONE, decide(volume(LATER, 1_000, 800, 60), bookWith(drop)).action());
    }

    /** An EXPECTED label (SIGNATURE scope) on a rise of the source's volume: {@code observed} of {@code expected}. */
    private static Label volumeLabel(double observed, double expected) {
        long start = T0 + LABELLED * MINUTE;
        return new Label("lbl-v", "x", LabelKind.EXPECTED, LabelScope.SIGNATURE, Fixtures.SOURCE, null, "VOLUME", 1,
                List.of(), observed, expected, 100, start, start, Label.NEVER, null, "nightly backup");
    }

    private static AnomalyEvent volume(int minute, double observed, double expected, double score) {
        return event(EventChange.CREATED, AnomalyKind.VOLUME, 1, null, minute, observed, expected, score);
    }

    /** A later window of the silenced incident that started in window {@code LATER}. */
    private static AnomalyEvent volumeWindow(int minute, double observed, double expected) {
        long start = T0 + minute * MINUTE;
        return new AnomalyEvent(AnomalyEvent.idFor(Fixtures.SOURCE, null, 0, T0 + LATER * MINUTE), EventChange.UPDATED,
                AnomalyKind.VOLUME, 1, Fixtures.SOURCE, null, start, start + MINUTE, T0 + LATER * MINUTE, observed, expected,
                100, 1e-20, "Still anomalous", List.of());
    }

    @Test
    void aSilencedIncidentThatGrowsPastTwiceTheLabelledExcessBreaksThrough() {
        // its onset (the CREATED window) was the labelled size and was suppressed; a later window adds 3x as much
        FeedbackBook book = bookWith(volumeLabel(1_000, 800));
        assertEquals(FeedbackAction.SUPPRESS, decide(volume(LATER, 1_000, 800, 100), book).action());
        assertEquals(List.of("lbl-v"), FeedbackPolicy.escalation(volumeWindow(LATER + 1, 1_400, 800), null, book));
    }

    @Test
    void aSilencedIncidentThatStaysAtTheLabelledSizeStaysSilent() {
        FeedbackBook book = bookWith(volumeLabel(1_000, 800));
        assertTrue(FeedbackPolicy.escalation(volumeWindow(LATER + 1, 1_150, 800), null, book).isEmpty());
        assertTrue(FeedbackPolicy.escalation(volumeWindow(LATER + 1, 2_300, 2_100), null, book).isEmpty(), "busier hour");
    }

    @Test
    void anIncidentSilencedWithoutALabelInScopeNeverBreaksThrough() {
        // the alert budget or a revoked label silenced it: there is no labelled size to outgrow
        assertTrue(FeedbackPolicy.escalation(volumeWindow(LATER + 1, 5_000, 800), null, bookWith(
                label("lbl-1", LabelKind.FALSE_POSITIVE, LabelScope.SIGNATURE, LABELLED))).isEmpty(), "a label of another series");
        FeedbackBook revoked = bookWith(volumeLabel(1_000, 800));
        revoked.revoke("lbl-v");
        assertTrue(FeedbackPolicy.escalation(volumeWindow(LATER + 1, 5_000, 800), null, revoked).isEmpty(), "revoked");
    }

    @Test
    void aDeeperDropThanTheLabelledOneStillAlerts() {
        long start = T0 + LABELLED * MINUTE;
        Label drop = new Label("lbl-d", "x", LabelKind.EXPECTED, LabelScope.SIGNATURE, Fixtures.SOURCE, SIG, "DROP", -1,
                List.of(), 60, 100, 70, start, start, Label.NEVER, null, null);
        FeedbackBook book = bookWith(drop);
        // labelled deficit 40; a deficit of 50 is suppressed, one of 95 (> 2x) alerts
        assertEquals(FeedbackAction.SUPPRESS,
                decide(event(EventChange.CREATED, AnomalyKind.DROP, -1, SIG, LATER, 50, 100, 75), book).action());
        assertEquals(FeedbackAction.NONE,
                decide(event(EventChange.CREATED, AnomalyKind.DROP, -1, SIG, LATER, 5, 100, 75), book).action());
        // the same deficit of 40 in a busier hour is the labelled behaviour again; a deficit of 95 with a lower score
        // (a noisier hour) is still more than twice the labelled one
        assertEquals(FeedbackAction.SUPPRESS,
                decide(event(EventChange.CREATED, AnomalyKind.DROP, -1, SIG, LATER, 960, 1_000, 75), book).action());
        assertEquals(FeedbackAction.NONE,
                decide(event(EventChange.CREATED, AnomalyKind.DROP, -1, SIG, LATER, 5, 100, 30), book).action());
        // a spike of the signature is the other direction: not in scope
        assertEquals(FeedbackAction.NONE, decide(spike(LATER, 500, 90), book).action());
    }

    @Test
    void eventsOfTheLabelledWindowAndEarlierAreNotChanged() {
        FeedbackBook book = bookWith(label("lbl-1", LabelKind.FALSE_POSITIVE, LabelScope.VALUES, LABELLED));
        assertEquals(FeedbackAction.NONE, decide(spike(LABELLED, 400, 80, SCANNER), book).action());
        assertEquals(FeedbackAction.NONE, decide(spike(LABELLED - 1, 400, 80, SCANNER), book).action());
        assertEquals(FeedbackAction.SUPPRESS, decide(spike(LABELLED + 1, 400, 80, SCANNER), book).action());
    }

    @Test
    void otherSourcesAndSignaturesAreOutsideASignatureScopeButInsideASourceScope() {
        AnomalyEvent otherSignature = event(EventChange.CREATED, AnomalyKind.SPIKE, 1, "0000000000000001", LATER, 50, 5, 70);
        assertEquals(FeedbackAction.NONE, decide(otherSignature,
                bookWith(label("lbl-1", LabelKind.FALSE_POSITIVE, LabelScope.SIGNATURE, LABELLED))).action());
        assertEquals(FeedbackAction.SUPPRESS, decide(otherSignature,
                bookWith(label("lbl-1", LabelKind.FALSE_POSITIVE, LabelScope.SOURCE, LABELLED))).action());
        AnomalyEvent otherSource = new AnomalyEvent("id", EventChange.CREATED, AnomalyKind.SPIKE, 1, "nginx", SIG,
                T0 + LATER * MINUTE, T0 + (LATER + 1) * MINUTE, T0, 500, 20, 90, 1e-9, "x", List.of());
        assertEquals(FeedbackAction.NONE, decide(otherSource,
                bookWith(label("lbl-1", LabelKind.FALSE_POSITIVE, LabelScope.SOURCE, LABELLED))).action());
    }

    @Test
    void aTruePositiveRaisesSimilarEventsAndExemptsThemFromTheBudget() {
        FeedbackBook book = bookWith(label("lbl-tp", LabelKind.TRUE_POSITIVE, LabelScope.SIGNATURE, LABELLED));
        AnomalyEvent e = spike(LATER, 300, 40, SCANNER);   // excess 280, the confirmed one's 380: alike
        Verdict v = decide(e, book);
        assertEquals(FeedbackAction.RAISE, v.action());
        assertEquals(70.0, v.score(), 1e-9);
        assertEquals(List.of("lbl-tp"), v.ids());
        assertTrue(FeedbackPolicy.raises(e, book));
        assertFalse(FeedbackPolicy.raises(spike(LABELLED, 120, 40, SCANNER), book), "not before the labelled window");
        // an update of a raised incident is raised too (its CREATED was)
        Verdict update = decide(event(EventChange.UPDATED, AnomalyKind.SPIKE, 1, SIG, LATER + 1, 250, 20, 60), book);
        assertEquals(FeedbackAction.RAISE, update.action());
        assertEquals(80.0, update.score(), 1e-9);
    }

    @Test
    void suppressionDecidesOnTheCreatedChangeOnly() {
        FeedbackBook book = bookWith(label("lbl-1", LabelKind.FALSE_POSITIVE, LabelScope.SIGNATURE, LABELLED));
        for (EventChange c : List.of(EventChange.UPDATED, EventChange.CLOSED)) {
            Verdict v = decide(event(c, AnomalyKind.SPIKE, 1, SIG, LATER, 400, 20, 80), book);
            assertEquals(FeedbackAction.NONE, v.action(), c + " follows its incident's fate");
        }
    }

    @Test
    void anExpiredLabelNoLongerApplies() {
        long expires = T0 + 60 * MINUTE;
        FeedbackBook book = bookWith(label("lbl-1", LabelKind.FALSE_POSITIVE, LabelScope.VALUES, LABELLED, expires));
        assertEquals(FeedbackAction.SUPPRESS, decide(spike(59, 400, 80, SCANNER), book).action());
        assertEquals(FeedbackAction.NONE, decide(spike(60, 400, 80, SCANNER), book).action(), "expiry is exclusive");
    }

    @Test
    void aRevokedLabelNoLongerApplies() {
        FeedbackBook book = bookWith(label("lbl-1", LabelKind.FALSE_POSITIVE, LabelScope.VALUES, LABELLED));
        assertEquals(AuditEntry.Status.REVOKED, book.revoke("lbl-1").status());
        assertEquals(FeedbackAction.NONE, decide(spike(LATER, 400, 80, SCANNER), book).action());
    }

    @Test
    void theMostRecentLabelDecidesAndAgreeingLabelsAreAllListed() {
        FeedbackBook book = bookWith(label("lbl-fp", LabelKind.FALSE_POSITIVE, LabelScope.SIGNATURE, LABELLED),
                label("lbl-tp", LabelKind.TRUE_POSITIVE, LabelScope.SOURCE, LABELLED + 1),
                label("lbl-ex", LabelKind.EXPECTED, LabelScope.VALUES, LABELLED + 2));
        Verdict v = decide(spike(LATER, 400, 80, SCANNER), book);
        assertEquals(FeedbackAction.SUPPRESS, v.action());
        // the three labelled the same-sized anomaly: a tie in size, so the most recent (EXPECTED) decides, and every label
        // of its side agrees with it (the earlier FALSE_POSITIVE too; TruePositiveInterplayTest has the sizes that differ)
        assertEquals(List.of("lbl-fp", "lbl-ex"), v.ids());
        book.revoke("lbl-ex");
        assertEquals(FeedbackAction.RAISE, decide(spike(LATER, 400, 80, SCANNER), book).action());
    }

    @Test
    void aNewNormalLabelChangesNoEvent() {
        FeedbackBook book = bookWith(label("lbl-nn", LabelKind.NEW_NORMAL, LabelScope.SIGNATURE, LABELLED));
        assertEquals(FeedbackAction.NONE, decide(spike(LATER, 400, 80, SCANNER), book).action());
    }

    @Test
    void rulesApplyWhenNoLabelDecidedAndSuppressBeatsDownrank() {
        FeedbackBook book = new FeedbackBook();
        book.setRules(List.of(
                SuppressionRuleTest.rule("down", SuppressionRule.Action.DOWNRANK, "ss*", null),
                SuppressionRuleTest.rule("quiet", SuppressionRule.Action.SUPPRESS, null, "Failed password")), "d1");
        Verdict v = decide(spike(LATER, 400, 80, SCANNER), book);
        assertEquals(FeedbackAction.SUPPRESS, v.action());
        assertEquals(List.of("quiet"), v.ids());
        Verdict other = FeedbackPolicy.decide(spike(LATER, 400, 80, SCANNER), "Accepted publickey for <*>", book);
        assertEquals(FeedbackAction.DOWNRANK, other.action());
        assertEquals(40.0, other.score(), 1e-9);
        assertEquals(List.of("down"), other.ids());
        // a label that speaks wins over the rules
        book.add(label("lbl-tp", LabelKind.TRUE_POSITIVE, LabelScope.SIGNATURE, LABELLED));
        assertEquals(FeedbackAction.RAISE, decide(spike(LATER, 400, 80, SCANNER), book).action());
    }
}
