package io.sigdrift.pipeline.connect;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;

/**
 * A bounded {@link KafkaSource} that also ends after a restore (from a checkpoint after a failure, or from a
 * savepoint). Everything is the Kafka connector's own (readers, splits, offsets, state formats, so checkpoints
 * of either restore into the other); only the restored enumerator is watched.
 *
 * <p><b>Why.</b> A bounded Kafka job ends when every reader has finished its splits <em>and</em> was told that no
 * more splits will come. The connector (flink-connector-kafka 5.0.0-2.2, {@code KafkaSourceEnumerator}) says so
 * only after a partition discovery that found new partitions: in a job that was never restored the first
 * discovery finds them all, but a restored enumerator already holds every partition as assigned, its discovery
 * finds no change and returns early, and the readers idle at their stopping offsets forever. The job's outputs
 * were complete except for the windows the end of input closes, and it never finished.
 *
 * <p><b>What this adds:</b> when the restored enumerator's discovery completes without starting the
 * initialisation of new partitions (it found no change), every registered reader, and every reader that
 * registers later, is told "no more splits" — exactly what the connector does for a job that was never restored
 * once its discovery is done. When the discovery does find partitions (a checkpoint taken before the first
 * discovery finished, or a topic that grew), the connector's own path assigns them and signals the end itself.
 * Unbounded sources are returned unwrapped by {@link #of}.
 */
public final class BoundedKafkaSource<T>
        implements Source<T, KafkaPartitionSplit, KafkaSourceEnumState>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final KafkaSource<T> kafka;

    private BoundedKafkaSource(KafkaSource<T> kafka) {
        this.kafka = kafka;
    }

    /** {@code kafka} itself when unbounded (it never ends anyway), else wrapped. */
    public static <T> Source<T, KafkaPartitionSplit, KafkaSourceEnumState> of(KafkaSource<T> kafka) {
        return kafka.getBoundedness() == Boundedness.BOUNDED ? new BoundedKafkaSource<>(kafka) : kafka;
    }

    @Override
    public Boundedness getBoundedness() {
        return kafka.getBoundedness();
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context) throws Exception {
        return kafka.createReader(context);
    }

    /** A job that was never restored: the connector's first discovery finds every partition and ends the readers. */
    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context) {
        return kafka.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState state) throws Exception {
        EndSignallingContext watched = new EndSignallingContext(context);
        return new RestoredEnumerator(kafka.restoreEnumerator(watched, state), watched);
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return kafka.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
        return kafka.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return kafka.getProducedType();
    }

    /** The restored connector enumerator, plus "no more splits" for readers registering after its discovery ended. */
    static final class RestoredEnumerator implements SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> {
        private final SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> delegate;
        private final EndSignallingContext context;

        RestoredEnumerator(SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> delegate, EndSignallingContext context) {
            this.delegate = delegate;
            this.context = context;
        }

        @Override
        public void start() {
            delegate.start();
        }

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {
            delegate.handleSplitRequest(subtaskId, requesterHostname);
        }

        @Override
        public void addSplitsBack(java.util.List<KafkaPartitionSplit> splits, int subtaskId) {
            delegate.addSplitsBack(splits, subtaskId);
        }

        @Override
        public void addReader(int subtaskId) {
            delegate.addReader(subtaskId);   // assigns the reader's pending splits first, as the connector does
            if (context.discoveryFoundNothing) {
                context.signalNoMoreSplits(subtaskId);
            }
        }

        @Override
        public KafkaSourceEnumState snapshotState(long checkpointId) throws Exception {
            return delegate.snapshotState(checkpointId);
        }

        @Override
        public void close() throws java.io.IOException {
            delegate.close();
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            delegate.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
            delegate.handleSourceEvent(subtaskId, sourceEvent);
        }
    }

    /**
     * The enumerator's context, watching its one-shot discovery (a bounded Kafka source has no periodic one): the
     * connector runs {@code callAsync(discover, checkPartitionChanges)}, and {@code checkPartitionChanges} either
     * starts a second {@code callAsync} (initialise the new partitions; that path signals the end itself) or
     * returns without one (nothing new: the path that never signals). Both run in the coordinator thread, so the
     * flags need no synchronisation.
     */
    static final class EndSignallingContext implements SplitEnumeratorContext<KafkaPartitionSplit> {
        private final SplitEnumeratorContext<KafkaPartitionSplit> context;
        private boolean discoveryWatched;
        private boolean followUpStarted;
        /** The restored enumerator's discovery ended without new partitions: readers get "no more splits". */
        boolean discoveryFoundNothing;

        EndSignallingContext(SplitEnumeratorContext<KafkaPartitionSplit> context) {
            this.context = context;
        }

        @Override
        public <R> void callAsync(Callable<R> callable, BiConsumer<R, Throwable> handler) {
            if (discoveryWatched) {
                followUpStarted = true;
                context.callAsync(callable, handler);
                return;
            }
            discoveryWatched = true;
            context.callAsync(callable, (result, error) -> {
                handler.accept(result, error);   // throws (failing the job as before) when the discovery failed
                if (!followUpStarted) {
                    discoveryFoundNothing = true;
                    for (int reader : context.registeredReaders().keySet()) {
                        context.signalNoMoreSplits(reader);
                    }
                }
            });
        }

        @Override
        public <R> void callAsync(Callable<R> callable, BiConsumer<R, Throwable> handler, long initialDelay, long period) {
            context.callAsync(callable, handler, initialDelay, period);   // periodic discovery: not a bounded source
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            return context.metricGroup();
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, SourceEvent event) {
            context.sendEventToSourceReader(subtaskId, event);
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, int attemptNumber, SourceEvent event) {
            context.sendEventToSourceReader(subtaskId, attemptNumber, event);
        }

        @Override
        public int currentParallelism() {
            return context.currentParallelism();
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return context.registeredReaders();
        }

        @Override
        public Map<Integer, Map<Integer, ReaderInfo>> registeredReadersOfAttempts() {
            return context.registeredReadersOfAttempts();
        }

        @Override
        public void assignSplits(SplitsAssignment<KafkaPartitionSplit> newSplitAssignments) {
            context.assignSplits(newSplitAssignments);
        }

        @Override
        public void assignSplit(KafkaPartitionSplit split, int subtask) {
            context.assignSplit(split, subtask);
        }

        @Override
        public void signalNoMoreSplits(int subtask) {
            context.signalNoMoreSplits(subtask);
        }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            context.runInCoordinatorThread(runnable);
        }

        @Override
        public void setIsProcessingBacklog(boolean isProcessingBacklog) {
            context.setIsProcessingBacklog(isProcessingBacklog);
        }
    }
}
