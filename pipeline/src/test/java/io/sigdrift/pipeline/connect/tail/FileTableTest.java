package io.sigdrift.pipeline.connect.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files get a split: discovery with FileSource's filter, one split per path, rotated copies skipped. */
class FileTableTest {
    private static final int BOUND = 100;

    @TempDir
    Path tmp;

    private static FileScanner.Seen seen(String path, String identity, long size) {
        return new FileScanner.Seen(path, identity, size);
    }

    private static List<String> paths(List<TailSplit> splits) {
        return splits.stream().map(TailSplit::path).toList();
    }

    @Test
    void eachNewFileGetsOneSplitAndAKnownPathNeverASecondOne() {
        FileTable table = new FileTable(new LinkedHashMap<>(), BOUND);
        assertEquals(List.of("/in/a.log"), paths(table.update(List.of(seen("/in/a.log", "i1", 10)))));
        // a.log grew, then was replaced by another file (new inode): its split follows it, no new split
        assertEquals(List.of("/in/b.log"), paths(table.update(List.of(seen("/in/a.log", "i1", 20), seen("/in/b.log", "i2", 5)))));
        assertEquals(List.of(), paths(table.update(List.of(seen("/in/a.log", "i9", 1), seen("/in/b.log", "i2", 5)))));
        // deleted, then back
        assertEquals(List.of(), paths(table.update(List.of())));
        assertEquals(List.of(), paths(table.update(List.of(seen("/in/a.log", "i10", 3)))));
    }

    @Test
    void aFollowedFileRenamedByRotationIsNotReadAgainUnderItsNewName() {
        FileTable table = new FileTable(new LinkedHashMap<>(), BOUND);
        table.update(List.of(seen("/in/app.log", "i1", 100)));
        // logrotate (create mode): app.log -> app.log.1, new app.log
        assertEquals(List.of(), paths(table.update(List.of(seen("/in/app.log", "i2", 0), seen("/in/app.log.1", "i1", 120)))));
        assertEquals(1, table.renames());
        // next rotation: app.log.1 -> app.log.2, app.log -> app.log.1, new app.log
        assertEquals(List.of(), paths(table.update(List.of(seen("/in/app.log", "i3", 0), seen("/in/app.log.1", "i2", 50),
                seen("/in/app.log.2", "i1", 120)))));
        assertEquals(3, table.renames());
    }

    @Test
    void aNewFileReusingTheInodeOfALargerDeletedFileIsNotTakenForARename() {
        FileTable table = new FileTable(new LinkedHashMap<>(), BOUND);
        table.update(List.of(seen("/in/old.log", "i1", 1000)));
        assertEquals(List.of("/in/new.log"), paths(table.update(List.of(seen("/in/new.log", "i1", 10)))));
    }

    @Test
    void aCopyOfAFileThatStillSitsAtItsPathIsReadAsANewFile() {
        FileTable table = new FileTable(new LinkedHashMap<>(), BOUND);
        table.update(List.of(seen("/in/a.log", "i1", 10)));
        // a hard link / same identity still at the old path: not a rename
        assertEquals(List.of("/in/b.log"), paths(table.update(List.of(seen("/in/a.log", "i1", 10), seen("/in/b.log", "i1", 10)))));
    }

    @Test
    void withoutFileIdentitiesEveryNewPathIsANewFile() {
        FileTable table = new FileTable(new LinkedHashMap<>(), BOUND);
        table.update(List.of(seen("/in/app.log", null, 100)));
        assertEquals(List.of("/in/app.log.1"), paths(table.update(List.of(seen("/in/app.log", null, 0), seen("/in/app.log.1", null, 100)))));
    }

    @Test
    void newFilesBeyondTheBoundAreIgnoredAndCounted() {
        FileTable table = new FileTable(new LinkedHashMap<>(), 2);
        List<TailSplit> created = table.update(List.of(seen("/a", "1", 1), seen("/b", "2", 1), seen("/c", "3", 1)));
        assertEquals(List.of("/a", "/b"), paths(created));
        assertEquals(1, table.ignored());
        assertEquals(2, table.files().size());
    }

    @Test
    void theScanRecursesAndSkipsNamesStartingWithDotOrUnderscoreLikeFileSource() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(Files.createDirectories(in.resolve("sub")).resolve("deep.log"), "x\n");
        Files.writeString(in.resolve("top.log"), "x\n");
        Files.writeString(in.resolve(".hidden.log"), "x\n");
        Files.writeString(in.resolve("_part-0.inprogress"), "x\n");
        Files.writeString(Files.createDirectories(in.resolve("_checkpoints")).resolve("chk.log"), "x\n");
        Files.writeString(Files.createDirectories(in.resolve(".git")).resolve("HEAD"), "x\n");
        Path explicitlyGiven = Files.writeString(tmp.resolve("_given.log"), "x\n");
        FileScanner.Scan scan = FileScanner.scan(List.of(in.toString(), explicitlyGiven.toString()));
        assertEquals(List.of(in.resolve("sub/deep.log").toString(), in.resolve("top.log").toString(), explicitlyGiven.toString()),
                scan.files().stream().map(FileScanner.Seen::path).sorted((a, b) -> a.equals(explicitlyGiven.toString()) ? 1
                        : b.equals(explicitlyGiven.toString()) ? -1 : a.compareTo(b)).toList());
        assertEquals(List.of(), scan.failures());
    }
}
