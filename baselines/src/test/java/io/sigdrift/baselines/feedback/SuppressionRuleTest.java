package io.sigdrift.baselines.feedback;

import static io.sigdrift.baselines.feedback.Fixtures.spike;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.AnomalyKind;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SuppressionRuleTest {
    private static final String TEMPLATE = "Failed password for <*> from <IP> port <NUM> ssh2";

    static SuppressionRule rule(String id, SuppressionRule.Action action, String sourceGlob, String template) {
        return new SuppressionRule(id, action, sourceGlob, null, null, template == null ? null : Pattern.compile(template),
                List.of(), -1, -1, Set.of(), List.of(), null, null, Label.NEVER);
    }

    private static SuppressionRule timed(int from, int to, Set<DayOfWeek> days, List<SuppressionRule.DateRange> dates, String zone) {
        return new SuppressionRule("t", SuppressionRule.Action.SUPPRESS, null, null, null, null, List.of(), from, to, days,
                dates, ZoneId.of(zone), null, Label.NEVER);
    }

    @Test
    void aRuleWithoutMatcherIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rule("all", SuppressionRule.Action.SUPPRESS, null, null));
        assertTrue(e.getMessage().contains("no matcher"), e.getMessage());
    }

    @Test
    void sourceGlobsSignaturesKindsAndTemplatesMatch() {
        assertTrue(rule("a", SuppressionRule.Action.SUPPRESS, "ss?d", null).matches(spike(10, 1, 1), TEMPLATE));
        assertTrue(rule("a", SuppressionRule.Action.SUPPRESS, "*", null).matches(spike(10, 1, 1), TEMPLATE));
        assertFalse(rule("a", SuppressionRule.Action.SUPPRESS, "nginx*", null).matches(spike(10, 1, 1), TEMPLATE));
        assertTrue(rule("a", SuppressionRule.Action.SUPPRESS, null, "Failed \\w+").matches(spike(10, 1, 1), TEMPLATE));
        assertFalse(rule("a", SuppressionRule.Action.SUPPRESS, null, "Failed").matches(spike(10, 1, 1), null),
                "an unknown template does not match a template rule");
        SuppressionRule kind = new SuppressionRule("k", SuppressionRule.Action.SUPPRESS, null, Fixtures.SIG, AnomalyKind.DROP,
                null, List.of(), -1, -1, Set.of(), List.of(), null, null, Label.NEVER);
        assertFalse(kind.matches(spike(10, 1, 1), TEMPLATE));
    }

    @Test
    void valuesMatchAtTheirPositionOrAnywhere() {
        SuppressionRule at = new SuppressionRule("v", SuppressionRule.Action.SUPPRESS, null, null, null, null,
                List.of(new ValueRef(Fixtures.IP_POSITION, null, Fixtures.SCANNER)), -1, -1, Set.of(), List.of(), null, null, Label.NEVER);
        SuppressionRule elsewhere = new SuppressionRule("v", SuppressionRule.Action.SUPPRESS, null, null, null, null,
                List.of(new ValueRef(2, null, Fixtures.SCANNER)), -1, -1, Set.of(), List.of(), null, null, Label.NEVER);
        SuppressionRule any = new SuppressionRule("v", SuppressionRule.Action.SUPPRESS, null, null, null, null,
                List.of(new ValueRef(ValueRef.ANY_POSITION, null, Fixtures.SCANNER)), -1, -1, Set.of(), List.of(), null, null, Label.NEVER);
        assertTrue(at.matches(spike(10, 1, 1, Fixtures.SCANNER), TEMPLATE));
        assertFalse(elsewhere.matches(spike(10, 1, 1, Fixtures.SCANNER), TEMPLATE));
        assertTrue(any.matches(spike(10, 1, 1, Fixtures.SCANNER), TEMPLATE));
        assertFalse(any.matches(spike(10, 1, 1, "198.51.100.9"), TEMPLATE));
    }

    @Test
    void timeOfDayWrapsPastMidnightInTheRulesZone() {
        // Fixtures.T0 is 2026-03-14T10:00Z, a Saturday; minute 0 → 10:00 UTC = 11:00 Paris
        assertTrue(timed(9 * 60, 11 * 60, Set.of(), List.of(), "UTC").matches(spike(0, 1, 1), TEMPLATE));
        assertFalse(timed(9 * 60, 11 * 60, Set.of(), List.of(), "Europe/Paris").matches(spike(0, 1, 1), TEMPLATE));
        SuppressionRule night = timed(22 * 60, 4 * 60, Set.of(), List.of(), "UTC");
        assertTrue(night.matches(spike(14 * 60, 1, 1), TEMPLATE), "00:00 next day");
        assertFalse(night.matches(spike(0, 1, 1), TEMPLATE), "10:00");
    }

    @Test
    void daysAndDateRangesMatchTheWindowStart() {
        assertTrue(timed(-1, -1, Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), List.of(), "UTC").matches(spike(0, 1, 1), TEMPLATE));
        assertFalse(timed(-1, -1, Set.of(DayOfWeek.MONDAY), List.of(), "UTC").matches(spike(0, 1, 1), TEMPLATE));
        SuppressionRule.DateRange march = new SuppressionRule.DateRange(LocalDate.parse("2026-03-13"), LocalDate.parse("2026-03-14"));
        assertTrue(timed(-1, -1, Set.of(), List.of(march), "UTC").matches(spike(0, 1, 1), TEMPLATE));
        assertFalse(timed(-1, -1, Set.of(), List.of(march), "UTC").matches(spike(14 * 60, 1, 1), TEMPLATE), "the 15th");
    }

    @Test
    void globsBacktrack() {
        assertTrue(SuppressionRule.globMatches("a*b*c", "axxbyybzc"));
        assertFalse(SuppressionRule.globMatches("a*b*c", "axxbyyb"));
        assertTrue(SuppressionRule.globMatches("", ""));
        assertFalse(SuppressionRule.globMatches("", "x"));
        assertEquals(true, SuppressionRule.globMatches("**", "anything"));
    }
}
