package io.sigdrift.pipeline.cli;

import static io.sigdrift.pipeline.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    private static final String FREQUENT = "Failed password for root from 10.0.0.7 port 4242 ssh2";
    private static final String ONE_OFF = "kernel panic not syncing: Fatal exception in interrupt handler";

    @TempDir
    Path tmp;

    private Path write(String name, List<String> lines) throws IOException {
        return Files.write(tmp.resolve(name), lines);
    }

    /** FREQUENT spread evenly among filler lines of 20 different signatures (different token counts). */
    private static List<String> mix(int frequent, int filler) {
        List<String> l = new ArrayList<>();
        int fillers = 0;
        for (int i = 0; i < frequent + filler; i++) {
            boolean f = (long) i * frequent / (frequent + filler) != (long) (i + 1) * frequent / (frequent + filler);
            l.add(f ? FREQUENT : filler(fillers++ % 20));
        }
        return l;
    }

    private static String filler(int k) {
        return "heartbeat from worker" + " ok".repeat(k + 1);
    }

    @Test
    void aTenfoldChangeIsRankedAboveAOneOffNewLine() throws IOException {
        Path baseline = write("b.log", mix(30, 970));
        List<String> t = mix(300, 699);
        t.add(500, ONE_OFF);
        Path target = write("t.log", t);
        CliTestSupport.Result r = run("compare", "--baseline", baseline.toString(), "--target", target.toString(),
                "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode changes = new ObjectMapper().readTree(r.out()).path("changes");
        assertEquals("CHANGED", changes.get(0).path("kind").asText(), r.out());
        assertEquals(30, changes.get(0).path("baseline_count").asLong());
        assertEquals(300, changes.get(0).path("target_count").asLong());
        JsonNode oneOff = null;
        for (JsonNode c : changes) {
            if (c.path("kind").asText().equals("NEW")) {
                oneOff = c;
            }
        }
        assertTrue(oneOff != null && oneOff.path("rank").asInt() > 1, r.out());
        assertTrue(oneOff.path("ratio").isNull(), "NEW has no finite ratio");
    }

    @Test
    void theTableListsKindsCountsAndRatios() throws IOException {
        Path baseline = write("b.log", mix(30, 970));
        Path target = write("t.log", mix(300, 700));
        CliTestSupport.Result r = run("compare", "--baseline", baseline.toString(), "--target", target.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("baseline 1,000 events, target 1,000 events"), r.out());
        assertTrue(r.out().contains("CHANGED"), r.out());
        assertTrue(r.out().contains("10.00x"), r.out());
        assertTrue(r.err().contains("baseline 1,000 lines read"), r.err());
    }

    @Test
    void csvHasOneRowPerChange() throws IOException {
        Path baseline = write("b.log", mix(30, 970));
        Path target = write("t.log", List.of(filler(0), filler(1), ONE_OFF));
        CliTestSupport.Result r = run("compare", "--baseline", baseline.toString(), "--target", target.toString(),
                "--format", "csv");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("rank,kind,signature_id,score,p_value,baseline_count,target_count"));
        assertTrue(r.out().contains(",GONE,"), r.out());
        assertTrue(r.out().contains(",NEW,"), r.out());
    }

    @Test
    void bothFilesAreRequired() {
        CliTestSupport.Result r = run("compare", "--baseline", "x.log");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--target"), r.err());
    }

    @Test
    void aMissingTargetIsOneClearLine() throws IOException {
        Path baseline = write("b.log", List.of(filler(0)));
        CliTestSupport.Result r = run("compare", "--baseline", baseline.toString(), "--target", "/no/such.log");
        assertEquals(1, r.code());
        assertEquals("sigdrift compare: --target '/no/such.log': no such file\n", r.err());
    }

    /** sshd failures from 40 addresses; with {@code scanner} > 0 that many more from one address. */
    private static List<String> failures(int usual, int scanner) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < usual; i++) {
            l.add("Failed password for invalid user user" + (i % 20) + " from 198.51.100." + (i % 40 + 1) + " port "
                    + (40_000 + i) + " ssh2");
            l.add(filler(i % 20));
        }
        for (int i = 0; i < scanner; i++) {
            l.add("Failed password for invalid user user" + (i % 20) + " from 203.0.113.77 port " + (50_000 + i)
                    + " ssh2");
        }
        return l;
    }

    @Test
    void theAddressBehindARiseIsNamedInJsonTableAndCsv() throws IOException {
        Path baseline = write("b.log", failures(800, 0));
        Path target = write("t.log", failures(800, 1_200));
        String[] common = {"compare", "--baseline", baseline.toString(), "--target", target.toString()};

        CliTestSupport.Result json = run(concat(common, "--format", "json"));
        assertEquals(0, json.code(), json.err());
        JsonNode failed = null;
        for (JsonNode c : new ObjectMapper().readTree(json.out()).path("changes")) {
            if (c.path("template").asText().startsWith("Failed password")) {
                failed = c;
            }
        }
        assertTrue(failed != null && failed.path("kind").asText().equals("CHANGED"), json.out());
        JsonNode top = failed.path("attribution").get(0);
        assertEquals("203.0.113.77", top.path("value").asText(), json.out());
        assertEquals("IP", top.path("type").asText());
        assertEquals(1_200, top.path("window_count").asLong());
        assertEquals(0.6, top.path("window_share").asDouble(), 1e-9);
        assertTrue(top.path("p").asDouble() < 1e-6, json.out());

        CliTestSupport.Result table = run(common);
        assertTrue(table.out().contains("> 203.0.113.77: 60.00% of target"), table.out());

        CliTestSupport.Result csv = run(concat(common, "--format", "csv"));
        assertTrue(csv.out().lines().findFirst().orElseThrow().endsWith(",attribution"), csv.out());
        assertTrue(csv.out().contains("203.0.113.77: 60.00% of target"), csv.out());

        CliTestSupport.Result off = run(concat(common, "--format", "json", "--no-attribution"));
        assertTrue(!off.out().contains("203.0.113.77"), off.out());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
