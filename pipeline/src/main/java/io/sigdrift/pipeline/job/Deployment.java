package io.sigdrift.pipeline.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.rocksdb.CompressionType;

/**
 * How the job runs (not what it computes): parallelism, checkpoints, state backend, restore point,
 * Web UI. {@link #environment()} gives a local MiniCluster environment when run from the jar, or the
 * cluster's when submitted with {@code flink run}.
 *
 * @param checkpointsDir     a local (or mounted) checkpoint directory; null when {@code checkpointsUri} is given
 * @param checkpointInterval null disables checkpointing (then the file sink never commits: only for
 *                           stdout/Kafka outputs)
 * @param restorePath        a checkpoint ({@code .../chk-N}) or savepoint directory or URI, or null
 * @param webUiPort          0 for no Web UI
 * @param checkpointsUri     checkpoint storage on a file system every TaskManager and the JobManager reach
 *                           ({@code s3://bucket/chk}, {@code hdfs://...}), as a Flink cluster of several
 *                           machines needs; null for {@code checkpointsDir}
 */
public record Deployment(int parallelism, Path checkpointsDir, Duration checkpointInterval, String stateBackend,
                         String restorePath, int webUiPort, int restartAttempts, String checkpointsUri) {
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_PARALLELISM = 2;
    public static final int DEFAULT_WEB_UI_PORT = 8081;
    /** Interface the local Web UI (Flink's REST API) listens on. */
    public static final String LOCAL_WEB_UI_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_RESTART_ATTEMPTS = 3;
    /**
     * RocksDB's compression when the Flink configuration does not set {@code state.backend.rocksdb.compression.per.level}:
     * LZ4 on every level, instead of Flink's default Snappy. Why: a RocksDB checkpoint that is not incremental is still
     * a native one in Flink 2, which flushes the memtables into L0 files inside the checkpoint's synchronous part, and
     * the job's operators put their changed state into those memtables at that very snapshot (they keep live objects
     * between checkpoints, see {@code WriteBackCache}), so the flush compresses most of the checkpoint inside the
     * pause. With 1M live signatures at p=2 the synchronous part outside the count operator's write-back was 0.9-1.2 s
     * with Snappy and 0.3-1.0 s with LZ4 (under 0.6 s in most runs), which compresses faster, with checkpoints of the same size; no compression at
     * all paused no less than LZ4 and made checkpoints ~3x larger ({@code bin/bench checkpoint-pause --job-options},
     * benchmarks/README.md).
     */
    public static final List<CompressionType> ROCKSDB_COMPRESSION_PER_LEVEL = List.of(CompressionType.LZ4_COMPRESSION);

    public Deployment {
        if (parallelism < 1 || parallelism > 1024) {
            throw new IllegalArgumentException("--parallelism must be in 1..1024, was " + parallelism);
        }
        if (!"hashmap".equals(stateBackend) && !"rocksdb".equals(stateBackend)) {
            throw new IllegalArgumentException("--state-backend must be hashmap or rocksdb, was '" + stateBackend + "'");
        }
        if (checkpointInterval != null && checkpointInterval.toMillis() < 10) {
            throw new IllegalArgumentException("--checkpoint-interval must be >= 10ms, was " + checkpointInterval);
        }
        if (checkpointInterval != null && checkpointsDir == null && checkpointsUri == null) {
            throw new IllegalArgumentException("--checkpoints DIR is required when checkpointing is on");
        }
        if (checkpointsUri != null && !hasScheme(checkpointsUri)) {
            throw new IllegalArgumentException("--checkpoints '" + checkpointsUri + "' is not a URI like s3://bucket/dir");
        }
        if (webUiPort < 0 || webUiPort > 65_535) {
            throw new IllegalArgumentException("--web-port must be in 0..65535, was " + webUiPort);
        }
        if (restartAttempts < 0) {
            throw new IllegalArgumentException("--restart-attempts must be >= 0, was " + restartAttempts);
        }
    }

    /** Checkpoints in a local directory (the common case: one machine, or a directory every machine mounts). */
    public Deployment(int parallelism, Path checkpointsDir, Duration checkpointInterval, String stateBackend,
                      String restorePath, int webUiPort, int restartAttempts) {
        this(parallelism, checkpointsDir, checkpointInterval, stateBackend, restorePath, webUiPort, restartAttempts, null);
    }

    /** True for {@code scheme://...} (s3://, hdfs://, file://): a location for Flink's file systems, not a local path. */
    public static boolean hasScheme(String location) {
        return location.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    }

    /** Where checkpoints go, as given (a directory or a URI). */
    public String checkpointsLocation() {
        return checkpointsUri != null ? checkpointsUri : String.valueOf(checkpointsDir);
    }

    public Configuration configuration() {
        Configuration c = new Configuration();
        // Every record type is a POJO or String: a Kryo fallback is a bug and should fail at build time.
        c.set(PipelineOptions.GENERIC_TYPES, false);
        // Chained operators hand records over without a defensive copy (the copy cost ~9% of the job's CPU in
        // profiles). Safe because no operator changes a record after emitting it (each emit builds a new one)
        // nor changes an input record, and what one keeps past processElement is immutable: Strings, primitives,
        // state bytes, and the anomaly operator's hold on a count record's examples array until the window's total,
        // which nobody writes after the count operator built it. ObjectReuseIntegrationTest runs the whole job with
        // and without reuse and compares every output record.
        c.set(PipelineOptions.OBJECT_REUSE, true);
        c.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        c.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        if (checkpointInterval != null) {
            c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
            c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    checkpointsUri != null ? checkpointsUri : checkpointsDir.toAbsolutePath().toUri().toString());
            c.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restartAttempts);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        if (restorePath != null) {
            c.set(StateRecoveryOptions.SAVEPOINT_PATH, restorePath);
        }
        // No rest.port here: under `flink run` this configuration is merged into the client's, and the
        // client would then submit to that port instead of the cluster's (the Web UI port is set in
        // environment(), for a local run only).
        return c;
    }

    /**
     * The cluster's environment when the jar runs under {@code flink run} (Flink's CLI installs a context
     * environment before calling main), else a local MiniCluster, with the Web UI if a port was given. A
     * cluster has its own Web UI, so {@code --web-ui} never forces a local run there.
     */
    public StreamExecutionEnvironment environment() {
        Configuration c = configuration();
        // The configuration the job would run with without ours: under flink run, the cluster's config.yaml and the
        // command's -D options (which the job's own settings would override); locally, nothing.
        addBackendDefaults(c, StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        if (webUiPort > 0 && env instanceof LocalStreamEnvironment) {
            c.set(RestOptions.PORT, webUiPort);
            // The REST API behind the Web UI can cancel jobs and upload jars: loopback only, like the
            // dashboard; Flink's default binds every interface.
            c.set(RestOptions.BIND_ADDRESS, LOCAL_WEB_UI_BIND_ADDRESS);
            c.set(RestOptions.ADDRESS, LOCAL_WEB_UI_BIND_ADDRESS);
            return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(c);
        }
        return env;
    }

    /**
     * Adds to {@code job} the state backend's defaults that {@code given} (the user's Flink configuration) does not
     * set itself: a user's explicit setting always wins, and the job's configuration would otherwise override it.
     */
    void addBackendDefaults(Configuration job, ReadableConfig given) {
        if ("rocksdb".equals(stateBackend) && given.getOptional(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL).isEmpty()) {
            job.set(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL, ROCKSDB_COMPRESSION_PER_LEVEL);
        }
    }

    /** The newest completed checkpoint ({@code <dir>/<job id>/chk-N} holding {@code _metadata}) under dir. */
    public static Optional<Path> latestCheckpoint(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        // Flink's checkpoint cleaner may be deleting subsumed checkpoints while we scan (a job that has just ended):
        // an entry that vanishes mid-scan is retried, not an error.
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> s = Files.find(dir, 3, (p, a) -> p.getFileName().toString().equals("_metadata")
                    && p.getParent().getFileName().toString().startsWith("chk-"))) {
                return s.max(Comparator.comparingLong(Deployment::modified)).map(Path::getParent);
            } catch (IOException | UncheckedIOException e) {
                Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
                if (!(cause instanceof NoSuchFileException) || attempt == SCAN_ATTEMPTS) {
                    throw new UncheckedIOException("cannot scan --checkpoints " + dir,
                            cause instanceof IOException io ? io : new IOException(e));
                }
            }
        }
    }

    private static final int SCAN_ATTEMPTS = 5;

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0L;
        }
    }
}
