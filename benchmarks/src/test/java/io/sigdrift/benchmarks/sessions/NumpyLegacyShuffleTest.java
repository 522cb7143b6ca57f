package io.sigdrift.benchmarks.sessions;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NumpyLegacyShuffleTest {
    /** Printed by numpy 2.4 (legacy RandomState): np.random.seed(42); l = list(range(n)); np.random.shuffle(l). */
    @Test
    void reproducesNumpysShuffleForSeed42() {
        assertArrayEquals(new int[]{8, 1, 5, 0, 7, 2, 9, 4, 3, 6}, NumpyLegacyShuffle.shuffledRange(10, 42));
        int[] big = NumpyLegacyShuffle.shuffledRange(7940, 42);
        assertArrayEquals(new int[]{7272, 2225, 334, 5866, 1501}, java.util.Arrays.copyOf(big, 5));
        assertEquals(7270, big[7939]);
        assertEquals(7603, big[7938]);
    }
}
