package io.sigdrift.models.detect;

import io.sigdrift.models.session.SessionSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Model files of format version 1, committed under {@code src/test/resources/models/}, with the probe scores they
 * gave when written. They must load and score the same forever: a change that breaks them needs a new format
 * version and a reader for the old one, not new fixtures.
 */
class ModelFixturesTest {
    static final List<String> KINDS = List.of(InvariantMiningDetector.KIND, PcaResidualDetector.KIND,
            IsolationForestDetector.KIND, TreeClassifierDetector.KIND);

    @ParameterizedTest
    @ValueSource(strings = {"invariants", "pca-residual", "isolation-forest", "decision-tree",
            "decision-tree-over-invariants"})
    void committedVersion1FilesLoadAndScoreAsWhenTheyWereWritten(String name) throws IOException {
        SessionDetector m = ModelCodec.read(resource(name + ".v1.bin"));
        assertEquals(name.startsWith("decision-tree") ? TreeClassifierDetector.KIND : name, m.kind());
        assertEquals(SessionFixtures.TRAINING, m.training().sessions());
        String[] recorded = new String(resource(name + ".v1.scores"), StandardCharsets.UTF_8).trim().split("\n");
        List<SessionSample> probes = SessionFixtures.probes();
        assertEquals(probes.size() + 1, recorded.length);
        assertEquals(Double.parseDouble(recorded[0]), m.threshold(), "threshold");
        for (int i = 0; i < probes.size(); i++) {
            assertEquals(Double.parseDouble(recorded[i + 1]), m.score(probes.get(i)), probes.get(i).entity());
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ModelFixturesTest.class.getResourceAsStream("/models/" + name)) {
            assertNotNull(in, "missing fixture " + name);
            return in.readAllBytes();
        }
    }

    /**
     * Writes MISSING fixtures ({@code -Dsigdrift.writeFixtures=true}); existing files are never rewritten, they are
     * the record of what older builds wrote. (decision-tree.v1.bin has tree payload version 1, the stacked one 2.)
     */
    @Test
    @EnabledIfSystemProperty(named = "sigdrift.writeFixtures", matches = "true")
    void writeFixtures() throws IOException {
        Path dir = Path.of("src/test/resources/models");
        Files.createDirectories(dir);
        List<SessionSample> training = SessionFixtures.training();
        java.util.Map<String, SessionDetector> all = new java.util.LinkedHashMap<>();
        all.put("invariants", new InvariantMiningDetector());
        all.put("pca-residual", new PcaResidualDetector());
        all.put("isolation-forest", new IsolationForestDetector());
        all.put("decision-tree", new TreeClassifierDetector());
        all.put("decision-tree-over-invariants", new TreeClassifierDetector(TreeClassifierDetector.DEFAULT_MIN_LABELS,
                TreeClassifierDetector.DEFAULT_MIN_PER_CLASS, TreeClassifierDetector.DEFAULT_MAX_DEPTH,
                TreeClassifierDetector.DEFAULT_MAX_ROWS, new InvariantMiningDetector()));
        for (var e : all.entrySet()) {
            if (Files.exists(dir.resolve(e.getKey() + ".v1.bin"))) {
                continue;
            }
            SessionDetector m = e.getValue().fit(training);
            Files.write(dir.resolve(e.getKey() + ".v1.bin"), ModelCodec.write(m));
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s%n", Double.toString(m.threshold())));
            for (SessionSample p : SessionFixtures.probes()) {
                sb.append(Double.toString(m.score(p))).append('\n');
            }
            Files.writeString(dir.resolve(e.getKey() + ".v1.scores"), sb.toString());
        }
    }
}
