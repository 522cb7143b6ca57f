package io.sigdrift.pipeline.connect;

import io.sigdrift.pipeline.connect.stdin.StdinSource;
import io.sigdrift.pipeline.connect.tail.TailSettings;
import io.sigdrift.pipeline.connect.tail.TailingFileSource;
import io.sigdrift.pipeline.record.RawLine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;

/** Source factories producing {@link RawLine}s. */
public final class Sources {
    private Sources() {}

    /**
     * Lines of files and directories (recursively; {@code .gz} etc. decompressed by extension).
     * @param monitorInterval null for a bounded read (what {@code sigdrift run} uses without {@code --follow}); else
     *                        keep watching for NEW files at this interval (Flink's FileSource reads each file once:
     *                        data appended to a file it has already read is not picked up; {@link #follow} does that)
     */
    public static FileSource<RawLine> files(List<Path> paths, Duration monitorInterval) {
        org.apache.flink.core.fs.Path[] fps = paths.stream()
                .map(p -> new org.apache.flink.core.fs.Path(p.toAbsolutePath().toUri()))
                .toArray(org.apache.flink.core.fs.Path[]::new);
        var builder = FileSource.forBulkFileFormat(new OriginLineFormat(), fps);
        if (monitorInterval != null) {
            builder.monitorContinuously(monitorInterval);
        }
        return builder.build();
    }

    /**
     * Follows local files and directories like {@code tail -F}: new files, and lines appended to files already
     * being read, with checkpointed offsets ({@code sigdrift run --follow}). Unbounded.
     */
    public static TailingFileSource follow(List<Path> paths, TailSettings settings) {
        return new TailingFileSource(paths, settings);
    }

    /** Standard input, streamed line by line, ending at end of input (origin {@code stdin}); one reader (subtask 0). */
    public static StdinSource stdin() {
        return StdinSource.standardInput();
    }

    /**
     * A Kafka topic from the earliest offset (committed group offsets are not used: the job's own
     * checkpoints hold the positions).
     * @param bounded stop at the offsets that are latest when the job starts (tests, batch replays); such a job
     *                ends also when it was restored from a checkpoint or savepoint ({@link BoundedKafkaSource})
     */
    public static Source<RawLine, KafkaPartitionSplit, KafkaSourceEnumState> kafka(String bootstrapServers, String topic, String groupId, boolean bounded) {
        var builder = KafkaSource.<RawLine>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new KafkaLineDeserializer());
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return BoundedKafkaSource.of(builder.build());
    }
}
