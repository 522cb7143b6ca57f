package io.sigdrift.pipeline.demo;

import java.time.Instant;
import java.util.List;

/**
 * A labelled incident injected by {@link DemoGenerator}: ground truth for the demo summary and for the
 * anomaly evaluation of later issues.
 *
 * @param kind        machine-readable kind: {@code ssh-brute-force}, {@code new-error-after-deploy},
 *                    {@code heartbeat-stopped}
 * @param source      the demo source (file name without {@code .log}) whose lines are affected
 * @param start       first affected event time (inclusive)
 * @param end         end of the incident (exclusive); for a stopped heartbeat: end of the generated span
 * @param description one human sentence
 * @param markers     substrings that identify the affected lines: a line of {@code source} in
 *                    [start, end) is affected iff it contains one of them. For {@code heartbeat-stopped}
 *                    the markers identify the lines that are MISSING in [start, end).
 */
public record Incident(String kind, String source, Instant start, Instant end, String description, List<String> markers) {

    public Incident {
        markers = List.copyOf(markers);
    }

    /** True for a line of this incident's source, stamped at {@code timestampMillis}, that the incident produced. */
    public boolean affects(String source, long timestampMillis, String line) {
        if (!this.source.equals(source) || timestampMillis < start.toEpochMilli() || timestampMillis >= end.toEpochMilli()) {
            return false;
        }
        for (String m : markers) {
            if (line.contains(m)) {
                return true;
            }
        }
        return false;
    }
}
