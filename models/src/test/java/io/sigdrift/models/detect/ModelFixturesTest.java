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
    @ValueSource(strings = {"invariants", "pca-residual", "isolation-forest", "decision-tree"})
    void committedVersion1FilesLoadAndScoreAsWhenTheyWereWritten(String kind) throws IOException {
        SessionDetector m = ModelCodec.read(resource(kind + ".v1.bin"));
        assertEquals(kind, m.kind());
        assertEquals(SessionFixtures.TRAINING, m.training().sessions());
        String[] recorded = new String(resource(kind + ".v1.scores"), StandardCharsets.UTF_8).trim().split("\n");
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

    /** Writes the fixtures: {@code -Dsigdrift.writeFixtures=true}, run once per new format version. */
    @Test
    @EnabledIfSystemProperty(named = "sigdrift.writeFixtures", matches = "true")
    void writeFixtures() throws IOException {
        Path dir = Path.of("src/test/resources/models");
        Files.createDirectories(dir);
        List<SessionSample> training = SessionFixtures.training();
        for (SessionDetector d : List.of(new InvariantMiningDetector(), new PcaResidualDetector(),
                new IsolationForestDetector(), new TreeClassifierDetector())) {
            SessionDetector m = d.fit(training);
            Files.write(dir.resolve(m.kind() + ".v1.bin"), ModelCodec.write(m));
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s%n", Double.toString(m.threshold())));
            for (SessionSample p : SessionFixtures.probes()) {
                sb.append(Double.toString(m.score(p))).append('\n');
            }
            Files.writeString(dir.resolve(m.kind() + ".v1.scores"), sb.toString());
        }
    }
}
