package io.sigdrift.pipeline.demo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The demo's traffic model (see "Traffic model" and "Time" in {@link DemoGenerator}): every message series a
 * Poisson process whose per-minute rate is {@code base x scale x profile x sourceBurst x seriesBurst x incident},
 * heartbeats periodic per host, all merged in time order. The lines' text comes from {@link DemoSources}; the
 * incidents' times from {@link IncidentSchedule}. Everything random is a pure function of the seed and of the
 * time since the start.
 */
final class TrafficModel {
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** Shape of the per-source burst multiplier (Gamma(k)/k, CV = 1/sqrt(k) = 29 %), drawn per 2-minute block. */
    private static final double SOURCE_BURST_SHAPE = 12;
    private static final double MAX_BURST = 4;
    /** Days of a traffic week before its two weekend days. */
    private static final int WORKING_DAYS = 5;

    private final long seed;
    private final long start;
    private final long end;
    /** Midnight (UTC) of the start's day: day 0 of the traffic's weeks. */
    private final long weekStart;
    private final double scale;

    TrafficModel(long seed, long start, long end, double scale) {
        this.seed = seed;
        this.start = start;
        this.end = end;
        this.weekStart = Math.floorDiv(start, DAY) * DAY;
        this.scale = scale;
    }

    /** All lines of all sources' series, heartbeats and new errors, merged in event-time order. */
    Iterator<DemoGenerator.Line> lines(List<DemoSources.SourceSpec> specs, IncidentSchedule.Placement placement) {
        List<LineStream> streams = new ArrayList<>();
        for (DemoSources.SourceSpec s : specs) {
            for (DemoSources.SeriesSpec p : s.series()) {
                List<Incident> effects = new ArrayList<>();
                for (Incident i : placement.incidents()) {
                    if (i.series().equals(p.id()) && i.kind() != IncidentKind.NEW_ERROR) effects.add(i);
                }
                streams.add(new PoissonStream(s, p, effects, start, end, null));
            }
            for (int h = 0; h < s.heartbeat().hosts().length; h++) {
                List<long[]> silences = new ArrayList<>();
                for (Incident i : placement.incidents()) {
                    if (i.kind() == IncidentKind.STOPPED_HEARTBEAT && i.series().equals(s.heartbeat().id()) && placement.silencedHost().get(i) == h) {
                        silences.add(new long[] {i.start().toEpochMilli(), i.end().toEpochMilli()});
                    }
                }
                streams.add(new HeartbeatStream(s, h, silences));
            }
        }
        for (Incident i : placement.incidents()) {
            if (i.kind() == IncidentKind.NEW_ERROR) {
                DemoSources.SourceSpec s = spec(specs, i.source());
                DemoSources.NewErrorSpec ne = s.newErrors().get(placement.newErrorIndex().get(i));
                DemoSources.SeriesSpec p = new DemoSources.SeriesSpec(i.series(), ne.perMinute(), 4, false, ne.emitter());
                streams.add(new PoissonStream(s, p, List.of(), i.start().toEpochMilli(), i.end().toEpochMilli(), i));
            }
        }
        return new Merge(streams);
    }

    private static DemoSources.SourceSpec spec(List<DemoSources.SourceSpec> specs, String source) {
        for (DemoSources.SourceSpec s : specs) {
            if (s.name().equals(source)) return s;
        }
        throw new IllegalStateException("no source " + source);
    }

