package io.sigdrift.pipeline.connect.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enumerator with a hand-driven context: scans assign each file once, to its owner reader, across restores. */
class TailEnumeratorTest {
    private static final int PARALLELISM = 2;

    @TempDir
    Path tmp;

    /** Records assignments; the periodic scan runs only when the test says so. */
    static final class Context implements SplitEnumeratorContext<TailSplit> {
        final Map<Integer, ReaderInfo> readers = new HashMap<>();
        final Map<Integer, List<String>> assigned = new TreeMap<>();
        private Callable<Object> scan;
        private BiConsumer<Object, Throwable> handler;

        @SuppressWarnings("unchecked")
        @Override
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> h, long initialDelay, long period) {
            scan = (Callable<Object>) callable;
            handler = (BiConsumer<Object, Throwable>) h;
        }

        void runScan() throws Exception {
            handler.accept(scan.call(), null);
        }

        void register(int subtask) {
            readers.put(subtask, new ReaderInfo(subtask, "localhost"));
        }

        @Override
        public void assignSplits(SplitsAssignment<TailSplit> assignment) {
            assignment.assignment().forEach((subtask, splits) -> splits.forEach(s ->
                    assigned.computeIfAbsent(subtask, k -> new ArrayList<>()).add(Path.of(s.path()).getFileName().toString())));
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, SourceEvent event) {}

        @Override
        public int currentParallelism() {
            return PARALLELISM;
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return readers;
        }

        @Override
        public void signalNoMoreSplits(int subtask) {
            throw new AssertionError("an unbounded source never signals no more splits");
        }

        @Override
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> h) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            runnable.run();
        }
    }

    private TailEnumerator enumerator(Context context, TailEnumeratorState state) {
        TailEnumerator e = new TailEnumerator(context, List.of(tmp.resolve("in").toString()),
                TailSettings.of(Duration.ofSeconds(1)), state);
        e.start();
        return e;
    }

    /** Names of files whose owner (hash of the path) is the given reader. */
    private List<String> ownedBy(int subtask, String... names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (TailEnumerator.ownerOf(tmp.resolve("in").resolve(n).toString(), PARALLELISM) == subtask) {
                out.add(n);
            }
        }
        return out;
    }

    private void create(String name) throws IOException {
        Files.writeString(Files.createDirectories(tmp.resolve("in")).resolve(name), "x\n");
    }

    @Test
    void eachFileIsAssignedOnceToItsOwnerAndWaitsWhileItsOwnerIsNotRegistered() throws Exception {
        String[] names = {"a.log", "b.log", "c.log", "d.log", "e.log", "f.log"};
        for (String n : names) {
            create(n);
        }
        Context context = new Context();
        TailEnumerator e = enumerator(context, new TailEnumeratorState(new LinkedHashMap<>(), List.of()));
        context.register(0);
        e.addReader(0);
        context.runScan();
        assertEquals(ownedBy(0, names), context.assigned.getOrDefault(0, List.of()).stream().sorted().toList());
        assertEquals(ownedBy(1, names).size(), e.snapshotState(1).pending().size(), "reader 1's files wait for it");

        context.register(1);
        e.addReader(1);
        context.runScan();   // rescanning the same files assigns nothing twice
        assertEquals(ownedBy(1, names), context.assigned.getOrDefault(1, List.of()).stream().sorted().toList());
        assertEquals(names.length, context.assigned.values().stream().mapToInt(List::size).sum());
        assertEquals(List.of(), e.snapshotState(2).pending());
    }

    @Test
    void aRestoredEnumeratorAssignsOnlyFilesThatAreNewSinceItsCheckpoint() throws Exception {
        create("old.log");
        Context first = new Context();
        first.register(0);
        first.register(1);
        TailEnumerator e = enumerator(first, new TailEnumeratorState(new LinkedHashMap<>(), List.of()));
        first.runScan();
        byte[] checkpoint = TailEnumeratorStateSerializer.INSTANCE.serialize(e.snapshotState(1));

        create("new.log");
        Context second = new Context();
        second.register(0);
        second.register(1);
        TailEnumerator restored = enumerator(second,
                TailEnumeratorStateSerializer.INSTANCE.deserialize(TailEnumeratorStateSerializer.VERSION, checkpoint));
        second.runScan();
        assertEquals(List.of("new.log"), second.assigned.values().stream().flatMap(List::stream).toList());
    }

    @Test
    void splitsHandedBackByAFailedReaderAreAssignedAgainWhenItReturns() throws Exception {
        create("a.log");
        Context context = new Context();
        context.register(0);
        context.register(1);
        TailEnumerator e = enumerator(context, new TailEnumeratorState(new LinkedHashMap<>(), List.of()));
        context.runScan();
        int owner = TailEnumerator.ownerOf(tmp.resolve("in/a.log").toString(), PARALLELISM);
        context.readers.remove(owner);
        e.addSplitsBack(List.of(new TailSplit(tmp.resolve("in/a.log").toString(), 0, null)), owner);
        assertEquals(1, e.snapshotState(1).pending().size());
        context.register(owner);
        e.addReader(owner);
        assertEquals(List.of("a.log", "a.log"), context.assigned.get(owner));
        assertEquals(List.of(), e.snapshotState(2).pending());
    }
}
