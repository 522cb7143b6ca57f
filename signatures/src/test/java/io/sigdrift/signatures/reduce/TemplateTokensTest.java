package io.sigdrift.signatures.reduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TemplateTokensTest {
    @Test
    void aWholeTokenMaskStandsForTheWholeConstant() {
        assertArrayEquals(new String[] {"*", "alice"}, TemplateTokens.generalisedValue("alice", "<*>"));
    }

    @Test
    void punctuationAroundTheMaskIsNotPartOfTheValue() {
        assertArrayEquals(new String[] {"*", "pam_unix(sshd:auth)"},
                TemplateTokens.generalisedValue("pam_unix(sshd:auth):", "<*>:"));
        assertArrayEquals(new String[] {"NUM", "42"}, TemplateTokens.generalisedValue("port=42", "port=<NUM>"));
    }

    @Test
    void tokensThatDoNotFitTheMaskGiveNoValue() {
        assertNull(TemplateTokens.generalisedValue("alice", "alice"));
        assertNull(TemplateTokens.generalisedValue("user=alice", "uid=<*>"));
        assertNull(TemplateTokens.generalisedValue("a:b", "<*>:<*>"));
    }

    @Test
    void maskTypesAreReadFromWholeMaskTokens() {
        assertEquals("IP", TemplateTokens.maskType("<IP>"));
        assertEquals("*", TemplateTokens.maskType("<*>"));
        assertNull(TemplateTokens.maskType("<ip>"));
        assertNull(TemplateTokens.maskType("<*>:"));
    }
}