    private static final class Merge implements Iterator<DemoGenerator.Line> {
        private final PriorityQueue<LineStream> queue = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(a.nextTime, b.nextTime);
            return c != 0 ? c : Integer.compare(a.order, b.order);
        });

        Merge(List<LineStream> streams) {
            for (int i = 0; i < streams.size(); i++) {
                LineStream s = streams.get(i);
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
        public DemoGenerator.Line next() {
            LineStream s = queue.poll();
            if (s == null) {
                throw new NoSuchElementException();
            }
            DemoGenerator.Line l = s.take();
            if (s.advance()) {
                queue.add(s);
            }
            return l;
        }
    }

    /** A Poisson series: rate constant within each minute (exact: exponential gaps restart at minute boundaries). */
    private final class PoissonStream extends LineStream {
        private final DemoSources.SourceSpec src;
        private final DemoSources.SeriesSpec spec;
        private final List<Incident> effects;
        private final Incident newError;
        private final long seriesKey;
        private final long sourceKey;
        private long minute = Long.MIN_VALUE;
        private double ratePerMs;
        private Incident active;

        PoissonStream(DemoSources.SourceSpec src, DemoSources.SeriesSpec spec, List<Incident> effects, long from, long until, Incident newError) {
            super(src.name(), spec.id(), seed, from, Math.min(until, end));
            this.src = src;
            this.spec = spec;
            this.effects = effects;
            this.newError = newError;
            this.seriesKey = spec.id().hashCode();
            this.sourceKey = src.name().hashCode() * 7919L;
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
            double r = spec.perMinute() * (newError != null ? 1.0 : scale);
            if (spec.seasonal()) r *= src.profile().factor(at, weekStart);
            // blocks counted from the start: the same draws whatever the date (see "Time" in the class comment)
            r *= burst(sourceKey, Math.floorDiv(at - start, 2 * MINUTE), SOURCE_BURST_SHAPE);
            if (spec.burstShape() > 0) r *= burst(seriesKey, Math.floorDiv(at - start, MINUTE), spec.burstShape());
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
                    // hours: at least DemoGenerator.SPIKE_MIN_PER_MINUTE lines per minute whatever the scale.
                    r = Math.max(r * i.factor(), DemoGenerator.SPIKE_MIN_PER_MINUTE);
                } else {
                    r *= i.factor();
                }
            }
            return r;
        }

        @Override
        void event(long time, ArrayDeque<String> out) {
            spec.emitter().emit(this, time, out, active != null && active.kind() == IncidentKind.SPIKE);
        }
    }

    /** One host's heartbeat: every period (with a fixed phase per host and up to 0.4 s of lag), except while silenced. */
    private final class HeartbeatStream extends LineStream {
        private final DemoSources.HeartbeatSpec spec;
        private final int host;
        private final List<long[]> silences;
        private final long phase;
        private long beat;

        HeartbeatStream(DemoSources.SourceSpec src, int host, List<long[]> silences) {
            super(src.name(), src.heartbeat().id() + "#" + host, seed, start, end);
            this.spec = src.heartbeat();
            this.host = host;
            this.silences = silences;
            this.phase = 1_300 + host * spec.periodMillis() / spec.hosts().length;
        }

        @Override
        DemoGenerator.Line take() {
            return new DemoGenerator.Line(source, t, pending.poll(), spec.id());
        }

        @Override
        long nextEventTime() {
            while (true) {
                long at = start + phase + beat++ * spec.periodMillis() + rnd.nextInt(400);
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
            spec.emitter().emit(this, time, out, spec.hosts()[host]);
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

    /**
     * Daily and weekly seasonality: {@code night + (peak - night) * exp(-d^2 / 2w^2)} with d the
     * circular distance in hours from the peak hour (UTC), times {@code weekend} on the 6th and 7th day of
     * each week counted from {@code weekStart} (see "Time" in the class comment for why not the calendar's).
     */
    record Profile(double night, double peak, double peakHour, double width, double weekend) {
        double factor(long at, long weekStart) {
            double hour = Math.floorMod(at, DAY) / (double) HOUR;
            double d = Math.abs(hour - peakHour);
            d = Math.min(d, 24 - d);
            double f = night + (peak - night) * Math.exp(-d * d / (2 * width * width));
            int dayOfWeek = (int) Math.floorMod(Math.floorDiv(at - weekStart, DAY), 7L);   // 0 = the start's day
            return dayOfWeek >= WORKING_DAYS ? f * weekend : f;
        }
    }
}
