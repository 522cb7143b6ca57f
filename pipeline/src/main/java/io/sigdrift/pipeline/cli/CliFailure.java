package io.sigdrift.pipeline.cli;

/** A run-time failure with a message fit for the user (missing file, unwritable output): exit code 1. */
public final class CliFailure extends Exception {
    public CliFailure(String message) {
        super(message);
    }
}
