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
    /** Five distinct users (top values fit in the default 5), alice repeated. */
    private static final String[] USERS = {"bob", "carol", "dave", "alice", "alice", "alice", "erin"};

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

    /**
     * Users arriving one by one make the engine generalise "user X" into "user <*>" at some point (which
     * sibling it generalises is the engine's choice): every line must be counted under the signature its
     * id resolves to at the end, so per-row counts equal the number of lines resolving to that row.
     */
    @Test
    void countsFollowLineageToTheFinalSignature() {
        LogReduce reduce = new LogReduce();
        List<String> ids = new ArrayList<>();
        for (String user : USERS) {
            ids.add(reduce.add("session opened for user " + user + " by sshd"));
        }
        assertTrue(reduce.totals().generalisations() > 0, "the scenario must make a template generalise");
        boolean someIdMoved = false;
        Map<String, Long> linesPerFinalId = new HashMap<>();
        for (String id : ids) {
            String last = reduce.resolve(id);
            someIdMoved |= !last.equals(id);
            linesPerFinalId.merge(last, 1L, Long::sum);
        }
        assertTrue(someIdMoved, "an id handed out before the generalisation resolves to the new one");
        List<ReduceRow> rows = reduce.rows();
        for (ReduceRow row : rows) {
            assertEquals(linesPerFinalId.getOrDefault(row.id(), 0L), row.count(), row.toString());
        }
        assertEquals(USERS.length, rows.stream().mapToLong(ReduceRow::count).sum());
        assertTrue(rows.stream().anyMatch(r -> r.loghubTemplate().equals("session opened for user <*> by sshd")),
                rows.toString());
    }

    /**
     * The engine can fold a sibling (here "root") into a generalised signature and record it only as an
     * ancestor, not as a Match's previous id. No reported row may be such a folded ancestor, and each
     * row's count must still equal the lines whose ids resolve to it.
     */
    @Test
    void siblingsFoldedByTheEngineAreCountedUnderTheSignatureThatAbsorbedThem() {
        LogReduce reduce = new LogReduce();
        List<String> ids = new ArrayList<>();
        String[] users = {"uucp", "ftp", "git", "mysql", "admin"};
        for (int i = 0; i < 400; i++) {
            String user = i < 100 || i % 3 != 0 ? "root" : users[i % users.length];
            ids.add(reduce.add("Failed password for " + user + " from 10.0.0." + (i % 7) + " port " + (40000 + i)
                    + " ssh2"));
        }
        Map<String, Long> linesPerFinalId = new HashMap<>();
        for (String id : ids) {
            linesPerFinalId.merge(reduce.resolve(id), 1L, Long::sum);
        }
        java.util.Set<String> foldedAncestors = new java.util.HashSet<>();
        for (io.sigdrift.signatures.Signature s : reduce.engine().signatures()) {
            for (String a : s.ancestors()) {
                if (reduce.engine().signature(a) == null) {
                    foldedAncestors.add(a);
                }
            }
        }
        for (ReduceRow row : reduce.rows()) {
            assertFalse(foldedAncestors.contains(row.id()), "row of a folded ancestor: " + row);
            assertEquals(linesPerFinalId.getOrDefault(row.id(), 0L), row.count(), row.toString());
        }
        assertEquals(400, reduce.rows().stream().mapToLong(ReduceRow::count).sum());
    }

    @Test
    void parameterSummaryCoversEventsSeenBeforeThePositionGeneralised() {
        LogReduce reduce = new LogReduce();
        List<String> ids = new ArrayList<>();
        for (String user : USERS) {
            ids.add(reduce.add("session opened for user " + user + " by sshd"));
        }
        ReduceRow general = reduce.rows().stream().filter(r -> r.template().contains("<*>")).findFirst().orElseThrow();
        assertEquals(1, general.parameters().size(), general.toString());
        ParameterSummary user = general.parameters().get(0);
        assertEquals(general.count(), user.events(), "every event of the row has a value, also those before");
        assertTrue(user.exact());
        assertTrue(user.distinct() <= user.top().size(), "at most five users: all values are listed");
        assertEquals(general.count(), user.top().stream().mapToLong(ValueCount::count).sum(),
                "the listed values account for every event of the row");
        for (int i = 0; i < ids.size(); i++) {
            if (!ids.get(i).equals(general.id()) && reduce.resolve(ids.get(i)).equals(general.id())) {
                String moved = USERS[i];
                assertTrue(user.top().stream().anyMatch(v -> v.value().equals(moved)),
                        moved + " was absorbed before the generalisation and must be in " + user);
            }
        }
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
        assertTrue(row.count() > 900, "nearly all lines share one signature: " + row);
        ParameterSummary user = onlyParameterWithValue(row, "root");
        assertFalse(user.exact(), "more distinct values than tracked: the count must be marked as a lower bound");
        assertTrue(user.distinct() >= tracked);
        assertEquals("root", user.top().get(0).value());
        assertTrue(user.top().get(0).count() >= root * 0.95, "the frequent value keeps (nearly) its count: " + user);
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
        List<String> lines = new ArrayList<>();
        for (String user : USERS) {
            lines.add("session opened for user " + user + " by sshd");
        }
        lines.add(2, null); // a skipped line (blank in the input)
        lines.add("Connection closed by 10.0.0.1 [preauth]");
        List<String> handedOut = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i) == null) {
                assignments.recordSkipped(i + 1);
                handedOut.add(null);
            } else {
                String id = reduce.add(lines.get(i));
                assignments.record(i + 1, id);
                handedOut.add(id);
            }
        }
        List<Long> order = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        assignments.forEach((line, id, template) -> {
            order.add(line);
            rows.add(new String[] {id, template});
        });
        assertEquals(lines.size(), order.size());
        boolean moved = false;
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 1L, order.get(i));
            if (lines.get(i) == null) {
                assertEquals("", rows.get(i)[0]);
                assertEquals("", rows.get(i)[1]);
                continue;
            }
            String last = reduce.resolve(handedOut.get(i));
            moved |= !last.equals(handedOut.get(i));
            assertEquals(last, rows.get(i)[0], "line " + (i + 1) + " is reported with its final signature");
            assertEquals(reduce.loghubTemplate(last), rows.get(i)[1]);
        }
        assertTrue(moved, "the scenario must move a line to a generalised signature");
        assertTrue(rows.stream().anyMatch(r -> r[1].equals("session opened for user <*> by sshd")));
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
