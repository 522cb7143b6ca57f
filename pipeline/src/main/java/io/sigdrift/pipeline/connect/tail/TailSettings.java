package io.sigdrift.pipeline.connect.tail;

import java.io.Serializable;
import java.time.Duration;

/**
 * How {@link TailingFileSource} follows files. Immutable, validated once; errors name the flag.
 *
 * @param discoveryIntervalMillis how often the input paths are rescanned for new files ({@code --discovery-interval})
 * @param pollIntervalMillis      how long a reader with nothing new to read waits before it looks at its files again
 * @param maxLineBytes            a line longer than this is cut here (the cut head is emitted, the rest of the line
 *                                skipped); the default exceeds the parser's record limit, so a cut line becomes an
 *                                {@code oversize} dead letter instead of silently shortened text. Also the bound of
 *                                each reader's one shared read buffer.
 * @param maxTrackedFiles         bound of the enumerator's table of files seen (one entry per path ever seen; paths
 *                                are never forgotten so that a deleted-then-recreated file is not read twice). New
 *                                files beyond it are ignored with a warning and a counted metric.
 */
public record TailSettings(long discoveryIntervalMillis, long pollIntervalMillis, int maxLineBytes, int maxTrackedFiles)
        implements Serializable {
    public static final Duration DEFAULT_DISCOVERY_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);
    public static final int DEFAULT_MAX_LINE_BYTES = (4 << 20) + 4;
    public static final int DEFAULT_MAX_TRACKED_FILES = 100_000;
    static final long MIN_INTERVAL_MILLIS = 10;
    static final long MAX_INTERVAL_MILLIS = 3_600_000;
    static final int MIN_LINE_BYTES = 1024;

    public static final TailSettings DEFAULTS = of(DEFAULT_DISCOVERY_INTERVAL);

    public TailSettings {
        checkInterval("--discovery-interval", discoveryIntervalMillis);
        checkInterval("poll interval", pollIntervalMillis);
        if (maxLineBytes < MIN_LINE_BYTES) {
            throw new IllegalArgumentException("maxLineBytes must be >= " + MIN_LINE_BYTES + ", was " + maxLineBytes);
        }
        if (maxTrackedFiles < 1) {
            throw new IllegalArgumentException("maxTrackedFiles must be >= 1, was " + maxTrackedFiles);
        }
    }

    /** Defaults with the given discovery interval; the poll interval never exceeds it. */
    public static TailSettings of(Duration discoveryInterval) {
        long discovery = discoveryInterval.toMillis();
        return new TailSettings(discovery, Math.max(MIN_INTERVAL_MILLIS, Math.min(discovery, DEFAULT_POLL_INTERVAL.toMillis())),
                DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_TRACKED_FILES);
    }

    private static void checkInterval(String name, long millis) {
        if (millis < MIN_INTERVAL_MILLIS || millis > MAX_INTERVAL_MILLIS) {
            throw new IllegalArgumentException(name + " must be in " + MIN_INTERVAL_MILLIS + "ms..1h, was " + millis + "ms");
        }
    }
}
