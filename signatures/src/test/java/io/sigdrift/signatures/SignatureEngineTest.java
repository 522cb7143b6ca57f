package io.sigdrift.signatures;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SignatureEngineTest {

    private static SignatureEngine engine() {
        return new SignatureEngine(EngineConfig.defaults());
    }

    @Test
    void firstLineCreatesAndRepeatIsNone() {
        SignatureEngine e = engine();
        Match m = e.add("Failed password for root from 10.0.0.1 port 22 ssh2");
        assertEquals(Change.CREATED, m.change());
        assertEquals("Failed password for root from <IP> port <NUM> ssh2", m.signature().template());
        String id = m.signature().id();
        Match again = e.add("Failed password for root from 10.0.0.2 port 2222 ssh2");
        assertEquals(Change.NONE, again.change());
        assertEquals(id, again.signature().id());
        assertEquals(2, again.signature().count());
    }

    @Test
    void identifierLikeVariantGeneralisesTemplateAndRecordsAncestor() {
        SignatureEngine e = engine();
        String first = e.add("Loading class com.acme.Foo from cache").signature().id();
        Match m = e.add("Loading class org.other.Bar from cache");
        assertEquals(Change.UPDATED, m.change());
        assertEquals(first, m.previousId());
        assertEquals("Loading class <*> from cache", m.signature().template());
        assertEquals(List.of(first), m.signature().ancestors());
        assertNull(e.signature(first));
        assertSame(m.signature(), e.signature(m.signature().id()));
    }

    @Test
    void plainWordPositionBecomesVariableOnlyAfterThreeDistinctValues() {
        // Two different words at one position may name two events ("startup" / "shutdown"); a third distinct
        // value is evidence of a variable (a user name), and the siblings merge.
        SignatureEngine e = engine();
        String root = e.add("Failed password for root from 10.0.0.1 port 22 ssh2").signature().id();
        Match admin = e.add("Failed password for admin from 10.0.0.9 port 22 ssh2");
        assertEquals(Change.CREATED, admin.change());
        String adminId = admin.signature().id();
        assertNotEquals(root, adminId);
        Match guest = e.add("Failed password for guest from 10.0.0.7 port 22 ssh2");
        assertEquals(Change.UPDATED, guest.change());
        Signature s = guest.signature();
        assertEquals("Failed password for <*> from <IP> port <NUM> ssh2", s.template());
        assertEquals("Failed password for <*> from <*> port <*> ssh2", s.loghubTemplate());
        assertEquals(3, s.count());
        assertTrue(s.ancestors().contains(root) && s.ancestors().contains(adminId), s.ancestors().toString());
        assertEquals(1, e.stats().signatures());
        assertEquals(Change.NONE, e.add("Failed password for oracle from 10.0.0.3 port 22 ssh2").change());
    }

    @Test
    void mergedSiblingsKeepEveryWildcardOfTheSignaturesTheyAbsorb() {
        SignatureEngine e = engine();
        e.add("Login as alice on a.b");
        e.add("Login as alice on c.d"); // soft difference: "Login as alice on <*>"
        for (int i = 0; i < 3; i++) {
            e.add("Login as bob on e.f"); // the most frequent sibling, so it survives the merge
        }
        Match m = e.add("Login as dave on e.f"); // third name after "as" (rule e: names are a parameter): siblings merge
        assertEquals(Change.UPDATED, m.change());
        assertEquals("Login as <*> on <*>", m.signature().template());
        assertEquals(6, m.signature().count());
        assertEquals(Change.NONE, e.add("Login as alice on x.y").change());
        assertEquals(1, e.stats().signatures());
    }

    @Test
    void keyValueTokensWithOtherKeysAreOtherEvents() {
        SignatureEngine e = engine();
        String a = e.add("getRecentTasks: num=1,flags=0x1,totalTasks=3").signature().id();
        String b = e.add("getRecentTasks: topActivity=ComponentInfo{com.x/com.x.Y}").signature().id();
        assertNotEquals(a, b);
        // same key, other value: the value is a variable
        e.add("stop name=com.acme.Foo");
        Match n = e.add("stop name=org.other.Bar");
        assertEquals("stop name=<*>", n.signature().template());
    }

    @Test
    void firstWordNamesTheEventAndNeverGeneralises() {
        SignatureEngine e = engine();
        for (String svc : List.of("cupsd", "sshd", "crond", "xinetd")) {
            e.add(svc + " startup succeeded");
        }
        assertEquals(4, e.stats().signatures());
    }

    @Test
    void idsAreStableAcrossEnginesAndDerivedFromTypedTemplate() {
        Signature a = engine().add("Connection closed by 1.2.3.4 [preauth]").signature();
        Signature b = engine().add("Connection closed by 9.8.7.6 [preauth]").signature();
        assertEquals(a.id(), b.id());
        assertEquals(16, a.id().length());
        assertTrue(a.id().matches("[0-9a-f]{16}"));
        assertEquals(SignatureIds.idOf("Connection closed by <IP> [preauth]"), a.id());
        // FNV-1a 64 of the empty string is the offset basis
        assertEquals("cbf29ce484222325", SignatureIds.idOf(""));
    }

    @Test
    void shortMessagesThatDifferAreDifferentSignatures() {
        SignatureEngine e = engine();
        String ok = e.add("Link ok").signature().id();
        String err = e.add("Link error").signature().id();
        assertNotEquals(ok, err);
    }

    @Test
    void parametersAreTypedByPosition() {
        SignatureEngine e = engine();
        e.add("Failed password for root from 10.0.0.1 port 22 ssh2");
        e.add("Failed password for admin from 10.0.0.9 port 22 ssh2");
        Signature s = e.add("Failed password for guest from 10.0.0.9 port 22 ssh2").signature();
        List<Parameter> p = e.parameters("Failed password for bob from 192.168.1.20 port 4711 ssh2", s);
        assertEquals(List.of(new Parameter(3, "*", "bob"), new Parameter(5, "IP", "192.168.1.20"),
                new Parameter(7, "NUM", "4711")), p);
    }

    @Test
    void parametersInsideKeyValueTokens() {
        SignatureEngine e = engine();
        Signature s = e.add("session opened uid=0 rhost=10.1.1.1, ok").signature();
        assertEquals("session opened uid=<NUM> rhost=<IP>, ok", s.template());
        assertEquals(List.of(new Parameter(2, "NUM", "42"), new Parameter(3, "IP", "10.2.2.2")),
                e.parameters("session opened uid=42 rhost=10.2.2.2, ok", s));
    }

    @Test
    void matchDoesNotLearn() {
        SignatureEngine e = engine();
        e.add("Starting service alpha");
        assertNull(e.match("Totally different line here"));
        assertNotNull(e.match("Starting service alpha"));
        assertEquals(1, e.stats().signatures());
        assertEquals(1, e.stats().lines());
    }

    @Test
    void signatureCountStaysBoundedUnderRandomUniqueLinesAndEvictionsAreCounted() {
        int max = 1000;
        int n = 100_000;
        SignatureEngine e = new SignatureEngine(EngineConfig.builder().maxSignatures(max).build());
        Random rnd = new Random(42);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.setLength(0);
            int words = 1 + rnd.nextInt(8);
            for (int w = 0; w < words; w++) {
                if (w > 0) {
                    sb.append(' ');
                }
                int len = 3 + rnd.nextInt(6);
                for (int k = 0; k < len; k++) {
                    sb.append((char) ('a' + rnd.nextInt(26)));
                }
            }
            e.add(sb.toString());
            assertTrue(e.stats().signatures() <= max);
        }
        EngineStats st = e.stats();
        assertEquals(n, st.lines());
        assertEquals(max, st.signatures());
        assertTrue(st.evicted() > n / 2, "evicted " + st.evicted());
        assertEquals(max, e.signatures().size());
    }

    @Test
    void leastRecentlyUsedSignatureIsEvictedFirst() {
        SignatureEngine e = new SignatureEngine(EngineConfig.builder().maxSignatures(2).build());
        String a = e.add("alpha one").signature().id();
        String b = e.add("beta two three").signature().id();
        e.add("alpha one"); // a is now more recent than b
        e.add("gamma four five six");
        assertNotNull(e.signature(a));
        assertNull(e.signature(b));
        assertEquals(1, e.stats().evicted());
    }
}
