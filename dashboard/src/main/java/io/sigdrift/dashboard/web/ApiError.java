package io.sigdrift.dashboard.web;

/** A request the API refuses, with the HTTP status and a message for the caller. */
public final class ApiError extends RuntimeException {
    private final int status;

    public ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
