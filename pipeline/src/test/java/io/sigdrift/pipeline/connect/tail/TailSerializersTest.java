package io.sigdrift.pipeline.connect.tail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigdrift.pipeline.connect.tail.TailEnumeratorState.FileMark;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Split and enumerator state survive checkpoints: round trips, and the committed version-1 files still read. */
class TailSerializersTest {
    static final TailSplit SPLIT = new TailSplit("/var/log/app.log", 123_456_789_012L, "(dev=803,ino=42)");
    static final TailSplit SPLIT_WITHOUT_IDENTITY = new TailSplit("/var/log/ünïcode.log", 0, null);

    static TailEnumeratorState enumeratorState() {
        Map<String, FileMark> files = new LinkedHashMap<>();
        files.put("/var/log/app.log", new FileMark("(dev=803,ino=42)", 1000, true));
        files.put("/var/log/app.log.1", new FileMark("(dev=803,ino=41)", 5000, false));
        files.put("/var/log/nokey.log", new FileMark(null, 7, true));
        return new TailEnumeratorState(files, List.of(SPLIT_WITHOUT_IDENTITY));
    }

    @Test
    void aSplitRoundTripsWithAndWithoutIdentity() throws IOException {
        for (TailSplit s : List.of(SPLIT, SPLIT_WITHOUT_IDENTITY)) {
            byte[] bytes = TailSplitSerializer.INSTANCE.serialize(s);
            assertEquals(s, TailSplitSerializer.INSTANCE.deserialize(TailSplitSerializer.VERSION, bytes));
        }
    }

    @Test
    void theEnumeratorStateRoundTrips() throws IOException {
        TailEnumeratorState state = enumeratorState();
        byte[] bytes = TailEnumeratorStateSerializer.INSTANCE.serialize(state);
        assertEquals(state, TailEnumeratorStateSerializer.INSTANCE.deserialize(TailEnumeratorStateSerializer.VERSION, bytes));
    }

    @Test
    void committedVersionOneFilesStillRead() throws IOException {
        assertEquals(SPLIT, TailSplitSerializer.INSTANCE.deserialize(1, resource("tail-split-v1.bin")));
        assertEquals(enumeratorState(), TailEnumeratorStateSerializer.INSTANCE.deserialize(1, resource("tail-enumerator-v1.bin")));
        // and this build still writes version 1 byte for byte
        assertArrayEquals(resource("tail-split-v1.bin"), TailSplitSerializer.INSTANCE.serialize(SPLIT));
    }

    @Test
    void anUnknownVersionIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> TailSplitSerializer.INSTANCE.deserialize(99, new byte[0]));
        assertEquals("unknown tail split format version 99 (this build reads 1)", e.getMessage());
    }

    @Test
    void aCheckpointOfTheBoundedFileSourceIsRefusedWithAClearMessageInsteadOfMisread() throws IOException {
        org.apache.flink.connector.file.src.FileSourceSplit fileSplit = new org.apache.flink.connector.file.src.FileSourceSplit(
                "0000000001", new org.apache.flink.core.fs.Path("file:/var/log/app.log"), 0, 100, 0, 100);
        byte[] split = org.apache.flink.connector.file.src.FileSourceSplitSerializer.INSTANCE.serialize(fileSplit);
        IOException s = assertThrows(IOException.class, () -> TailSplitSerializer.INSTANCE.deserialize(1, split));
        assertEquals(TailSplitSerializer.FOREIGN_STATE, s.getMessage());

        byte[] enumerator = new org.apache.flink.connector.file.src.PendingSplitsCheckpointSerializer<>(
                org.apache.flink.connector.file.src.FileSourceSplitSerializer.INSTANCE)
                .serialize(org.apache.flink.connector.file.src.PendingSplitsCheckpoint.fromCollectionSnapshot(List.of(fileSplit)));
        IOException e = assertThrows(IOException.class, () -> TailEnumeratorStateSerializer.INSTANCE.deserialize(1, enumerator));
        assertEquals(TailSplitSerializer.FOREIGN_STATE, e.getMessage());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TailSerializersTest.class.getResourceAsStream("/connect/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /connect/" + name);
            }
            return in.readAllBytes();
        }
    }

    /** Writes the version-1 files; run once when version 1 was made (kept to show how they were produced). */
    public static void main(String[] args) throws IOException {
        java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
        java.nio.file.Files.write(dir.resolve("tail-split-v1.bin"), TailSplitSerializer.INSTANCE.serialize(SPLIT));
        java.nio.file.Files.write(dir.resolve("tail-enumerator-v1.bin"), TailEnumeratorStateSerializer.INSTANCE.serialize(enumeratorState()));
    }
}
