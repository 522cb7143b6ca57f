package io.sigdrift.signatures.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogCompareTest {
    private static final int EVENTS = 1000;
    private static final String FREQUENT = "Failed password for root from 10.0.0.7 port 4242 ssh2";
    private static final String FILLER = "Connection closed by 10.0.0.9 [preauth]";
    private static final String ONE_OFF = "kernel panic not syncing: Fatal exception in interrupt handler";

    @Test
    void aTenfoldChangeOfAFrequentSignatureOutranksAOneOffNewLine() {
        LogCompare compare = new LogCompare();
        feed(compare, true, FREQUENT, 40, FILLER, EVENTS - 40);
        compare.addTarget(ONE_OFF);
        feed(compare, false, FREQUENT, 400, FILLER, EVENTS - 401);

        CompareResult result = compare.result();
        CompareRow frequent = row(result, FREQUENT.substring(0, 15)).orElseThrow();
        CompareRow oneOff = row(result, "kernel panic").orElseThrow();
        assertEquals(CompareKind.CHANGED, frequent.kind());
        assertEquals(CompareKind.NEW, oneOff.kind());
        assertTrue(frequent.rank() < oneOff.rank(), result.rows().toString());
        assertEquals(40, frequent.baselineCount());
        assertEquals(400, frequent.targetCount());
        assertEquals(10.0, frequent.ratio(), 0.1);
        assertEquals(Double.POSITIVE_INFINITY, oneOff.ratio());
    }

    @Test
    void aSignatureWithTheSameShareIsNotReported() {
        LogCompare compare = new LogCompare();
        feed(compare, true, FREQUENT, 100, FILLER, 900);
        feed(compare, false, FREQUENT, 200, FILLER, 1800);
        CompareResult result = compare.result();
        assertEquals(List.of(), result.rows());
        assertEquals(2, result.unchanged());
        assertEquals(1000, result.baselineEvents());
        assertEquals(2000, result.targetEvents());
    }

    @Test
    void aSignatureMissingFromTheTargetIsGone() {
        LogCompare compare = new LogCompare();
        feed(compare, true, FREQUENT, 100, FILLER, 900);
        feed(compare, false, FREQUENT, 0, FILLER, 1000);
        CompareResult result = compare.result();
        CompareRow gone = row(result, "Failed password").orElseThrow();
        assertEquals(CompareKind.GONE, gone.kind());
        assertEquals(0.0, gone.ratio());
        assertEquals(100, gone.baselineCount());
        assertEquals(1, result.goneSignatures());
    }

    @Test
    void bothInputsShareOneEngineSoIdsAgree() {
        LogCompare compare = new LogCompare();
        String b = compare.addBaseline(FREQUENT);
        String t = compare.addTarget(FREQUENT);
        assertEquals(b, t);
    }

    /**
     * Two users in the baseline stay constant templates; new users in the target make the engine generalise
     * one of them into "user <*>". The generalised signature must carry the baseline count of the template it
     * came from (so it is CHANGED, not NEW), exactly the baseline lines whose ids resolve to it.
     */
    @Test
    void aBaselineTemplateThatGeneralisesInTheTargetKeepsItsBaselineCount() {
        LogCompare compare = new LogCompare();
        List<String> baselineIds = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String line = i % 20 == 0 ? "session opened for user bob by sshd"
                    : i % 20 == 10 ? "session opened for user carol by sshd" : FILLER;
            baselineIds.add(compare.addBaseline(line));
        }
        String[] newUsers = {"dave", "erin", "frank", "grace"};
        for (int i = 0; i < 1000; i++) {
            compare.addTarget(i % 2 == 0 ? "session opened for user " + newUsers[i / 2 % 4] + " by sshd" : FILLER);
        }
        CompareRow general = row(compare.result(), "session opened for user <*>").orElseThrow();
        long fromBaseline = baselineIds.stream().filter(id -> compare.resolve(id).equals(general.id())).count();
        assertTrue(fromBaseline > 0, "a baseline template generalised into " + general);
        assertEquals(fromBaseline, general.baselineCount());
        assertEquals(CompareKind.CHANGED, general.kind());
    }

    @Test
    void manySmallChangesDoNotOutrankOneLargeOne() {
        LogCompare compare = new LogCompare();
        for (int i = 0; i < 20; i++) {
            compare.addBaseline(FILLER);
        }
        feed(compare, true, FREQUENT, 200, FILLER, 780);
        for (int i = 0; i < 5; i++) {
            compare.addTarget("rare event number " + "abcde".charAt(i) + " happened once in module x" + "abcde".charAt(i));
        }
        feed(compare, false, FREQUENT, 20, FILLER, 975);
        CompareResult result = compare.result();
        assertEquals(CompareKind.CHANGED, result.rows().get(0).kind(), result.rows().toString());
        assertTrue(result.rows().get(0).template().startsWith("Failed password"));
        assertTrue(result.rows().get(0).score() > 100);
        assertEquals(1, compare.result(1).rows().size());
    }

    private static void feed(LogCompare compare, boolean baseline, String a, int aCount, String b, int bCount) {
        // interleave, as real logs do
        int total = aCount + bCount;
        int doneA = 0;
        for (int i = 0; i < total; i++) {
            boolean pickA = doneA < aCount && (long) (i + 1) * aCount / total > doneA;
            String line = pickA ? a : b;
            doneA += pickA ? 1 : 0;
            if (baseline) {
                compare.addBaseline(line);
            } else {
                compare.addTarget(line);
            }
        }
    }

    private static Optional<CompareRow> row(CompareResult result, String templatePrefix) {
        return result.rows().stream().filter(r -> r.template().startsWith(templatePrefix)).findFirst();
    }
}
