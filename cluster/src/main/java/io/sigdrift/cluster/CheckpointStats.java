package io.sigdrift.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * One checkpoint's timings as Flink's REST API reports them, per subtask, and their p50/max over several
 * checkpoints: the figures of the checkpoint pause benchmark ({@link CheckpointPauseProbe}). Pure: it reads
 * JSON trees that the caller fetched ({@code /jobs/:id/checkpoints} and
 * {@code /jobs/:id/checkpoints/details/:cid/subtasks/:vid}), so a fixed fixture tests it.
 *
 * <p><b>Pause</b>, per subtask, is what stops that subtask's record processing for the checkpoint: the
 * synchronous part ({@code checkpoint.sync}: the task thread runs the operators' {@code snapshotState} — for
 * sigdrift the write-back of every changed source's state — and the state backend's synchronous snapshot)
 * plus the barrier alignment ({@code alignment.duration}: inputs that delivered the barrier are blocked until
 * every input did). A checkpoint's pause is the largest over its subtasks. The asynchronous part (the upload
 * of the snapshot) runs beside the processing and is reported beside the pause, not in it; the start delay
 * (trigger to the first barrier at a subtask) is how long the barrier queued behind records, not a pause.
 */
public final class CheckpointStats {
    /** The first operator of the dead-letters sink's task (the job's {@code dead-letters-json}). */
    static final String DEAD_LETTERS = "dead-letters";

    /** One subtask's part of one completed checkpoint; durations in ms, sizes in bytes. */
    public record Subtask(String operator, int index, long endToEndMs, long syncMs, long asyncMs, long alignmentMs, long alignmentBytes,
                          long startDelayMs, long stateSize) {
        public long pauseMs() {
            return syncMs + alignmentMs;
        }

        /**
         * The part of the subtask's end-to-end time that Flink does not attribute: mostly the operators'
         * {@code prepareSnapshotPreBarrier} (the Kafka sinks flush their producers there, before the barrier goes
         * on, on the task thread) and the acknowledgement's trip to the JobManager. An upper bound of the pause
         * that the sync figure leaves out.
         */
        public long unattributedMs() {
            return Math.max(0, endToEndMs - startDelayMs - alignmentMs - syncMs - asyncMs);
        }
    }

    /**
     * One completed checkpoint: Flink's checkpoint-level figures and every subtask's. {@code stateSize} is the
     * whole state; {@code checkpointedSize} what this checkpoint wrote (less than the state with incremental
     * RocksDB checkpoints, which upload only new files).
     */
    public record Checkpoint(long id, long triggerMs, long endToEndMs, long stateSize, long checkpointedSize, List<Subtask> subtasks) {
        public Checkpoint {
            subtasks = List.copyOf(subtasks);
        }

        public long pauseMs() {
            return max(Subtask::pauseMs);
        }

        /**
         * The pause of the tasks that carry lines: every task but the dead-letters sink. Why apart: that task's second
         * input comes from the count task, whose barrier leaves only after the count task's own sync part, so its
         * alignment is about the count task's start delay plus sync; while it aligns it holds back only the parse
         * tasks' dead letters (buffered upstream), not a single line. Both figures are printed.
         */
        public long linePathPauseMs() {
            return subtasks.stream().filter(s -> !s.operator().startsWith(DEAD_LETTERS)).mapToLong(Subtask::pauseMs).max().orElse(0);
        }

        public long syncMs() {
            return max(Subtask::syncMs);
        }

        public long alignmentMs() {
            return max(Subtask::alignmentMs);
        }

        public long asyncMs() {
            return max(Subtask::asyncMs);
        }

        public long startDelayMs() {
            return max(Subtask::startDelayMs);
        }

        public long unattributedMs() {
            return max(Subtask::unattributedMs);
        }

        public long alignmentBytes() {
            return subtasks.stream().mapToLong(Subtask::alignmentBytes).sum();
        }

        /** The subtask with the longest pause (ties: the first listed). */
        public Subtask slowest() {
            Subtask best = null;
            for (Subtask s : subtasks) {
                if (best == null || s.pauseMs() > best.pauseMs()) {
                    best = s;
                }
            }
            return best;
        }

        private long max(ToLongFunction<Subtask> f) {
            return subtasks.stream().mapToLong(f).max().orElse(0);
        }
    }

    /** p50 and max of one quantity over several checkpoints. */
    public record Spread(long p50, long max) {}

    /** What the probe prints for one run: each quantity's spread over the checkpoints that qualified. */
    public record Summary(int checkpoints, Spread pauseMs, Spread linePathPauseMs, Spread syncMs, Spread alignmentMs, Spread asyncMs, Spread startDelayMs,
                          Spread unattributedMs, Spread endToEndMs, Spread alignmentBytes, Spread stateSize, Spread checkpointedSize) {}

    /**
     * What the job said at one poll (wall-clock ms of the poll): lines its count operator has read, and its live
     * signatures and baselines (gauges).
     */
    public record Sample(long atMs, long linesIn, long signatures, long baselines) {}

    private CheckpointStats() {}

    /**
     * A task's name is its chain of operators ({@code "a -> (b -> c, d)"}); the first one names the task (the
     * count operator's task also runs the anomaly stage and three sinks).
     */
    public static String firstOperator(String taskName) {
        int i = taskName.indexOf(" -> ");
        return i < 0 ? taskName : taskName.substring(0, i);
    }

    /** Ids of the COMPLETED checkpoints (not savepoints) in {@code /jobs/:id/checkpoints}'s history, oldest first. */
    public static List<Long> completedIds(JsonNode overview) {
        List<Long> ids = new ArrayList<>();
        for (JsonNode c : overview.path("history")) {
            if (c.path("status").asText().equals("COMPLETED") && !c.path("is_savepoint").asBoolean(false)) {
                ids.add(c.path("id").asLong());
            }
        }
        ids.sort(Long::compare);
        return ids;
    }

