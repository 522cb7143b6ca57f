package io.sigdrift.benchmarks.detection;

/**
 * CPython's {@code random.seed(int)} / {@code random.random()} (MT19937 with init_by_array and the
 * 53-bit double), so that NAB's published "random" detector (seed 42 per file, one
 * {@code random.uniform(0, 1)} per row) can be regenerated exactly and its published score used to
 * validate {@link NabScorer}.
 */
final class PythonRandom {

    private final int[] mt = new int[624];
    private int index;

    PythonRandom(long seed) {
        long s = Math.abs(seed);
        int words = Math.max(1, (64 - Long.numberOfLeadingZeros(s) + 31) / 32);
        int[] key = new int[words];
        for (int i = 0; i < words; i++) key[i] = (int) (s >>> (32 * i));
        initByArray(key);
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (int i = 1; i < 624; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = 624;
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1, j = 0;
        for (int k = Math.max(624, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= 624) { mt[0] = mt[623]; i = 1; }
            if (j >= key.length) j = 0;
        }
        for (int k = 623; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= 624) { mt[0] = mt[623]; i = 1; }
        }
        mt[0] = 0x80000000;
    }

    private int next() {
        if (index >= 624) {
            for (int k = 0; k < 624; k++) {
                int y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
                mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            index = 0;
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    double random() {
        long a = (next() >>> 5) & 0xffffffffL;
        long b = (next() >>> 6) & 0xffffffffL;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }
}
