package io.sigdrift.models.score;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session state of format version 1, committed under {@code src/test/resources/sessions/}: a scorer stopped in the
 * middle of {@link SessionScorerTest#stream()} (model trained, sessions open). It must keep reading and go on to the
 * same findings as a scorer that never stopped, in every later build.
 */
class SessionScorerFixtureTest {
    static final Path V1 = Path.of("src/test/resources/sessions/scorer-state-v1.bin");
    static final int CUT = 203;

    @Test
    void theCommittedVersion1StateRestoresAndFindsWhatAnUninterruptedScorerFinds() throws IOException {
        List<Object[]> events = SessionScorerTest.stream();
        SessionScorer whole = new SessionScorer(SessionScorerTest.config(100), null);
        List<SessionFinding> expected = new ArrayList<>();
        SessionScorerTest.feed(whole, events, expected);
        whole.flush(expected::add);

        byte[] state = Files.readAllBytes(V1);
        SessionScorer restored = SessionScorerCodec.read(state, SessionScorerTest.config(100));
        assertTrue(restored.model().isFitted());
        assertTrue(restored.openSessions() > 0);
        List<SessionFinding> got = new ArrayList<>();
        SessionScorerTest.feed(restored, events.subList(CUT, events.size()), got);
        restored.flush(got::add);
        assertEquals(expected.stream().map(SessionFinding::explanation).toList(),
                got.stream().map(SessionFinding::explanation).toList());
        assertArrayEquals(state, SessionScorerCodec.write(SessionScorerCodec.read(state, SessionScorerTest.config(100))));
    }

    @Test
    @EnabledIfSystemProperty(named = "sigdrift.writeFixtures", matches = "true")
    void writeFixture() throws IOException {
        SessionScorer s = new SessionScorer(SessionScorerTest.config(100), null);
        List<SessionFinding> out = new ArrayList<>();
        SessionScorerTest.feed(s, SessionScorerTest.stream().subList(0, CUT), out);
        assertTrue(s.model().isFitted() && s.openSessions() > 0 && out.isEmpty());
        Files.createDirectories(V1.getParent());
        Files.write(V1, SessionScorerCodec.write(s));
    }
}
