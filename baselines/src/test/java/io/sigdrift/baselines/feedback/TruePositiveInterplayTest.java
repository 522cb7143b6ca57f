package io.sigdrift.baselines.feedback;

import static io.sigdrift.baselines.feedback.Fixtures.IP_POSITION;
import static io.sigdrift.baselines.feedback.Fixtures.MINUTE;
import static io.sigdrift.baselines.feedback.Fixtures.SCANNER;
import static io.sigdrift.baselines.feedback.Fixtures.SIG;
import static io.sigdrift.baselines.feedback.Fixtures.SOURCE;
import static io.sigdrift.baselines.feedback.Fixtures.T0;
import static io.sigdrift.baselines.feedback.Fixtures.event;
import static io.sigdrift.baselines.feedback.Fixtures.spike;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.EventChange;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A TRUE_POSITIVE next to FALSE_POSITIVE / EXPECTED labels on the same signature: the benchmark's case is a nightly
 * backup labelled EXPECTED on the backup signature (excess ~200 lines per window) and a runaway upload on the same
 * signature (excess ~1,500) confirmed TRUE_POSITIVE later. The confirmation must not bring the next backup back, and
 * the backup's label must not silence the next runaway.
 */
class TruePositiveInterplayTest {
    private static final int BACKUP_WINDOW = 5;
    private static final int RUNAWAY_WINDOW = 20;
    private static final int LATER = 65;
    private static final double NORMAL = 50;
    private static final double BACKUP = 250;        // excess 200
    private static final double RUNAWAY = 1_550;     // excess 1,500

    private static Label label(String id, LabelKind kind, int minute, double observed, String... values) {
        long start = T0 + minute * MINUTE;
        List<ValueRef> refs = java.util.Arrays.stream(values).map(v -> new ValueRef(IP_POSITION, "IP", v)).toList();
        return new Label(id, AnomalyEvent.idFor(SOURCE, SIG, 0, start), kind,
                values.length == 0 ? LabelScope.SIGNATURE : LabelScope.VALUES, SOURCE, SIG, "SPIKE", 1, refs, observed,
                NORMAL, 90, start, start + 5 * MINUTE, Label.NEVER, "ana", "test");
    }

    private static AnomalyEvent rise(int minute, double observed) {
        return event(EventChange.CREATED, AnomalyKind.SPIKE, 1, SIG, minute, observed, NORMAL, 90);
    }

    private static FeedbackBook backupThenRunaway() {
        return Fixtures.bookWith(label("lbl-backup", LabelKind.EXPECTED, BACKUP_WINDOW, BACKUP),
                label("lbl-runaway", LabelKind.TRUE_POSITIVE, RUNAWAY_WINDOW, RUNAWAY));
    }

    private static Verdict decide(AnomalyEvent e, FeedbackBook book) {
        return FeedbackPolicy.decide(e, null, book);
    }

    @Test
    void aLaterTruePositiveDoesNotCancelTheExpectedLabelForBackupSizedEvents() {
        FeedbackBook book = backupThenRunaway();
        Verdict v = decide(rise(LATER, 260), book);
        assertEquals(FeedbackAction.SUPPRESS, v.action());
        assertEquals(List.of("lbl-backup"), v.ids());
        assertFalse(FeedbackPolicy.raises(rise(LATER, 260), book), "the alert budget may still cut it");
    }

    @Test
    void aRunawaySizedEventIsRaisedByTheConfirmationNotSuppressedByTheBackupLabel() {
        FeedbackBook book = backupThenRunaway();
        Verdict v = decide(rise(LATER, 1_400), book);
        assertEquals(FeedbackAction.RAISE, v.action());
        assertEquals(List.of("lbl-runaway"), v.ids());
        assertTrue(FeedbackPolicy.raises(rise(LATER, 1_400), book));
    }

    @Test
    void theOrderOfTheTwoLabelsDoesNotMatterWhenTheSizesDiffer() {
        FeedbackBook book = Fixtures.bookWith(label("lbl-runaway", LabelKind.TRUE_POSITIVE, BACKUP_WINDOW, RUNAWAY),
                label("lbl-backup", LabelKind.EXPECTED, RUNAWAY_WINDOW, BACKUP));
        assertEquals(FeedbackAction.SUPPRESS, decide(rise(LATER, 260), book).action());
        assertEquals(FeedbackAction.RAISE, decide(rise(LATER, 1_400), book).action());
    }

