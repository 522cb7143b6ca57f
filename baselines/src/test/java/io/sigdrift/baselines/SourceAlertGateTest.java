package io.sigdrift.baselines;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SourceAlertGateTest {

    static AnomalyEvent event(String id, EventChange change, double p) {
        return new AnomalyEvent(id, change, AnomalyKind.SPIKE, 1, "app", "sig-" + id, 0, 1, 0, 10, 1, 50, p, "x.");
    }

    @Test
    void atMostTheBudgetOfNewIncidentsPerWindowMostSignificantFirst() {
        SourceAlertGate gate = new SourceAlertGate(2, 100);
        List<AnomalyEvent> in = new ArrayList<>();
        for (int i = 0; i < 5; i++) in.add(event("e" + i, EventChange.CREATED, Math.pow(10, -i - 6)));
        List<AnomalyEvent> out = gate.admit(in);
        assertEquals(List.of("e4", "e3"), out.stream().map(AnomalyEvent::id).toList());
        assertEquals(3, gate.suppressedCount());
    }

    @Test
    void updatesOfSuppressedIncidentsStaySilent() {
        SourceAlertGate gate = new SourceAlertGate(1, 100);
        gate.admit(List.of(event("a", EventChange.CREATED, 1e-9), event("b", EventChange.CREATED, 1e-7)));
        List<AnomalyEvent> out = gate.admit(List.of(event("a", EventChange.UPDATED, 1e-12),
                event("b", EventChange.UPDATED, 1e-12), event("b", EventChange.CLOSED, 1e-12)));
        assertEquals(List.of("a"), out.stream().map(AnomalyEvent::id).toList());
    }

    @Test
    void rejectsANonsenseBudget() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SourceAlertGate(0, 10));
        assertTrue(e.getMessage().contains("maxCreatedPerWindow"));
    }
}
