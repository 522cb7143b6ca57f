package io.sigdrift.pipeline.connect.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-following core without Flink: lines, partial lines, truncation, rotation, unreadable and compressed files. */
class FileTailTest {
    private static final int MANY = 1_000;
    private static final long NO_SETTLE = 0;

    @TempDir
    Path tmp;

    /** Records what the tail reports, as text: lines as themselves, events as "!event". */
    static final class Recorder implements TailListener {
        final List<String> lines = new ArrayList<>();
        final List<String> events = new ArrayList<>();

        @Override
        public void line(String text) {
            lines.add(text);
        }

        @Override
        public void truncated(String path, long offset, long size) {
            events.add("truncated " + offset + "->" + size);
        }

        @Override
        public void replaced(String path) {
            events.add("replaced");
        }

        @Override
        public void unreadable(String path, String message) {
            events.add("unreadable " + message);
        }
    }

    private final LineBuffer buffer = new LineBuffer(TailSettings.DEFAULT_MAX_LINE_BYTES);

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private FileTail tailOf(Path file) throws IOException {
        return new FileTail(new TailSplit(file.toString(), 0, null));
    }

    @Test
    void aTrailingPartialLineIsEmittedOnlyOnceItsNewlineArrives() throws IOException {
        Path f = tmp.resolve("app.log");
        append(f, "one\ntw");
        Recorder r = new Recorder();
        try (FileTail tail = tailOf(f)) {
            assertEquals(1, tail.poll(MANY, buffer, r));
            assertEquals(List.of("one"), r.lines);
            assertEquals(4, tail.snapshot().offset(), "the offset stays at the start of the partial line");
            assertEquals(0, tail.poll(MANY, buffer, r));
            append(f, "o\r\nthree\n");
            assertEquals(2, tail.poll(MANY, buffer, r));
        }
        assertEquals(List.of("one", "two", "three"), r.lines, "the partial line came out whole, its \\r dropped");
        assertEquals(List.of(), r.events);
    }

    @Test
    void pollsStopAtTheirLineBudgetAndTheNextPollContinues() throws IOException {
        Path f = tmp.resolve("app.log");
        append(f, "a\nb\nc\n");
        Recorder r = new Recorder();
        try (FileTail tail = tailOf(f)) {
            assertEquals(2, tail.poll(2, buffer, r));
            assertEquals(1, tail.poll(2, buffer, r));
        }
        assertEquals(List.of("a", "b", "c"), r.lines);
    }

