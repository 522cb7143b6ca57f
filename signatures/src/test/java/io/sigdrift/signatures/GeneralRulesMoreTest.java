package io.sigdrift.signatures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The second round of general rules for issue 10: name lists, PCI addresses, obfuscated object references, epochs
 * after time keys, image names, enum names as event kinds and bracketed head fields. Lines are written for these
 * tests in the shape of common logs (cluster syslog, kernel, Java services, YARN, access logs, a proxy client).
 */
class GeneralRulesMoreTest {

    private static String typed(String line) {
        return new SignatureEngine(EngineConfig.defaults()).add(line).signature().template();
    }

    /** The live templates after feeding the lines, in order, to one engine. */
    private static Set<String> templates(String... lines) {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        Set<String> out = new HashSet<>();
        Signature[] sigs = new Signature[lines.length];
        for (int i = 0; i < lines.length; i++) {
            sigs[i] = e.add(lines[i]).signature();
        }
        for (Signature s : sigs) {
            out.add(e.resolve(s).template());
        }
        return out;
    }

    // ---- (c) name lists --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "pdsh: nodes cn12 cn13 cn14 not responding|pdsh: nodes <ID> not responding",
            "pdsh: nodes cn12 cn13 not responding|pdsh: nodes <ID> not responding",
            "Sending request to dadmin2 dadmin3 dadmin4: done|Sending request to <ID>: done",
    })
    void namesOfOneShapeInARowAreOneListValue(String line, String template) {
        assertEquals(template, typed(line));
    }

    @Test
    void listsOfAnyLengthShareOneSignature() {
        assertEquals(1, templates("pdsh: nodes cn12 cn13 not responding",
                "pdsh: nodes cn2 cn7 cn8 cn9 not responding", "pdsh: nodes cn40 cn41 cn42 not responding").size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a lone name stays as it is
            "ROOT LOGIN ON tty2|ROOT LOGIN ON tty2",
            // names of different stems are not one list
            "moved from sda1 sdb1 pool|moved from sda1 sdb1 pool",
            // a name then a separate word with a number
            "interface eth0 mtu 1500|interface eth0 mtu <NUM>",
    })
    void namesOfDifferentShapesStayApart(String line, String template) {
        assertEquals(template, typed(line));
    }

    // ---- (b) compound values -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ahci 0000:00:1f.2[A] link is down|ahci <ID> link is down",
            "probe of 0000:03:00.0 failed with error -22|probe of <ID> failed with error <NUM>",
            "device (0000:00:1f.2), irq 19|device (<ID>), irq <NUM>",
            "pci 00:1f.3: reg 0x10 BAR|pci <ID>: reg <HEX> BAR",
    })
    void aPciAddressWithItsSuffixIsOneValue(String line, String template) {
        assertEquals(template, typed(line));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a short clock is a time, not a short PCI address (no hex letter)
            "lap time 12:34.5 recorded|lap time <TIME> recorded",
    })
    void aClockIsNotAPciAddress(String line, String template) {
        assertEquals(template, typed(line));
    }

    @Test
    void anObfuscatedObjectReferenceIsOneValue() {
        assertEquals("Registered listener <ID> for events", typed("Registered listener com.example.app.g.c@3bd0e1 for events"));
        assertEquals(1, templates("Registered listener com.example.app.g.c@3bd0e1 for events",
                "Registered listener com.example.app.a.b@1f2e44 for events").size());
    }

    @Test
    void aRealClassNameKeepsItsNameAndOnlyItsHashVaries() {
        String t = typed("Peer org.example.quorum.QuorumPeer$QuorumServer@5c1a8a2a joined");
        assertTrue(t.contains("QuorumServer@"), t);
    }

    @Test
    void aYarnResourceIsOneValuePerField() {
        assertEquals(1, templates("Recalculating schedule, headroom=<memory:4096, vCores:2>",
                "Recalculating schedule, headroom=<memory:0, vCores:-9>",
                "Recalculating schedule, headroom=<memory:10240, vCores:11>").size());
    }

    @Test
    void aBracketedCompoundKeyIsOneValue() {
        assertEquals(1, templates("Flushing partition [2017-07-01,12,30]-1234 to disk",
                "Flushing partition [2026-03-14,0,5]-77 to disk").size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Creating event network-vif-plugged:0f3c9a2e-1b2c-4d5e-8f90-123456789abc for instance 7"
                    + "|Creating event network-vif-plugged:<UUID> for instance <NUM>",
            "Creating event network-vif-plugged:12345678-1234-1234-1234-123456789012 for instance 7"
                    + "|Creating event network-vif-plugged:<UUID> for instance <NUM>",
            // 35 chars: not a UUID, its parts are masked one by one as before
            "lease key:0f3c9a2e-1b2c-4d5e-8f90-123456789ab ok|lease key:<ID>-<ID>-<ID>-<ID>-<ID> ok",
    })
    void aUuidInsideACompoundTokenIsOneValue(String line, String template) {
        assertEquals(template, typed(line));
    }

    // ---- epochs after time keys ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "reload ts=1514038440000 done|reload ts=<TIME> done",
            "sensor lastTs=1514038440 value=12|sensor lastTs=<TIME> value=<NUM>",
            "upload start_time=1773446400 ok|upload start_time=<TIME> ok",
    })
    void anEpochAfterATimeKeyIsATime(String line, String template) {
        assertEquals(template, typed(line));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // not a time key
            "merge counts=1514038440 done|merge counts=<NUM> done",
            // a time key, but not an epoch
            "retry ts=12345 done|retry ts=<NUM> done",
    })
    void otherNumbersAfterKeysStayNumbers(String line, String template) {
        assertEquals(template, typed(line));
    }

    // ---- (c) quantity echo -----------------------------------------------------------------------------------

    @Test
    void aRestatedSizeDoesNotSplitTheEvent() {
        assertEquals(1, templates("chrome.exe - www.example.com:443 close, 1234 bytes (1.20 KB) sent, 5678 bytes received",
                "chrome.exe - www.example.com:443 close, 99 bytes sent, 5678 bytes received",
                "chrome.exe - www.example.com:443 close, 99 bytes sent, 5678 bytes (5.54 KB) received").size());
    }

    // ---- image names -----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "chrome.exe - www.example.com:443 open directly|<PATH> - <HOST> open directly",
            "loaded module KERNEL32.DLL at base|loaded module <PATH> at base",
            // not an image: a config file name, a class
            "config.xml loaded|config.xml loaded",
            "org.example.Main started|org.example.Main started",
    })
    void anImageNameIsAValue(String line, String template) {
        assertEquals(template, typed(line));
    }

    // ---- (d) event words -------------------------------------------------------------------------------------

    @Test
    void httpMethodsStayTheEventKind() {
        Set<String> t = templates(
                "10.0.0.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200",
                "10.0.0.2 \"POST /v2/servers/detail HTTP/1.1\" status: 202",
                "10.0.0.3 \"PUT /v2/servers/detail HTTP/1.1\" status: 200",
                "10.0.0.4 \"DELETE /v2/servers/detail HTTP/1.1\" status: 204",
                "10.0.0.5 \"GET /v2/servers/detail HTTP/1.1\" status: 200");
        assertEquals(4, t.size(), t.toString());
        assertTrue(t.stream().anyMatch(x -> x.contains("\"DELETE ")), t.toString());
    }

    @Test
    void stateNamesInATransitionStayText() {
        Set<String> t = templates(
                "attempt_1445_0020_m_000001_0 TaskAttempt Transitioned from NEW to UNASSIGNED",
                "attempt_1445_0020_m_000002_0 TaskAttempt Transitioned from UNASSIGNED to ASSIGNED",
                "attempt_1445_0020_m_000003_0 TaskAttempt Transitioned from ASSIGNED to RUNNING",
                "attempt_1445_0020_m_000004_0 TaskAttempt Transitioned from RUNNING to SUCCESS_CONTAINER_CLEANUP",
                "attempt_1445_0020_m_000005_0 TaskAttempt Transitioned from NEW to UNASSIGNED");
        assertEquals(4, t.size(), t.toString());
        assertTrue(t.contains("<ID> TaskAttempt Transitioned from NEW to UNASSIGNED"), t.toString());
    }

    @Test
    void frequentLifecycleWordsStayTheEventKind() {
        // each word is frequent before the next one appears: a closed vocabulary (VM lifecycle events)
        String[] lines = new String[31];
        for (int i = 0; i < 30; i++) {
            lines[i] = "[instance: 0f3c9a2e-1b2c-4d5e-8f90-" + String.format("%012d", i) + "] VM "
                    + (i % 2 == 0 ? "Paused" : "Resumed") + " (Lifecycle Event)";
        }
        lines[30] = "[instance: 0f3c9a2e-1b2c-4d5e-8f90-000000000099] VM Started (Lifecycle Event)";
        assertEquals(3, templates(lines).size());
    }

    @Test
    void lowerCaseNamesAreStillMergedAsAnOpenVocabulary() {
        Set<String> t = templates("Accepted password for alice from 10.0.0.1 port 4122 ssh2",
                "Accepted password for bob from 10.0.0.2 port 4188 ssh2",
                "Accepted password for carol from 10.0.0.3 port 4190 ssh2",
                "Accepted password for dave from 10.0.0.4 port 4191 ssh2");
        assertEquals(1, t.size(), t.toString());
    }

    // ---- bracketed head fields ------------------------------------------------------------------------------

    @Test
    void aBracketedFieldHeadingTheMessageIsGeneralised() {
        Set<String> t = templates("(root) CMD (run-parts /etc/cron.hourly)", "(backup) CMD (run-parts /etc/cron.daily)",
                "(nobody) CMD (run-parts /etc/cron.weekly)", "(root) CMD (run-parts /etc/cron.hourly)");
        assertEquals(1, t.size(), t.toString());
    }

    @Test
    void aBareFirstWordStillNamesTheEvent() {
        Set<String> t = templates("cupsd startup succeeded", "sshd startup succeeded", "xinetd startup succeeded",
                "rpc.statd startup succeeded");
        assertEquals(4, t.size(), t.toString());
    }
}
