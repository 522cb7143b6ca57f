package io.sigdrift.pipeline.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A seeded, realistic multi-source log stream with labelled incidents. Pure Java (no Flink), shared by
 * {@code sigdrift demo} and the incident evaluation ({@code bin/bench incidents}). Same seed, start,
 * span, scale and schedule → the same lines and incidents.
 *
 * <h2>Sources (native formats)</h2>
 * <ul>
 *   <li>{@code web}: nginx combined access log {@code [dd/MMM/yyyy:HH:mm:ss +0000]}, with Kubernetes
 *       liveness probes from 3 probers every 10 s (the heartbeat);</li>
 *   <li>{@code sshd}: OpenSSH auth log (RFC 3164 syslog): staff and automation sessions, internet
 *       password guessing, and 2 monitoring hosts' SSH checks every 30 s;</li>
 *   <li>{@code app}: a Java shop service, log4j {@code yyyy-MM-dd HH:mm:ss,SSS}, multi-line stack traces
 *       (continuation lines carry no timestamp), heartbeats of 3 workers every 15 s;</li>
 *   <li>{@code elb}: AWS classic ELB access log (ISO-8601, microseconds), with an uptime monitor's
 *       checks from 3 locations every 20 s;</li>
 *   <li>{@code firewall}: UFW kernel messages and snmpd polls from 2 pollers every 30 s (syslog).</li>
 * </ul>
 *
 * <h2>Traffic model</h2>
 * Every non-periodic message series is a Poisson process whose rate is constant within each minute:
 * {@code base x scale x hourOfDay x dayOfWeek x sourceBurst x seriesBurst x incident}. The hour-of-day
 * profile is a business-hours bump over a night floor (per source: staff logins peak late morning,
 * shoppers in the evening, the firewall's internet noise is nearly flat); the 6th and 7th day of every
 * week are a lower weekend (x0.7 to x1.0 by source). Bursts are Gamma(k)/k multipliers with mean 1, drawn per 2-minute
 * block for a whole source (traffic surges hit all its series) and per minute for each series, so
 * window counts are overdispersed (negative-binomial-like), not Poisson. Heartbeats are periodic per
 * host with up to 0.4 s of lag and are not scaled.
 *
 * <h2>Time: the same run from any start date</h2>
 * Everything random or weekly is counted from the start, never from the calendar: the traffic's week
 * begins on the start's day (UTC), bursts are drawn per block since the start, incidents are placed after
 * the start. So a run from {@code 2026-11-30} and one from {@code 2026-12-03} carry the same traffic at the same
 * offsets and the same incidents, and the detectors' verdict does not depend on the weekday the run starts on
 * (with calendar weekends a 3-day demo started on a Thursday had its incident day on a Saturday, 30 % quieter
 * than the two days the detectors learned from). The weekly shape itself stays: a run of two weeks or more
 * has a weekend every 7 days for day-of-week profiles to learn. Only the hour of day is absolute (UTC), as
 * log times are; starts at the same time of day give the same stream. The timestamps' text (month names,
 * syslog's missing year) naturally follows the calendar.
 *
 * <h2>Incidents ({@link Schedule})</h2>
 * After a quiet lead-in (the detectors' warm-up), time is cut into slots; in every slot each source gets
 * one incident at a random minute in the first 35 % of the slot, of the kind its menu offers that is
 * least used so far (so the five {@link IncidentKind}s stay balanced). Durations (for 12-hour slots;
 * shorter slots shrink them): SPIKE x8-x15 (and at least 2 lines/min) for 20-40 min; DROP to x0.05-x0.15 for 45-90 min; a
 * heartbeat host silent for 60-150 min; a NEW_ERROR at 3-4 per minute (not scaled) for 30-90 min (each a message
 * its source never logged before); SLOW_DRIFT ramping linearly over 2.5-3.5 h to x4 (or x0.25,
 * alternately) then holding for an hour. {@code elb} has no error messages of its own, so no NEW_ERROR.
 */
public final class DemoGenerator implements Iterable<DemoGenerator.Line> {
    public static final long DEFAULT_SEED = 20_240_601L;
    /** The demo: three days, the last of which carries the incidents (the first two are warm-up and profiles). */
    public static final Duration DEFAULT_SPAN = Duration.ofDays(3);
    /** About 150 lines per minute of traffic plus ~47 heartbeats per minute. */
    public static final double DEFAULT_SCALE = 0.1;
    public static final List<String> SOURCES = List.of("web", "sshd", "app", "elb", "firewall");
    /** The attacker's address in SPIKE incidents of sshd, web and firewall (TEST-NET-3, never used by normal traffic). */
    public static final String ATTACKER_IP = "203.0.113.77";

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** Shape of the per-source burst multiplier (Gamma(k)/k, CV = 1/sqrt(k) = 29 %), drawn per 2-minute block. */
    private static final double SOURCE_BURST_SHAPE = 12;
    private static final double MAX_BURST = 4;
    /** Days of a traffic week before its two weekend days. */
    private static final int WORKING_DAYS = 5;
    /** A SPIKE raises its series to at least this many lines per minute (not scaled). */
    static final double SPIKE_MIN_PER_MINUTE = 2.0;

    /**
     * One generated line; continuation lines of a multi-line event share its timestamp.
     *
     * @param series the generator's message series, e.g. {@code app/order} (ground truth for evaluations)
     */
    public record Line(String source, long timestamp, String text, String series) {}

    /**
     * When incidents happen.
     *
     * @param leadIn no incident starts before this (the detectors' warm-up and the learning of profiles)
     * @param slot   every source gets one incident per slot; the last incomplete slot gets none
     */
    public record Schedule(Duration leadIn, Duration slot) {
        public static final Duration LONG_LEAD_IN = Duration.ofDays(2);
        public static final Duration LONG_SLOT = Duration.ofHours(12);

        public Schedule {
            if (leadIn == null || leadIn.isNegative()) throw new IllegalArgumentException("leadIn must be >= 0, was " + leadIn);
            if (slot == null || slot.toMinutes() < 20) throw new IllegalArgumentException("slot must be >= 20 minutes, was " + slot);
        }

        /**
         * From 3 days on: two days of lead-in (one of warm-up, one more until the hour-of-day profiles
         * switch on) and 12-hour slots, so 7 days carry 50 incidents. Shorter spans: a third of the
         * span as lead-in and one slot for the rest.
         */
        public static Schedule forSpan(Duration span) {
            if (span.compareTo(Duration.ofDays(3)) >= 0) return new Schedule(LONG_LEAD_IN, LONG_SLOT);
            Duration leadIn = Duration.ofMinutes(span.toMinutes() / 3);
            return new Schedule(leadIn, Duration.ofMinutes(Math.max(20, span.toMinutes() - leadIn.toMinutes())));
        }
    }

    private final long seed;
    private final long start;
    private final long end;
    /** Midnight (UTC) of the start's day: day 0 of the traffic's weeks. */
    private final long weekStart;
    private final double scale;
    private final Schedule schedule;
    private final List<SourceSpec> specs;
    private final List<Incident> incidents;
    /** Which NEW_ERROR message of its source an incident uses (index into SourceSpec.newErrors). */
    private final Map<Incident, Integer> newErrorIndex = new HashMap<>();
    /** Which heartbeat host an incident silences. */
    private final Map<Incident, Integer> silencedHost = new HashMap<>();

    /** With the default schedule for the span ({@link Schedule#forSpan}). */
    public DemoGenerator(long seed, Instant start, Duration span, double scale) {
        this(seed, start, span, scale, Schedule.forSpan(span));
    }

    /**
     * @param scale multiplies the traffic rates (1.0 ≈ 1,500 lines/min); heartbeats are not scaled
     */
    public DemoGenerator(long seed, Instant start, Duration span, double scale, Schedule schedule) {
        if (span == null || span.isNegative() || span.toMinutes() < 10) {
            throw new IllegalArgumentException("span must be >= 10 minutes, was " + span);
        }
        if (!(scale > 0) || scale > 1000) {
            throw new IllegalArgumentException("scale must be in (0, 1000], was " + scale);
        }
        if (schedule == null) throw new IllegalArgumentException("schedule must not be null");
        this.seed = seed;
        this.start = start.toEpochMilli();
        this.end = this.start + span.toMillis();
        this.weekStart = Math.floorDiv(this.start, DAY) * DAY;
        this.scale = scale;
        this.schedule = schedule;
        this.specs = sourceSpecs();
        this.incidents = schedule();
    }

    /** The demo's defaults starting at {@code start}. */
    public static DemoGenerator withDefaults(Instant start) {
        return new DemoGenerator(DEFAULT_SEED, start, DEFAULT_SPAN, DEFAULT_SCALE);
    }

    /** The labelled incidents, in start order. */
    public List<Incident> incidents() {
        return incidents;
    }

    public Instant start() {
        return Instant.ofEpochMilli(start);
    }

    public Instant end() {
        return Instant.ofEpochMilli(end);
    }

    public Schedule scheduleUsed() {
        return schedule;
    }

    /** All lines of all sources merged in event-time order. */
    @Override
    public Iterator<Line> iterator() {
        List<Stream> streams = new ArrayList<>();
        for (SourceSpec s : specs) {
            for (SeriesSpec p : s.series) {
                List<Incident> effects = new ArrayList<>();
                for (Incident i : incidents) {
                    if (i.series().equals(p.id) && i.kind() != IncidentKind.NEW_ERROR) effects.add(i);
                }
                streams.add(new PoissonStream(s, p, effects, start, end, null));
            }
            for (int h = 0; h < s.heartbeat.hosts.length; h++) {
                List<long[]> silences = new ArrayList<>();
                for (Incident i : incidents) {
                    if (i.kind() == IncidentKind.STOPPED_HEARTBEAT && i.series().equals(s.heartbeat.id) && silencedHost.get(i) == h) {
                        silences.add(new long[] {i.start().toEpochMilli(), i.end().toEpochMilli()});
                    }
                }
                streams.add(new HeartbeatStream(s, h, silences));
            }
        }
        for (Incident i : incidents) {
            if (i.kind() == IncidentKind.NEW_ERROR) {
                SourceSpec s = spec(i.source());
                NewErrorSpec ne = s.newErrors.get(newErrorIndex.get(i));
                SeriesSpec p = new SeriesSpec(i.series(), ne.perMinute, 4, false, ne.emitter);
                streams.add(new PoissonStream(s, p, List.of(), i.start().toEpochMilli(), i.end().toEpochMilli(), i));
            }
        }
        return new Merge(streams);
    }

    /** Writes {@code dir/<source>.log} for every source; returns the number of lines written. */
    public long writeFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, BufferedWriter> writers = new HashMap<>();
        long n = 0;
        try {
            for (String s : SOURCES) {
                writers.put(s, Files.newBufferedWriter(dir.resolve(s + ".log"), StandardCharsets.UTF_8));
            }
            for (Line l : this) {
                BufferedWriter w = writers.get(l.source());
                w.write(l.text());
                w.write('\n');
                n++;
            }
        } finally {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        }
        return n;
    }

    private SourceSpec spec(String source) {
        for (SourceSpec s : specs) {
            if (s.name.equals(source)) return s;
        }
        throw new IllegalStateException("no source " + source);
    }

    // ------------------------------------------------------------------ schedule

    private List<Incident> schedule() {
        SplittableRandom r = new SplittableRandom(seed * 31 + 99);
        long slot = schedule.slot().toMillis();
        long first = start + schedule.leadIn().toMillis();
        int slots = (int) Math.max(0, (end - first) / slot);
        // Durations are given for 12-hour slots and shrink with shorter ones.
        double shrink = Math.min(1.0, slot / (double) Schedule.LONG_SLOT.toMillis());
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
            List<SourceSpec> order = new ArrayList<>(specs);
            for (int i = order.size() - 1; i > 0; i--) {
                java.util.Collections.swap(order, i, r.nextInt(i + 1));
            }
            for (SourceSpec s : order) {
                // The kind least used overall, then the one this source has had least: the totals per
                // kind stay balanced (NEW_ERROR goes to the sources that have error messages to add)
                // and every source cycles through its menu.
                Map<IncidentKind, Integer> mine = usedBySource.computeIfAbsent(s.name, x -> new EnumMap<>(IncidentKind.class));
                IncidentKind kind = null;
                int offset = r.nextInt(all.length);
                for (int j = 0; j < all.length; j++) {
                    IncidentKind c = all[(j + offset) % all.length];
                    // Each NEW_ERROR must be a message its source never logged: a source offers as many as it has.
                    if (c == IncidentKind.NEW_ERROR && newErrorsUsed.getOrDefault(s.name, 0) >= s.newErrors.size()) continue;
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
                switch (kind) {
                    case SPIKE -> {
                        series = s.spike.series;
                        factor = 8 + Math.floor(r.nextDouble() * 8);
                        what = s.spike.what + " (x" + (int) factor + ")";
                    }
                    case DROP -> {
                        series = s.drop.series;
                        factor = 0.05 + Math.rint(r.nextDouble() * 10) / 100;
                        what = s.drop.what + " (x" + factor + ")";
                    }
                    case SLOW_DRIFT -> {
                        boolean up = drifts++ % 2 == 0;
                        Target t = up ? s.driftUp : s.driftDown;
                        series = t.series;
                        factor = up ? 4.0 : 0.25;
                        what = t.what + " (ramps to x" + factor + " over " + Math.round(0.7 * (to - from) / (double) MINUTE)
                                + " min, holds, recovers)";
                    }
                    case STOPPED_HEARTBEAT -> {
                        int n = heartbeatsStopped.merge(s.name, 1, Integer::sum) - 1;
                        host = (int) Math.floorMod(n + seed, (long) s.heartbeat.hosts.length);
                        series = s.heartbeat.id;
                        factor = (s.heartbeat.hosts.length - 1) / (double) s.heartbeat.hosts.length;
                        what = s.heartbeat.hosts[host] + " stops its heartbeat (every " + s.heartbeat.periodMillis / 1000
                                + " s; " + (s.heartbeat.hosts.length - 1) + " of " + s.heartbeat.hosts.length + " hosts go on)";
                    }
                    default -> {
                        error = newErrorsUsed.merge(s.name, 1, Integer::sum) - 1;
                        series = s.name + "/new-error-" + error;
                        factor = Double.POSITIVE_INFINITY;
                        what = s.newErrors.get(error).what;
                    }
                }
                Incident inc = new Incident(0, kind, s.name, series, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), factor,
                        kind.label() + " in " + s.name + ": " + what);
                if (host >= 0) silencedHost.put(inc, host);
                if (error >= 0) newErrorIndex.put(inc, error);
                out.add(inc);
            }
        }
        out.sort((a, b) -> a.start().compareTo(b.start()));
        List<Incident> numbered = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            Incident a = out.get(i);
            Incident b = new Incident(i, a.kind(), a.source(), a.series(), a.start(), a.end(), a.factor(), a.description());
            if (silencedHost.containsKey(a)) silencedHost.put(b, silencedHost.remove(a));
            if (newErrorIndex.containsKey(a)) newErrorIndex.put(b, newErrorIndex.remove(a));
            numbered.add(b);
        }
        return List.copyOf(numbered);
    }

    private static long minutes(double millis) {
        return (long) (millis / MINUTE) * MINUTE;
    }

    // ------------------------------------------------------------------ merging

    private static final class Merge implements Iterator<Line> {
        private final PriorityQueue<Stream> queue = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(a.nextTime, b.nextTime);
            return c != 0 ? c : Integer.compare(a.order, b.order);
        });

        Merge(List<Stream> streams) {
            for (int i = 0; i < streams.size(); i++) {
                Stream s = streams.get(i);
                s.order = i;
                if (s.advance()) {
                    queue.add(s);
                }
            }
        }

        @Override
        public boolean hasNext() {
            return !queue.isEmpty();
        }

        @Override
        public Line next() {
            Stream s = queue.poll();
            if (s == null) {
                throw new NoSuchElementException();
            }
            Line l = s.take();
            if (s.advance()) {
                queue.add(s);
            }
            return l;
        }
    }

    /** One line producer; an event may have several lines (a stack trace) sharing its timestamp. */
    private abstract class Stream {
        final String source;
        final String series;
        final SplittableRandom rnd;
        final ArrayDeque<String> pending = new ArrayDeque<>();
        final long until;
        long t;
        long nextTime;
        int order;
        /** Events produced so far by this stream (in this iteration). */
        long events;
        final SecondFormats fmt = new SecondFormats();

        Stream(String source, String series, long firstTime, long until) {
            this.source = source;
            this.series = series;
            this.rnd = new SplittableRandom(mix(seed, series.hashCode(), 0x5eed));
            this.t = firstTime;
            this.until = Math.min(until, end);
        }

        /** Prepares the next line; false when this stream has ended. */
        boolean advance() {
            if (pending.isEmpty()) {
                long next = nextEventTime();
                if (next >= until) {
                    return false;
                }
                t = next;
                event(t, pending);
                events++;
                if (pending.isEmpty()) {
                    return advance();
                }
            }
            nextTime = t;
            return true;
        }

        Line take() {
            return new Line(source, t, pending.poll(), series);
        }

        /** Returns the time of the next event (>= t), or Long.MAX_VALUE. */
        abstract long nextEventTime();

        /** Adds the lines of one event at time {@code time}. */
        abstract void event(long time, ArrayDeque<String> out);
    }

    /** A Poisson series: rate constant within each minute (exact: exponential gaps restart at minute boundaries). */
    private final class PoissonStream extends Stream {
        private final SourceSpec src;
        private final SeriesSpec spec;
        private final List<Incident> effects;
        private final Incident newError;
        private final long seriesKey;
        private final long sourceKey;
        private long minute = Long.MIN_VALUE;
        private double ratePerMs;
        private Incident active;

        PoissonStream(SourceSpec src, SeriesSpec spec, List<Incident> effects, long from, long until, Incident newError) {
            super(src.name, spec.id, from, until);
            this.src = src;
            this.spec = spec;
            this.effects = effects;
            this.newError = newError;
            this.seriesKey = spec.id.hashCode();
            this.sourceKey = src.name.hashCode() * 7919L;
        }

        @Override
        long nextEventTime() {
            long now = t;
            while (now < until) {
                long m = Math.floorDiv(now - start, MINUTE);   // minutes since the start, as the bursts
                if (m != minute) {
                    minute = m;
                    ratePerMs = rate(start + m * MINUTE + MINUTE / 2) / MINUTE;
                }
                long minuteEnd = start + (m + 1) * MINUTE;
                if (ratePerMs > 0) {
                    long next = now + 1 + (long) (-Math.log(1 - rnd.nextDouble()) / ratePerMs);
                    if (next < minuteEnd) return next;
                }
                now = minuteEnd;   // memoryless: the next gap starts afresh at the boundary with the new rate
            }
            return Long.MAX_VALUE;
        }

        private double rate(long at) {
            // A new error's rate is the incident's own (like heartbeats, not scaled, no daily cycle):
            // a broken component fails at its rate even at night in a small run.
            double r = spec.perMinute * (newError != null ? 1.0 : scale);
            if (spec.seasonal) r *= src.profile.factor(at, weekStart);
            // blocks counted from the start: the same draws whatever the date (see "Time" in the class comment)
            r *= burst(sourceKey, Math.floorDiv(at - start, 2 * MINUTE), SOURCE_BURST_SHAPE);
            if (spec.burstShape > 0) r *= burst(seriesKey, Math.floorDiv(at - start, MINUTE), spec.burstShape);
            active = newError;
            for (Incident i : effects) {
                long s = i.start().toEpochMilli();
                long e = i.end().toEpochMilli();
                if (at < s || at >= e) continue;
                active = i;
                if (i.kind() == IncidentKind.SLOW_DRIFT) {
                    double ramp = 0.7 * (e - s);
                    double progress = Math.min(1.0, (at - s) / ramp);
                    r *= 1 + (i.factor() - 1) * progress;
                } else if (i.kind() == IncidentKind.SPIKE) {
                    // An attacker or a failing dependency does not follow the traffic's quiet
                    // hours: at least SPIKE_MIN_PER_MINUTE lines per minute whatever the scale.
                    r = Math.max(r * i.factor(), SPIKE_MIN_PER_MINUTE);
                } else {
                    r *= i.factor();
                }
            }
            return r;
        }

        @Override
        void event(long time, ArrayDeque<String> out) {
            spec.emitter.emit(this, time, out, active != null && active.kind() == IncidentKind.SPIKE);
        }
    }

    /** One host's heartbeat: every period (with a fixed phase per host and up to 0.4 s of lag), except while silenced. */
    private final class HeartbeatStream extends Stream {
        private final HeartbeatSpec spec;
        private final int host;
        private final List<long[]> silences;
        private final long phase;
        private long beat;

        HeartbeatStream(SourceSpec src, int host, List<long[]> silences) {
            super(src.name, src.heartbeat.id + "#" + host, start, end);
            this.spec = src.heartbeat;
            this.host = host;
            this.silences = silences;
            this.phase = 1_300 + host * spec.periodMillis / spec.hosts.length;
        }

        @Override
        Line take() {
            return new Line(source, t, pending.poll(), spec.id);
        }

        @Override
        long nextEventTime() {
            while (true) {
                long at = start + phase + beat++ * spec.periodMillis + rnd.nextInt(400);
                if (at >= until) return Long.MAX_VALUE;
                boolean silent = false;
                for (long[] s : silences) {
                    if (at >= s[0] && at < s[1]) {
                        silent = true;
                        break;
                    }
                }
                if (!silent) return Math.max(at, t);
            }
        }

        @Override
        void event(long time, ArrayDeque<String> out) {
            spec.emitter.emit(this, time, out, spec.hosts[host]);
        }
    }

    // ------------------------------------------------------------------ randomness

    static long mix(long a, long b, long c) {
        long h = a * 0x9E3779B97F4A7C15L + b;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + c;
        h = (h ^ (h >>> 29)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 32);
    }

    /** Gamma(shape)/shape (mean 1) for one block of one key, a pure function of (seed, key, block), capped. */
    private double burst(long key, long block, double shape) {
        SplittableRandom r = new SplittableRandom(mix(seed, key, block));
        return Math.max(0.05, Math.min(MAX_BURST, gamma(r, shape) / shape));
    }

    /** Marsaglia-Tsang Gamma(shape, 1) for shape >= 1. */
    static double gamma(SplittableRandom r, double shape) {
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = r.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = r.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
        }
    }

    // ------------------------------------------------------------------ source descriptions

    @FunctionalInterface
    private interface Emitter {
        /** @param incident true while a SPIKE of this series is on (lines may then come from the attacker) */
        void emit(Stream s, long time, ArrayDeque<String> out, boolean incident);
    }

    @FunctionalInterface
    private interface HostEmitter {
        void emit(Stream s, long time, ArrayDeque<String> out, String host);
    }

    /**
     * Daily and weekly seasonality: {@code night + (peak - night) * exp(-d^2 / 2w^2)} with d the
     * circular distance in hours from the peak hour (UTC), times {@code weekend} on the 6th and 7th day of
     * each week counted from {@code weekStart} (see "Time" in the class comment for why not the calendar's).
     */
    private record Profile(double night, double peak, double peakHour, double width, double weekend) {
        double factor(long at, long weekStart) {
            double hour = Math.floorMod(at, DAY) / (double) HOUR;
            double d = Math.abs(hour - peakHour);
            d = Math.min(d, 24 - d);
            double f = night + (peak - night) * Math.exp(-d * d / (2 * width * width));
            int dayOfWeek = (int) Math.floorMod(Math.floorDiv(at - weekStart, DAY), 7L);   // 0 = the start's day
            return dayOfWeek >= WORKING_DAYS ? f * weekend : f;
        }
    }

    private record SeriesSpec(String id, double perMinute, double burstShape, boolean seasonal, Emitter emitter) {}

    private record HeartbeatSpec(String id, String[] hosts, long periodMillis, HostEmitter emitter) {}

    private record NewErrorSpec(String what, double perMinute, Emitter emitter) {}

    /** The series an incident kind changes in a source, and a human phrase for it. */
    private record Target(String series, String what) {}

    private record SourceSpec(String name, Profile profile, List<SeriesSpec> series, HeartbeatSpec heartbeat,
                              Target spike, Target drop, Target driftUp, Target driftDown, List<NewErrorSpec> newErrors) {
    }

    private List<SourceSpec> sourceSpecs() {
        return List.of(web(), sshd(), app(), elb(), firewall());
    }

    // ------------------------------------------------------------------ web: nginx access log

    private static final String[] AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "curl/8.5.0", "Googlebot/2.1 (+http://www.google.com/bot.html)"};
    /** The shop's mobile app, the only client of the cart API. */
    private static final String APP_AGENT = "ShopApp/5.2.1 (iPhone; iOS 17.4; Scale/3.00)";
    private static final String[] WORDS = {"shoes", "jacket", "lamp", "coffee", "kettle", "socks", "desk", "chair"};

    private static String webPath(SplittableRandom r) {
        return switch (r.nextInt(9)) {
            case 0 -> "/";
            case 1 -> "/index.html";
            case 2, 3 -> "/products/" + r.nextInt(5000);
            case 4, 5 -> "/api/v1/products/" + r.nextInt(5000);
            case 6 -> "/static/js/app." + Long.toHexString(r.nextLong() & 0xffffffffL) + ".js";
            case 7 -> "/search?q=" + WORDS[r.nextInt(WORDS.length)];
            default -> "/favicon.ico";
        };
    }

    private static int status(SplittableRandom r) {
        int x = r.nextInt(100);
        return x < 85 ? 200 : x < 92 ? 304 : x < 97 ? 404 : x < 99 ? 301 : 500;
    }

    private static String ip(SplittableRandom r) {
        return (10 + r.nextInt(180)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    private static int port(SplittableRandom r) {
        return 1024 + r.nextInt(64_000);
    }

    private static String hex(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }

    private static <T> T pick(SplittableRandom r, T[] options) {
        return options[r.nextInt(options.length)];
    }

    private static String access(Stream s, String ip, String method, String path, int status, String referer, String agent) {
        SplittableRandom r = s.rnd;
        return ip + " - - [" + s.fmt.clf(s.t) + "] \"" + method + " " + path + " HTTP/1.1\" " + status + " "
                + (status == 304 ? 0 : 200 + r.nextInt(40_000)) + " \"" + referer + "\" \"" + agent + "\"";
    }

    private SourceSpec web() {
        Profile shoppers = new Profile(0.35, 1.5, 20, 4.5, 0.85);
        List<SeriesSpec> series = List.of(
                new SeriesSpec("web/page", 700, 20, true, (s, t, out, inc) -> out.add(access(s, ip(s.rnd), "GET", webPath(s.rnd),
                        status(s.rnd), s.rnd.nextInt(3) == 0 ? "https://shop.example.com/" : "-", pick(s.rnd, AGENTS)))),
                new SeriesSpec("web/cart", 60, 10, true, (s, t, out, inc) -> out.add(access(s, ip(s.rnd), "POST", "/api/v1/cart",
                        s.rnd.nextInt(50) == 0 ? 409 : 200, "-", APP_AGENT))),
                // Credential stuffing spoofs a browser's user agent, so it lands in an existing signature.
                new SeriesSpec("web/login", 15, 6, true, (s, t, out, inc) -> out.add(access(s, inc ? ATTACKER_IP : ip(s.rnd), "POST",
                        "/login", inc || s.rnd.nextInt(5) == 0 ? 401 : 302, "https://shop.example.com/login",
                        inc ? AGENTS[0] : pick(s.rnd, AGENTS)))));
        HeartbeatSpec probes = new HeartbeatSpec("web/probe", new String[] {"10.0.0.11", "10.0.0.12", "10.0.0.13"}, 10_000,
                (s, t, out, host) -> out.add(host + " - - [" + s.fmt.clf(t) + "] \"GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.29\""));
        return new SourceSpec("web", shoppers, series, probes,
                new Target("web/login", "credential stuffing: failed POST /login from " + ATTACKER_IP),
                new Target("web/cart", "POST /api/v1/cart requests collapse (checkout broken in the front end)"),
                new Target("web/cart", "POST /api/v1/cart requests rise slowly (an app release nags users into their carts)"),
                new Target("web/cart", "POST /api/v1/cart requests decline slowly (a payment page degrading)"),
                List.of());
    }

    // ------------------------------------------------------------------ sshd: OpenSSH auth log

    private static final String[] STAFF = {"alice", "bob", "carol", "dave", "erin"};
    private static final String[] ROBOTS = {"ansible", "backup", "deploy"};
    private static final String[] GUESSES = {"admin", "test", "oracle", "ubuntu", "guest", "postgres", "user", "pi", "ftp", "support"};

    private static String sshHead(Stream s, long t) {
        return s.fmt.syslog(t) + " bastion sshd[" + (1000 + s.rnd.nextInt(60_000)) + "]: ";
    }

    private SourceSpec sshd() {
        Profile staff = new Profile(0.25, 1.6, 11, 3.5, 0.7);
        List<SeriesSpec> series = List.of(
                new SeriesSpec("sshd/session", 30, 6, true, (s, t, out, inc) -> out.add(sshHead(s, t) + session(s.rnd, pick(s.rnd, STAFF)))),
                // Configuration management and backups log in around the clock, with OpenSSH certificates.
                new SeriesSpec("sshd/automation", 20, 8, false, (s, t, out, inc) -> out.add(sshHead(s, t) + "Accepted publickey for "
                        + pick(s.rnd, ROBOTS) + " from 10.20.0." + (5 + s.rnd.nextInt(4)) + " port " + port(s.rnd)
                        + " ssh2: ED25519-CERT SHA256:" + hex(s.rnd, 43) + " ID ci-runner (serial " + (100 + s.rnd.nextInt(900))
                        + ") CA ED25519 SHA256:Q3ZsYm9vdF9jYV9rZXlfZm9yX2NpX3J1bm5lcnM")),
                new SeriesSpec("sshd/guessing", 20, 3, false, (s, t, out, inc) -> {
                    SplittableRandom r = s.rnd;
                    String ip = inc ? ATTACKER_IP : ip(r);
                    out.add(sshHead(s, t) + (r.nextBoolean()
                            ? "Invalid user " + pick(r, GUESSES) + " from " + ip + " port " + port(r)
                            : "Failed password for invalid user " + pick(r, GUESSES) + " from " + ip + " port " + port(r) + " ssh2"));
                }));
        HeartbeatSpec monitors = new HeartbeatSpec("sshd/monitor", new String[] {"10.0.9.2", "10.0.9.3"}, 30_000,
                (s, t, out, host) -> out.add(sshHead(s, t) + "Connection closed by " + host + " port " + port(s.rnd) + " [preauth]"));
        return sshdRest(staff, series, monitors);
    }

    private static String session(SplittableRandom r, String user) {
        {
            {
                String ip = "10.20." + r.nextInt(8) + "." + (1 + r.nextInt(254));
                int x = r.nextInt(100);
                if (x < 25) {
                    return "Accepted publickey for " + user + " from " + ip + " port " + port(r) + " ssh2: RSA SHA256:" + hex(r, 43);
                } else if (x < 50) {
                    return "pam_unix(sshd:session): session opened for user " + user + "(uid=" + (1000 + r.nextInt(5)) + ") by (uid=0)";
                } else if (x < 75) {
                    return "pam_unix(sshd:session): session closed for user " + user;
                }
                return "Received disconnect from " + ip + " port " + port(r) + ":11: disconnected by user";
            }
        }
    }

    private SourceSpec sshdRest(Profile staff, List<SeriesSpec> series, HeartbeatSpec monitors) {
        List<NewErrorSpec> errors = List.of(
                new NewErrorSpec("'error: maximum authentication attempts exceeded for root' appears", 3, (s, t, out, inc) ->
                        out.add(sshHead(s, t) + "error: maximum authentication attempts exceeded for root from " + ip(s.rnd)
                                + " port " + port(s.rnd) + " ssh2 [preauth]")),
                new NewErrorSpec("'fatal: Timeout before authentication' appears (the bastion is overloaded)", 3, (s, t, out, inc) ->
                        out.add(sshHead(s, t) + "fatal: Timeout before authentication for " + ip(s.rnd) + " port " + port(s.rnd))),
                new NewErrorSpec("'error: kex_exchange_identification: read: Connection reset by peer' appears", 3, (s, t, out, inc) ->
                        out.add(sshHead(s, t) + "error: kex_exchange_identification: read: Connection reset by peer")),
                new NewErrorSpec("'Unable to negotiate with ... no matching key exchange method found' appears (old clients)", 3,
                        (s, t, out, inc) -> out.add(sshHead(s, t) + "Unable to negotiate with " + ip(s.rnd) + " port " + port(s.rnd)
                                + ": no matching key exchange method found. Their offer: diffie-hellman-group1-sha1 [preauth]")),
                new NewErrorSpec("'error: Could not load host key: /etc/ssh/ssh_host_ed25519_key' appears after a rebuild", 3,
                        (s, t, out, inc) -> out.add(sshHead(s, t) + "error: Could not load host key: /etc/ssh/ssh_host_ed25519_key")));
        return new SourceSpec("sshd", staff, series, monitors,
                new Target("sshd/guessing", "brute force: password guessing from " + ATTACKER_IP),
                new Target("sshd/automation", "automation logins fail (a rotated deploy key)"),
                new Target("sshd/guessing", "password guessing from the internet rises slowly"),
                new Target("sshd/automation", "automation sessions decline slowly (jobs time out one by one)"),
                errors);
    }

    // ------------------------------------------------------------------ app: Java service, log4j

    private static final String[] REGIONS = {"products", "users", "sessions"};

    private static String thread(SplittableRandom r) {
        return "http-nio-8080-exec-" + (1 + r.nextInt(20));
    }

    private SourceSpec app() {
        Profile business = new Profile(0.4, 1.5, 14, 4.5, 0.75);
        List<SeriesSpec> series = List.of(
                new SeriesSpec("app/order", 50, 10, true, (s, t, out, inc) -> out.add(s.fmt.log4j(t) + " INFO  [" + thread(s.rnd)
                        + "] c.a.shop.order.OrderService - Order " + (100_000 + s.rnd.nextInt(900_000)) + " placed by customer "
                        + s.rnd.nextInt(50_000) + " total " + s.rnd.nextInt(500) + "." + (10 + s.rnd.nextInt(90)) + " EUR")),
                new SeriesSpec("app/request", 60, 20, true, (s, t, out, inc) -> out.add(s.fmt.log4j(t) + " INFO  [" + thread(s.rnd)
                        + "] c.a.shop.web.RequestLog - Completed GET /api/v1/products/" + s.rnd.nextInt(5000) + " in "
                        + (2 + s.rnd.nextInt(300)) + " ms")),
                new SeriesSpec("app/cache", 20, 20, false, (s, t, out, inc) -> out.add(s.fmt.log4j(t)
                        + " DEBUG [cache-stats] c.a.shop.cache.CacheStats - Cache hit ratio 0." + (50 + s.rnd.nextInt(50))
                        + " for region " + pick(s.rnd, REGIONS))),
                new SeriesSpec("app/slow-query", 12, 6, true, (s, t, out, inc) -> out.add(s.fmt.log4j(t) + " WARN  [" + thread(s.rnd)
                        + "] c.a.shop.db.SlowQueryLogger - Slow query took " + (1000 + s.rnd.nextInt(4000))
                        + " ms: SELECT * FROM orders WHERE customer_id = ?")),
                new SeriesSpec("app/payment-timeout", 2, 3, true, (s, t, out, inc) -> {
                    SplittableRandom r = s.rnd;
                    out.add(s.fmt.log4j(t) + " ERROR [" + thread(r) + "] c.a.shop.payment.PaymentClient - Payment provider timeout after 5000 ms for order "
                            + (100_000 + r.nextInt(900_000)));
                    out.add("java.net.SocketTimeoutException: Read timed out");
                    out.add("\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)");
                    out.add("\tat com.acme.shop.payment.PaymentClient.charge(PaymentClient.java:88)");
                    out.add("\tat com.acme.shop.order.OrderService.checkout(OrderService.java:142)");
                    out.add("\t... " + (30 + r.nextInt(20)) + " more");
                }));
        HeartbeatSpec workers = new HeartbeatSpec("app/heartbeat", new String[] {"worker-1", "worker-2", "worker-3"}, 15_000,
                (s, t, out, host) -> out.add(s.fmt.log4j(t) + " INFO  [scheduler-1] c.a.shop.cluster.Heartbeat - heartbeat node="
                        + host + " status=ok lag=" + s.rnd.nextInt(40) + "ms"));
        List<NewErrorSpec> errors = List.of(
                new NewErrorSpec("deploy of version 2.14.0, then checkout fails with a NullPointerException", 3, (s, t, out, inc) -> {
                    String ts = s.fmt.log4j(t);
                    if (s.events == 0) {
                        out.add(ts + " INFO  [main] c.a.shop.Application - Deploy finished: version 2.14.0 (build 8812), restarting workers");
                    }
                    out.add(ts + " ERROR [" + thread(s.rnd) + "] c.a.shop.checkout.CheckoutController - Checkout failed for cart "
                            + (10_000 + s.rnd.nextInt(90_000)));
                    out.add("java.lang.NullPointerException: Cannot invoke \"com.acme.shop.checkout.Coupon.discount()\" because \"coupon\" is null");
                    out.add("\tat com.acme.shop.checkout.CheckoutService.applyCoupon(CheckoutService.java:212)");
                    out.add("\tat com.acme.shop.checkout.CheckoutController.submit(CheckoutController.java:57)");
                }),
                new NewErrorSpec("refunds fail: IllegalStateException 'Refund amount exceeds captured amount'", 3, (s, t, out, inc) -> {
                    out.add(s.fmt.log4j(t) + " ERROR [" + thread(s.rnd) + "] c.a.shop.refund.RefundService - Refund failed for order "
                            + (100_000 + s.rnd.nextInt(900_000)));
                    out.add("java.lang.IllegalStateException: Refund amount exceeds captured amount");
                    out.add("\tat com.acme.shop.refund.RefundService.refund(RefundService.java:64)");
                }),
                new NewErrorSpec("the database pool runs dry: HikariCP 'Connection is not available'", 3, (s, t, out, inc) -> {
                    out.add(s.fmt.log4j(t) + " ERROR [" + thread(s.rnd) + "] c.a.shop.order.OrderRepository - Could not open JDBC connection for order "
                            + (100_000 + s.rnd.nextInt(900_000)));
                    out.add("java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.");
                    out.add("\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)");
                    out.add("\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)");
                }),
                new NewErrorSpec("the inventory circuit breaker opens", 3, (s, t, out, inc) -> out.add(s.fmt.log4j(t) + " WARN  ["
                        + thread(s.rnd) + "] c.a.shop.inventory.InventoryClient - CircuitBreaker 'inventory' is OPEN and does not permit further calls")),
                new NewErrorSpec("a worker runs out of heap: OutOfMemoryError", 3, (s, t, out, inc) -> {
                    out.add(s.fmt.log4j(t) + " ERROR [" + thread(s.rnd) + "] c.a.shop.report.ReportService - Report generation failed for customer "
                            + s.rnd.nextInt(50_000));
                    out.add("java.lang.OutOfMemoryError: Java heap space");
                    out.add("\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)");
                    out.add("\tat com.acme.shop.report.ReportService.render(ReportService.java:77)");
                }));
        return new SourceSpec("app", business, series, workers,
                new Target("app/payment-timeout", "payment provider timeouts with stack traces"),
                new Target("app/order", "orders placed collapse (checkout broken)"),
                new Target("app/slow-query", "slow-query warnings rise slowly (the orders table bloats)"),
                new Target("app/order", "orders placed decline slowly (a degrading payment page)"),
                errors);
    }

    // ------------------------------------------------------------------ elb: AWS classic ELB access log

    private static String elbLine(Stream s, long t, String client, String backend, String times, int status, String method,
                                  String path, String agent) {
        SplittableRandom r = s.rnd;
        return s.fmt.isoMicros(t, r.nextInt(1000)) + " shop-elb " + client + ":" + port(r) + " " + backend + " " + times + " "
                + status + " " + (backend.equals("-") ? "-" : Integer.toString(status)) + " " + r.nextInt(2000) + " "
                + (status == 304 || backend.equals("-") ? 0 : 200 + r.nextInt(40_000)) + " \"" + method + " https://shop.example.com:443" + path
                + " HTTP/1.1\" \"" + agent + "\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2";
    }

    private static String backend(SplittableRandom r) {
        return "10.0." + r.nextInt(4) + "." + (10 + r.nextInt(20)) + ":8080";
    }

    private static String times(SplittableRandom r) {
        return "0.0000" + (10 + r.nextInt(89)) + " 0.0" + (10_000 + r.nextInt(89_999)) + " 0.0000" + (10 + r.nextInt(89));
    }

    private SourceSpec elb() {
        Profile shoppers = new Profile(0.35, 1.5, 20, 4.5, 0.85);
        List<SeriesSpec> series = List.of(
                new SeriesSpec("elb/request", 450, 20, true, (s, t, out, inc) -> out.add(elbLine(s, t, ip(s.rnd), backend(s.rnd),
                        times(s.rnd), status(s.rnd), "GET", webPath(s.rnd), pick(s.rnd, AGENTS)))),
                new SeriesSpec("elb/cart", 40, 10, true, (s, t, out, inc) -> out.add(elbLine(s, t, ip(s.rnd), backend(s.rnd),
                        times(s.rnd), 200, "POST", "/api/v1/cart", APP_AGENT))),
                new SeriesSpec("elb/backend-timeout", 8, 3, true, (s, t, out, inc) -> out.add(elbLine(s, t, ip(s.rnd), "-",
                        "-1 -1 -1", 504, "GET", "/api/v1/products/" + s.rnd.nextInt(5000), APP_AGENT))));
        HeartbeatSpec uptime = new HeartbeatSpec("elb/uptime", new String[] {"52.0.14.10", "34.240.5.20", "13.54.8.30"}, 20_000,
                (s, t, out, host) -> out.add(elbLine(s, t, host, backend(s.rnd), times(s.rnd), 200, "HEAD", "/healthz",
                        "UptimeMonitor/2.0 (+https://uptime.example.net)")));
        return new SourceSpec("elb", shoppers, series, uptime,
                new Target("elb/backend-timeout", "504s with no backend (-1 -1 -1): the API backends stall"),
                new Target("elb/cart", "POST /api/v1/cart requests collapse"),
                new Target("elb/cart", "POST /api/v1/cart requests rise slowly (a sale ramps up)"),
                new Target("elb/cart", "POST /api/v1/cart requests decline slowly"),
                List.of());
    }

    // ------------------------------------------------------------------ firewall: UFW kernel log

    private static final int[] PORTS = {22, 23, 80, 443, 445, 3389, 8080, 5900};

    private String kernel(Stream s, long t) {
        long uptime = (t - start) / 1000 + 86_400;
        return s.fmt.syslog(t) + " fw01 kernel: [" + uptime + "." + pad(new StringBuilder(6), s.rnd.nextInt(1_000_000), 6) + "] ";
    }

    private String ufw(Stream s, long t, boolean block, String src) {
        SplittableRandom r = s.rnd;
        return kernel(s, t) + "[UFW " + (block ? "BLOCK" : "ALLOW") + "] IN=eth0 OUT= MAC=52:54:00:" + hex(r, 2) + ":" + hex(r, 2) + ":"
                + hex(r, 2) + " SRC=" + src + " DST=198.51.100.10 LEN=" + (40 + r.nextInt(60)) + " TOS=0x00 PREC=0x00 TTL="
                + (30 + r.nextInt(200)) + " ID=" + r.nextInt(65_536) + " PROTO=TCP SPT=" + port(r) + " DPT="
                + (block ? PORTS[r.nextInt(PORTS.length)] : 443) + " WINDOW=" + (1024 + r.nextInt(64_000)) + " RES=0x00 SYN URGP=0";
    }

    private SourceSpec firewall() {
        Profile internet = new Profile(0.85, 1.15, 15, 6, 1.0);
        List<SeriesSpec> series = List.of(
                new SeriesSpec("firewall/block", 200, 12, true, (s, t, out, inc) -> out.add(ufw(s, t, true, inc ? ATTACKER_IP : ip(s.rnd)))),
                new SeriesSpec("firewall/allow", 50, 10, true, (s, t, out, inc) -> out.add(ufw(s, t, false, ip(s.rnd)))));
        HeartbeatSpec snmp = new HeartbeatSpec("firewall/snmp", new String[] {"10.0.9.2", "10.0.9.3"}, 30_000,
                (s, t, out, host) -> out.add(s.fmt.syslog(t) + " fw01 snmpd[1204]: Connection from UDP: [" + host + "]:"
                        + port(s.rnd) + "->[198.51.100.10]:161"));
        List<NewErrorSpec> errors = List.of(
                new NewErrorSpec("'nf_conntrack: table full, dropping packet' appears", 4, (s, t, out, inc) ->
                        out.add(kernel(s, t) + "nf_conntrack: nf_conntrack: table full, dropping packet")),
                new NewErrorSpec("'Possible SYN flooding on port 443' appears", 3, (s, t, out, inc) ->
                        out.add(kernel(s, t) + "TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.")),
                new NewErrorSpec("the NIC hangs: 'e1000e ... Detected Hardware Unit Hang'", 3, (s, t, out, inc) ->
                        out.add(kernel(s, t) + "e1000e 0000:00:19.0 eth0: Detected Hardware Unit Hang: TDH <" + hex(s.rnd, 2) + "> TDT <"
                                + hex(s.rnd, 2) + ">")),
                new NewErrorSpec("the disk fills: 'EXT4-fs warning ... ext4_dx_add_entry: Directory index full!'", 3, (s, t, out, inc) ->
                        out.add(kernel(s, t) + "EXT4-fs warning (device sda1): ext4_dx_add_entry:2516: Directory index full!")),
                new NewErrorSpec("'neighbour: arp_cache: neighbor table overflow!' appears", 3, (s, t, out, inc) ->
                        out.add(kernel(s, t) + "neighbour: arp_cache: neighbor table overflow!")));
        return new SourceSpec("firewall", internet, series, snmp,
                new Target("firewall/block", "port scan from " + ATTACKER_IP + " (blocked SYNs)"),
                new Target("firewall/allow", "allowed HTTPS connections collapse (an upstream route is lost)"),
                new Target("firewall/block", "blocked connections rise slowly (a scanning campaign ramps up)"),
                new Target("firewall/allow", "allowed HTTPS connections decline slowly"),
                errors);
    }

    // ------------------------------------------------------------------ timestamp formats

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private static LocalDateTime utc(long ms) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(ms, 1000), 0, ZoneOffset.UTC);
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String d = Integer.toString(v);
        for (int i = d.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(d);
    }

    /**
     * Formats of one second, cached: lines of a second share their timestamp text, so the formatting
     * (which dominated the generator's cost) runs about once per second per stream.
     */
    private static final class SecondFormats {
        private long second = Long.MIN_VALUE;
        private String syslog;
        private String clf;
        private String isoSecond;

        private void at(long ms) {
            long sec = Math.floorDiv(ms, 1000);
            if (sec == second) {
                return;
            }
            second = sec;
            LocalDateTime d = utc(ms);
            StringBuilder sb = new StringBuilder(32);
            sb.append(MONTHS[d.getMonthValue() - 1]).append(' ');
            if (d.getDayOfMonth() < 10) {
                sb.append(' ');
            }
            sb.append(d.getDayOfMonth()).append(' ');
            pad(sb, d.getHour(), 2).append(':');
            pad(sb, d.getMinute(), 2).append(':');
            pad(sb, d.getSecond(), 2);
            syslog = sb.toString();
            sb.setLength(0);
            pad(sb, d.getDayOfMonth(), 2).append('/').append(MONTHS[d.getMonthValue() - 1]).append('/');
            pad(sb, d.getYear(), 4).append(':');
            pad(sb, d.getHour(), 2).append(':');
            pad(sb, d.getMinute(), 2).append(':');
            pad(sb, d.getSecond(), 2).append(" +0000");
            clf = sb.toString();
            sb.setLength(0);
            pad(sb, d.getYear(), 4).append('-');
            pad(sb, d.getMonthValue(), 2).append('-');
            pad(sb, d.getDayOfMonth(), 2).append('T');
            pad(sb, d.getHour(), 2).append(':');
            pad(sb, d.getMinute(), 2).append(':');
            pad(sb, d.getSecond(), 2);
            isoSecond = sb.toString();
        }

        String syslog(long ms) {
            at(ms);
            return syslog;
        }

        String clf(long ms) {
            at(ms);
            return clf;
        }

        /** yyyy-MM-dd HH:mm:ss,SSS */
        String log4j(long ms) {
            at(ms);
            StringBuilder sb = new StringBuilder(23).append(isoSecond).append(',');
            pad(sb, (int) Math.floorMod(ms, 1000), 3);
            sb.setCharAt(10, ' ');
            return sb.toString();
        }

        /** yyyy-MM-ddTHH:mm:ss.SSSuuuZ */
        String isoMicros(long ms, int micros) {
            at(ms);
            StringBuilder sb = new StringBuilder(27).append(isoSecond).append('.');
            pad(sb, (int) Math.floorMod(ms, 1000), 3);
            pad(sb, micros, 3);
            return sb.append('Z').toString();
        }
    }
}
