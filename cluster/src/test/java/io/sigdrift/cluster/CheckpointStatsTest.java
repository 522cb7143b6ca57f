package io.sigdrift.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fixtures under {@code checkpoint-stats/} are Flink 2.3's REST answers, captured from a run of
 * {@code bin/bench checkpoint-pause --signatures 100000 --sources 200 --backends rocksdb --tm-memory 4g}: the
 * checkpoint overview ({@code /jobs/:id/checkpoints}) and checkpoint 3's subtask details of the job's three tasks.
 */
class CheckpointStatsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long TRIGGER_OF_CHECKPOINT_3 = 1796554315864L;

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = CheckpointStatsTest.class.getResourceAsStream("/checkpoint-stats/" + name)) {
            return JSON.readTree(in);
        }
    }

    static CheckpointStats.Checkpoint checkpoint3() throws IOException {
        Map<String, JsonNode> byTask = new LinkedHashMap<>();
        byTask.put("Source: input", fixture("chk-3-source.json"));
        byTask.put("signatures-and-counts", fixture("chk-3-signatures-and-counts.json"));
        byTask.put("dead-letters-json", fixture("chk-3-dead-letters.json"));
        return CheckpointStats.parse(CheckpointStats.historyEntry(fixture("checkpoints.json"), 3), byTask);
    }

    @Test
    void completedIdsLeaveOutTheCheckpointInProgress() throws IOException {
        assertEquals(List.of(1L, 2L, 3L), CheckpointStats.completedIds(fixture("checkpoints.json")));
    }

    @Test
    void aRealCheckpointIsReadWithEverySubtasksTimings() throws IOException {
        CheckpointStats.Checkpoint c = checkpoint3();
        assertEquals(3, c.id());
        assertEquals(TRIGGER_OF_CHECKPOINT_3, c.triggerMs());
        assertEquals(937, c.endToEndMs());
        assertEquals(29_461_533, c.stateSize());
        assertEquals(3, c.subtasks().size());
        CheckpointStats.Subtask count = c.slowest();
        assertEquals("signatures-and-counts", count.operator());
        assertEquals(852, count.syncMs());
        assertEquals(52, count.asyncMs());
        assertEquals(0, count.alignmentMs());
        assertEquals(9, count.startDelayMs());
        assertEquals(29_460_681, count.stateSize());
        // 937 end to end - 9 start delay - 0 alignment - 852 sync - 52 async
        assertEquals(24, count.unattributedMs());
    }

    @Test
    void theCheckpointsPauseIsItsSlowestSubtasks() throws IOException {
        CheckpointStats.Checkpoint c = checkpoint3();
        // count task 852 + 0, dead letters 18 + 0, source 2 + 0
        assertEquals(852, c.pauseMs());
        assertEquals(852, c.syncMs());
        assertEquals(52, c.asyncMs());
    }

    /** Two subtasks of one task, hand-written in the REST format: the longest sync and the longest alignment are on different subtasks. */
    static final String TWO_SUBTASKS = """
            {"id": 7, "status": "COMPLETED", "subtasks": [
              {"index": 0, "status": "completed", "end_to_end_duration": 400, "state_size": 1000,
               "checkpoint": {"sync": 300, "async": 40}, "alignment": {"buffered": 0, "processed": 0, "persisted": 0, "duration": 0},
               "start_delay": 10},
              {"index": 1, "status": "completed", "end_to_end_duration": 420, "state_size": 2000,
               "checkpoint": {"sync": 100, "async": 30}, "alignment": {"buffered": 0, "processed": 65536, "persisted": 0, "duration": 250},
               "start_delay": 20},
              {"index": 2, "status": "pending_or_failed"}
            ]}""";

    static final String HISTORY_ENTRY = """
            {"id": 7, "status": "COMPLETED", "trigger_timestamp": 1773446400000, "end_to_end_duration": 450, "state_size": 3000,
             "checkpointed_size": 3000}""";

    @Test
    void thePauseAddsSyncAndAlignmentOfOneSubtaskNotTheLargestOfEach() throws IOException {
        CheckpointStats.Checkpoint c = CheckpointStats.parse(JSON.readTree(HISTORY_ENTRY), Map.of("count", JSON.readTree(TWO_SUBTASKS)));
        assertEquals(350, c.pauseMs());   // subtask 1: 100 + 250, not 300 + 250
        assertEquals(300, c.syncMs());
        assertEquals(250, c.alignmentMs());
        assertEquals(1, c.slowest().index());
        assertEquals(65_536, c.alignmentBytes());
    }

    @Test
    void theLinePathPauseLeavesOutTheDeadLettersTaskWhoseAlignmentWaitsForTheCountTask() {
        CheckpointStats.Checkpoint c = new CheckpointStats.Checkpoint(4, 0, 9_000, 1, 1, List.of(
                new CheckpointStats.Subtask("Source: input", 0, 100, 0, 0, 10, 0, 5, 1),
                new CheckpointStats.Subtask("signatures-and-counts", 0, 9_000, 246, 8_000, 7, 0, 788, 1),
                new CheckpointStats.Subtask("dead-letters-json", 1, 900, 5, 0, 741, 0, 0, 1)));
        assertEquals(746, c.pauseMs(), "the dead letters' alignment is the slowest");
        assertEquals(253, c.linePathPauseMs(), "the count task's sync and alignment");
        assertEquals(new CheckpointStats.Spread(253, 253), CheckpointStats.summarize(List.of(c)).linePathPauseMs());
    }

    @Test
    void subtasksThatDidNotCompleteAreLeftOut() throws IOException {
        CheckpointStats.Checkpoint c = CheckpointStats.parse(JSON.readTree(HISTORY_ENTRY), Map.of("count", JSON.readTree(TWO_SUBTASKS)));
        assertEquals(2, c.subtasks().size());
    }

    @Test
    void somethingElseThanAHistoryEntryIsRefused() throws IOException {
        assertThrows(IllegalArgumentException.class,
                () -> CheckpointStats.parse(JSON.readTree("{\"counts\": {}}"), Map.of("count", JSON.readTree(TWO_SUBTASKS))));
    }

    static CheckpointStats.Checkpoint triggeredAt(long atMs, long pauseMs) {
        // state and written bytes grow with the pause so that the summary's columns can be told apart
        return new CheckpointStats.Checkpoint(atMs, atMs, pauseMs, 1_000 * pauseMs, 100 * pauseMs,
                List.of(new CheckpointStats.Subtask("count", 0, pauseMs, pauseMs, 0, 0, 0, 0, 0)));
    }

    @Test
    void onlyCheckpointsTriggeredWhileEverySignatureWasLiveAndLinesStillFlowedAreTaken() {
        long inputLines = 1_000;
        List<CheckpointStats.Sample> polls = List.of(
                new CheckpointStats.Sample(1_000, 100, 10, 0),
                new CheckpointStats.Sample(2_000, 300, 100, 50),
                new CheckpointStats.Sample(3_000, 500, 100, 100),
                new CheckpointStats.Sample(4_000, inputLines, 100, 100));
        CheckpointStats.Checkpoint beforeTheFirstPoll = triggeredAt(500, 1);
        CheckpointStats.Checkpoint baselinesMissing = triggeredAt(2_500, 2);
        CheckpointStats.Checkpoint atFullSize = triggeredAt(3_500, 3);
        CheckpointStats.Checkpoint afterTheInput = triggeredAt(4_500, 4);
        assertEquals(List.of(atFullSize), CheckpointStats.taken(List.of(beforeTheFirstPoll, baselinesMissing, atFullSize, afterTheInput),
                polls, 100, 100, inputLines));
    }

    @Test
    void fullSizeCheckpointsAreThoseNearTheLargestStateWhileLinesStillFlowedWithoutLiveGauges() {
        long inputLines = 1_000;
        // signature and baseline gauges never reach the wanted 100: taken() finds nothing, fullSize() does not need them
        List<CheckpointStats.Sample> polls = List.of(
                new CheckpointStats.Sample(1_000, 100, 10, 0),
                new CheckpointStats.Sample(3_000, 500, 60, 60),
                new CheckpointStats.Sample(4_000, inputLines, 60, 60));
        CheckpointStats.Checkpoint small = triggeredAt(2_000, 5);         // state 5,000
        CheckpointStats.Checkpoint nearLargest = triggeredAt(3_200, 95);  // 95,000: >= 0.9 x the largest
        CheckpointStats.Checkpoint largest = triggeredAt(3_500, 100);     // 100,000
        CheckpointStats.Checkpoint afterTheInput = triggeredAt(4_500, 99);
        CheckpointStats.Checkpoint beforeTheFirstPoll = triggeredAt(500, 98);
        List<CheckpointStats.Checkpoint> all = List.of(beforeTheFirstPoll, small, nearLargest, largest, afterTheInput);
        assertEquals(List.of(), CheckpointStats.taken(all, polls, 100, 100, inputLines));
        assertEquals(List.of(nearLargest, largest), CheckpointStats.fullSize(all, polls, 0.9, inputLines));
        assertEquals(List.of(), CheckpointStats.fullSize(List.of(), polls, 0.9, inputLines));
    }

    @Test
    void theSummaryGivesTheLowerMiddleAndTheLargest() {
        CheckpointStats.Summary s = CheckpointStats.summarize(List.of(triggeredAt(1, 5), triggeredAt(2, 1), triggeredAt(3, 3), triggeredAt(4, 9)));
        assertEquals(4, s.checkpoints());
        assertEquals(new CheckpointStats.Spread(3, 9), s.pauseMs());
        assertEquals(new CheckpointStats.Spread(3, 9), s.endToEndMs());
        assertEquals(new CheckpointStats.Spread(3_000, 9_000), s.stateSize());
        assertEquals(new CheckpointStats.Spread(300, 900), s.checkpointedSize());
    }

    @Test
    void noCheckpointsSummarizeToZeros() {
        CheckpointStats.Summary s = CheckpointStats.summarize(List.of());
        assertEquals(0, s.checkpoints());
        assertEquals(new CheckpointStats.Spread(0, 0), s.pauseMs());
    }

    @Test
    void aTaskIsNamedByTheFirstOperatorOfItsChain() {
        assertEquals("signatures-and-counts",
                CheckpointStats.firstOperator("signatures-and-counts -> (anomalies -> anomalies-json, counts-json -> counts-sink: Writer)"));
        assertEquals("Source: input", CheckpointStats.firstOperator("Source: input"));
    }

    @Test
    void theLargestSyncIsReportedPerTask() throws IOException {
        Map<String, Long> bySync = CheckpointStats.maxSyncByOperator(List.of(checkpoint3()));
        assertEquals(852L, bySync.get("signatures-and-counts"));
        assertEquals(18L, bySync.get("dead-letters-json"));
        assertTrue(bySync.containsKey("Source: input"));
    }
}
