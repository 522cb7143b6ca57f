package io.sigdrift.signatures;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SignatureEngine#lastParameters} answers from the shape memo (spans per shape and template) for the lines add() did not
 * mask; every answer must equal {@link SignatureEngine#parameters(String, Signature)}, which masks the line anew.
 */
class LastParametersTest {

    private static List<Parameter> last(SignatureEngine e) {
        List<Parameter> out = new ArrayList<>();
        e.lastParameters((pos, type, text, s, end) -> out.add(new Parameter(pos, type, text.substring(s, end))));
        return out;
    }

    @Test
    void everyLineOfTheGoldenLogsGetsTheParametersAFreshMaskingGives() throws IOException {
        List<String> lines = EngineStateTest.fixtureLines();
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        int withValues = 0;
        // twice: the second pass runs on known shapes, where the memos answer
        for (int pass = 0; pass < 2; pass++) {
            for (String line : lines) {
                Signature s = e.add(line).signature();
                List<Parameter> got = last(e);
                assertEquals(e.parameters(line, s), got, line);
                withValues += got.isEmpty() ? 0 : 1;
            }
        }
        assertTrue(withValues > lines.size(), "the golden lines must have parameters for the test to mean anything");
    }

    @Test
    void linesOfTwoShapesUnderOneSignatureAndATemplateThatGeneralisesKeepTheirOwnValues() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        String[] lines = {
                "session opened for user alice by uid 0",
                "session opened for user bob by uid 1000",
                "session opened for user alice by uid 0",
                "session opened for user carol by uid 12",
                "session opened for user bob by uid 1000",
                "session opened for user alice by uid 0",
        };
        for (String line : lines) {
            Signature s = e.add(line).signature();
            assertEquals(e.parameters(line, s), last(e), line);
        }
    }
}
