package io.sigdrift.baselines.feedback;

import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.Attribution;
import io.sigdrift.baselines.EventChange;
import java.time.Instant;
import java.util.List;

/** Events and labels at fixed instants for the feedback tests. */
final class Fixtures {
    static final long T0 = Instant.parse("2026-03-14T10:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;
    static final String SOURCE = "sshd";
    static final String SIG = "5b1e0c2d9a7f4e31";
    static final String SCANNER = "203.0.113.77";
    /** Position of the address in "Failed password for <*> from <IP> port <NUM> ssh2". */
    static final int IP_POSITION = 5;

    private Fixtures() {}

    static Attribution ip(String value) {
        return new Attribution(IP_POSITION, "IP", value, 400, 0.96, 0.004, 1e-12);
    }

    /** A CREATED SPIKE of the sshd signature in window {@code minute}, driven by the given addresses. */
    static AnomalyEvent spike(int minute, double observed, double score, String... addresses) {
        return event(EventChange.CREATED, AnomalyKind.SPIKE, 1, SIG, minute, observed, 20, score, addresses);
    }

    static AnomalyEvent event(EventChange change, AnomalyKind kind, int direction, String signature, int minute,
                              double observed, double expected, double score, String... addresses) {
        long start = T0 + minute * MINUTE;
        List<Attribution> attribution = java.util.Arrays.stream(addresses).map(Fixtures::ip).toList();
        return new AnomalyEvent(AnomalyEvent.idFor(SOURCE, signature, direction < 0 ? 1 : 0, start), change, kind, direction,
                SOURCE, signature, start, start + MINUTE, start, observed, expected, score, 1e-9, "test", attribution);
    }

    /** A label on the spike of window {@code minute} (observed 400, score 80, the scanner's address). */
    static Label label(String id, LabelKind kind, LabelScope scope, int minute) {
        return label(id, kind, scope, minute, Label.NEVER);
    }

    static Label label(String id, LabelKind kind, LabelScope scope, int minute, long expires) {
        long start = T0 + minute * MINUTE;
        return new Label(id, AnomalyEvent.idFor(SOURCE, SIG, 0, start), kind, scope, SOURCE, SIG, "SPIKE", 1,
                List.of(new ValueRef(IP_POSITION, "IP", SCANNER)), 400, 20, 80, start, start + 5 * MINUTE, expires,
                "ana", "weekly scanner");
    }

    static FeedbackBook bookWith(Label... labels) {
        FeedbackBook b = new FeedbackBook();
        for (Label l : labels) {
            b.add(l);
        }
        return b;
    }
}
