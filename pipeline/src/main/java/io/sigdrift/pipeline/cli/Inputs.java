package io.sigdrift.pipeline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/** Opens the inputs named on the command line ("-" = standard input), checked before any work starts. */
final class Inputs {
    static final String STDIN = "-";

    private Inputs() {}

    /** Fails with one clear line for the first input that is missing, a directory or unreadable. */
    static void check(String command, String option, List<String> names) throws CliFailure {
        int stdin = 0;
        for (String name : names) {
            if (STDIN.equals(name)) {
                if (++stdin > 1) {
                    throw new CliFailure("sigdrift " + command + ": standard input ('-') can be read only once");
                }
                continue;
            }
            Path p;
            try {
                p = Path.of(name);
            } catch (InvalidPathException e) {
                throw new CliFailure("sigdrift " + command + ": " + option + " '" + name + "' is not a valid path");
            }
            if (!Files.exists(p)) {
                throw new CliFailure("sigdrift " + command + ": " + option + " '" + name + "': no such file");
            }
            if (Files.isDirectory(p)) {
                throw new CliFailure("sigdrift " + command + ": " + option + " '" + name + "' is a directory, not a file");
            }
            if (!Files.isReadable(p)) {
                throw new CliFailure("sigdrift " + command + ": " + option + " '" + name + "' is not readable");
            }
        }
    }

    /** How an input is named in skip reports ("stdin:12" reads better than "-:12"). */
    static String displayName(String name) {
        return STDIN.equals(name) ? "stdin" : name;
    }

    static InputStream open(String name, InputStream stdin) throws IOException {
        if (STDIN.equals(name)) {
            return new NonClosing(stdin);
        }
        return Files.newInputStream(Path.of(name));
    }

    /** Reading stdin must not close the process's stream (tests run many commands in one JVM). */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
