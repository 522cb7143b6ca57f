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
                b.cusumDown, b.fastLevel, b.season.clone(), t.start.clone(), t.last.clone(), t.pending.clone(),
                t.peakScore.clone(), t.minProbability.clone(), t.kind.clone());
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
        out.writeInt(SeriesMonitorState.CURRENT_VERSION);
        out.writeLong(b.firstWindowStart);
        out.writeLong(b.lastWindowStart);
        out.writeLong(b.windowsSeen);
        out.writeLong(b.ignored);
        out.writeDouble(b.level);
        out.writeDouble(b.dispNum);
        out.writeDouble(b.dispDen);
        out.writeDouble(b.zeroFraction);
        out.writeInt(b.zeroRun);
        out.writeDouble(b.cusumUp);
        out.writeDouble(b.cusumDown);
        out.writeDouble(b.fastLevel);
        float[] season = b.season;
        out.writeInt(season.length);
        for (float f : season) {
            out.writeFloat(f);
        }
        for (int i = 0; i < 2; i++) {
            out.writeLong(t.start[i]);
        }
        for (int i = 0; i < 2; i++) {
            out.writeLong(t.last[i]);
        }
        for (int i = 0; i < 2; i++) {
            out.writeInt(t.pending[i]);
        }
        for (int i = 0; i < 2; i++) {
            out.writeDouble(t.peakScore[i]);
        }
        for (int i = 0; i < 2; i++) {
            out.writeDouble(t.minProbability[i]);
        }
        for (int i = 0; i < 2; i++) {
            out.writeByte(t.kind[i]);
        }
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
            t.start[i] = s.incidentStart()[i];
            t.last[i] = s.incidentLast()[i];
            t.pending[i] = s.incidentPending()[i];
            t.peakScore[i] = s.incidentPeakScore()[i];
            t.minProbability[i] = s.incidentMinProbability()[i];
            byte k = s.incidentKind()[i];
            if (k < -1 || k >= AnomalyKind.values().length) {
                throw new IllegalStateException("corrupt series state: bad incidentKind " + k);
            }
            t.kind[i] = k;
        }
        return new SeriesMonitor(source, signatureId, b, t, config, detectors);
    }
}
