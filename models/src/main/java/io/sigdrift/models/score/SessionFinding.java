package io.sigdrift.models.score;

import io.sigdrift.models.session.SessionSample;

/**
 * An anomalous closed session, as the {@link SessionScorer} reports it.
 *
 * @param session       the closed session (entity, times, counts per signature key)
 * @param score         the model's score (higher = more anomalous)
 * @param threshold     the model's threshold (score &gt; threshold = anomalous)
 * @param model         the model kind that scored it
 * @param unusualKey    the signature key that stands out most (an unexpected or missing step), null when none does
 * @param unusualTemplate its template when known, else null
 * @param explanation   one line naming the entity and what was unusual
 * @param examples      up to maxExamples lines of the session (lines of unusual signatures first)
 */
public record SessionFinding(SessionSample session, double score, double threshold, String model, String unusualKey,
                             String unusualTemplate, String explanation, String[] examples) {
}
