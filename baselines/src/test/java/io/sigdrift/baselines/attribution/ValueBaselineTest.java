package io.sigdrift.baselines.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.Footprint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-signature value baseline: shares, decay, and the bound of 1 KiB per live signature. */
class ValueBaselineTest {
    static final int KIB = 1_024;
    static final double ALPHA = 0.01;

    /** Every position and slot used, with long values: the largest a baseline gets. */
    static ValueBaseline full() {
        ValueBaseline b = new ValueBaseline();
        for (int w = 0; w < 50; w++) {
            List<WindowValue> values = new ArrayList<>();
            for (int p = 0; p < ValueBaseline.MAX_POSITIONS + 2; p++) {
                for (int v = 0; v < ValueBaseline.VALUES_PER_POSITION + 3; v++) {
                    values.add(new WindowValue(p, "*", "value-" + "x".repeat(50) + "-" + w + "-" + v, 2 + v, 0));
                }
            }
            b.learn(200, values, ALPHA);
        }
        return b;
    }

    static byte[] bytes(ValueBaseline b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.write(new DataOutputStream(out));
        return out.toByteArray();
    }

    @Test
    void aFullBaselineStaysWithinOneKibibyteOfHeapAndOfState() throws IOException {
        ValueBaseline b = full();
        assertEquals(ValueBaseline.MAX_POSITIONS, b.positions());
        long heap = Footprint.of(b);
        int serialized = bytes(b).length;
        System.out.printf("value baseline, full: %d bytes heap (bound %d), %d bytes serialized (bound %d)%n", heap,
                ValueBaseline.MAX_HEAP_BYTES, serialized, ValueBaseline.MAX_SERIALIZED_BYTES);
        assertTrue(heap <= ValueBaseline.MAX_HEAP_BYTES, heap + " bytes");
        assertTrue(serialized <= ValueBaseline.MAX_SERIALIZED_BYTES, serialized + " bytes");
        assertTrue(ValueBaseline.MAX_HEAP_BYTES <= KIB && ValueBaseline.MAX_SERIALIZED_BYTES <= KIB);
    }

    @Test
    void sharesFollowTheWindowsAndOldValuesFade() {
        ValueBaseline b = new ValueBaseline();
        for (int w = 0; w < 100; w++) {
            b.learn(100, List.of(new WindowValue(3, "USER", "alice", 80, 0), new WindowValue(3, "USER", "bob", 20, 0)), ALPHA);
        }
        assertEquals(0.8, b.count(3, "alice") / b.total(3), 1e-6);
        assertEquals(0.2, b.count(3, "bob") / b.total(3), 1e-6);
        assertEquals(0, b.count(3, "carol"));
        assertEquals(0, b.unheldCountBound(3), "free slots: a value not held was never shipped");
        for (int w = 0; w < 500; w++) {
            b.learn(100, List.of(new WindowValue(3, "USER", "carol", 100, 0)), ALPHA);
        }
        assertTrue(b.count(3, "alice") / b.total(3) < 0.01, "after five half-lives alice has faded");
        assertTrue(b.count(3, "carol") / b.total(3) > 0.99);
    }

    @Test
    void stateRoundTripsAndCorruptCountsAreRejected() throws IOException {
        ValueBaseline b = full();
        byte[] bytes = bytes(b);
        ValueBaseline back = ValueBaseline.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        assertEquals(b, back);
        byte[] corrupt = bytes.clone();
        corrupt[0] = (byte) (ValueBaseline.MAX_POSITIONS + 1);
        assertThrows(IllegalStateException.class,
                () -> ValueBaseline.read(new DataInputStream(new ByteArrayInputStream(corrupt))));
    }
}
