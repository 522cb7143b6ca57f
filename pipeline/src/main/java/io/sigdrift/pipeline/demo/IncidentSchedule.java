package io.sigdrift.pipeline.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * When the demo's incidents happen (see "Incidents" in {@link DemoGenerator}), and {@link #place} puts them
 * there: after a quiet lead-in, time is cut into slots and every source gets one incident per slot, of the
 * kind least used so far.
 *
 * @param leadIn no incident starts before this (the detectors' warm-up and the learning of profiles)
 * @param slot   every source gets one incident per slot; the last incomplete slot gets none
 */
public record IncidentSchedule(Duration leadIn, Duration slot) {
    public static final Duration LONG_LEAD_IN = Duration.ofDays(2);
    public static final Duration LONG_SLOT = Duration.ofHours(12);

    public IncidentSchedule {
        if (leadIn == null || leadIn.isNegative()) throw new IllegalArgumentException("leadIn must be >= 0, was " + leadIn);
        if (slot == null || slot.toMinutes() < 20) throw new IllegalArgumentException("slot must be >= 20 minutes, was " + slot);
    }

    /**
     * From 3 days on: two days of lead-in (one of warm-up, one more until the hour-of-day profiles
     * switch on) and 12-hour slots, so 7 days carry 50 incidents. Shorter spans: a third of the
     * span as lead-in and one slot for the rest.
     */
    public static IncidentSchedule forSpan(Duration span) {
        if (span.compareTo(Duration.ofDays(3)) >= 0) return new IncidentSchedule(LONG_LEAD_IN, LONG_SLOT);
        Duration leadIn = Duration.ofMinutes(span.toMinutes() / 3);
        return new IncidentSchedule(leadIn, Duration.ofMinutes(Math.max(20, span.toMinutes() - leadIn.toMinutes())));
    }

    private static final long MINUTE = 60_000L;

    /** Placed incidents and, per incident, its silenced heartbeat host or its new error message (indexes). */
    record Placement(List<Incident> incidents, Map<Incident, Integer> silencedHost, Map<Incident, Integer> newErrorIndex) {}

    /**
     * The incidents placed by this schedule in [start, end), in start order and numbered, with which heartbeat
     * host each STOPPED_HEARTBEAT silences and which new error message each NEW_ERROR uses.
     */
    Placement place(long seed, long start, long end, List<DemoSources.SourceSpec> specs) {
        Map<Incident, Integer> newErrorIndex = new HashMap<>();
        Map<Incident, Integer> silencedHost = new HashMap<>();
        SplittableRandom r = new SplittableRandom(seed * 31 + 99);
        long slot = slot().toMillis();
        long first = start + leadIn().toMillis();
        int slots = (int) Math.max(0, (end - first) / slot);
        // Durations are given for 12-hour slots and shrink with shorter ones.
        double shrink = Math.min(1.0, slot / (double) LONG_SLOT.toMillis());
        Map<IncidentKind, Integer> used = new EnumMap<>(IncidentKind.class);
        for (IncidentKind k : IncidentKind.values()) used.put(k, 0);
        Map<String, Integer> newErrorsUsed = new HashMap<>();
        Map<String, Integer> heartbeatsStopped = new HashMap<>();
        Map<String, Map<IncidentKind, Integer>> usedBySource = new HashMap<>();
        int drifts = 0;
        List<Incident> out = new ArrayList<>();
        IncidentKind[] all = IncidentKind.values();
        for (int k = 0; k < slots; k++) {
            long slotStart = first + k * slot;
            List<DemoSources.SourceSpec> order = new ArrayList<>(specs);
            for (int i = order.size() - 1; i > 0; i--) {
                java.util.Collections.swap(order, i, r.nextInt(i + 1));
            }
            for (DemoSources.SourceSpec s : order) {
                // The kind least used overall, then the one this source has had least: the totals per
                // kind stay balanced (NEW_ERROR goes to the sources that have error messages to add)
                // and every source cycles through its menu.
                Map<IncidentKind, Integer> mine = usedBySource.computeIfAbsent(s.name(), x -> new EnumMap<>(IncidentKind.class));
                IncidentKind kind = null;
                int offset = r.nextInt(all.length);
                for (int j = 0; j < all.length; j++) {
                    IncidentKind c = all[(j + offset) % all.length];
                    // Each NEW_ERROR must be a message its source never logged: a source offers as many as it has.
                    if (c == IncidentKind.NEW_ERROR && newErrorsUsed.getOrDefault(s.name(), 0) >= s.newErrors().size()) continue;
                    if (kind == null || used.get(c) * 1000 + mine.getOrDefault(c, 0) < used.get(kind) * 1000 + mine.getOrDefault(kind, 0)) {
                        kind = c;
                    }
                }
                used.merge(kind, 1, Integer::sum);
                mine.merge(kind, 1, Integer::sum);
                long from = slotStart + minutes(r.nextDouble() * 0.35 * slot);
                double minutes = switch (kind) {
                    case SPIKE -> 20 + r.nextDouble() * 20;
                    case DROP -> 45 + r.nextDouble() * 45;
                    case STOPPED_HEARTBEAT -> 60 + r.nextDouble() * 90;
                    case NEW_ERROR -> 30 + r.nextDouble() * 60;
                    case SLOW_DRIFT -> 210 + r.nextDouble() * 60;
                };
                long to = Math.min(end, from + Math.max(5 * MINUTE, minutes(minutes * shrink * MINUTE)));
                String series;
                double factor;
                String what;
                int host = -1;
                int error = -1;
                String cause = null;
                switch (kind) {
                    case SPIKE -> {
                        series = s.spike().series();
                        factor = 8 + Math.floor(r.nextDouble() * 8);
                        what = s.spike().what() + " (x" + (int) factor + ")";
                        cause = s.spike().cause();
                    }
                    case DROP -> {
                        series = s.drop().series();
                        factor = 0.05 + Math.rint(r.nextDouble() * 10) / 100;
                        what = s.drop().what() + " (x" + factor + ")";
                    }
                    case SLOW_DRIFT -> {
                        boolean up = drifts++ % 2 == 0;
                        DemoSources.Target t = up ? s.driftUp() : s.driftDown();
                        series = t.series();
                        factor = up ? 4.0 : 0.25;
                        what = t.what() + " (ramps to x" + factor + " over " + Math.round(0.7 * (to - from) / (double) MINUTE)
                                + " min, holds, recovers)";
                    }
                    case STOPPED_HEARTBEAT -> {
                        int n = heartbeatsStopped.merge(s.name(), 1, Integer::sum) - 1;
                        host = (int) Math.floorMod(n + seed, (long) s.heartbeat().hosts().length);
                        series = s.heartbeat().id();
                        factor = (s.heartbeat().hosts().length - 1) / (double) s.heartbeat().hosts().length;
                        what = s.heartbeat().hosts()[host] + " stops its heartbeat (every " + s.heartbeat().periodMillis() / 1000
                                + " s; " + (s.heartbeat().hosts().length - 1) + " of " + s.heartbeat().hosts().length + " hosts go on)";
                    }
                    default -> {
                        error = newErrorsUsed.merge(s.name(), 1, Integer::sum) - 1;
                        series = s.name() + "/new-error-" + error;
                        factor = Double.POSITIVE_INFINITY;
                        what = s.newErrors().get(error).what();
                    }
                }
                Incident inc = new Incident(0, kind, s.name(), series, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), factor,
                        kind.label() + " in " + s.name() + ": " + what, cause);
                if (host >= 0) silencedHost.put(inc, host);
                if (error >= 0) newErrorIndex.put(inc, error);
                out.add(inc);
            }
        }
        out.sort((a, b) -> a.start().compareTo(b.start()));
        List<Incident> numbered = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            Incident a = out.get(i);
            Incident b = new Incident(i, a.kind(), a.source(), a.series(), a.start(), a.end(), a.factor(), a.description(),
                    a.cause());
            if (silencedHost.containsKey(a)) silencedHost.put(b, silencedHost.remove(a));
            if (newErrorIndex.containsKey(a)) newErrorIndex.put(b, newErrorIndex.remove(a));
            numbered.add(b);
        }
        return new Placement(List.copyOf(numbered), silencedHost, newErrorIndex);
    }

    private static long minutes(double millis) {
        return (long) (millis / MINUTE) * MINUTE;
    }
}
