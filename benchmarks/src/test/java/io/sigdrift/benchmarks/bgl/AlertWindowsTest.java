package io.sigdrift.benchmarks.bgl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertWindowsTest {
    static final long HOUR = 3_600_000L;
    static final long T0 = Instant.parse("2026-03-14T00:00:00Z").toEpochMilli();

    @Test
    void aWindowWithOneAlertLineIsAnAlertWindowAndFlagsCountPerWindow() {
        long[] times = {T0 + 60_000, T0 + 120_000, T0 + HOUR + 5, T0 + 3 * HOUR, T0 + 3 * HOUR + 10};
        boolean[] alert = {false, true, false, false, false};
        // two anomalies in the alert window count once; one in a quiet window; one in an empty window
        AlertWindows w = AlertWindows.of(times, alert, List.of(T0, T0 + 30_000, T0 + 3 * HOUR, T0 + 2 * HOUR), HOUR);
        assertEquals(3, w.windows().size());
        assertEquals(1, w.alertWindows().size());
        assertEquals(3, w.flagged().size());
        assertEquals(1, w.hits());
        assertEquals(1 / 3.0, w.precision(), 1e-12);
        assertEquals(1.0, w.recall(), 1e-12);
        assertEquals(1 / 3.0, w.chancePrecision(), 1e-12);
    }

    @Test
    void nothingFlaggedHasNoPrecisionAndNoRecall() {
        AlertWindows w = AlertWindows.of(new long[] {T0}, new boolean[] {true}, List.of(), HOUR);
        assertEquals(Double.NaN, w.precision());
        assertEquals(0.0, w.recall());
    }
}