    @Test
    void inTheOverlapTheNearerLabelledSizeDecides() {
        // the backup label speaks up to an excess of 400 (2x), the confirmation from 750 (1/2x): give them a closer pair
        FeedbackBook book = Fixtures.bookWith(label("lbl-backup", LabelKind.EXPECTED, BACKUP_WINDOW, NORMAL + 200),
                label("lbl-tp", LabelKind.TRUE_POSITIVE, RUNAWAY_WINDOW, NORMAL + 600));
        assertEquals(FeedbackAction.SUPPRESS, decide(rise(LATER, NORMAL + 320), book).action(), "320 is nearer 200 than 600");
        assertEquals(FeedbackAction.RAISE, decide(rise(LATER, NORMAL + 390), book).action(), "390 is nearer 600 than 200 (in log)");
    }

    @Test
    void onTheSameSizeTheMostRecentVerdictWins() {
        FeedbackBook book = Fixtures.bookWith(label("lbl-ex", LabelKind.EXPECTED, BACKUP_WINDOW, BACKUP),
                label("lbl-tp", LabelKind.TRUE_POSITIVE, RUNAWAY_WINDOW, BACKUP));
        assertEquals(FeedbackAction.RAISE, decide(rise(LATER, BACKUP), book).action());
        FeedbackBook reversed = Fixtures.bookWith(label("lbl-tp", LabelKind.TRUE_POSITIVE, BACKUP_WINDOW, BACKUP),
                label("lbl-ex", LabelKind.EXPECTED, RUNAWAY_WINDOW, BACKUP));
        assertEquals(FeedbackAction.SUPPRESS, decide(rise(LATER, BACKUP), reversed).action());
    }

    @Test
    void aConfirmationAloneDoesNotRaiseAClearlySmallerEvent() {
        FeedbackBook book = Fixtures.bookWith(label("lbl-runaway", LabelKind.TRUE_POSITIVE, RUNAWAY_WINDOW, RUNAWAY));
        Verdict small = decide(rise(LATER, 260), book);
        assertEquals(FeedbackAction.NONE, small.action(), "an excess of 210 is not like a confirmed 1,500");
        assertEquals(90.0, small.score(), 1e-9);
        assertEquals(FeedbackAction.RAISE, decide(rise(LATER, NORMAL + 750), book).action(), "half the confirmed excess is alike");
        assertEquals(FeedbackAction.RAISE, decide(rise(LATER, 10_000), book).action(), "larger is alike too");
    }

    @Test
    void aConfirmationNamingValuesDoesNotRaiseAnEventDrivenByOtherValues() {
        Label tp = new Label("lbl-tp", AnomalyEvent.idFor(SOURCE, SIG, 0, T0), LabelKind.TRUE_POSITIVE, LabelScope.SIGNATURE,
                SOURCE, SIG, "SPIKE", 1, List.of(new ValueRef(IP_POSITION, "IP", SCANNER)), 400, 20, 80, T0,
                T0 + 5 * MINUTE, Label.NEVER, "ana", "brute force");
        FeedbackBook book = Fixtures.bookWith(tp);
        assertEquals(FeedbackAction.RAISE, decide(spike(LATER, 400, 60, SCANNER), book).action());
        assertEquals(FeedbackAction.NONE, decide(spike(LATER, 400, 60, "198.51.100.9"), book).action());
        assertEquals(FeedbackAction.RAISE, decide(spike(LATER, 400, 60), book).action(), "no attribution: nothing says other values");
    }

    @Test
    void aDropIsComparedByItsDeficit() {
        long start = T0 + BACKUP_WINDOW * MINUTE;
        Label tp = new Label("lbl-drop", AnomalyEvent.idFor(SOURCE, null, 1, start), LabelKind.TRUE_POSITIVE, LabelScope.SIGNATURE,
                SOURCE, null, "DROP", -1, List.of(), 100, 1_000, 90, start, start + 5 * MINUTE, Label.NEVER, "ana", "outage");
        FeedbackBook book = Fixtures.bookWith(tp);
        AnomalyEvent deep = event(EventChange.CREATED, AnomalyKind.DROP, -1, null, LATER, 300, 1_000, 90);
        AnomalyEvent shallow = event(EventChange.CREATED, AnomalyKind.DROP, -1, null, LATER, 700, 1_000, 90);
        assertEquals(FeedbackAction.RAISE, decide(deep, book).action(), "deficit 700 vs 900");
        assertEquals(FeedbackAction.NONE, decide(shallow, book).action(), "deficit 300 vs 900");
    }
}
