package io.sigdrift.benchmarks.sessions;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Regenerates raw HDFS_v1 log lines ({@code yyMMdd HHmmss THREAD LEVEL component: message}) from the block event
 * sequences, in time order across blocks, as a DataNode/NameNode cluster writes them: each block gets three replica
 * DataNodes, a size, a client port and a file path; its events keep their sequence order; write-pipeline events
 * follow each other within about a second, later events (verification, serving, replication, deletion) come
 * seconds to minutes later; blocks start one after another with jitter, so their lines interleave.
 *
 * <p>Message texts follow the HDFS_v1 formats (the Loghub templates E1..E30 with real values, e.g.
 * {@code Receiving block blk_X src: /10.250.19.102:54106 dest: /10.250.19.102:50010}). Everything random is drawn
 * from a generator seeded by the block id: the same input gives the same lines, and NOTHING depends on the label.
 */
final class HdfsLogGenerator {
    /** 2008-11-09 20:35:18 UTC: the first line of HDFS_v1. */
    static final long START_MILLIS = Instant.parse("2008-11-09T20:35:18Z").toEpochMilli();
    /** Mean time between block starts: 7,940 blocks over about an hour. */
    static final long BLOCK_SPACING_MILLIS = 450;
    static final long WRITE_GAP_MAX_MILLIS = 1_500;
    static final long LATE_GAP_MIN_MILLIS = 20_000;
    static final long LATE_GAP_MAX_MILLIS = 240_000;
    static final long FULL_BLOCK = 67_108_864L;
    private static final DateTimeFormatter HEADER_TIME = DateTimeFormatter.ofPattern("yyMMdd HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final String[] IO_ERRORS = {"java.io.IOException: Connection reset by peer",
            "java.io.IOException: Could not read from stream", "java.io.IOException: Broken pipe",
            "java.io.EOFException", "java.net.SocketTimeoutException: 60000 millis timeout while waiting for channel to be ready for read"};

    record Line(long millis, int block, int seq, String text) {
    }

    private HdfsLogGenerator() {}

    static List<Line> generate(List<HdfsBlocks.Block> blocks) {
        List<Line> out = new ArrayList<>(110_000);
        for (int b = 0; b < blocks.size(); b++) {
            HdfsBlocks.Block blk = blocks.get(b);
            Random r = new Random(0x5EED_0000L ^ blk.id().hashCode());
            BlockContext c = new BlockContext(blk.id(), r);
            long t = START_MILLIS + b * BLOCK_SPACING_MILLIS + r.nextInt((int) BLOCK_SPACING_MILLIS);
            for (int s = 0; s < blk.events().length; s++) {
                String e = blk.events()[s];
                if (s > 0) {
                    t += isLate(e) ? LATE_GAP_MIN_MILLIS + (long) (r.nextDouble() * (LATE_GAP_MAX_MILLIS - LATE_GAP_MIN_MILLIS))
                            : (long) (r.nextDouble() * WRITE_GAP_MAX_MILLIS);
                }
                out.add(new Line(t, b, s, HEADER_TIME.format(Instant.ofEpochMilli(t)) + " " + c.line(e)));
            }
        }
        out.sort(Comparator.comparingLong(Line::millis).thenComparingInt(Line::block).thenComparingInt(Line::seq));
        return out;
    }

    private static boolean isLate(String event) {
        return switch (event) {
            case "E2", "E3", "E16", "E18", "E21", "E25", "E1", "E4" -> true;
            default -> false;
        };
    }

    /** Per-block values, so the lines of one block agree with each other. */
    private static final class BlockContext {
        final String id;
        final Random r;
        final String[] replicas = new String[3];
        final long size;
        final String path;
        int received;
        int terminating;
        int stored;

        BlockContext(String id, Random r) {
            this.id = id;
            this.r = r;
            for (int i = 0; i < 3; i++) {
                replicas[i] = ip();
            }
            size = r.nextInt(5) == 0 ? 1 + r.nextInt((int) FULL_BLOCK) : FULL_BLOCK;
            int task = r.nextInt(1000);
            path = String.format("/user/root/rand/_temporary/_task_200811092030_%04d_m_%06d_0/part-%05d.",
                    1 + r.nextInt(3), task, task);
        }

