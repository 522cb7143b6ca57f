package io.sigdrift.benchmarks.feedback;

import io.sigdrift.signatures.Change;
import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.Match;
import io.sigdrift.signatures.SignatureEngine;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which signature ids each generator series was counted in: the stream's lines through one {@link SignatureEngine}
 * per source, in the order the job reads them (each source's file in order; one line is one event, as the job
 * without {@code --multiline}). The engine is deterministic in a source's order, so the ids are the job's; the
 * benchmark checks that against the job's {@code signatures} output. A generalisation (UPDATED) adds the new id to
 * every series that had one of the ids it folds (as {@code incidents/SignatureReplay}).
 */
final class SeriesSignatures {
    private final Map<String, SignatureEngine> engines = new HashMap<>();
    private final Map<String, Set<String>> bySeries = new HashMap<>();
    private final Set<String> ids = new HashSet<>();
    private final EngineConfig config;

    SeriesSignatures(EngineConfig config) {
        this.config = config;
    }

    void add(FeedbackStream.Line line) {
        Match m = engines.computeIfAbsent(line.source(), s -> new SignatureEngine(config)).add(line.text());
        String id = m.signature().id();
        ids.add(id);
        if (m.change() == Change.UPDATED) {
            Set<String> folded = new HashSet<>(m.signature().ancestors());
            if (m.previousId() != null) {
                folded.add(m.previousId());
            }
            folded.remove(id);
            for (Set<String> s : bySeries.values()) {
                if (!Collections.disjoint(s, folded)) {
                    s.add(id);
                }
            }
        }
        bySeries.computeIfAbsent(line.series(), k -> new HashSet<>()).add(id);
    }

    /** Series → signature ids (a live view). */
    Map<String, Set<String>> bySeries() {
        return bySeries;
    }

    Set<String> ids() {
        return ids;
    }
}
