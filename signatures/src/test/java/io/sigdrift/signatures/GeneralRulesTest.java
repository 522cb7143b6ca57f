package io.sigdrift.signatures;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The general masking and clustering rules (classes a to e, see {@link Rule}), each with lines where it must fire and lines where it must not.
 * Lines are written for these tests in the shape of common server logs.
 */
class GeneralRulesTest {

    private static String typed(String line) {
        return new SignatureEngine(EngineConfig.defaults()).add(line).signature().template();
    }

    /** Two lines of one event with different values must get one signature (checked through one engine). */
    private static void oneSignature(String a, String b) {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        String id = e.add(a).signature().id();
        Match m = e.add(b);
        Signature live = e.resolve(m.signature());
        assertEquals(e.resolve(e.signature(id) == null ? m.signature() : e.signature(id)).id(), live.id(),
                a + " / " + b);
        assertEquals(1, e.stats().signatures(), a + " / " + b);
    }

    // ---- (a) hosts with ports or addresses ---------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Connecting to ResourceManager at node-41.cluster.example:8030|Connecting to ResourceManager at <HOST>",
            "upstream proxy.example.edu:5070 marked down|upstream <HOST> marked down",
            "Receiving block from worker-7/10.1.2.3:50010|Receiving block from <HOST>",
            "listening on localhost:8080|listening on <HOST>",
            "joined member kafka-2:9092 to the group|joined member <HOST> to the group",
    })
    void aHostWithPortOrAddressIsOneValue(String line, String template) {
        assertEquals(template, typed(line));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a Java frame (class and method names are not host names)
            "at org.example.Pool.runWorker:1142|at org.example.Pool.runWorker:<NUM>",
            // a file and line
            "error in handler.py:42|error in handler.py:<NUM>",
            // a key and its number
            "retry count:3 reached|retry count:<NUM> reached",
            // a clock is not a host
            "at 12:30 sharp|at <TIME> sharp",
    })
    void aHostRuleLeavesOtherColonNumbersAlone(String line, String template) {
        assertEquals(template, typed(line));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Connecting to ResourceManager at node-41.cluster.example:8030"
                    + "|Connecting to ResourceManager at db-3.cluster.example:8031",
            "Receiving block from worker-7/10.1.2.3:50010|Receiving block from edge12/10.1.9.77:50010",
    })
    void oneEventOnManyHostsIsOneSignature(String a, String b) {
        oneSignature(a, b);
    }

    // ---- (e) identifiers that look like words ---------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "session opened for user root by sshd|session opened for user backup by sshd",
            "Invalid user oracle from 10.2.3.4 port 4122|Invalid user guest from 10.2.3.9 port 4188",
            "quota exceeded for account: svc-reports on volume data|quota exceeded for account: alice on volume data",
    })
    void aNameAfterAnAccountKeyIsAValue(String a, String b) {
        oneSignature(a, b);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // the word after the key ends the message: it is the event
            "new user added|new user removed",
            // a word after a key that does not introduce an account
            "service backup started by cron|service restore started by cron",
            // the key itself differs
            "locked user root by policy|locked group root by policy",
    })
    void otherPlainWordsStillNameTheEvent(String a, String b) {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        e.add(a);
        e.add(b);
        assertEquals(2, e.stats().signatures(), a + " / " + b);
    }

    // ---- (d) event words versus parameters ----------------------------------------------------------------

    /** Lines of one word each, enough that a member of a closed set would have shown up several times. */
    private static final int FREQUENT = 10;

    @org.junit.jupiter.api.Test
    void aSmallFrequentVocabularyAtOnePositionStaysTheEventKind() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        for (int i = 0; i < FREQUENT; i++) {
            e.add("virtual machine vm-" + i + " state Paused by scheduler");
            e.add("virtual machine vm-" + i + " state Resumed by scheduler");
        }
        e.add("virtual machine vm-3 state Started by scheduler");
        assertEquals(3, e.stats().signatures(), "Paused / Resumed / Started are three events");
        assertEquals(1, e.ruleFirings()[Rule.CLOSED_VOCABULARY.ordinal()]);
    }

    @org.junit.jupiter.api.Test
    void anOpenVocabularyWithATailOfRareValuesIsMergedIntoOneParameterAndKeepsItsIdsInTheLineage() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        for (int i = 0; i < 4 * FREQUENT; i++) {
            e.add("report generated for project apollo by scheduler");
        }
        String rare = e.add("report generated for project zephyr by scheduler").signature().id();
        Match m = e.add("report generated for project hermes by scheduler");
        assertEquals(1, e.stats().signatures(), "two values seen once after 40 lines: an open set, one parameter");
        assertEquals("report generated for project <*> by scheduler", m.signature().template());
        assertEquals(true, m.signature().ancestors().contains(rare), m.signature().ancestors().toString());
    }

    @org.junit.jupiter.api.Test
    void aFewLinesAreNoEvidenceThatAWordIsAParameter() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        for (int i = 0; i < FREQUENT; i++) {
            e.add("report generated for project apollo by scheduler");
        }
        e.add("report generated for project zephyr by scheduler");
        e.add("report generated for project hermes by scheduler");
        assertEquals(3, e.stats().signatures(), "after 12 lines a value seen once is not yet improbable");
    }

    @org.junit.jupiter.api.Test
    void whenTheSetKeepsGrowingWithRareValuesItBecomesAParameter() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        for (int i = 0; i < FREQUENT; i++) {
            e.add("GET /api/items HTTP/1.1 answered by gateway");
            e.add("POST /api/items HTTP/1.1 answered by gateway");
        }
        e.add("PUT /api/items HTTP/1.1 answered by gateway");
        assertEquals(3, e.stats().signatures(), "the first word names the event anyway");
        SignatureEngine f = new SignatureEngine(EngineConfig.defaults());
        for (int i = 0; i < 2 * FREQUENT; i++) {
            f.add("request from Chrome client answered by gateway");
            f.add("request from Firefox client answered by gateway");
        }
        f.add("request from Safari client answered by gateway");
        assertEquals(3, f.stats().signatures(), "three frequent words: event kinds so far");
        f.add("request from Edge client answered by gateway");
        assertEquals(1, f.stats().signatures(), "Safari is still rare when Edge arrives after 41 lines: the set keeps"
                + " growing, one parameter");
    }

    @org.junit.jupiter.api.Test
    void httpMethodsAreEnumNamesAndStayApartEvenWhileRare() {
        SignatureEngine f = new SignatureEngine(EngineConfig.defaults());
        for (int i = 0; i < FREQUENT; i++) {
            f.add("request GET /api/items answered by gateway");
            f.add("request POST /api/items answered by gateway");
        }
        f.add("request PUT /api/items answered by gateway");
        f.add("request PATCH /api/items answered by gateway");
        assertEquals(4, f.stats().signatures(), "RFC 9110 methods are a closed set by definition");
    }

    // ---- (b) compound values -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "weights 1200##3400##560##75 applied|weights <NUM> applied",
            "batch [2017-07-01,12,30]-1234 queued|batch [<ID> queued",
            "tile (3,7) rendered|tile (<NUM>) rendered",
            "seq 00000017@2026/12/05:10:00:00.123 begin|seq <NUM> begin",
    })
    void aCompoundValueIsOnePlaceholder(String line, String template) {
        assertEquals(template, typed(line));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "tile (3,7) rendered|tile (12,8,4) rendered",
            "weights 1200##3400 applied|weights 1##2##3##4##5 applied",
    })
    void compoundsWithAnotherNumberOfPartsAreTheSameEvent(String a, String b) {
        oneSignature(a, b);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a word between the values: a stem and a counter
            "generating core.2275 now|generating core.<NUM> now",
            "range node-[12-14] down|range node-[<ID>] down",
            // quoted syntax inside the token stays
            "objectname [42]\"(7)\" set|objectname [<NUM>]\"(<NUM>)\" set",
    })
    void tokensWithWordsOrQuotedPartsAreNotCompounds(String line, String template) {
        assertEquals(template, typed(line));
    }

    // ---- (c) values whose token count varies ---------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "RX packets 48211 bytes 7302212 (6.9 MiB) dropped 0|RX packets 48211 bytes 7302212 dropped 0",
            "sent 123 bytes (1.2KB) to peer|sent 77 bytes to peer",
            "disk usage 812 (97%) on /data|disk usage 801 on /data",
            "resolvers 10.0.0.1, 10.0.0.2, 10.0.0.3 loaded|resolvers 10.0.0.9 loaded",
            "resolvers 10.0.0.1,10.0.0.2 loaded|resolvers 10.0.0.9 loaded",
    })
    void anOptionalEchoOrAListOfValuesDoesNotSplitTheEvent(String a, String b) {
        oneSignature(a, b);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a parenthesised number that does not follow a number is a value of its own
            "worker (3) started|worker (<NUM>) started",
            // a list of words is not a list of values
            "modules auth, cache, web loaded|modules auth, cache, web loaded",
            // numbers in a comma-separated tuple of separate tokens stay a tuple
            "moved to 3, 4 now|moved to <NUM>, <NUM> now",
    })
    void theVariableCountRulesLeaveOtherTokensAlone(String line, String template) {
        assertEquals(template, typed(line));
    }
}
