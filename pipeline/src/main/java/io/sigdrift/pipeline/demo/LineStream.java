package io.sigdrift.pipeline.demo;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * One line producer of the {@link TrafficModel}; an event may have several lines (a stack trace) sharing its
 * timestamp. The {@link DemoSources} format an event's lines from its random source {@link #rnd}, its time
 * {@link #t} and the cached timestamp texts {@link #fmt}.
 */
abstract class LineStream {
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

    /** @param until the end of this stream (exclusive), at most the end of the generated span */
    LineStream(String source, String series, long seed, long firstTime, long until) {
        this.source = source;
        this.series = series;
        this.rnd = new SplittableRandom(TrafficModel.mix(seed, series.hashCode(), 0x5eed));
        this.t = firstTime;
        this.until = until;
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

    DemoGenerator.Line take() {
        return new DemoGenerator.Line(source, t, pending.poll(), series);
    }

    /** Returns the time of the next event (>= t), or Long.MAX_VALUE. */
    abstract long nextEventTime();

    /** Adds the lines of one event at time {@code time}. */
    abstract void event(long time, ArrayDeque<String> out);
}
