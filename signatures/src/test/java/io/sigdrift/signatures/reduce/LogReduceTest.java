package io.sigdrift.signatures.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.signatures.EngineConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogReduceTest {
    private static final int FAILED = 30;
    private static final int CLOSED = 10;

    @Test
    void rowsAreRankedByCountWithSharesThatSumToOne() {
        LogReduce reduce = new LogReduce();
        for (int i = 0; i < CLOSED; i++) {
            reduce.add("Connection closed by 10.0.0." + i + " [preauth]");
        }
        for (int i = 0; i < FAILED; i++) {
            reduce.add("Failed password for root from 192.168.1." + i + " port " + (40000 + i) + " ssh2");
        }
        List<ReduceRow> rows = reduce.rows();
        assertEquals(2, rows.size(), rows.toString());
        assertEquals(1, rows.get(0).rank());
        assertEquals(FAILED, rows.get(0).count());
        assertTrue(rows.get(0).template().startsWith("Failed password for root from "), rows.get(0).template());
        assertEquals(CLOSED, rows.get(1).count());
        assertEquals(0.75, rows.get(0).share(), 1e-9);
        assertEquals(1.0, rows.get(0).share() + rows.get(1).share(), 1e-9);
        assertTrue(rows.get(0).example().startsWith("Failed password for root from 192.168.1.0 port"));
        assertEquals(1, reduce.rows(1).size());
    }

    @Test
    void countsFollowLineageToTheFinalSignature() {
        LogReduce reduce = new LogReduce();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(reduce.add("session opened for user alice by sshd"));
        }
        ids.add(reduce.add("session opened for user bob by sshd"));
        ids.add(reduce.add("session opened for user carol by sshd"));

        List<ReduceRow> rows = reduce.rows();
        assertEquals(1, rows.size(), "the three users must end in one generalised signature: " + rows);
        ReduceRow row = rows.get(0);
        assertEquals(7, row.count());
        assertEquals("session opened for user <*> by sshd", row.loghubTemplate());
        for (String id : ids) {
            assertEquals(row.id(), reduce.resolve(id), "every id handed out resolves to the final one");
        }
        assertEquals(row.loghubTemplate(), reduce.loghubTemplate(ids.get(0)));
    }

    @Test
    void parameterSummaryCoversEventsSeenBeforeThePositionGeneralised() {
        LogReduce reduce = new LogReduce();
        for (int i = 0; i < 5; i++) {
            reduce.add("session opened for user alice by sshd");
        }
        reduce.add("session opened for user bob by sshd");
        reduce.add("session opened for user carol by sshd");
        ReduceRow row = reduce.rows().get(0);
        ParameterSummary user = onlyParameterWithValue(row, "alice");
        assertEquals(7, user.events());
        assertEquals(3, user.distinct());
        assertTrue(user.exact());
        assertEquals(List.of(new ValueCount("alice", 5), new ValueCount("bob", 1), new ValueCount("carol", 1)),
                user.top());
    }

    @Test
    void typedParametersAreSummarisedByPosition() {
        LogReduce reduce = new LogReduce();
        String[] ips = {"10.1.1.1", "10.1.1.1", "10.1.1.1", "10.2.2.2"};
        for (String ip : ips) {
            reduce.add("Accepted password for admin from " + ip + " port 22 ssh2");
        }
        ReduceRow row = reduce.rows().get(0);
        assertEquals(ips.length, row.count());
        ParameterSummary ip = onlyParameterWithValue(row, "10.1.1.1");
        assertEquals(2, ip.distinct());
        assertEquals(new ValueCount("10.1.1.1", 3), ip.top().get(0));
    }

    @Test
    void valueSummariesStayBoundedAndKeepTheFrequentValue() {
        int tracked = 8;
        LogReduce reduce = new LogReduce(EngineConfig.defaults(),
                ReduceConfig.builder().maxTrackedValues(tracked).topValues(3).build());
        Random random = new Random(7);
        int root = 0;
        for (int i = 0; i < 1000; i++) {
            String user = i % 5 == 0 ? "root" : "u" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36).replaceAll("[0-9]", "x");
            root += user.equals("root") ? 1 : 0;
            reduce.add("Invalid user " + user + " from 10.0.0.1");
        }
        ReduceRow row = reduce.rows().get(0);
        assertEquals(1000, row.count());
        ParameterSummary user = onlyParameterWithValue(row, "root");
        assertFalse(user.exact(), "more distinct values than tracked: the count must be marked as a lower bound");
        assertTrue(user.distinct() >= tracked);
        assertEquals(new ValueCount("root", root), user.top().get(0));
        assertTrue(user.top().size() <= 3);
    }

    @Test
    void evictedSignaturesAreCountedNotDropped() {
        int bound = 50;
        LogReduce reduce = new LogReduce(EngineConfig.builder().maxSignatures(bound).build(),
                ReduceConfig.builder().maxTrackedSignatures(bound).build());
        Random random = new Random(11);
        int events = 2000;
        for (int i = 0; i < events; i++) {
            reduce.add(word(random) + " " + word(random) + " " + word(random) + " " + word(random));
        }
        ReduceTotals totals = reduce.totals();
        long reported = reduce.rows().stream().mapToLong(ReduceRow::count).sum();
        assertEquals(events, totals.events());
        assertEquals(events, reported + totals.evictedEvents(), "every event is in a row or in the evicted total");
        assertTrue(totals.evictedSignatures() > 0, "random lines must overflow the bound: " + totals);
        assertTrue(totals.signatures() <= bound + 1, "tracked signatures stay within the bound: " + totals);
    }

    @Test
    void assignmentsReportTheFinalSignatureOfEveryLineInOrder() throws Exception {
        LogReduce reduce = new LogReduce();
        Assignments assignments = new Assignments(reduce);
        String[] lines = {
            "session opened for user alice by sshd",
            "Connection closed by 10.0.0.1 [preauth]",
            null, // a skipped line (blank in the input)
            "session opened for user bob by sshd",
        };
        for (int i = 0; i < lines.length; i++) {
            if (lines[i] == null) {
                assignments.recordSkipped(i + 1);
            } else {
                assignments.record(i + 1, reduce.add(lines[i]));
            }
        }
        Map<Long, String[]> rows = new HashMap<>();
        List<Long> order = new ArrayList<>();
        assignments.forEach((line, id, template) -> {
            rows.put(line, new String[] {id, template});
            order.add(line);
        });
        assertEquals(List.of(1L, 2L, 3L, 4L), order);
        assertEquals(rows.get(1L)[0], rows.get(4L)[0], "alice's line moved to the generalised signature");
        assertEquals("session opened for user <*> by sshd", rows.get(1L)[1]);
        assertNotNull(reduce.template(rows.get(1L)[0]));
        assertEquals("", rows.get(3L)[0]);
        assertEquals("", rows.get(3L)[1]);
        assertTrue(!rows.get(2L)[0].equals(rows.get(1L)[0]));
    }

    static ParameterSummary onlyParameterWithValue(ReduceRow row, String value) {
        List<ParameterSummary> hits = row.parameters().stream()
                .filter(p -> p.top().stream().anyMatch(v -> v.value().equals(value)))
                .toList();
        assertEquals(1, hits.size(), "one position carries " + value + ": " + row.parameters());
        return hits.get(0);
    }

    private static String word(Random random) {
        char[] c = new char[6];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(c);
    }
}
