package io.sigdrift.pipeline.demo;

import java.time.Instant;

/**
 * A labelled incident injected by {@link DemoGenerator}: ground truth for the demo summary and for the
 * incident evaluation ({@code bin/bench incidents}).
 *
 * @param id          ordinal of the incident in its run (0, 1, ...), in start order
 * @param kind        what was injected
 * @param source      the demo source (file name without {@code .log}) whose lines are affected
 * @param series      the generator's message series that the incident changes, e.g. {@code app/heartbeat};
 *                    every generated {@link DemoGenerator.Line} names its series, so the signatures an
 *                    incident is about are known exactly (for a stopped heartbeat or a drop: the signature
 *                    the series' lines are counted in, whose rate falls)
 * @param start       first affected event time (inclusive)
 * @param end         end of the incident (exclusive): the rate is back to normal, the host is back
 * @param factor      the affected series' rate is multiplied by up to this: above 1 for SPIKE and rising
 *                    SLOW_DRIFT, below 1 for DROP and falling SLOW_DRIFT; for STOPPED_HEARTBEAT the share of
 *                    the series' heartbeats that remain; infinite for NEW_ERROR (from nothing)
 * @param description one human sentence
 * @param cause       the one parameter value behind the incident when it has one (the attacker's address of a
 *                    brute force, a credential stuffing or a port scan: every line of the series comes from it while
 *                    the incident lasts), else null (an error storm, a drop): ground truth for the attribution
 *                    evaluation ({@code bin/bench attribution})
 */
public record Incident(int id, IncidentKind kind, String source, String series, Instant start, Instant end,
                       double factor, String description, String cause) {

    /** An incident without a single-value cause. */
    public Incident(int id, IncidentKind kind, String source, String series, Instant start, Instant end, double factor,
                    String description) {
        this(id, kind, source, series, start, end, factor, description, null);
    }

    /** Direction of the change in the affected series' rate: +1 up, -1 down. */
    public int direction() {
        return factor > 1 ? +1 : -1;
    }
}
