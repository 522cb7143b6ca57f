package io.sigdrift.pipeline.cli;

/**
 * Bad command-line usage: the command (or Main) prints the message and exits with code 2. Unchecked, as
 * an IllegalArgumentException (a caller's mistake), so specs parsed from flags such as {@link RunSpec}
 * report their own validation errors and the parser's the same way.
 */
public final class UsageException extends IllegalArgumentException {
    public UsageException(String message) {
        super(message);
    }
}
