package io.sigdrift.baselines;

/** What an observation did to an incident, so the pipeline emits only on change. */
public enum EventChange {
    /** A new incident: a new event id. */
    CREATED,
    /** The open incident got a higher score; same event id. */
    UPDATED,
    /** The incident was quiet for the cool-down and is over; same event id. */
    CLOSED
}
