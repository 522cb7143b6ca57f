package io.sigdrift.pipeline.cli;

import java.io.PrintStream;

/**
 * One `sigdrift` sub-command. Commands receive their streams so tests can run them in-process.
 * A command returns its exit code (0 ok, 1 failure at run time, 2 bad usage) and never lets a
 * stack trace reach the user for bad input: it prints one clear line naming the flag or file.
 */
public interface Command {
    /** The word after `sigdrift`, e.g. {@code reduce}. */
    String name();

    /** One line for `sigdrift help`. */
    String summary();

    int run(String[] args, PrintStream out, PrintStream err) throws Exception;
}
