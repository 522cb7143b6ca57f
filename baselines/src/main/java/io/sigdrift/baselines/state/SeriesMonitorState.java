package io.sigdrift.baselines.state;

/**
 * Persisted form of a {@code SeriesMonitor} (baseline + incident tracker), format version 1.
 * A plain DTO, separate from the live objects, so a refactoring of the model cannot silently
 * break restores: {@link SeriesMonitorStateMapper} is the only place that knows both.
 * Configuration is not part of the state; it is supplied again at restore.
 */
public record SeriesMonitorState(
        int version,
        long firstWindowStart,
        long lastWindowStart,
        long windowsSeen,
        long ignored,
        double level,
        double dispersionNumerator,
        double dispersionDenominator,
        double zeroFraction,
        int zeroRun,
        double cusumUp,
        double cusumDown,
        double fastLevel,
        float[] season,
        long[] incidentStart,
        long[] incidentLast,
        int[] incidentPending,
        double[] incidentPeakScore,
        double[] incidentMinProbability,
        byte[] incidentKind) {

    public static final int CURRENT_VERSION = 1;
}
