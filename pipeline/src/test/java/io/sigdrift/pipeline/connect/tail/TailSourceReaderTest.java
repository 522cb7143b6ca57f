package io.sigdrift.pipeline.connect.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.connect.ReaderTestSupport;
import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.RawLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Flink source reader over its files: records, snapshots, restore, waiting for data. */
class TailSourceReaderTest {
    private static final TailSettings SETTINGS = TailSettings.of(Duration.ofMillis(50));
    private static final int MAX_POLLS = 100;

    @TempDir
    Path tmp;

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static TailSourceReader reader() {
        return new TailSourceReader(ReaderTestSupport.context(), SETTINGS);
    }

    /** Polls until the reader reports nothing available. */
    private static void drain(TailSourceReader reader, ReaderTestSupport.CollectingOutput out) throws Exception {
        for (int i = 0; i < MAX_POLLS; i++) {
            if (reader.pollNext(out) == InputStatus.NOTHING_AVAILABLE) {
                return;
            }
        }
        throw new AssertionError("reader never ran dry");
    }

    @Test
    void aReaderRestoredFromItsSnapshotNeitherRepeatsNorLosesLines() throws Exception {
        Path a = tmp.resolve("a.log");
        Path b = tmp.resolve("b.log");
        append(a, "a1\na2\n");
        append(b, "b1\nb2-partial");
        List<String> delivered = new ArrayList<>();

        TailSourceReader first = reader();
        first.addSplits(List.of(new TailSplit(a.toString(), 0, null), new TailSplit(b.toString(), 0, null)));
        ReaderTestSupport.CollectingOutput beforeCheckpoint = new ReaderTestSupport.CollectingOutput();
        drain(first, beforeCheckpoint);
        List<TailSplit> checkpoint = first.snapshotState(1);
        delivered.addAll(beforeCheckpoint.texts());

        // more data arrives and is read, but the job fails before the next checkpoint: those lines are replayed
        append(a, "a3\n");
        append(b, "-done\nb3\n");
        ReaderTestSupport.CollectingOutput lostWithTheFailure = new ReaderTestSupport.CollectingOutput();
        drain(first, lostWithTheFailure);
        assertEquals(List.of("a3", "b2-partial-done", "b3"), lostWithTheFailure.texts().stream().sorted().toList());
        first.close();

        append(a, "a4\n");
        TailSourceReader restored = reader();
        restored.addSplits(checkpoint);
        ReaderTestSupport.CollectingOutput afterRestore = new ReaderTestSupport.CollectingOutput();
        drain(restored, afterRestore);
        restored.close();
        delivered.addAll(afterRestore.texts());

        assertEquals(List.of("a1", "a2", "a3", "a4", "b1", "b2-partial-done", "b3"), delivered.stream().sorted().toList());
        String origin = beforeCheckpoint.records.get(0).origin;
        assertEquals("file:" + a, origin, "origin in FileSource's form, as plain-line source name");
    }

    @Test
    void anIdleReaderWaitsThePollIntervalAndWakesAtOnceForANewSplit() throws Exception {
        TailSourceReader reader = reader();
        ReaderTestSupport.CollectingOutput out = new ReaderTestSupport.CollectingOutput();
        assertEquals(InputStatus.NOTHING_AVAILABLE, reader.pollNext(out));
        CompletableFuture<Void> idle = reader.isAvailable();
        assertFalse(idle.isDone());
        Path f = tmp.resolve("new.log");
        append(f, "hello\n");
        reader.addSplits(List.of(new TailSplit(f.toString(), 0, null)));
        assertTrue(idle.isDone(), "a new split wakes the reader without waiting for the poll interval");
        assertEquals(InputStatus.MORE_AVAILABLE, reader.pollNext(out));
        assertEquals(InputStatus.NOTHING_AVAILABLE, reader.pollNext(out));
        reader.isAvailable().get(5, TimeUnit.SECONDS);   // completes after the poll interval
        assertEquals(List.of("hello"), out.texts());
        reader.close();
    }

