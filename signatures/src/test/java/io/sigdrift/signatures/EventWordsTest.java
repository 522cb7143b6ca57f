package io.sigdrift.signatures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rules (d) and (e) in the engine: a small closed vocabulary at one position is the event kind, an open one or a
 * position holding names is a parameter ({@link Vocabulary}, {@code SignatureEngine.closedVocabulary}). The lines are
 * written for these tests in the shape of common server logs (cloud controllers, sshd, network daemons, job runners).
 */
class EventWordsTest {

    private static final String UUID = "6f1c2a90-3b4d-4e5f-8a9b-0c1d2e3f4a";

    /** The live templates after feeding the lines, in order, to one engine. */
    private static Set<String> templates(List<String> lines) {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        for (String l : lines) {
            e.add(l);
        }
        Set<String> out = new HashSet<>();
        for (Signature s : e.signatures()) {
            out.add(s.template());
        }
        return out;
    }

    private static String instance(int i) {
        return UUID + String.format("%02d", i % 100);
    }

    // ---- the statistics ------------------------------------------------------------------------------------

    @Test
    void aValueSeenOnceIsRareOnlyOnceTheTrafficMakesThatImprobable() {
        assertFalse(Vocabulary.isRare(1, 12), "12 lines: a member with an eighth of the traffic may show once");
        assertTrue(Vocabulary.isRare(1, 40), "40 lines: it would have shown about five times");
        assertFalse(Vocabulary.isRare(5, 40), "an even eighth is no tail");
        assertTrue(Vocabulary.isRare(300, 4000), "large counts use the Chernoff bound, still rare at 7.5 %");
        assertFalse(Vocabulary.isRare(600, 4000));
    }

    @Test
    void theChernoffBoundIsNeverBelowTheExactTail() {
        for (long n = 300; n <= 3000; n += 300) {
            long c = (long) (n * 0.08);
            double exact = exactLowerTail(c, n, Vocabulary.MIN_SHARE);
            double a = (double) c / n;
            double q = Vocabulary.MIN_SHARE;
            double bound = Math.exp(-n * (a * Math.log(a / q) + (1 - a) * Math.log((1 - a) / (1 - q))));
            assertTrue(bound >= exact, n + ": " + bound + " < " + exact);
        }
    }

    private static double exactLowerTail(long c, long n, double q) {
        double sum = 0;
        double logTerm = n * Math.log1p(-q);
        sum += Math.exp(logTerm);
        for (long k = 1; k <= c; k++) {
            logTerm += Math.log((double) (n - k + 1) / k) + Math.log(q) - Math.log1p(-q);
            sum += Math.exp(logTerm);
        }
        return sum;
    }

    @Test
    void aValueIsEstablishedWhenSeenFarMoreThanATailValueWouldBe() {
        assertTrue(Vocabulary.isEstablished(20, 33));
        assertTrue(Vocabulary.isEstablished(12, 33));
        assertFalse(Vocabulary.isEstablished(2, 5), "two of five lines is no evidence yet");
        assertFalse(Vocabulary.isEstablished(3, 40));
        assertTrue(Vocabulary.isEstablished(2000, 4000), "the Chernoff side");
        assertTrue(Vocabulary.isEstablished(4000, 4000), "every occurrence");
        assertFalse(Vocabulary.isEstablished(520, 4000), "13 % of the traffic is no more than an even eighth");
    }

    @Test
    void aSetIsOpenWithTwoRareValuesOrTooManyValues() {
        assertFalse(Vocabulary.isOpen(new long[] {1, 1, 1, 1}, 4), "four lines, four words: no evidence yet");
        assertFalse(Vocabulary.isOpen(new long[] {10, 10, 1}, 3), "one new word among frequent ones");
        assertTrue(Vocabulary.isOpen(new long[] {38, 1, 1}, 3), "a tail of words seen once");
        assertFalse(Vocabulary.isOpen(new long[] {300, 60, 55, 1}, 4), "one rare member is a rare event kind");
        assertTrue(Vocabulary.isOpen(new long[] {5, 5, 5, 5, 5, 5, 5, 5, 1}, 9), "more than eight values");
    }

