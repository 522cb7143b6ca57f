package io.sigdrift.dashboard.ingest;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the ingester reads and how much it keeps. Immutable; validated once.
 *
 * @param dataDir          the job's output directory (holds {@code signatures/}, {@code counts/}, {@code anomalies/},
 *                         {@code dead-letters/})
 * @param feedbackDir      the feedback stream directory (label records), or null
 * @param batchSize        records per transaction: bounds memory and the work a crash throws away
 * @param maxLineBytes     longer lines are rejected (recorded in {@code ingest_rejects}), never buffered whole
 * @param windowRetention  window rows older than the newest window minus this are deleted (hour rollups stay)
 * @param hourRetention    hour rollups, anomalies and dead letters older than the newest window minus this are deleted
 * @param kafka            the job's output topics, when they are read from Kafka instead of {@code dataDir} (then null)
 */
public record IngestSettings(Path dataDir, Path feedbackDir, int batchSize, int maxLineBytes, Duration windowRetention,
                             Duration hourRetention, KafkaTopics kafka) {
    public static final int DEFAULT_BATCH_SIZE = 5_000;
    /** The job clips examples at 1,000 chars and lines at its own --max-line-bytes; 1 MiB is far above any record. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
    public static final Duration DEFAULT_WINDOW_RETENTION = Duration.ofDays(14);
    public static final Duration DEFAULT_HOUR_RETENTION = Duration.ofDays(400);
    /** Range queries read whole hours from the rollup and the edges from windows: windows must outlive a day. */
    public static final Duration MIN_WINDOW_RETENTION = Duration.ofDays(1);

    public IngestSettings {
        if ((dataDir == null) == (kafka == null)) {
            throw new IllegalArgumentException("--data must be either a directory or kafka://HOST:PORT/PREFIX");
        }
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("batch size must be in 1..100000, was " + batchSize);
        }
        if (maxLineBytes < 1_024 || maxLineBytes > (64 << 20)) {
            throw new IllegalArgumentException("max line bytes must be in 1024..67108864, was " + maxLineBytes);
        }
        if (windowRetention.compareTo(MIN_WINDOW_RETENTION) < 0) {
            throw new IllegalArgumentException("--retention must be at least 1d, was " + windowRetention);
        }
        if (hourRetention.compareTo(windowRetention) < 0) {
            throw new IllegalArgumentException("--rollup-retention (" + hourRetention + ") must be at least --retention ("
                    + windowRetention + ")");
        }
    }

    public IngestSettings(Path dataDir, Path feedbackDir, int batchSize, int maxLineBytes, Duration windowRetention,
                          Duration hourRetention) {
        this(dataDir, feedbackDir, batchSize, maxLineBytes, windowRetention, hourRetention, null);
    }

    public static IngestSettings of(Path dataDir, Path feedbackDir) {
        return new IngestSettings(dataDir, feedbackDir, DEFAULT_BATCH_SIZE, DEFAULT_MAX_LINE_BYTES,
                DEFAULT_WINDOW_RETENTION, DEFAULT_HOUR_RETENTION);
    }

    /** Reads the job's output topics instead of a directory. */
    public static IngestSettings of(KafkaTopics kafka, Path feedbackDir) {
        return new IngestSettings(null, feedbackDir, DEFAULT_BATCH_SIZE, DEFAULT_MAX_LINE_BYTES,
                DEFAULT_WINDOW_RETENTION, DEFAULT_HOUR_RETENTION, kafka);
    }

    public IngestSettings withBatchSize(int n) {
        return new IngestSettings(dataDir, feedbackDir, n, maxLineBytes, windowRetention, hourRetention, kafka);
    }

    public IngestSettings withRetention(Duration windows, Duration hours) {
        return new IngestSettings(dataDir, feedbackDir, batchSize, maxLineBytes, windows, hours, kafka);
    }
}
