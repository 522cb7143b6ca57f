package io.sigdrift.pipeline.cli;

import static io.sigdrift.pipeline.cli.CliTestSupport.fixture;
import static io.sigdrift.pipeline.cli.CliTestSupport.run;
import static io.sigdrift.pipeline.cli.CliTestSupport.runWithStdin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReduceCommandTest {
    private static final int FIXTURE_LINES = 60;

    @TempDir
    Path tmp;

    @Test
    void reducePrintsSignaturesRankedByCountWithASummaryOnStderr() {
        CliTestSupport.Result r = run("reduce", "--input", fixture("sshd.log").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("RANK  COUNT"), r.out());
        assertTrue(r.out().contains("sshd[<NUM>]:"), "typed template in the table:\n" + r.out());
        assertTrue(r.out().contains("e.g. Mar 3 "), "example lines:\n" + r.out());
        assertTrue(r.err().startsWith("sigdrift reduce: 60 lines read, 60 events, 0 skipped"), r.err());
        r.assertNoStackTrace();
    }

    @Test
    void jsonReportCountsEveryEventOnceAndIsRankedByCount() throws IOException {
        CliTestSupport.Result r = run("reduce", "--input", fixture("sshd.log").toString(), "--format", "json",
                "--top", "0");
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(FIXTURE_LINES, root.path("summary").path("events").asLong());
        long sum = 0;
        long previous = Long.MAX_VALUE;
        double shares = 0;
        for (JsonNode s : root.path("signatures")) {
            long c = s.path("count").asLong();
            assertTrue(c <= previous, "ranked by count");
            previous = c;
            sum += c;
            shares += s.path("share").asDouble();
            assertEquals(16, s.path("id").asText().length());
            assertTrue(s.path("parameters").isArray());
        }
        assertEquals(FIXTURE_LINES, sum);
        assertEquals(1.0, shares, 1e-9);
    }

    @Test
    void topLimitsTheRowsAndCsvHasAHeader() {
        CliTestSupport.Result r = run("reduce", "--input", fixture("sshd.log").toString(), "--format", "csv",
                "--top", "1");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("rank,signature_id,count,share,template,example,parameters", lines[0]);
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[1].startsWith("1,"));
    }

    @Test
    void assignmentsHaveOneRowPerLineInOrderWithTheFinalSignature() throws IOException {
        Path log = tmp.resolve("users.log");
        Files.writeString(log, String.join("\n",
                "session opened for user bob by sshd",
                "quoted \"value\", with comma",
                "",
                "session opened for user carol by sshd",
                "session opened for user dave by sshd",
                "session opened for user erin by sshd") + "\n");
        Path out = tmp.resolve("assign.csv");
        CliTestSupport.Result r = run("reduce", "--input", log.toString(), "--assignments", out.toString(),
                "--format", "json", "--top", "0");
        assertEquals(0, r.code(), r.err());
        Set<String> finalIds = new HashSet<>();
        for (JsonNode s : new ObjectMapper().readTree(r.out()).path("signatures")) {
            finalIds.add(s.path("id").asText());
        }
        List<String> rows = Files.readAllLines(out);
        assertEquals("line,signature_id,template", rows.get(0));
        assertEquals(7, rows.size(), "header + one row per input line: " + rows);
        assertEquals("3,,", rows.get(3), "the blank line keeps its row with an empty id");
        assertTrue(rows.get(2).startsWith("2,"));
        assertTrue(rows.get(2).endsWith(",\"quoted \"\"value\"\", with comma\""), "CSV quoting: " + rows.get(2));
        for (int line : new int[] {1, 2, 4, 5, 6}) {
            assertTrue(finalIds.contains(rows.get(line).split(",")[1]), "final id on line " + line + ": " + rows);
        }
        assertTrue(rows.get(6).endsWith(",session opened for user <*> by sshd"), "<*> notation: " + rows);
    }

    @Test
    void assignmentsOfTheFixtureMatchItsLinesAndTheReportedSignatures() throws IOException {
        Path out = tmp.resolve("a.csv");
        CliTestSupport.Result r = run("reduce", "--input", fixture("sshd.log").toString(), "--assignments",
                out.toString(), "--format", "json", "--top", "0");
        assertEquals(0, r.code(), r.err());
        List<String> rows = Files.readAllLines(out);
        assertEquals(FIXTURE_LINES + 1, rows.size());
        Set<String> reported = new HashSet<>();
        for (JsonNode s : new ObjectMapper().readTree(r.out()).path("signatures")) {
            reported.add(s.path("id").asText());
        }
        for (int i = 1; i < rows.size(); i++) {
            String[] f = rows.get(i).split(",", 3);
            assertEquals(Integer.toString(i), f[0]);
            assertTrue(reported.contains(f[1]), "line " + i + " has a final signature id: " + rows.get(i));
            assertFalse(f[2].contains("<NUM>") || f[2].contains("<IP>"), "<*> notation: " + f[2]);
        }
    }

    @Test
    void everyKindOfBadInputIsCountedAndReportedWithoutAStackTrace() throws IOException {
        Path bad = tmp.resolve("bad.log");
        try (OutputStream o = Files.newOutputStream(bad)) {
            o.write("good line one\n".getBytes(StandardCharsets.UTF_8));
            o.write("\n".getBytes(StandardCharsets.UTF_8));                       // 2 empty
            o.write("   \t  \n".getBytes(StandardCharsets.UTF_8));                // 3 whitespace only
            o.write(new byte[] {'b', 'a', 'd', ' ', (byte) 0xFF, (byte) 0xFE, ' ', 'u', 't', 'f', '8', '\n'}); // 4
            o.write("nul\u0000in the middle\n".getBytes(StandardCharsets.UTF_8)); // 5 control char
            byte[] huge = new byte[5 * 1024 * 1024];                               // 6 a 5 MB line
            Arrays.fill(huge, (byte) 'z');
            o.write(huge);
            o.write('\n');
            byte[] garbage = new byte[4096];                                       // 7.. binary garbage
            new Random(3).nextBytes(garbage);
            for (int i = 0; i < garbage.length; i++) {
                if (garbage[i] == '\n') {
                    garbage[i] = 0;
                }
            }
            o.write(garbage);
            o.write("\ngood line two\n".getBytes(StandardCharsets.UTF_8));
        }
        Path out = tmp.resolve("bad.csv");
        CliTestSupport.Result r = run("reduce", "--input", bad.toString(), "--assignments", out.toString());
        assertEquals(0, r.code(), r.err());
        r.assertNoStackTrace();
        String err = r.err();
        assertTrue(err.contains("8 lines read, 5 events, 3 skipped"), err);
        assertTrue(err.contains("2 blank at " + bad + ":2, " + bad + ":3"), err);
        assertTrue(err.contains("1 binary at " + bad + ":7"), err);
        assertTrue(err.contains("invalid UTF-8 replaced at " + bad + ":4"), err);
        assertTrue(err.contains("control characters replaced at " + bad + ":5"), err);
        assertTrue(err.contains("truncated at " + bad + ":6"), err);
        assertEquals(9, Files.readAllLines(out).size(), "header + 8 lines");
    }

    @Test
    void malformedJsonLinesAreSkippedWithLineNumbers() {
        String input = "{\"message\":\"user alice logged in\",\"host\":\"a\"}\n"
                + "{\"message\": broken\n"
                + "{\"message\":\"user bob logged in\",\"host\":\"b\"}\n";
        CliTestSupport.Result r = runWithStdin(input, "reduce", "--format", "json");
        assertEquals(0, r.code(), r.err());
        r.assertNoStackTrace();
        assertTrue(r.err().contains("1 malformed JSON at stdin:2"), r.err());
        assertTrue(r.out().contains("\"malformed_json\" : 1"), r.out());
    }

    @Test
    void sourceFieldGivesEverySourceItsOwnSignatures() throws IOException {
        String input = "{\"msg\":\"disk sda full\",\"host\":\"a\"}\n"
                + "{\"msg\":\"disk sdb full\",\"host\":\"b\"}\n"
                + "{\"msg\":\"disk sdc full\",\"host\":\"b\"}\n";
        CliTestSupport.Result r = runWithStdin(input, "reduce", "--input", "-", "--source-field", "host",
                "--format", "json");
        assertEquals(0, r.code(), r.err());
        java.util.Map<String, Long> perSource = new java.util.TreeMap<>();
        for (JsonNode s : new ObjectMapper().readTree(r.out()).path("signatures")) {
            perSource.merge(s.path("source").asText(), s.path("count").asLong(), Long::sum);
        }
        assertEquals(java.util.Map.of("a", 1L, "b", 2L), perSource);
        assertTrue(r.err().contains("in 2 sources"), r.err());
    }

    @Test
    void multilineJoinsAStackTraceIntoOneEventAndAssignsAllItsLines() throws IOException {
        Path log = tmp.resolve("trace.log");
        Files.writeString(log, String.join("\n",
                "ERROR request failed",
                "java.lang.IllegalStateException: boom",
                "\tat a.b.C.run(C.java:10)",
                "\tat a.b.D.main(D.java:5)",
                "INFO request ok") + "\n");
        Path out = tmp.resolve("trace.csv");
        CliTestSupport.Result r = run("reduce", "--input", log.toString(), "--multiline", "--assignments",
                out.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("joined into 3 multi-line events"), r.err());
        List<String> rows = Files.readAllLines(out);
        assertEquals(6, rows.size());
        String id2 = rows.get(2).split(",")[1];
        assertEquals(id2, rows.get(3).split(",")[1], "continuation lines get their event's signature");
        assertEquals(id2, rows.get(4).split(",")[1]);
    }

    @Test
    void aMissingFileIsOneClearLineWithExitCode1() {
        CliTestSupport.Result r = run("reduce", "--input", tmp.resolve("nope.log").toString());
        assertEquals(1, r.code());
        assertEquals("sigdrift reduce: --input '" + tmp.resolve("nope.log") + "': no such file\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aDirectoryIsNotAnInput() {
        CliTestSupport.Result r = run("reduce", "--input", tmp.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("is a directory"), r.err());
    }

    @Test
    void anUnwritableAssignmentsFileIsOneClearLine() {
        CliTestSupport.Result r = run("reduce", "--input", fixture("sshd.log").toString(), "--assignments",
                tmp.resolve("no/such/dir/out.csv").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("sigdrift reduce: cannot write"), r.err());
        r.assertNoStackTrace();
    }

    @Test
    void anEmptyInputReportsZeroEvents() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.log"));
        CliTestSupport.Result r = run("reduce", "--input", empty.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("no events"), r.out());
        assertTrue(r.err().contains("0 lines read, 0 events"), r.err());
    }

    @Test
    void parameterLinesShowCountsOrSayThatEveryValueWasUnique() {
        var frequent = new io.sigdrift.signatures.reduce.ParameterSummary(6, "IP", 10, 2, true, List.of(
                new io.sigdrift.signatures.reduce.ValueCount("10.0.0.1", 9),
                new io.sigdrift.signatures.reduce.ValueCount("10.0.0.2", 1)));
        assertEquals("#6 <IP> 2 distinct: 10.0.0.1 (9), 10.0.0.2 (1)", ReduceCommand.parameterText(frequent));
        var unique = new io.sigdrift.signatures.reduce.ParameterSummary(2, "NUM", 400, 32, false, List.of(
                new io.sigdrift.signatures.reduce.ValueCount("25440", 1),
                new io.sigdrift.signatures.reduce.ValueCount("25442", 1),
                new io.sigdrift.signatures.reduce.ValueCount("25444", 1),
                new io.sigdrift.signatures.reduce.ValueCount("25446", 1)));
        assertEquals("#2 <NUM> 32+ distinct, mostly unique, e.g. 25440, 25442, 25444, …",
                ReduceCommand.parameterText(unique));
        var once = new io.sigdrift.signatures.reduce.ParameterSummary(2, "NUM", 2, 2, true, List.of(
                new io.sigdrift.signatures.reduce.ValueCount("1", 1), new io.sigdrift.signatures.reduce.ValueCount("2", 1)));
        assertEquals("#2 <NUM> 2 distinct, each seen once, e.g. 1, 2", ReduceCommand.parameterText(once));
    }
}
