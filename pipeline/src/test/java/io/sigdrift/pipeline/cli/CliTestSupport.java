package io.sigdrift.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs the CLI in-process and captures exit code, stdout and stderr. */
final class CliTestSupport {
    private CliTestSupport() {}

    record Result(int code, String out, String err) {
        /** Bad input must never show a stack trace to the user. */
        void assertNoStackTrace() {
            assertFalse(err.contains("Exception") || err.contains("\tat "), "stack trace on stderr:\n" + err);
            assertFalse(out.contains("Exception") || out.contains("\tat "), "stack trace on stdout:\n" + out);
        }
    }

    static Result run(String... args) {
        return runWithStdin("", args);
    }

    static Result runWithStdin(String stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main main = new Main(List.of(new ReduceCommand(in), new CompareCommand(in)));
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = main.run(args, o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path fixture(String name) {
        try {
            return Path.of(CliTestSupport.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
