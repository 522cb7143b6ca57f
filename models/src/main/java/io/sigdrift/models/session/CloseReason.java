package io.sigdrift.models.session;

/** Why a session was closed. */
public enum CloseReason {
    /** No event of the entity for the inactivity gap (the normal end of a workflow). */
    INACTIVITY,
    /** The session reached its maximum duration. */
    MAX_DURATION,
    /** The session reached its maximum number of events. */
    MAX_EVENTS,
    /** Evicted (least recently active) because too many sessions were open: it may be incomplete. */
    EVICTED,
    /** Closed by an explicit flush (end of input, shutdown). */
    FLUSHED
}
