package io.sigdrift.signatures.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.signatures.EngineConfig;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Attribution of LogCompare rows, on realistic sshd lines: a failed-password signature whose rise comes from one
 * address, one whose rise is spread evenly over the usual users and addresses, and new signatures.
 */
class LogCompareAttributionTest {
    private static final long SEED = 20260314L;
    private static final String SCANNER = "203.0.113.77";
    private static final int USERS = 40;
    private static final int ADDRESSES = 150;
    private static final int BASELINE_FAILURES = 2_000;
    private static final int FILLER = 2_000;
    private static final int SCANNER_FAILURES = 3_000;

    private static String failure(String user, String ip, int port) {
        return "Failed password for invalid user " + user + " from " + ip + " port " + port + " ssh2";
    }

    private static String accepted(int i, int port) {
        return "Accepted publickey for deploy from 10.1." + (i % 7) + "." + (i % 13) + " port " + port + " ssh2";
    }

    private static String user(int i) {
        return "user" + (i % USERS);
    }

    private static String address(int i) {
        return "198.51." + (i % ADDRESSES / 50) + "." + (i % ADDRESSES % 50 + 1);
    }

    /** The usual traffic: failures spread over the users and addresses, accepted keys. */
    private static void usual(LogCompare compare, boolean baseline, int failures, Random random) {
        for (int i = 0; i < failures; i++) {
            add(compare, baseline, failure(user(i), address(i * 7), 1024 + random.nextInt(60_000)));
        }
        for (int i = 0; i < FILLER; i++) {
            add(compare, baseline, accepted(i, 1024 + random.nextInt(60_000)));
        }
    }

    private static void add(LogCompare compare, boolean baseline, String line) {
        if (baseline) {
            compare.addBaseline(line);
        } else {
            compare.addTarget(line);
        }
    }

    private static CompareRow row(CompareResult result, String templatePrefix) {
        return result.rows().stream().filter(r -> r.template().startsWith(templatePrefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + templatePrefix + " in " + result.rows()));
    }

    @Test
    void aScannerAddressDominatingTheTargetIsNamedFirst() {
        Random random = new Random(SEED);
        LogCompare compare = new LogCompare();
        usual(compare, true, BASELINE_FAILURES, random);
        usual(compare, false, BASELINE_FAILURES, random);
        for (int i = 0; i < SCANNER_FAILURES; i++) {
            compare.addTarget(failure(user(i * 3), SCANNER, 1024 + random.nextInt(60_000)));
        }

        CompareRow failures = row(compare.result(), "Failed password");
        assertEquals(CompareKind.CHANGED, failures.kind());
        assertTrue(!failures.attribution().isEmpty(), failures.toString());
        AttributedValue top = failures.attribution().get(0);
        assertEquals(SCANNER, top.value());
        assertEquals("IP", top.type());
        assertEquals(SCANNER_FAILURES, top.windowCount());
        assertEquals(SCANNER_FAILURES / (double) (SCANNER_FAILURES + BASELINE_FAILURES), top.windowShare(), 1e-9);
        // the baseline held more addresses than its tally keeps: its count is the lossy counter's upper bound
        assertTrue(top.baselineShare() < 0.05, top.toString());
        assertTrue(top.pValue() < 1e-12, top.toString());
        assertTrue(failures.attribution().size() <= CompareConfig.DEFAULT_MAX_ATTRIBUTED);
        // the users the scanner tried are the usual ones in the usual proportions: none is named
        assertTrue(failures.attribution().stream().noneMatch(a -> a.value().startsWith("user")),
                failures.attribution().toString());
    }

    @Test
    void aRiseSpreadEvenlyOverTheUsualValuesNamesNothing() {
        Random random = new Random(SEED);
        LogCompare compare = new LogCompare();
        usual(compare, true, BASELINE_FAILURES / 4, random);
        usual(compare, false, BASELINE_FAILURES * 2, random);

        CompareRow failures = row(compare.result(), "Failed password");
        assertEquals(CompareKind.CHANGED, failures.kind());
        assertTrue(failures.ratio() > 3.0, failures.toString());
        assertEquals(List.of(), failures.attribution());
    }

    @Test
    void aNewSignatureCarriedByOneAddressNamesItAndOneSpreadOverManyNamesNothing() {
        Random random = new Random(SEED);
        LogCompare compare = new LogCompare();
        usual(compare, true, BASELINE_FAILURES, random);
        usual(compare, false, BASELINE_FAILURES, random);
        for (int i = 0; i < 300; i++) {
            compare.addTarget("Did not receive identification string from " + SCANNER + " port "
                    + (1024 + random.nextInt(60_000)));
            compare.addTarget("Received disconnect from " + address(i) + " port " + (1024 + random.nextInt(60_000))
                    + ":11: Bye Bye [preauth]");
        }

        CompareResult result = compare.result();
        CompareRow scanner = row(result, "Did not receive");
        assertEquals(CompareKind.NEW, scanner.kind());
        assertEquals(1, scanner.attribution().size(), scanner.toString());
        assertEquals(SCANNER, scanner.attribution().get(0).value());
        assertEquals(1.0, scanner.attribution().get(0).windowShare(), 1e-9);
        assertEquals(0, scanner.attribution().get(0).baselineCount());
        CompareRow spread = row(result, "Received disconnect");
        assertEquals(CompareKind.NEW, spread.kind());
        assertEquals(List.of(), spread.attribution());
    }

    @Test
    void aValueThatWasAConstantInTheBaselineIsComparedAfterTheTemplateGeneralises() {
        LogCompare compare = new LogCompare();
        for (int i = 0; i < 500; i++) {
            compare.addBaseline("session opened for user alice by (uid=0)");
        }
        for (int i = 0; i < FILLER; i++) {
            compare.addBaseline(accepted(i, 1024 + i));
            compare.addTarget(accepted(i, 2048 + i));
        }
        for (int i = 0; i < 500; i++) {
            compare.addTarget("session opened for user alice by (uid=0)");
        }
        for (int i = 0; i < 1_500; i++) {
            compare.addTarget("session opened for user mallory by (uid=0)");
        }

        CompareResult result = compare.result();
        CompareRow sessions = row(result, "session opened");
        assertEquals(CompareKind.CHANGED, sessions.kind(), result.rows().toString());
        assertEquals(1, sessions.attribution().size(), sessions.toString());
        AttributedValue mallory = sessions.attribution().get(0);
        assertEquals("mallory", mallory.value());
        assertEquals(0.75, mallory.windowShare(), 1e-9);
        assertEquals(0, mallory.baselineCount());
    }

    @Test
    void withAttributionOffNoValueIsCountedOrNamed() {
        Random random = new Random(SEED);
        LogCompare compare = new LogCompare(EngineConfig.defaults(),
                CompareConfig.of(CompareConfig.DEFAULT_ALPHA, false));
        usual(compare, true, BASELINE_FAILURES, random);
        usual(compare, false, BASELINE_FAILURES, random);
        for (int i = 0; i < SCANNER_FAILURES; i++) {
            compare.addTarget(failure(user(i), SCANNER, 1024 + random.nextInt(60_000)));
        }
        CompareRow failures = row(compare.result(), "Failed password");
        assertEquals(CompareKind.CHANGED, failures.kind());
        assertEquals(List.of(), failures.attribution());
    }
}
