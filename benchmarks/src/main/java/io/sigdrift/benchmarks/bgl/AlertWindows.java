package io.sigdrift.benchmarks.bgl;

import java.util.Set;
import java.util.TreeSet;

/**
 * Precision and recall of alert windows: a window (tumbling, aligned to the epoch as the job's windows are) is an
 * alert window when it holds at least one alert line, and flagged when the job emitted an anomaly for it.
 *
 * @param windows       windows holding at least one line
 * @param alertWindows  windows holding at least one alert line
 * @param flagged       windows the job emitted an anomaly for (CREATED or UPDATED change; empty windows included)
 * @param hits          flagged alert windows
 */
record AlertWindows(Set<Long> windows, Set<Long> alertWindows, Set<Long> flagged, long hits) {

    /**
     * @param lineTimes    event time of every line (epoch millis)
     * @param alert        whether each line is an alert line
     * @param flaggedStarts window starts of the job's anomalies
     */
    static AlertWindows of(long[] lineTimes, boolean[] alert, Iterable<Long> flaggedStarts, long windowMillis) {
        if (lineTimes.length != alert.length) {
            throw new IllegalArgumentException("one alert flag per line: " + lineTimes.length + " times, " + alert.length + " flags");
        }
        Set<Long> windows = new TreeSet<>();
        Set<Long> alerts = new TreeSet<>();
        for (int i = 0; i < lineTimes.length; i++) {
            long w = Math.floorDiv(lineTimes[i], windowMillis) * windowMillis;
            windows.add(w);
            if (alert[i]) {
                alerts.add(w);
            }
        }
        Set<Long> flagged = new TreeSet<>();
        for (Long s : flaggedStarts) {
            flagged.add(Math.floorDiv(s, windowMillis) * windowMillis);
        }
        long hits = flagged.stream().filter(alerts::contains).count();
        return new AlertWindows(windows, alerts, flagged, hits);
    }

    double precision() {
        return flagged.isEmpty() ? Double.NaN : hits / (double) flagged.size();
    }

    double recall() {
        return alertWindows.isEmpty() ? Double.NaN : hits / (double) alertWindows.size();
    }

    /** Precision of flagging as many windows at random among those with lines: the share of alert windows. */
    double chancePrecision() {
        return windows.isEmpty() ? Double.NaN : alertWindows.size() / (double) windows.size();
    }
}
