package io.sigdrift.baselines;

import io.sigdrift.baselines.state.SeriesMonitorState;

import java.util.List;

/** Package bridge for the state mapper: the only code that reads and writes the live fields. */
public final class SeriesMonitorAccess {

    public static final int SEASON_LENGTH = CountBaseline.SEASON_LENGTH;

    private SeriesMonitorAccess() {}

    public static SeriesMonitorState toState(SeriesMonitor m) {
        CountBaseline b = m.baseline;
        IncidentTracker t = m.tracker;
        return new SeriesMonitorState(SeriesMonitorState.CURRENT_VERSION, b.firstWindowStart, b.lastWindowStart,
                b.windowsSeen, b.ignored, b.level, b.dispNum, b.dispDen, b.zeroFraction, b.zeroRun, b.cusumUp,
                b.cusumDown, b.fastLevel, b.season.clone(), new long[] {t.start(0), t.start(1)}, new long[] {t.last(0), t.last(1)},
                new int[] {t.pending(0), t.pending(1)}, new double[] {t.peakScoreOf(0), t.peakScoreOf(1)},
                new double[] {t.minProbabilityOf(0), t.minProbabilityOf(1)}, new byte[] {t.kindOf(0), t.kindOf(1)});
    }

    /**
     * Writes the fields of {@link #toState}'s {@link SeriesMonitorState} (version {@code CURRENT_VERSION}) in their
     * declared order, ints, longs, doubles, floats and bytes as {@link java.io.DataOutput} writes them — the
     * {@code series} layout the pipeline's anomaly state embeds — straight from the live monitor. Why: that state is
     * written for every tracked signature of a changed source at every checkpoint, inside the checkpoint pause, and
     * the record with its six array clones was a tenth of that pause. The pipeline tests that both give the same bytes.
     */
    public static void write(SeriesMonitor m, java.io.DataOutput out) throws java.io.IOException {
        CountBaseline b = m.baseline;
        IncidentTracker t = m.tracker;
        float[] season = b.season;
        int size = 4 + 4 * 8 + 4 * 8 + 4 + 3 * 8 + 4 + 4 * season.length + 2 * 8 + 2 * 8 + 2 * 4 + 2 * 8 + 2 * 8 + 2;
        byte[] buf = SCRATCH.get();
        if (buf.length < size) {
            buf = new byte[size];
            SCRATCH.set(buf);
        }
        // into one scratch array, then one bulk write: the ~90 values one DataOutput call each cost more than
        // the copying (big-endian, floats and doubles through floatToIntBits/doubleToLongBits as DataOutput does)
        int p = 0;
        p = putInt(buf, p, SeriesMonitorState.CURRENT_VERSION);
        p = putLong(buf, p, b.firstWindowStart);
        p = putLong(buf, p, b.lastWindowStart);
        p = putLong(buf, p, b.windowsSeen);
        p = putLong(buf, p, b.ignored);
        p = putDouble(buf, p, b.level);
        p = putDouble(buf, p, b.dispNum);
        p = putDouble(buf, p, b.dispDen);
        p = putDouble(buf, p, b.zeroFraction);
        p = putInt(buf, p, b.zeroRun);
        p = putDouble(buf, p, b.cusumUp);
        p = putDouble(buf, p, b.cusumDown);
        p = putDouble(buf, p, b.fastLevel);
        p = putInt(buf, p, season.length);
        for (float f : season) {
            p = putInt(buf, p, Float.floatToIntBits(f));
        }
        for (int i = 0; i < 2; i++) {
            p = putLong(buf, p, t.start(i));
        }
        for (int i = 0; i < 2; i++) {
            p = putLong(buf, p, t.last(i));
        }
        for (int i = 0; i < 2; i++) {
            p = putInt(buf, p, t.pending(i));
        }
        for (int i = 0; i < 2; i++) {
            p = putDouble(buf, p, t.peakScoreOf(i));
        }
        for (int i = 0; i < 2; i++) {
            p = putDouble(buf, p, t.minProbabilityOf(i));
        }
        for (int i = 0; i < 2; i++) {
            buf[p++] = t.kindOf(i);
        }
        out.write(buf, 0, p);
    }

    /** Per thread: the codecs run on task threads, several per TaskManager. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[512]);
    private static final java.lang.invoke.VarHandle INT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    private static int putInt(byte[] b, int p, int v) {
        INT.set(b, p, v);
        return p + 4;
    }

    private static int putLong(byte[] b, int p, long v) {
        LONG.set(b, p, v);
        return p + 8;
    }

    private static int putDouble(byte[] b, int p, double v) {
        return putLong(b, p, Double.doubleToLongBits(v));
    }

    public static SeriesMonitor fromState(SeriesMonitorState s, String source, String signatureId,
                                          BaselineConfig baselineConfig, DetectorConfig config, List<Detector> detectors) {
        CountBaseline b = new CountBaseline(baselineConfig);
        b.firstWindowStart = s.firstWindowStart();
        b.lastWindowStart = s.lastWindowStart();
        b.windowsSeen = s.windowsSeen();
        b.ignored = s.ignored();
        b.level = s.level();
        b.dispNum = s.dispersionNumerator();
        b.dispDen = s.dispersionDenominator();
        b.zeroFraction = s.zeroFraction();
        b.zeroRun = s.zeroRun();
        b.cusumUp = s.cusumUp();
        b.cusumDown = s.cusumDown();
        b.fastLevel = s.fastLevel();
        System.arraycopy(s.season(), 0, b.season, 0, CountBaseline.SEASON_LENGTH);
        IncidentTracker t = new IncidentTracker();
        for (int i = 0; i < 2; i++) {
            t.start(i, s.incidentStart()[i]);
            t.last(i, s.incidentLast()[i]);
            t.pending(i, s.incidentPending()[i]);
            t.peakScoreOf(i, s.incidentPeakScore()[i]);
            t.minProbabilityOf(i, s.incidentMinProbability()[i]);
            byte k = s.incidentKind()[i];
            if (k < -1 || k >= AnomalyKind.values().length) {
                throw new IllegalStateException("corrupt series state: bad incidentKind " + k);
            }
            t.kindOf(i, k);
        }
        return new SeriesMonitor(source, signatureId, b, t, config, detectors);
    }
}
