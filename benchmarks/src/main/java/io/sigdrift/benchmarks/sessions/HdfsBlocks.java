package io.sigdrift.benchmarks.sessions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The 7,940 labelled HDFS_100k blocks of {@code hdfs/HDFS_100k.block_sequences.csv}, put back in the order in which
 * they first appear in the log.
 *
 * <p>The file lists the blocks in deep-loglizer's random split order (train then test). deep-loglizer built its
 * sessions in order of first appearance, then applied {@code np.random.seed(42); np.random.shuffle(idx)} and took
 * the first 80 % (int) as train and the last 20 % as test. Replaying that shuffle ({@link NumpyLegacyShuffle}) maps
 * every row back to its first-appearance rank. Checked against the dataset README: the first three blocks of
 * Loghub's full anomaly_label.csv (in log order) come out first, in that order.
 */
final class HdfsBlocks {
    static final int SEED = 42;
    static final double DEEPLOGLIZER_TEST_RATIO = 0.2;
    /** The first blocks of HDFS_v1 in log order (README sanity check); recovering them proves the order. */
    static final List<String> FIRST_BLOCKS = List.of("blk_-1608999687919862906", "blk_7503483334202473044",
            "blk_-3544583377289625738");

    record Block(String id, boolean anomaly, String[] events) {
    }

    private HdfsBlocks() {}

    static List<Block> chronological(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).startsWith("BlockId,Label,Split,Length,EventSequence")) {
            throw new IOException(csv + ": not the HDFS_100k block sequence file (header differs)");
        }
        List<Block> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            if (l.isBlank()) {
                continue;
            }
            String[] f = l.split(",", 5);
            rows.add(new Block(f[0], f[1].equals("Anomaly"), f[4].trim().split(" ")));
        }
        int n = rows.size();
        int[] idx = NumpyLegacyShuffle.shuffledRange(n, SEED);
        int train = (int) ((1 - DEEPLOGLIZER_TEST_RATIO) * n);
        int test = (int) (DEEPLOGLIZER_TEST_RATIO * n);
        if (train + test != n) {
            throw new IOException("unexpected row count " + n + ": the split does not cover every row");
        }
        Block[] ordered = new Block[n];
        for (int r = 0; r < train; r++) {
            ordered[idx[r]] = rows.get(r);
        }
        for (int r = 0; r < test; r++) {
            ordered[idx[n - test + r]] = rows.get(train + r);
        }
        List<Block> out = List.of(ordered);
        for (int i = 0; i < FIRST_BLOCKS.size(); i++) {
            if (!out.get(i).id().equals(FIRST_BLOCKS.get(i))) {
                throw new IOException("could not recover the log order of " + csv + ": block " + i + " is "
                        + out.get(i).id() + ", expected " + FIRST_BLOCKS.get(i));
            }
        }
        return out;
    }
}
