package io.sigdrift.baselines;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Per-source alert budget: at most {@code maxCreatedPerWindow} new incidents per source and
 * window, the most significant first. An incident that was not admitted stays silent for its whole
 * life (its UPDATED and CLOSED changes are dropped too), so the budget never produces updates of
 * events nobody saw. Suppressions are counted, never silent.
 *
 * <p>Bound: remembers at most {@code maxRememberedSuppressed} suppressed incident ids (oldest
 * forgotten first; a forgotten one could at worst leak one UPDATED/CLOSED later).
 * In the Flink job this is a small operator keyed by source after the per-signature one.
 */
public final class SourceAlertGate {

    public static final int DEFAULT_MAX_CREATED_PER_WINDOW = 20;
    public static final int DEFAULT_MAX_REMEMBERED_SUPPRESSED = 10_000;

    private final int maxCreatedPerWindow;
    private final int maxRememberedSuppressed;
    private final LinkedHashSet<String> suppressed = new LinkedHashSet<>();
    private long suppressedCount;

    public SourceAlertGate(int maxCreatedPerWindow, int maxRememberedSuppressed) {
        this.maxCreatedPerWindow = BaselineConfig.checkInt("maxCreatedPerWindow", maxCreatedPerWindow, 1, 1_000_000);
        this.maxRememberedSuppressed = BaselineConfig.checkInt("maxRememberedSuppressed", maxRememberedSuppressed, 1, 10_000_000);
    }

    public SourceAlertGate() {
        this(DEFAULT_MAX_CREATED_PER_WINDOW, DEFAULT_MAX_REMEMBERED_SUPPRESSED);
    }

    /** Filters the events of one source and one window. */
    public List<AnomalyEvent> admit(List<AnomalyEvent> events) {
        if (events.isEmpty()) return events;
        List<AnomalyEvent> created = new ArrayList<>();
        List<AnomalyEvent> out = new ArrayList<>(events.size());
        for (AnomalyEvent e : events) {
            if (e.change() == EventChange.CREATED) {
                created.add(e);
            } else if (suppressed.contains(e.id())) {
                if (e.change() == EventChange.CLOSED) suppressed.remove(e.id());
            } else {
                out.add(e);
            }
        }
        if (created.size() > maxCreatedPerWindow) {
            created.sort(Comparator.comparingDouble(AnomalyEvent::probability));
            for (int i = maxCreatedPerWindow; i < created.size(); i++) {
                remember(created.get(i).id());
            }
            created = created.subList(0, maxCreatedPerWindow);
        }
        out.addAll(created);
        return out;
    }

    private void remember(String id) {
        suppressedCount++;
        suppressed.add(id);
        if (suppressed.size() > maxRememberedSuppressed) {
            var it = suppressed.iterator();
            it.next();
            it.remove();
        }
    }

    /** Incidents suppressed by the budget so far. */
    public long suppressedCount() {
        return suppressedCount;
    }
}
