package io.sigdrift.pipeline.cli;

import static io.sigdrift.pipeline.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void helpListsEveryCommand() {
        CliTestSupport.Result r = run("help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("reduce") && r.out().contains("compare"), r.out());
        assertEquals(r.out(), run("--help").out());
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        for (String command : new String[] {"reduce", "compare"}) {
            CliTestSupport.Result r = run(command, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().startsWith("Usage: sigdrift " + command), r.out());
            assertEquals(r.out(), run("help", command).out());
        }
        assertTrue(run("reduce", "--help").out().contains("--assignments"));
    }

    @Test
    void anUnknownFlagExitsWith2AndNamesTheFlag() {
        CliTestSupport.Result r = run("reduce", "--inptu", "x.log");
        assertEquals(2, r.code());
        assertEquals("sigdrift reduce: unknown option '--inptu' for 'reduce' (see 'sigdrift reduce --help')\n",
                r.err());
    }

    @Test
    void runAndDemoReportBadFlagsLikeEveryCommandWithExitCode2() throws Exception {
        // one parser for every command: the same message for an unknown option, then the command's usage
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = new RunCommand().run(new String[] {"--windw", "1m"}, new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream()), new java.io.PrintStream(err, true));
        assertEquals(2, code);
        assertTrue(err.toString().startsWith("sigdrift run: unknown option '--windw' for 'run'"), err.toString());
        err.reset();
        code = new DemoCommand().run(new String[] {"--hours", "zero"}, new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream()), new java.io.PrintStream(err, true));
        assertEquals(2, code);
        assertTrue(err.toString().startsWith("sigdrift demo: option '--hours' needs a whole number, was 'zero'"),
                err.toString());
    }

    @Test
    void badOptionValuesExitWith2AndNameTheOption() {
        assertEquals(2, run("reduce", "--format", "xml").code());
        assertTrue(run("reduce", "--format", "xml").err().contains("'--format' must be one of table, json, csv"));
        assertTrue(run("reduce", "--top", "ten").err().contains("'--top' needs a whole number"));
        assertTrue(run("reduce", "--top").err().contains("'--top' needs a value"));
        assertTrue(run("reduce", "stray").err().contains("unexpected argument 'stray'"));
        assertTrue(run("compare", "--baseline", "a", "--target", "b", "--alpha", "2").err().contains("'--alpha'"));
        assertEquals(2, run("reduce", "--json", "--plain").code());
    }

    @Test
    void anUnknownCommandOrNoCommandExitsWith2() {
        CliTestSupport.Result r = run("reduse");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("sigdrift: unknown command 'reduse'"), r.err());
        assertEquals(2, run().code());
    }
}
