package io.sigdrift.models.feedback;

import java.util.Objects;

/**
 * One analyst verdict as training data: {@code benign} for FALSE_POSITIVE, EXPECTED and NEW_NORMAL labels, not benign
 * for TRUE_POSITIVE.
 *
 * @param labelId      the label's id (a revoke removes it; a later label with the same id replaces it)
 * @param labelledAt   when it was labelled, epoch ms (event time of the feedback record; the newest are kept)
 */
public record LabelledAnomaly(String labelId, long labelledAt, AnomalyFeatures features, boolean benign) {
    public LabelledAnomaly {
        Objects.requireNonNull(labelId, "labelId");
        Objects.requireNonNull(features, "features");
    }
}
