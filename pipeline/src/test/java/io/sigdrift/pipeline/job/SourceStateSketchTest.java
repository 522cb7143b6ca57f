package io.sigdrift.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigdrift.baselines.attribution.WindowSketch;
import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.SignatureEngine;
import org.junit.jupiter.api.Test;

/** Source state format 3: the open windows' attribution sketches survive a checkpoint and a restore. */
class SourceStateSketchTest {
    static final long T0 = 1_773_446_400_000L;   // 2026-03-14T00:00:00Z

    @Test
    void openWindowSketchesRoundTripAndKeepCountingWhereTheyStopped() {
        EngineConfig config = EngineConfig.defaults();
        SourceState s = new SourceState(new SignatureEngine(config));
        SourceState.Window w = new SourceState.Window(T0);
        s.windows.put(T0, w);
        w.add("sig");
        WindowSketch k = w.sketch("sig");
        for (int i = 0; i < 700; i++) {   // beyond the full-rate lines, so the sampler's state matters
            String line = "login " + (i % 10 == 0 ? "bob" : "alice") + " from 10.0.0." + (i % 3);
            k.example(line);
            if (k.sample()) {
                k.parameter(1, "*", line, 6, line.indexOf(' ', 6));
            }
        }
        byte[] bytes = SourceStateCodec.write(s);
        SourceState back = SourceStateCodec.read(bytes, config);
        assertArrayEquals(bytes, SourceStateCodec.write(back), "nothing lost");
        WindowSketch restored = back.windows.get(T0).sketches.get("sig");
        assertEquals(k.values(), restored.values());
        assertArrayEquals(k.examples(), restored.examples());
        for (int i = 0; i < 300; i++) {
            String line = "login carol from 10.0.0.9";
            boolean a = k.sample();
            boolean b = restored.sample();
            assertEquals(a, b, "the sampler continues where it stopped");
            if (a) {
                k.parameter(1, "*", line, 6, 11);
                restored.parameter(1, "*", line, 6, 11);
            }
        }
        assertEquals(k.values(), restored.values());
    }

    @Test
    void sketchesOfAWindowThatIsNotOpenAreCorruptState() {
        EngineConfig config = EngineConfig.defaults();
        SourceState s = new SourceState(new SignatureEngine(config));
        SourceState.Window w = new SourceState.Window(T0);
        s.windows.put(T0, w);
        w.add("sig");
        w.sketch("sig").example("x");
        byte[] bytes = SourceStateCodec.write(s);
        assertThrows(IllegalStateException.class, () -> SourceStateCodec.read(corrupt(bytes), config));
    }

    /** The sketch section's window start changed to one that is not open. */
    private static byte[] corrupt(byte[] bytes) {
        byte[] c = bytes.clone();
        // the sketch section starts after the last byte of format 2; find the window start (last occurrence)
        byte[] start = java.nio.ByteBuffer.allocate(8).putLong(T0).array();
        for (int i = c.length - 8; i >= 0; i--) {
            if (java.util.Arrays.equals(java.util.Arrays.copyOfRange(c, i, i + 8), start)) {
                c[i + 7] ^= 1;
                return c;
            }
        }
        throw new AssertionError("no window start in the bytes");
    }

    @Test
    void sketchesOfARenamedSignatureGoBackToThePoolAndThePoolIsBounded() {
        SketchPool pool = new SketchPool();
        SourceState s = new SourceState(new SignatureEngine(EngineConfig.defaults()));
        SourceState.Window w = new SourceState.Window(T0);
        s.windows.put(T0, w);
        w.add("old");
        w.sketch("old", pool).example("login alice");
        s.rename("old", "new", pool);
        assertEquals(1, pool.spare(), "the absorbed sketch was recycled");
        WindowSketch reused = w.sketch("other", pool);
        assertEquals(0, pool.spare());
        assertEquals(0, reused.examples().length, "a recycled sketch starts empty");
        assertArrayEquals(new String[] {"login alice"}, w.sketches.get("new").examples());
        for (int i = 0; i < SketchPool.MAX_SPARE + 10; i++) {
            pool.give(new WindowSketch());
        }
        assertEquals(SketchPool.MAX_SPARE, pool.spare());
    }
}
