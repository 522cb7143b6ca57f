package io.sigdrift.baselines;

import java.util.List;

/** The result of one observation: the assessment and the events to emit (usually none). */
public record Outcome(Assessment assessment, List<AnomalyEvent> events) {}
