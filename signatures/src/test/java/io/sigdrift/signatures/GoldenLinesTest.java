package io.sigdrift.signatures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Golden tests with real lines: 40 lines of each Loghub-2k system (see src/test/resources/golden/README.md) and
 * their ground-truth templates. Only 40 sparse lines per system are seen, so a word variable often has fewer
 * than three values here and stays a constant: the floors below are what the default engine reaches on these
 * fixtures (the full accuracy benchmark lives in benchmarks/). A change that lowers them is a regression.
 */
class GoldenLinesTest {

    record Golden(List<String> lines, List<String> truth) {
    }

    static Golden load(String system) throws IOException {
        List<String> lines = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        try (InputStream in = GoldenLinesTest.class.getResourceAsStream("/golden/" + system + ".tsv")) {
            assertNotNull(in, "fixture for " + system);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (l.startsWith("#") || l.isEmpty()) {
                    continue;
                }
                int tab = l.indexOf('\t');
                lines.add(l.substring(0, tab));
                truth.add(l.substring(tab + 1));
            }
        }
        return new Golden(lines, truth);
    }

    /** Fraction of lines whose final Loghub-notation template equals the truth (whitespace collapsed). */
    static double[] score(Golden g) {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        List<Signature> assigned = new ArrayList<>();
        for (String l : g.lines) {
            assigned.add(e.add(l).signature());
        }
        Map<String, List<Integer>> byPred = new HashMap<>();
        Map<String, List<Integer>> byTruth = new HashMap<>();
        int parsed = 0;
        for (int i = 0; i < g.lines.size(); i++) {
            Signature s = e.resolve(assigned.get(i));
            byPred.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(i);
            byTruth.computeIfAbsent(g.truth.get(i), k -> new ArrayList<>()).add(i);
            if (norm(s.loghubTemplate()).equals(norm(g.truth.get(i)))) {
                parsed++;
            }
        }
        int grouped = 0;
        for (int i = 0; i < g.lines.size(); i++) {
            if (byPred.get(e.resolve(assigned.get(i)).id()).equals(byTruth.get(g.truth.get(i)))) {
                grouped++;
            }
        }
        return new double[] {(double) grouped / g.lines.size(), (double) parsed / g.lines.size()};
    }

    private static String norm(String s) {
        return s.trim().replaceAll("\\s+", " ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Apache", "BGL", "HDFS", "HPC", "Linux", "OpenSSH", "Spark", "Windows", "Zookeeper",
            "Android"})
    void realLinesOfEachSystemParseToTheirGroundTruth(String system) throws IOException {
        double[] gaPa = score(load(system));
        assertTrue(gaPa[0] >= floor(system)[0], system + " grouping accuracy " + gaPa[0]);
        assertTrue(gaPa[1] >= floor(system)[1], system + " parsing accuracy " + gaPa[1]);
    }

    /** {GA, PA} floors per fixture, a little under what the engine reached when they were written. */
    private static double[] floor(String system) {
        return switch (system) {
            case "Apache", "BGL", "HDFS" -> new double[] {1.0, 1.0};
            case "HPC" -> new double[] {1.0, 0.90};
            case "Spark" -> new double[] {0.85, 0.80};
            case "Android" -> new double[] {0.95, 0.65};
            case "Linux", "Zookeeper" -> new double[] {0.95, 0.70};
            // user names and package names seen once or twice in 40 lines stay constants (see the class doc)
            case "Windows" -> new double[] {0.95, 0.60};
            case "OpenSSH" -> new double[] {0.95, 0.50};
            default -> throw new IllegalArgumentException(system);
        };
    }

    @Test
    void handPickedLinesGetTheExpectedTypedTemplates() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        // HDFS: block ids are whole-token identifiers, addresses keep their port inside the mask
        assertEquals("Receiving block <ID> src: <IP> dest: <IP>", e.add(
                "Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106 dest: /10.250.19.102:50010")
                .signature().template());
        // OpenSSH: key=value values are typed; tty=ssh stays a constant until it varies
        assertEquals("pam_unix(sshd:auth): authentication failure; logname= uid=<NUM> euid=<NUM> tty=ssh ruser= "
                + "rhost=<IP> user=root", e.add("pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0"
                + " tty=ssh ruser= rhost=112.95.230.3  user=root").signature().template());
        // Spark: sizes with units and decimal numbers
        assertEquals("Block <ID> stored as bytes in memory (estimated size <NUM>, free <NUM>)", e.add(
                "Block broadcast_1_piece0 stored as bytes in memory (estimated size 21.1 KB, free 414.8 MB)")
                .signature().template());
        // Linux: a ctime date over several tokens is one value
        assertEquals("connection from <IP> () at <TIME>",
                e.add("connection from 222.33.90.199 () at Sun Jul 10 03:55:15 2005").signature().template());
        // BGL: a word stem with a counter keeps the stem
        assertEquals("generating core.<NUM>", e.add("generating core.2275").signature().template());
    }
}
