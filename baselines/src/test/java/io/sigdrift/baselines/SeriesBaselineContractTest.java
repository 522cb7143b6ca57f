package io.sigdrift.baselines;

import org.apache.commons.math3.random.RandomDataGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The {@link SeriesBaseline} contract, for every implementation (STYLE #12). */
class SeriesBaselineContractTest {

    static final int WARMUP = 40;
    static final long WINDOW = 60_000L;
    static final long T0 = 1_700_000_000_000L;

    record Impl(String name, Supplier<SeriesBaseline> create) {
        @Override public String toString() { return name; }
    }

    static Stream<Impl> implementations() {
        return Stream.of(new Impl("CountBaseline", () -> new CountBaseline(BaselineConfig.builder().warmupWindows(WARMUP).build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void neverThrowsOnAnyNumberAndCountsWhatItIgnored(Impl impl) {
        SeriesBaseline b = impl.create().get();
        double[] values = {Double.NaN, -1, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1e300, -0.0, 0.5, 3, Double.MIN_VALUE, 1e12};
        long ignoredBefore = b.ignoredInputs();
        int bad = 0;
        for (int i = 0; i < values.length; i++) {
            Assessment a = assertDoesNotThrow(() -> b.observe(T0, T0 + WINDOW, values[0]));
            assertNotNull(a);
            Assessment c = b.observe(T0 + i * WINDOW, T0 + (i + 1) * WINDOW, values[i]);
            if (!c.used()) bad++;
            assertTrue(c.upperTail() >= 0 && c.upperTail() <= 1 && c.lowerTail() >= 0 && c.lowerTail() <= 1);
        }
        assertTrue(b.ignoredInputs() - ignoredBefore >= bad);
        // a window that ends before it starts, and a clock jump backwards
        assertFalse(b.observe(T0 + 100 * WINDOW, T0 + 99 * WINDOW, 1).used());
        assertFalse(b.observe(T0 - 1_000 * WINDOW, T0 - 999 * WINDOW, 1).used());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void isNeverWarmBeforeTheWarmup(Impl impl) {
        SeriesBaseline b = impl.create().get();
        for (int w = 0; w < WARMUP; w++) assertFalse(b.observe(T0 + w * WINDOW, T0 + (w + 1) * WINDOW, 7).warm());
        assertTrue(b.observe(T0 + WARMUP * WINDOW, T0 + (WARMUP + 1) * WINDOW, 7).warm());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void staysWithinItsDocumentedFootprintWhateverItIsFed(Impl impl) {
        SeriesBaseline b = impl.create().get();
        RandomDataGenerator rng = new RandomDataGenerator(new Well19937c(9));
        long ws = T0;
        for (int i = 0; i < 20_000; i++) {
            ws += WINDOW * (rng.nextInt(0, 100) == 0 ? rng.nextInt(1, 5_000) : 1); // gaps, some of days
            b.observe(ws, ws + WINDOW, rng.nextInt(0, 10) == 0 ? rng.nextUniform(0, 1e9) : rng.nextPoisson(3));
        }
        assertTrue(Footprint.of(b) <= b.maxBytes(), Footprint.of(b) + " > " + b.maxBytes());
    }
}
