package io.sigdrift.pipeline.demo;

/** The kinds of incident {@link DemoGenerator} injects; ground truth for the demo and the incident evaluation. */
public enum IncidentKind {
    /** An existing signature occurs many times more often for tens of minutes (a brute force, a port scan, an error storm). */
    SPIKE,
    /** An existing signature falls to a small fraction of its rate for about an hour (checkouts failing, logins broken). */
    DROP,
    /** One of several hosts stops sending its periodic heartbeat (the others go on), and comes back hours later. */
    STOPPED_HEARTBEAT,
    /** An error message never seen before in its source appears (after a deploy, a table filling up, ...). */
    NEW_ERROR,
    /** A signature's rate ramps slowly (hours) to several times or a fraction of its normal rate, holds, then recovers. */
    SLOW_DRIFT;

    /** Lower-case label with dashes, e.g. {@code stopped-heartbeat}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
