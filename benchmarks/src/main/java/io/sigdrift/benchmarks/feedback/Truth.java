package io.sigdrift.benchmarks.feedback;

import java.time.Instant;
import java.util.List;

/**
 * Ground truth of the feedback benchmark: one occurrence of a benign unusual behaviour (a nightly backup, a
 * deploy, ...) or one injected incident, as {@link FeedbackStream} generated it.
 *
 * @param id          ordinal in start order over all truths of the run
 * @param benign      true for a recurring benign behaviour, false for an incident
 * @param kind        the behaviour or incident kind, e.g. {@code BACKUP}, {@code BRUTE_FORCE}
 * @param occurrence  0, 1, 2, ... among the truths of the same kind
 * @param source      the source (file name without {@code .log}) whose lines it adds or changes
 * @param series      the generator series whose lines it adds or changes; every generated line names its series,
 *                    so the signature ids it is about are known exactly (by replaying the lines)
 * @param start       first affected event time, epoch millis (inclusive)
 * @param end         end, epoch millis (exclusive)
 * @param cause       the one parameter value that drives it (a scanner's address, a batch job's name), or null
 * @param description one human sentence
 */
public record Truth(int id, boolean benign, String kind, int occurrence, String source, List<String> series, long start, long end,
                    String cause, String description) {

    public Truth {
        series = List.copyOf(series);
        if (end <= start) {
            throw new IllegalArgumentException("truth " + kind + " ends before it starts");
        }
    }

    Truth withId(int newId) {
        return new Truth(newId, benign, kind, occurrence, source, series, start, end, cause, description);
    }

    Truth withOccurrence(int n) {
        return new Truth(id, benign, kind, n, source, series, start, end, cause, description);
    }

    @Override
    public String toString() {
        return (benign ? "benign " : "incident ") + kind + "#" + occurrence + " " + source + " " + Instant.ofEpochMilli(start) + ".."
                + Instant.ofEpochMilli(end) + (cause == null ? "" : " cause " + cause) + ": " + description;
    }
}
