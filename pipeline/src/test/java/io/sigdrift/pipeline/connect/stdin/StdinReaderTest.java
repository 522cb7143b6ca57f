package io.sigdrift.pipeline.connect.stdin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.connect.ReaderTestSupport;
import io.sigdrift.pipeline.record.DeadLetter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;

/** Standard input streams line by line, ends at end of input, and says so when a restart lost input. */
class StdinReaderTest {
    private static final long WAIT_SECONDS = 10;

    /** Polls (waiting on the reader's availability) until {@code count} records were emitted; returns the last status. */
    private static InputStatus pollUntil(StdinReader reader, ReaderTestSupport.CollectingOutput out, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        InputStatus status = InputStatus.NOTHING_AVAILABLE;
        while (out.records.size() < count && status != InputStatus.END_OF_INPUT) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + out.texts() + " after " + WAIT_SECONDS + " s");
            }
            reader.isAvailable().get(WAIT_SECONDS, TimeUnit.SECONDS);
            status = reader.pollNext(out);
        }
        return status;
    }

    @Test
    void linesAreEmittedAsTheyArriveLongBeforeEndOfInput() throws Exception {
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream pipe = new PipedInputStream(writer);
        StdinReader reader = new StdinReader(() -> pipe, StdinSource.ORIGIN);
        reader.addSplits(List.of(new StdinSplit(0)));
        ReaderTestSupport.CollectingOutput out = new ReaderTestSupport.CollectingOutput();

        writer.write("first line\n".getBytes(StandardCharsets.UTF_8));
        writer.flush();
        assertNotEquals(InputStatus.END_OF_INPUT, pollUntil(reader, out, 1));
        assertEquals(List.of("first line"), out.texts(), "emitted while the input is still open");
        assertEquals(StdinSource.ORIGIN, out.records.get(0).origin);

        writer.write("second\r\nthird, without newline".getBytes(StandardCharsets.UTF_8));
        writer.flush();
        assertNotEquals(InputStatus.END_OF_INPUT, pollUntil(reader, out, 2));
        assertEquals(List.of("first line", "second"), out.texts(), "the unfinished line waits");
        assertEquals(List.of(new StdinSplit(2)), reader.snapshotState(1));

        writer.close();
        pollUntil(reader, out, 3);
        assertEquals(List.of("first line", "second", "third, without newline"), out.texts());
        InputStatus end = reader.pollNext(out);
        for (int i = 0; i < 100 && end != InputStatus.END_OF_INPUT; i++) {
            reader.isAvailable().get(WAIT_SECONDS, TimeUnit.SECONDS);
            end = reader.pollNext(out);
        }
        assertEquals(InputStatus.END_OF_INPUT, end);
        reader.close();
    }

    @Test
    void aReaderRestoredAfterAFailureReportsThatStandardInputCannotBeReplayed() throws Exception {
        StdinReader reader = new StdinReader(() -> new ByteArrayInputStream("next\n".getBytes(StandardCharsets.UTF_8)),
                StdinSource.ORIGIN);
        reader.addSplits(List.of(new StdinSplit(5)));
        ReaderTestSupport.CollectingOutput out = new ReaderTestSupport.CollectingOutput();
        pollUntil(reader, out, 2);
        assertEquals(DeadLetter.Reason.INPUT_LOST, out.records.get(0).error);
        assertTrue(out.records.get(0).text.contains("after line 5"), out.records.get(0).text);
        assertEquals("next", out.records.get(1).text);
        assertEquals(List.of(new StdinSplit(6)), reader.snapshotState(2));
        reader.close();
    }

    @Test
    void aReaderThatGetsNoSplitEndsAtOnce() throws Exception {
        StdinReader reader = new StdinReader(() -> {
            throw new AssertionError("only the reader with the split opens the input");
        }, StdinSource.ORIGIN);
        ReaderTestSupport.CollectingOutput out = new ReaderTestSupport.CollectingOutput();
        assertEquals(InputStatus.NOTHING_AVAILABLE, reader.pollNext(out));
        reader.notifyNoMoreSplits();
        assertTrue(reader.isAvailable().isDone());
        assertEquals(InputStatus.END_OF_INPUT, reader.pollNext(out));
    }

    @Test
    void theSplitAndEnumeratorStateRoundTrip() throws IOException {
        StdinSerializers.Split split = new StdinSerializers.Split();
        assertEquals(new StdinSplit(42), split.deserialize(1, split.serialize(new StdinSplit(42))));
        StdinSerializers.Assigned assigned = new StdinSerializers.Assigned();
        assertEquals(true, assigned.deserialize(1, assigned.serialize(true)));
        assertEquals(false, assigned.deserialize(1, assigned.serialize(false)));
    }
}
