package io.sigdrift.pipeline.cli;

/** Bad command-line usage: Main prints the message and exits with code 2. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
