package io.sigdrift.benchmarks.sessions;

import org.apache.commons.math3.random.MersenneTwister;

/**
 * numpy's legacy {@code np.random.seed(s); np.random.shuffle(list)}: MT19937 seeded by init_genrand(s) (commons-math's
 * {@link MersenneTwister#setSeed(int)} is the same routine), Fisher–Yates from the end, each index drawn by
 * numpy's {@code random_interval} (the 32-bit output masked to the smallest covering bit mask, rejected while
 * above the bound). Used to undo deep-loglizer's random split of HDFS_100k and recover the order in which the
 * blocks first appear in the log.
 */
final class NumpyLegacyShuffle {
    private NumpyLegacyShuffle() {}

    /** The shuffled list {@code [0, n)}: element r of the result is the original index placed at position r. */
    static int[] shuffledRange(int n, int seed) {
        MersenneTwister mt = new MersenneTwister(seed);
        int[] x = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        for (int i = n - 1; i >= 1; i--) {
            int j = (int) interval(mt, i);
            int t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
        return x;
    }

    private static long interval(MersenneTwister mt, long max) {
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long v;
        do {
            v = (mt.nextInt() & 0xffffffffL) & mask;
        } while (v > max);
        return v;
    }
}
