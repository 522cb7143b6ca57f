package io.sigdrift.signatures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The third round of general rules for issue 10, aimed at parsing accuracy (where a value ends, what stays text):
 * request-line protocol versions, field names of colon pairs, fixed units after integers, the closing punctuation
 * of a comma list, and the punctuation after a merged value. Lines are written for these tests in the shape of
 * common logs (web and API access logs, driver status lines, cloud resource trackers, HDFS clients).
 */
class GeneralRulesThirdRoundTest {

    private static String typed(String line) {
        return new SignatureEngine(EngineConfig.defaults()).add(line).signature().template();
    }

    /** The live templates (Loghub notation) after feeding the lines, in order, to one engine. */
    private static Set<String> templates(String... lines) {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        Signature[] sigs = new Signature[lines.length];
        for (int i = 0; i < lines.length; i++) {
            sigs[i] = e.add(lines[i]).signature();
        }
        Set<String> out = new HashSet<>();
        for (Signature s : sigs) {
            out.add(e.resolve(s).loghubTemplate());
        }
        return out;
    }

    // ---- protocol versions ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "10.4.0.9 \"GET /api/v1/items HTTP/1.1\" status: 200 len: 512|<IP> \"GET <PATH> HTTP/1.1\" status: <NUM> len: <NUM>",
            "proxy: upstream answered HTTP/2 in 12 ms|proxy: upstream answered HTTP/2 in <NUM> ms",
            "INVITE sip:alice@example.org SIP/2.0 from 10.0.0.4|INVITE sip:alice@example.org SIP/2.0 from <IP>",
    })
    void aRequestLineProtocolVersionStaysText(String line, String template) {
        assertEquals(template, typed(line));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a product version in a user agent is a value; so is a version that is not a protocol's
            "client Mozilla/5.0 connected|client Mozilla/<NUM> connected",
            "installed nginx/1.25.3 on host|installed nginx/<NUM> on host",
            // a path that happens to start with the protocol's letters
            "GET HTTP/1.1.5 failed|GET HTTP/<NUM> failed",
    })
    void otherNameSlashVersionTokensStayValues(String line, String template) {
        assertEquals(template, typed(line));
    }

    // ---- colon pairs -----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "radio coex: enable_2G:1, profile_2g:0, enable_5G:1|radio coex: enable_2G:<NUM>, profile_2g:<NUM>, enable_5G:<NUM>",
            "link state wlan24:down after reset|link state wlan24:down after reset",
            "queue stats rx_q3:1200 tx_q3:877|queue stats rx_q3:<NUM> tx_q3:<NUM>",
    })
    void theKeyOfAColonPairIsAFieldNameEvenWithDigits(String line, String template) {
        assertEquals(template, typed(line));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a host with a port, a host:host pair, a time and an identifier with a long number
            "connected to node41:8030 ok|connected to <HOST> ok",
            "record updated for cp-7.example.com:cp-7.example.com|record updated for cp-<NUM>.example.com:cp-<NUM>.example.com",
            "started at T12:30 today|started at <ID> today",
            "task blk_1073741825:done|task <ID>:done",
    })
    void otherColonTokensAreNotFieldPairs(String line, String template) {
        assertEquals(template, typed(line));
    }

    // ---- scoped names -----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ARPT: 620701.200442: AirPort_Brcm43xx::platformWoWEnable: WWEN[enable]|ARPT: <NUM>: AirPort_Brcm43xx::platformWoWEnable: WWEN[enable]",
            "net: Http2Session::onFrame dropped frame 7|net: Http2Session::onFrame dropped frame <NUM>",
            "v8::Isolate created for worker 3|v8::Isolate created for worker <NUM>",
    })
    void aNameJoinedByTheScopeOperatorIsCodeEvenWithDigits(String line, String template) {
        assertEquals(template, typed(line));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a number after the operator, an IPv6 address, and a digit name with no scope operator
            "onTouchEvent::1 handled|onTouchEvent::<NUM> handled",
            "bound to fe80::1ff:fe23:4567 on eth0|bound to <IP> on eth0",
            "AirPort_Brcm43xx: link up|AirPort_<ID>: link up",
    })
    void otherDigitsNearColonsStayValues(String line, String template) {
        assertEquals(template, typed(line));
    }

    // ---- fixed marks: a floor bound and a bitness mark ---------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "chrome.exe - www.example.com:443 close, 1093 bytes sent, 66 bytes received, lifetime <1 sec|<PATH> - <HOST> close, <NUM> bytes sent, <NUM> bytes received, lifetime <1 sec",
            "  1    <1 ms    <1 ms    <1 ms  gw.example.net [10.0.0.1]|<NUM> <1 ms <1 ms <1 ms gw.example.net [<IP>]",
            "Teams.exe *32 - 10.8.1.4:443 open through proxy proxy1.example.com:3128 HTTPS|<PATH> *32 - <IP> open through proxy <HOST> HTTPS",
    })
    void aFloorBoundAndABitnessMarkAreFixedText(String line, String template) {
        assertEquals(template, typed(line));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a real duration, a syslog-style priority, a star count not after an image, and a longer bound
            "connection closed, lifetime 00:14|connection closed, lifetime <TIME>",
            "kernel <5> link up|kernel <<NUM>> link up",
            "rating *64 stars|rating *<NUM> stars",
            "queue depth <128 items|queue depth <<NUM> items",
    })
    void otherNumbersWithPunctuationStayValues(String line, String template) {
        assertEquals(template, typed(line));
    }

    // ---- units ------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "claim: memory 2048 MB, disk 20 GB, vcpus 2 CPU|claim: memory <NUM> MB, disk <NUM> GB, vcpus <NUM> CPU",
            "heap after collection 512 MB|heap after collection <NUM> MB",
    })
    void aUnitAfterAnIntegerIsTheFormatsFixedUnit(String line, String template) {
        assertEquals(template, typed(line));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "block cached (estimated size 5.2 KB, free 14.0 GB)|block cached (estimated size <NUM>, free <NUM>)",
            "download finished: 1,5 MB in 3 s|download finished: <NUM> in <NUM> s",
    })
    void aUnitAfterAFractionIsPartOfTheScaledValue(String line, String template) {
        assertEquals(template, typed(line));
    }

    @Test
    void scaledSizesOfDifferentUnitsShareOneSignature() {
        assertEquals(1, templates("block cached (estimated size 5.2 KB, free 14.0 GB)",
                "block cached (estimated size 812.0 B, free 1.1 TB)",
                "block cached (estimated size 3.9 MB, free 900.5 MB)").size());
    }

    // ---- comma lists ------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "recovery in pipeline 10.0.0.1:50010, 10.0.0.2:50010: bad datanode 10.0.0.2:50010|recovery in pipeline <IP>: bad datanode <IP>",
            "recovery in pipeline 10.0.0.1:50010, 10.0.0.2:50010, 10.0.0.3:50010: bad datanode 10.0.0.2:50010|recovery in pipeline <IP>: bad datanode <IP>",
            "peers are node-1.lab:7000, node-2.lab:7000.|peers are <HOST>.",
    })
    void aCommaListClosedByOtherPunctuationIsOneValue(String line, String template) {
        assertEquals(template, typed(line));
    }

    @Test
    void aListAndASingleValueBeforeTheSamePunctuationShareOneSignature() {
        assertEquals(Set.of("recovery in pipeline <*>: bad datanode <*>"),
                templates("recovery in pipeline 10.0.0.1:50010: bad datanode 10.0.0.1:50010",
                        "recovery in pipeline 10.0.0.1:50010, 10.0.0.7:50010: bad datanode 10.0.0.7:50010"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // values of different types, and numbers (often a fixed tuple), are not one list
            "route 10.0.0.1:80, /var/run/app.sock: ready|route <IP>, <PATH>: ready",
            "window 10, 20: moved|window <NUM>, <NUM>: moved",
    })
    void mixedOrNumericNeighboursAreNotAList(String line, String template) {
        assertEquals(template, typed(line));
    }

    // ---- punctuation after a merged value -------------------------------------------------------------------------

    @Test
    void theFullStopAfterAValueSurvivesAMergeOfTwoValueTypes() {
        assertEquals(Set.of("Retrying connect to server: <*>. Already tried <*> time(s)"),
                templates("Retrying connect to server: rm-1.cluster.example:8030. Already tried 3 time(s)",
                        "Retrying connect to server: 10.2.0.7:8030. Already tried 0 time(s)",
                        "Retrying connect to server: worker-9/10.2.0.8:8032. Already tried 9 time(s)"));
    }

    @Test
    void punctuationAfterAValueInBothTokensIsKeptByTheMerge() {
        String host = MaskType.HOST.marker() + ".";
        char[] ip = (MaskType.IP.marker() + ".").toCharArray();
        StringBuilder out = new StringBuilder();
        TokenMerge.merge(host, 0, host.length(), ip, 0, ip.length, out);
        assertEquals(MaskType.ANY.marker() + ".", out.toString());
    }

    @Test
    void aFullStopAfterAWordIsNotKeptApartFromTheWord() {
        // "alpha." vs "beta.": the '.' may end a sentence or join a name; without a value before it the whole
        // token is the variable, as before
        String a = "alpha.";
        char[] b = "beta.".toCharArray();
        StringBuilder out = new StringBuilder();
        TokenMerge.merge(a, 0, a.length(), b, 0, b.length, out);
        assertEquals(String.valueOf(MaskType.ANY.marker()), out.toString());
    }
}
