package io.sigdrift.baselines.feedback;

import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.Attribution;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A hand-written rule of the rules file: an event that matches every given matcher is suppressed or down-ranked.
 * Every matcher is optional, but a rule needs at least one (a rule that matches everything is a typo, not a policy).
 * Time matchers look at the event's window start (event time) in {@link #zone}.
 *
 * @param sourceGlob  glob on the source name ({@code *} any run of characters, {@code ?} one), null = any
 * @param signature   exact signature id, null = any
 * @param kind        anomaly kind, null = any
 * @param template    regex searched in the signature's template (an event without known template does not match)
 * @param values      the event's attribution must contain one of these (position {@link ValueRef#ANY_POSITION} = any)
 * @param fromMinute  time of day window {@code [fromMinute, toMinute)} in minutes, wrapping past midnight when
 *                    {@code toMinute <= fromMinute}; -1 = any time
 * @param days        days of the week, empty = any
 * @param dates       inclusive date ranges, empty = any
 * @param expires     event time from which the rule no longer applies ({@link Label#NEVER} = never)
 */
public record SuppressionRule(String id, Action action, String sourceGlob, String signature, AnomalyKind kind,
                              Pattern template, List<ValueRef> values, int fromMinute, int toMinute, Set<DayOfWeek> days,
                              List<DateRange> dates, ZoneId zone, String note, long expires) {
    public static final int MAX_VALUES = 64;
    public static final int MAX_DATE_RANGES = 366;

    /** What a matching rule does. */
    public enum Action { SUPPRESS, DOWNRANK }

    /** Inclusive calendar range. */
    public record DateRange(LocalDate from, LocalDate to) {
        public DateRange {
            if (from == null || to == null || to.isBefore(from)) {
                throw new IllegalArgumentException("a date range needs from <= to");
            }
        }

        boolean contains(LocalDate d) {
            return !d.isBefore(from) && !d.isAfter(to);
        }
    }

    public SuppressionRule {
        if (id == null || id.isBlank() || id.length() > Label.MAX_ID_CHARS) {
            throw new IllegalArgumentException("a rule needs an id (at most " + Label.MAX_ID_CHARS + " characters)");
        }
        if (action == null) {
            throw new IllegalArgumentException("rule " + id + ": action must be SUPPRESS or DOWNRANK");
        }
        values = values == null ? List.of() : List.copyOf(values);
        days = days == null ? Set.of() : Set.copyOf(days);
        dates = dates == null ? List.of() : List.copyOf(dates);
        zone = zone == null ? ZoneId.of("UTC") : zone;
        if (values.size() > MAX_VALUES || dates.size() > MAX_DATE_RANGES) {
            throw new IllegalArgumentException("rule " + id + ": at most " + MAX_VALUES + " values and " + MAX_DATE_RANGES + " date ranges");
        }
        if ((fromMinute < 0) != (toMinute < 0) || fromMinute >= 24 * 60 || toMinute > 24 * 60) {
            throw new IllegalArgumentException("rule " + id + ": hours must be HH:MM-HH:MM");
        }
        boolean any = sourceGlob != null || signature != null || kind != null || template != null || !values.isEmpty()
                || fromMinute >= 0 || !days.isEmpty() || !dates.isEmpty();
        if (!any) {
            throw new IllegalArgumentException("rule " + id + " has no matcher: it would match every event");
        }
    }

    /** Whether the rule applies to {@code e} (whose signature's template is {@code template}, null if unknown). */
    public boolean matches(AnomalyEvent e, String eventTemplate) {
        if (e.windowStart() >= expires) {
            return false;
        }
        if (sourceGlob != null && !globMatches(sourceGlob, e.source())) {
            return false;
        }
        if (signature != null && !signature.equals(e.signatureId())) {
            return false;
        }
        if (kind != null && kind != e.kind()) {
            return false;
        }
        if (template != null && (eventTemplate == null || !template.matcher(eventTemplate).find())) {
            return false;
        }
        if (!values.isEmpty() && !anyValue(e.attribution())) {
            return false;
        }
        if (fromMinute >= 0 || !days.isEmpty() || !dates.isEmpty()) {
            ZonedDateTime t = Instant.ofEpochMilli(e.windowStart()).atZone(zone);
            if (fromMinute >= 0) {
                int m = t.getHour() * 60 + t.getMinute();
                boolean in = fromMinute < toMinute ? m >= fromMinute && m < toMinute : m >= fromMinute || m < toMinute;
                if (!in) {
                    return false;
                }
            }
            if (!days.isEmpty() && !days.contains(t.getDayOfWeek())) {
                return false;
            }
            if (!dates.isEmpty()) {
                LocalDate d = t.toLocalDate();
                if (dates.stream().noneMatch(r -> r.contains(d))) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean anyValue(List<Attribution> attribution) {
        for (Attribution a : attribution) {
            for (ValueRef v : values) {
                if (v.matches(a.position(), a.value())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code *} and {@code ?} wildcards, everything else literal; iterative with backtracking to the last star. */
    static boolean globMatches(String glob, String s) {
        int g = 0;
        int i = 0;
        int star = -1;
        int mark = 0;
        while (i < s.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == s.charAt(i))) {
                g++;
                i++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                mark = i;
            } else if (star >= 0) {
                g = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