    // ---- (d) words that are the event --------------------------------------------------------------------

    @Test
    void lifecycleWordsMixedFromTheFirstLinesStayTheEventKind() {
        String[] words = {"Started", "Paused", "Resumed", "Stopped"};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            // all four from the first four lines on, then in a mixed order
            String w = words[i < 4 ? i : (i * 7 + i / 3) % 4];
            lines.add("[instance: " + instance(i) + "] VM " + w + " (Lifecycle Event)");
        }
        Set<String> t = templates(lines);
        assertEquals(4, t.size(), t.toString());
        assertTrue(t.contains("[instance: <UUID>] VM Paused (Lifecycle Event)"), t.toString());
    }

    @Test
    void lowerCaseEventWordsMixedFromTheStartStayApart() {
        String[] words = {"opened", "closed", "refused"};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            lines.add("tcp connection " + words[(i * 5 + i / 4) % 3] + " by peer 10.4.0." + (i % 200));
        }
        assertEquals(3, templates(lines).size());
    }

    @Test
    void anOpenSetThatStartsSmallIsMergedLaterAndEarlierIdsStayInTheLineage() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        List<Signature> early = new ArrayList<>();
        for (String p : new String[] {"apollo", "hermes", "zephyr"}) {
            early.add(e.add("nightly backup finished for project " + p + " on cluster east").signature());
        }
        assertEquals(3, e.stats().signatures(), "three lines: no evidence either way, the words stay apart");
        for (int i = 0; i < 40; i++) {
            e.add("nightly backup finished for project apollo on cluster east");
        }
        e.add("nightly backup finished for project orion on cluster east");
        Match m = e.add("nightly backup finished for project vega on cluster east");
        assertEquals(1, e.stats().signatures(), "new names keep arriving once each: an open set");
        assertEquals("nightly backup finished for project <*> on cluster east", m.signature().template());
        for (Signature s : early) {
            assertSame(m.signature(), e.resolve(s), "earlier lines follow their signature into the merged one");
            assertTrue(m.signature().ancestors().contains(s.id()) || s.id().equals(m.signature().id()),
                    m.signature().ancestors().toString());
        }
    }

    // ---- (e) identifiers that look like words --------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // interface and device names carry an instance number
            "carrier lost on interface eth0, renewing lease|eth0|wlan0|bond0",
            "device sda2 mounted with ordered data mode|sda2|md0|xvdb1",
            // account names with inner punctuation
            "Accepted publickey for www-data from 10.0.0.5 port 50122 ssh2|www-data|git-deploy|svc-backup",
            // camelCase reason codes of code
            "wake request ignored, cause WiFiDisconnect|WiFiDisconnect|PowerButton|LidOpen",
    })
    void namesAreAParameterAfterAFewLines(String line, String first, String second, String third) {
        List<String> lines = List.of(line, line.replace(first, second), line.replace(first, third));
        Set<String> t = templates(lines);
        assertEquals(1, t.size(), t.toString());
    }

    @Test
    void namesSeenOftenAtOnePositionStayApartAsAClosedSet() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add("link monitor: carrier up on interface ib0 of rack 4");
            if (i < 12) {
                lines.add("link monitor: carrier up on interface em1 of rack 4");
            }
        }
        lines.add("link monitor: carrier up on interface mgmt0 of rack 4");
        assertEquals(3, templates(lines).size(), "two established interfaces and a third: a closed set so far");
    }

    @Test
    void aWordVaryingInABracketedAsideIsADetail() {
        Set<String> t = templates(List.of("sleep request answered in 12 ms (3, powerd)",
                "sleep request answered in 40 ms (1, indexerd)", "sleep request answered in 7 ms (2, syncd)"));
        assertEquals(1, t.size(), t.toString());
        Set<String> u = templates(List.of("task spawning for tenant 12 delayed", "task deleting for tenant 12 delayed",
                "task rebooting for tenant 12 delayed"));
        assertEquals(3, u.size(), "the same words in the text itself: no evidence yet, they stay apart " + u);
    }

    @Test
    void anAccountNameAfterAPrepositionAndANameKeyIsAValueEvenAtTheEnd() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add("pam_unix(crond:session): session closed for user " + (i % 3 == 0 ? "cyrus" : i % 3 == 1
                    ? "news" : "mailman"));
        }
        Set<String> t = templates(lines);
        assertEquals(Set.of("pam_unix(crond:session): session closed for user <*>"), t);
        assertEquals(1, templates(List.of("Started Session 12 of user root.", "Started Session 13 of user alice."))
                .size());
    }

    @Test
    void aWordEndingTheMessageAfterABareNameKeyStaysTheEvent() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add("directory sync: new user " + (i % 3 == 0 ? "added" : i % 3 == 1 ? "removed" : "locked"));
        }
        assertEquals(3, templates(lines).size());
    }

    @Test
    void anEnumNameAfterALabelIsAFieldValue() {
        Set<String> t = templates(List.of("Processing the event EventType: CONTAINER_LAUNCH for container_0042",
                "Processing the event EventType: CONTAINER_CLEANUP for container_0043"));
        assertEquals(Set.of("Processing the event EventType: <*> for <ID>"), t);
        Set<String> u = templates(List.of("Loading offline registry hive: SYSTEM, from snapshot 4",
                "Loading offline registry hive: SAM, from snapshot 4",
                "Loading offline registry hive: SECURITY, from snapshot 4"));
        assertEquals(Set.of("Loading offline registry hive: <*>, from snapshot <NUM>"), u);
    }

    @Test
    void anEnumNameWithoutALabelStaysTheEventKind() {
        Set<String> t = templates(List.of("job 12 moved from QUEUED to RUNNING", "job 13 moved from RUNNING to DONE",
                "job 14 moved from QUEUED to CANCELLED"));
        assertEquals(3, t.size(), t.toString());
    }

    @Test
    void aSignatureThatAGeneralisedTemplateCoversIsAbsorbedWithItsId() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        e.add("Accepted publickey for admin from 10.0.0.1 port 50122 ssh2");
        Signature kept = e.add("Accepted publickey for dadmin1 from 10.0.0.2 port 50123 ssh2").signature();
        e.add("Accepted publickey for svc_build from 10.0.0.3 port 50124 ssh2");
        Match m = e.add("Accepted publickey for dadmin1 from 10.0.0.9 port 50125 ssh2");
        assertEquals("Accepted publickey for <*> from <IP> port <NUM> ssh2", m.signature().template());
        assertEquals(1, e.stats().signatures());
        assertSame(m.signature(), e.resolve(kept));
        assertTrue(m.signature().ancestors().contains(kept.id()), m.signature().ancestors().toString());
        assertEquals(1, e.ruleFirings()[Rule.COVERED_MERGE.ordinal()]);
    }

    @Test
    void aSignatureDifferingAtAConstantTokenIsNotAbsorbed() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        e.add("job gamma finished on pool west");
        e.add("job alpha_1 finished on pool east");
        e.add("job beta_2 finished on pool east");
        assertEquals(2, e.stats().signatures(), "pool west is another constant: not covered");
        assertEquals(0, e.ruleFirings()[Rule.COVERED_MERGE.ordinal()]);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"eth0", "www-data", "x+", "WindowServer", "(sda2),", "svc.backup", "nvme0n1"})
    void nameShapes(String token) {
        assertTrue(SignatureEngine.isNameShaped(CharBuffer.wrap(token), 0, token.length()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Paused", "opened", "(spawning).", "GET", "\"Stopped\"", "refused;"})
    void wordShapes(String token) {
        assertFalse(SignatureEngine.isNameShaped(CharBuffer.wrap(token), 0, token.length()));
    }
}
