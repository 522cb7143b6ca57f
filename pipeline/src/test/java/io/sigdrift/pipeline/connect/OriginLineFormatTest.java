package io.sigdrift.pipeline.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.RawLine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OriginLineFormatTest {
    @TempDir
    Path tmp;

    private static List<RawLine> readAll(Path file, long length) throws Exception {
        FileSourceSplit split = new FileSourceSplit("0", new org.apache.flink.core.fs.Path(file.toUri()), 0, length, 0, length);
        List<RawLine> out = new ArrayList<>();
        try (BulkFormat.Reader<RawLine> reader = new OriginLineFormat().createReader(new Configuration(), split)) {
            BulkFormat.RecordIterator<RawLine> batch;
            while ((batch = reader.readBatch()) != null) {
                RecordAndPosition<RawLine> r;
                while ((r = batch.next()) != null) {
                    RawLine l = r.getRecord();
                    out.add(new RawLine(l.origin, l.text));
                    out.get(out.size() - 1).error = l.error;
                    out.get(out.size() - 1).printableAscii = l.printableAscii;
                }
                batch.releaseBatch();
            }
        }
        return out;
    }

    @Test
    void linesCarryTheirFilePathAsOrigin() throws Exception {
        Path f = tmp.resolve("auth.log");
        Files.writeString(f, "first\nsecond\n", StandardCharsets.UTF_8);
        List<RawLine> lines = readAll(f, Files.size(f));
        assertEquals(List.of("first", "second"), lines.stream().map(l -> l.text).toList());
        assertTrue(lines.get(0).origin.endsWith("/auth.log"), lines.get(0).origin);
        assertNull(lines.get(0).error);
    }

    @Test
    void eachLineSaysWhetherItsReaderFoundItPrintableAscii() throws Exception {
        Path f = tmp.resolve("kinds.log");
        Files.writeString(f, "plain text line of some length\ttab\ncaf\u00e9\nbell \u0007\nwindows line\r\nend\n",
                StandardCharsets.UTF_8);
        List<Boolean> flags = readAll(f, Files.size(f)).stream().map(l -> l.printableAscii).toList();
        assertEquals(List.of(false, false, false, true, true), flags);
    }

    @Test
    void linesAreSplitAndDecodedAsReduceSplitsThemOnlyNewlineEndsALine() throws Exception {
        Path f = tmp.resolve("mixed.log");
        byte[] bytes = concat("crlf line\r\nlone\rreturn stays\nbad byte ".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xff}, "\nno final newline".getBytes(StandardCharsets.US_ASCII));
        Files.write(f, bytes);
        List<String> texts = readAll(f, Files.size(f)).stream().map(l -> l.text).toList();
        assertEquals(List.of("crlf line", "lone\rreturn stays", "bad byte \uFFFD", "no final newline"), texts);

        io.sigdrift.pipeline.input.InputStats stats = new io.sigdrift.pipeline.input.InputStats();
        List<String> reduced = new ArrayList<>();
        new io.sigdrift.pipeline.input.EventReader(io.sigdrift.pipeline.input.InputConfig.builder()
                .format(io.sigdrift.pipeline.input.InputFormat.PLAIN).build(), stats).read("mixed.log",
                new java.io.ByteArrayInputStream(bytes), new io.sigdrift.pipeline.input.EventHandler() {
                    @Override
                    public void event(long lineNumber, String source, String text) {
                        reduced.add(text);
                    }

                    @Override
                    public void skipped(long lineNumber, io.sigdrift.pipeline.input.SkipReason reason) {}
                });
        assertEquals(4, reduced.size(), "reduce reads the same four lines (and then cleans the lone \\r)");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void aFileThatCannotBeOpenedBecomesOneUnreadableFileRecordInsteadOfAFailedJob() throws Exception {
        List<RawLine> lines = readAll(tmp.resolve("vanished.log"), 10);
        assertEquals(1, lines.size());
        assertEquals(DeadLetter.Reason.UNREADABLE_FILE, lines.get(0).error);
        assertTrue(lines.get(0).text.contains("vanished.log"), lines.get(0).text);
    }

    @Test
    void binaryKafkaValuesBecomeErrorRecordsWithAHexPreviewButOneBadByteInAReadableLineIsReplaced() {
        KafkaLineDeserializer d = new KafkaLineDeserializer();
        List<RawLine> out = new ArrayList<>();
        org.apache.flink.util.Collector<RawLine> c = new org.apache.flink.util.Collector<>() {
            @Override
            public void collect(RawLine record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
        d.deserialize(new ConsumerRecord<>("logs", 0, 7L, null, "ok line".getBytes(StandardCharsets.UTF_8)), c);
        d.deserialize(new ConsumerRecord<>("logs", 0, 8L, null, new byte[] {(byte) 0xff, 0x00}), c);
        d.deserialize(new ConsumerRecord<>("logs", 0, 9L, null, null), c);
        byte[] oneBadByte = "user caf\u00e9 logged in from 10.0.0.7".getBytes(StandardCharsets.ISO_8859_1);
        d.deserialize(new ConsumerRecord<>("logs", 0, 10L, null, oneBadByte), c);
        assertEquals("ok line", out.get(0).text);
        assertEquals("logs", out.get(0).origin);
        assertEquals(DeadLetter.Reason.BINARY_RECORD, out.get(1).error);
        assertTrue(out.get(1).text.contains("ff00") && out.get(1).text.contains("offset 8"), out.get(1).text);
        assertEquals(DeadLetter.Reason.EMPTY_RECORD, out.get(2).error);
        assertEquals("user caf\uFFFD logged in from 10.0.0.7", out.get(3).text, "as reduce reads the same bytes");
        assertEquals(null, out.get(3).error);
    }
}