    @Test
    void aLongIdleFileIsPolledLessOftenButAtLeastOncePerDiscoveryInterval() throws Exception {
        long discovery = 300;
        TailSettings settings = new TailSettings(discovery, TailSettings.MIN_INTERVAL_MILLIS,
                TailSettings.DEFAULT_MAX_LINE_BYTES, TailSettings.DEFAULT_MAX_TRACKED_FILES);
        TailSourceReader reader = new TailSourceReader(ReaderTestSupport.context(), settings);
        Path f = tmp.resolve("quiet.log");
        append(f, "");
        reader.addSplits(List.of(new TailSplit(f.toString(), 0, null)));
        ReaderTestSupport.CollectingOutput out = new ReaderTestSupport.CollectingOutput();
        long idleUntil = System.currentTimeMillis() + 3 * discovery;   // many more idle rounds than the full-rate ones
        while (System.currentTimeMillis() < idleUntil) {
            reader.pollNext(out);
            reader.isAvailable().get(5, TimeUnit.SECONDS);
        }
        append(f, "finally\n");
        long appended = System.nanoTime();
        while (out.records.isEmpty() && System.nanoTime() - appended < TimeUnit.SECONDS.toNanos(5)) {
            if (reader.pollNext(out) == InputStatus.NOTHING_AVAILABLE) {
                reader.isAvailable().get(5, TimeUnit.SECONDS);
            }
        }
        long latencyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - appended);
        assertEquals(List.of("finally"), out.texts());
        assertTrue(latencyMillis < discovery + 1_000, "picked up after " + latencyMillis + " ms");
        reader.close();
    }

    @Test
    void anUnreadableFileBecomesOneUnreadableFileRecordAndTheReaderGoesOn() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("not-a-file.log"));
        Path ok = tmp.resolve("ok.log");
        append(ok, "fine\n");
        TailSourceReader reader = reader();
        reader.addSplits(List.of(new TailSplit(dir.toString(), 0, null), new TailSplit(ok.toString(), 0, null)));
        ReaderTestSupport.CollectingOutput out = new ReaderTestSupport.CollectingOutput();
        drain(reader, out);
        drain(reader, out);
        reader.close();
        List<RawLine> errors = out.records.stream().filter(r -> r.error != null).toList();
        assertEquals(1, errors.size());
        assertEquals(DeadLetter.Reason.UNREADABLE_FILE, errors.get(0).error);
        assertTrue(errors.get(0).text.contains("not-a-file.log"), errors.get(0).text);
        assertEquals(List.of("fine"), out.records.stream().filter(r -> r.error == null).map(r -> r.text).toList());
    }

    @Test
    void aFinishedCompressedFileLeavesTheReaderState() throws Exception {
        Path gz = tmp.resolve("old.log.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("z1\nz2\n".getBytes(StandardCharsets.UTF_8));
        }
        TailSourceReader reader = new TailSourceReader(ReaderTestSupport.context(),
                new TailSettings(TailSettings.MIN_INTERVAL_MILLIS, TailSettings.MIN_INTERVAL_MILLIS,
                        TailSettings.DEFAULT_MAX_LINE_BYTES, TailSettings.DEFAULT_MAX_TRACKED_FILES));
        reader.addSplits(List.of(new TailSplit(gz.toString(), 0, null)));
        ReaderTestSupport.CollectingOutput out = new ReaderTestSupport.CollectingOutput();
        long deadline = System.currentTimeMillis() + 5_000;
        while (out.records.size() < 2 && System.currentTimeMillis() < deadline) {
            if (reader.pollNext(out) == InputStatus.NOTHING_AVAILABLE) {
                reader.isAvailable().get(5, TimeUnit.SECONDS);
            }
        }
        reader.pollNext(out);
        assertEquals(List.of("z1", "z2"), out.texts());
        assertEquals(List.of(), reader.snapshotState(1));
        reader.close();
    }
}