        String ip() {
            return "10." + (250 + r.nextInt(2)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
        }

        String replica(int i) {
            return replicas[Math.floorMod(i, 3)];
        }

        int thread() {
            return 1 + r.nextInt(3000);
        }

        String error() {
            return IO_ERRORS[r.nextInt(IO_ERRORS.length)];
        }

        String line(String event) {
            String ip;
            return switch (event) {
                case "E2" -> "13 INFO dfs.DataBlockScanner: Verification succeeded for " + id;
                case "E3" -> thread() + " INFO dfs.DataNode$DataXceiver: " + replica(r.nextInt(3)) + ":50010 Served block "
                        + id + " to /" + ip();
                case "E5" -> {
                    ip = replica(received + terminating);
                    yield thread() + " INFO dfs.DataNode$DataXceiver: Receiving block " + id + " src: /" + ip + ":"
                            + (30000 + r.nextInt(30000)) + " dest: /" + ip + ":50010";
                }
                case "E6" -> {
                    ip = replica(r.nextInt(3));
                    yield thread() + " INFO dfs.DataNode$DataXceiver: Received block " + id + " src: /" + ip + ":"
                            + (30000 + r.nextInt(30000)) + " dest: /" + ip + ":50010 of size " + size;
                }
                case "E7" -> thread() + " INFO dfs.DataNode$DataXceiver: writeBlock " + id + " received exception "
                        + error();
                case "E8" -> thread() + " INFO dfs.DataNode$PacketResponder: PacketResponder " + r.nextInt(3)
                        + " for block " + id + " Interrupted.";
                case "E9" -> thread() + " INFO dfs.DataNode$PacketResponder: Received block " + id + " of size " + size
                        + " from /" + replica(received++);
                case "E10" -> thread() + " INFO dfs.DataNode$PacketResponder: PacketResponder " + id + " "
                        + r.nextInt(3) + " Exception " + error();
                case "E11" -> thread() + " INFO dfs.DataNode$PacketResponder: PacketResponder " + (2 - terminating++ % 3)
                        + " for block " + id + " terminating";
                case "E13" -> thread() + " INFO dfs.DataNode$DataXceiver: Receiving empty packet for block " + id;
                case "E14" -> thread() + " INFO dfs.DataNode$DataXceiver: Exception in receiveBlock for block " + id
                        + " " + error();
                case "E15" -> thread() + " INFO dfs.DataNode$BlockReceiver: Changing block file offset of block " + id
                        + " from " + (r.nextInt(64) * 65536L) + " to " + (r.nextInt(64) * 65536L)
                        + " meta file offset to " + (7 + r.nextInt(8192));
                case "E16" -> thread() + " INFO dfs.DataNode$DataTransfer: " + replica(0) + ":50010:Transmitted block "
                        + id + " to /" + ip() + ":50010";
                case "E18" -> thread() + " INFO dfs.DataNode: " + replica(0) + ":50010 Starting thread to transfer block "
                        + id + " to " + ip() + ":50010";
                case "E21" -> "19 INFO dfs.FSDataset: Deleting block " + id + " file /mnt/hadoop/dfs/data/current/subdir"
                        + r.nextInt(64) + "/" + id;
                case "E22" -> (20 + r.nextInt(20)) + " INFO dfs.FSNamesystem: BLOCK* NameSystem.allocateBlock: " + path
                        + " " + id;
                case "E25" -> (20 + r.nextInt(20)) + " INFO dfs.FSNamesystem: BLOCK* ask " + replica(0)
                        + ":50010 to replicate " + id + " to datanode(s) " + ip() + ":50010";
                case "E26" -> (20 + r.nextInt(20)) + " INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: "
                        + "blockMap updated: " + replica(stored++) + ":50010 is added to " + id + " size " + size;
                case "E27" -> (20 + r.nextInt(20)) + " INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: "
                        + "Redundant addStoredBlock request received for " + id + " on " + replica(r.nextInt(3))
                        + ":50010 size " + size;
                default -> throw new IllegalArgumentException("no HDFS_v1 line format for event " + event);
            };
        }
    }
}