    @Test
    void aTruncatedFileIsReadAgainFromItsStartAndTheTruncationIsReported() throws IOException {
        Path f = tmp.resolve("app.log");
        append(f, "old one\nold two\n");
        Recorder r = new Recorder();
        try (FileTail tail = tailOf(f)) {
            tail.poll(MANY, buffer, r);
            Files.writeString(f, "new\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);   // copytruncate
            assertEquals(1, tail.poll(MANY, buffer, r));
            append(f, "newer\n");
            tail.poll(MANY, buffer, r);
        }
        assertEquals(List.of("old one", "old two", "new", "newer"), r.lines);
        assertEquals(List.of("truncated 16->4"), r.events);
    }

    @Test
    void aFileRotatedByRenameIsDrainedBeforeTheNewFileAtItsPathIsReadFromItsStart() throws IOException {
        Path f = tmp.resolve("app.log");
        append(f, "before\n");
        Recorder r = new Recorder();
        try (FileTail tail = tailOf(f)) {
            tail.poll(MANY, buffer, r);
            append(f, "written just before rotation\nand a last line without newline");
            Files.move(f, tmp.resolve("app.log.1"));
            append(f, "after rotation\n");
            tail.poll(MANY, buffer, r);
            append(f, "later\n");
            tail.poll(MANY, buffer, r);
        }
        assertEquals(List.of("before", "written just before rotation", "and a last line without newline", "after rotation",
                "later"), r.lines);
        assertEquals(List.of("replaced"), r.events);
    }

    @Test
    void aDeletedFileIsDrainedAndItsPathFollowedWhenItComesBack() throws IOException {
        Path f = tmp.resolve("app.log");
        append(f, "first\n");
        Recorder r = new Recorder();
        try (FileTail tail = tailOf(f)) {
            tail.poll(MANY, buffer, r);
            append(f, "last words\n");
            Files.delete(f);
            tail.poll(MANY, buffer, r);
            assertEquals(0, tail.poll(MANY, buffer, r));
            append(f, "reborn\n");
            tail.poll(MANY, buffer, r);
        }
        assertEquals(List.of("first", "last words", "reborn"), r.lines);
        assertEquals(List.of("replaced"), r.events);
    }

    @Test
    void aSplitRestoredOntoAReplacedFileStartsAtZeroAndOntoTheSameFileAtItsOffset() throws IOException {
        Path f = tmp.resolve("app.log");
        append(f, "one\ntwo\n");
        Recorder first = new Recorder();
        TailSplit snapshot;
        try (FileTail tail = tailOf(f)) {
            tail.poll(1, buffer, first);
            snapshot = tail.snapshot();
        }
        Recorder same = new Recorder();
        try (FileTail restored = new FileTail(snapshot)) {
            restored.poll(MANY, buffer, same);
        }
        assertEquals(List.of("two"), same.lines);

        Path replacement = tmp.resolve("replacement");
        Files.writeString(replacement, "fresh one\nfresh two\n");
        Files.move(replacement, f, StandardCopyOption.REPLACE_EXISTING);
        Recorder other = new Recorder();
        try (FileTail restored = new FileTail(snapshot)) {
            restored.poll(MANY, buffer, other);
        }
        assertEquals(List.of("fresh one", "fresh two"), other.lines);
        assertEquals(List.of("replaced"), other.events);
    }

    @Test
    void anUnreadableFileIsReportedOnceAndReadFromItsOffsetOnceItCanBeRead() throws IOException {
        // a directory where a file is expected: opening works, reading fails (chmod would not stop root)
        Path f = Files.createDirectory(tmp.resolve("app.log"));
        Recorder r = new Recorder();
        try (FileTail tail = new FileTail(new TailSplit(f.toString(), 0, null))) {
            assertEquals(0, tail.poll(MANY, buffer, r));
            assertEquals(0, tail.poll(MANY, buffer, r));
            assertEquals(1, r.events.size(), r.events.toString());
            assertTrue(r.events.get(0).startsWith("unreadable"), r.events.toString());
            Files.delete(f);
            append(f, "readable now\n");
            tail.poll(MANY, buffer, r);
        }
        assertEquals(List.of("readable now"), r.lines);
    }

    @Test
    void anOverlongLineIsCutAtTheBoundAndTheRestOfItSkipped() throws IOException {
        int bound = TailSettings.MIN_LINE_BYTES;
        LineBuffer small = new LineBuffer(bound);
        Path f = tmp.resolve("app.log");
        append(f, "short\n" + "x".repeat(3 * bound) + "\nnext\n");
        Recorder r = new Recorder();
        try (FileTail tail = tailOf(f)) {
            tail.poll(MANY, small, r);
        }
        assertEquals(List.of("short", "x".repeat(bound), "next"), r.lines);
    }

    @Test
    void aLineLongerThanTheInitialBufferIsReadWhole() throws IOException {
        Path f = tmp.resolve("app.log");
        String longLine = "y".repeat(3 * LineBuffer.INITIAL_BYTES + 7);
        append(f, longLine + "\nend\n");
        Recorder r = new Recorder();
        try (FileTail tail = tailOf(f)) {
            tail.poll(MANY, buffer, r);
        }
        assertEquals(List.of(longLine, "end"), r.lines);
    }

    @Test
    void aCompressedFileIsReadOnceWhenItHasSettledAndARestoreSkipsTheLinesAlreadyEmitted() throws IOException {
        Path f = tmp.resolve("old.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("g1\ng2\ng3\n".getBytes(StandardCharsets.UTF_8));
        }
        Recorder r = new Recorder();
        TailSplit split = new TailSplit(f.toString(), 0, null);
        assertTrue(split.compressed());
        FollowedFile read = FollowedFile.of(split, NO_SETTLE);
        assertEquals(0, read.poll(MANY, buffer, r), "the first look only records size and time");
        assertEquals(2, read.poll(2, buffer, r));
        TailSplit midway = read.snapshot();
        read.close();
        FollowedFile restored = FollowedFile.of(midway, NO_SETTLE);
        restored.poll(MANY, buffer, r);
        restored.poll(MANY, buffer, r);
        assertTrue(restored.finished());
        assertEquals(List.of("g1", "g2", "g3"), r.lines);
    }

    @Test
    void aCorruptCompressedFileIsReportedAndFinished() throws IOException {
        Path f = tmp.resolve("broken.gz");
        Files.write(f, new byte[] {1, 2, 3, 4});
        Recorder r = new Recorder();
        FollowedFile read = FollowedFile.of(new TailSplit(f.toString(), 0, null), NO_SETTLE);
        read.poll(MANY, buffer, r);
        read.poll(MANY, buffer, r);
        assertTrue(read.finished());
        assertEquals(1, r.events.size());
        assertTrue(r.events.get(0).startsWith("unreadable"), r.events.toString());
    }
}
