package io.sigdrift.pipeline.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Progress lines on stderr for long inputs: nothing during the first {@link #DEFAULT_DELAY_NANOS} (short runs
 * stay quiet), then one line every {@link #DEFAULT_INTERVAL_NANOS}. The clock is read once per
 * {@link #CHECK_EVERY} lines so the per-line cost is one counter increment.
 */
final class Progress {
    static final long DEFAULT_DELAY_NANOS = 2_000_000_000L;
    static final long DEFAULT_INTERVAL_NANOS = 5_000_000_000L;
    static final int CHECK_EVERY = 8_192;

    private final PrintStream err;
    private final String command;
    private final LongSupplier clock;
    private final long delay;
    private final long interval;
    private final long start;
    private long next;
    private long lines;
    private long bytes;
    private int printed;
    private Supplier<String> detail = () -> "";

    Progress(PrintStream err, String command) {
        this(err, command, System::nanoTime, DEFAULT_DELAY_NANOS, DEFAULT_INTERVAL_NANOS);
    }

    Progress(PrintStream err, String command, LongSupplier clock, long delay, long interval) {
        this.err = err;
        this.command = command;
        this.clock = clock;
        this.delay = delay;
        this.interval = interval;
        this.start = clock.getAsLong();
        this.next = start + delay;
    }

    /** Called once per line with the total bytes read so far. */
    void line(long totalBytes) {
        lines++;
        bytes = totalBytes;
        if (lines % CHECK_EVERY == 0) {
            check();
        }
    }

    /** Extra text for progress lines, e.g. the number of signatures (asked only when a line is printed). */
    void detail(Supplier<String> d) {
        this.detail = d;
    }

    private void check() {
        long now = clock.getAsLong();
        if (now - next < 0) {
            return;
        }
        next = now + interval;
        double secs = (now - start) / 1e9;
        err.printf(Locale.ROOT, "sigdrift %s: %,d lines, %.1f MB read in %.0f s (%,.0f lines/s)%s%n", command,
                lines, bytes / 1e6, secs, lines / Math.max(secs, 1e-9), detail.get());
        printed++;
    }

    /** How many progress lines were printed. */
    int printed() {
        return printed;
    }

    double elapsedSeconds() {
        return (clock.getAsLong() - start) / 1e9;
    }
}
