package io.sigdrift.baselines.feedback;

import static io.sigdrift.baselines.feedback.Fixtures.SCANNER;
import static io.sigdrift.baselines.feedback.Fixtures.SIG;
import static io.sigdrift.baselines.feedback.Fixtures.bookWith;
import static io.sigdrift.baselines.feedback.Fixtures.event;
import static io.sigdrift.baselines.feedback.Fixtures.label;
import static io.sigdrift.baselines.feedback.Fixtures.spike;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.EventChange;
import org.junit.jupiter.api.Test;

/** {@link FeedbackPolicy#covered}: the events whose series a label speaks about, which the learned scorer leaves alone. */
class CoveredByLabelsTest {
    private static final int LABELLED = 5;
    private static final int LATER = 65;

    @Test
    void aValuesLabelCoversItsWholeSignatureIncludingEventsDrivenByOtherValues() {
        FeedbackBook book = bookWith(label("lbl-1", LabelKind.FALSE_POSITIVE, LabelScope.VALUES, LABELLED));
        assertEquals(FeedbackAction.NONE, FeedbackPolicy.decide(spike(LATER, 400, 80, "192.0.2.44"), null, book).action(),
                "driven by other values: the label does not suppress it");
        assertTrue(FeedbackPolicy.covered(spike(LATER, 400, 80, "192.0.2.44"), book), "but it said it is not the labelled behaviour");
        assertTrue(FeedbackPolicy.covered(spike(LATER, 400, 80, SCANNER), book));
    }

    @Test
    void otherSignaturesDirectionsEarlierWindowsAndNewNormalLabelsDoNotCover() {
        FeedbackBook book = bookWith(label("lbl-1", LabelKind.EXPECTED, LabelScope.SIGNATURE, LABELLED),
                label("lbl-nn", LabelKind.NEW_NORMAL, LabelScope.SOURCE, LABELLED));
        assertFalse(FeedbackPolicy.covered(event(EventChange.CREATED, AnomalyKind.SPIKE, 1, "0123456789abcdef", LATER, 400, 20, 80), book));
        assertFalse(FeedbackPolicy.covered(event(EventChange.CREATED, AnomalyKind.DROP, -1, SIG, LATER, 0, 20, 80), book));
        assertFalse(FeedbackPolicy.covered(spike(LABELLED, 400, 80), book), "not the labelled window itself");
        assertTrue(FeedbackPolicy.covered(spike(LATER, 400, 80), book));
    }

    @Test
    void aSourceLabelCoversEverySeriesOfItsSource() {
        FeedbackBook book = bookWith(label("lbl-1", LabelKind.TRUE_POSITIVE, LabelScope.SOURCE, LABELLED));
        assertTrue(FeedbackPolicy.covered(event(EventChange.CREATED, AnomalyKind.DROP, -1, "0123456789abcdef", LATER, 0, 20, 80), book));
    }
}