    /** The history entry of checkpoint {@code id}, or a missing node. */
    public static JsonNode historyEntry(JsonNode overview, long id) {
        for (JsonNode c : overview.path("history")) {
            if (c.path("id").asLong() == id) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /**
     * A checkpoint from its history entry and, per operator (vertex) name, the vertex's subtask details.
     * Subtasks that did not complete (status other than {@code completed}) are left out.
     */
    public static Checkpoint parse(JsonNode historyEntry, Map<String, JsonNode> subtaskDetailsByOperator) {
        if (!historyEntry.has("id") || !historyEntry.has("trigger_timestamp")) {
            throw new IllegalArgumentException("not a checkpoint history entry: " + historyEntry);
        }
        List<Subtask> subtasks = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : subtaskDetailsByOperator.entrySet()) {
            for (JsonNode s : e.getValue().path("subtasks")) {
                if (!s.path("status").asText().equals("completed")) {
                    continue;
                }
                JsonNode alignment = s.path("alignment");
                subtasks.add(new Subtask(e.getKey(), s.path("index").asInt(), s.path("end_to_end_duration").asLong(),
                        s.path("checkpoint").path("sync").asLong(),
                        s.path("checkpoint").path("async").asLong(), alignment.path("duration").asLong(),
                        alignment.path("processed").asLong() + alignment.path("persisted").asLong(), s.path("start_delay").asLong(),
                        s.path("state_size").asLong()));
            }
        }
        return new Checkpoint(historyEntry.path("id").asLong(), historyEntry.path("trigger_timestamp").asLong(),
                historyEntry.path("end_to_end_duration").asLong(), historyEntry.path("state_size").asLong(),
                historyEntry.path("checkpointed_size").asLong(), subtasks);
    }

    /**
     * The checkpoints taken at full size and under load: triggered when the last poll before the trigger saw at
     * least {@code minSignatures} live signatures and {@code minBaselines} baselines, and the count operator had
     * not yet read all {@code inputLines} (a checkpoint after the end of input pauses nothing that still flows). A
     * checkpoint triggered before the first poll does not qualify.
     */
    public static List<Checkpoint> taken(List<Checkpoint> checkpoints, List<Sample> samples, long minSignatures, long minBaselines,
                                         long inputLines) {
        List<Checkpoint> out = new ArrayList<>();
        for (Checkpoint c : checkpoints) {
            Sample last = lastPollBefore(samples, c.triggerMs());
            if (last != null && last.signatures() >= minSignatures && last.baselines() >= minBaselines && last.linesIn() < inputLines) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The checkpoints at full state size while lines still flowed: total state at least {@code fraction} of the largest
     * of {@code checkpoints}, triggered when the last poll before the trigger saw the count operator short of
     * {@code inputLines}. Unlike {@link #taken}, it needs no live-signature gauges, which refresh only at snapshots and
     * so can miss the threshold for a whole run (three of this machine's runs on 2026-12-06): the write-back figures of
     * these checkpoints are then still reported.
     */
    public static List<Checkpoint> fullSize(List<Checkpoint> checkpoints, List<Sample> samples, double fraction, long inputLines) {
        long largest = checkpoints.stream().mapToLong(Checkpoint::stateSize).max().orElse(0);
        List<Checkpoint> out = new ArrayList<>();
        for (Checkpoint c : checkpoints) {
            Sample last = lastPollBefore(samples, c.triggerMs());
            if (largest > 0 && c.stateSize() >= fraction * largest && last != null && last.linesIn() < inputLines) {
                out.add(c);
            }
        }
        return out;
    }

    /** The latest poll at or before {@code atMs}, or null if none was. */
    static Sample lastPollBefore(List<Sample> samples, long atMs) {
        Sample last = null;
        for (Sample s : samples) {
            if (s.atMs() <= atMs && (last == null || s.atMs() >= last.atMs())) {
                last = s;
            }
        }
        return last;
    }

    public static Summary summarize(List<Checkpoint> checkpoints) {
        return new Summary(checkpoints.size(), spread(checkpoints, Checkpoint::pauseMs),
                spread(checkpoints, Checkpoint::linePathPauseMs), spread(checkpoints, Checkpoint::syncMs),
                spread(checkpoints, Checkpoint::alignmentMs), spread(checkpoints, Checkpoint::asyncMs),
                spread(checkpoints, Checkpoint::startDelayMs), spread(checkpoints, Checkpoint::unattributedMs),
                spread(checkpoints, Checkpoint::endToEndMs),
                spread(checkpoints, Checkpoint::alignmentBytes), spread(checkpoints, Checkpoint::stateSize),
                spread(checkpoints, Checkpoint::checkpointedSize));
    }

    /** Nearest-rank p50 (the lower middle of an even count) and max; zeros for no checkpoints. */
    static Spread spread(List<Checkpoint> checkpoints, ToLongFunction<Checkpoint> f) {
        long[] v = checkpoints.stream().mapToLong(f).sorted().toArray();
        if (v.length == 0) {
            return new Spread(0, 0);
        }
        return new Spread(v[(v.length - 1) / 2], v[v.length - 1]);
    }

    /** Per operator, the largest sync part over the checkpoints: which operator's snapshot is the pause. */
    public static Map<String, Long> maxSyncByOperator(List<Checkpoint> checkpoints) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Checkpoint c : checkpoints) {
            for (Subtask s : c.subtasks()) {
                out.merge(s.operator(), s.syncMs(), Math::max);
            }
        }
        return out;
    }
}
