package io.sigdrift.pipeline.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The hand-written serializers of the per-line and per-window records: every field survives, nulls included. */
class RecordSerializersTest {
    static final long T0 = 1_773_446_400_000L;   // 2026-03-14T00:00:00Z

    @Test
    void aParsedLineRoundTripsWithEveryField() throws IOException {
        ParsedLine l = ParsedLine.continuation("web-1", 3, "  at org.example.Foo.bar(Foo.java:42)", T0);
        ParsedLine back = roundTrip(ParsedLineSerializer.INSTANCE, l);
        assertEquals(l.toString(), back.toString());
        assertEquals(l.timeOrigin, back.timeOrigin);
        ParsedLine nulls = roundTrip(ParsedLineSerializer.INSTANCE, new ParsedLine());
        assertNull(nulls.source);
        assertNull(nulls.message);
    }

    @Test
    void nonLatinTextAndAnUnpairedSurrogateFromJsonInputCrossTheShuffleUnchanged() throws IOException {
        // UTF-8 cannot carry "\ud800" alone: such a line takes the char encoding and still comes back exactly
        for (String message : new String[] {"ошибка входа для пользователя 用户 😀", "bad \ud800 escape", "\udc00", "",
                "naïve café", "café \udbff", "plain ascii line", "GET /a?b=1 ?", "what?\udc00?", "?\ud800"}) {
            ParsedLine back = roundTrip(ParsedLineSerializer.INSTANCE, new ParsedLine("källa-1", 0, message, T0, (byte) 0));
            assertEquals(message, back.message);
            assertEquals("källa-1", back.source);
        }
    }

    @Test
    void aSurrogateIsFoundAmongQuestionMarksAndInNonAsciiTextAndAsciiLinesHaveNone() {
        for (String t : new String[] {"plain", "GET /a?b=1 ?", "", "naïve", "ошибка"}) {
            assertFalse(ShuffleStrings.hasSurrogate(t, t.getBytes(StandardCharsets.UTF_8)), t);
        }
        for (String t : new String[] {"\ud800", "what?\udc00?", "?\ud800", "x\udbff y", "naïve \ud800", "😀"}) {
            assertTrue(ShuffleStrings.hasSurrogate(t, t.getBytes(StandardCharsets.UTF_8)), t);
        }
    }

    @Test
    void linesOfOneSourceReadBackShareOneSourceStringAndEverySourceKeepsItsOwnValue() throws IOException {
        TypeSerializer<ParsedLine> ser = ParsedLineSerializer.INSTANCE.duplicate();
        String longName = "s".repeat(ShuffleStrings.Reader.MAX_REPEATED_BYTES + 1);
        String[] sources = {"web-1", "web-2", "källa-1", "", longName, null, "bad \ud800 name"};
        DataOutputSerializer out = new DataOutputSerializer(256);
        int rounds = 200;   // more distinct values than slots: colliding ones replace each other, never mix up
        for (int r = 0; r < rounds; r++) {
            for (String s : sources) {
                ser.serialize(new ParsedLine(s, 0, "line " + r, T0, (byte) 0), out);
            }
            ser.serialize(new ParsedLine("host-" + r, 0, "x".repeat(r * 400), T0, (byte) 0), out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (int r = 0; r < rounds; r++) {
            for (String s : sources) {
                ParsedLine back = ser.deserialize(in);
                assertEquals(s, back.source);
                assertEquals("line " + r, back.message);
            }
            ParsedLine host = ser.deserialize(in);
            assertEquals("host-" + r, host.source);
            assertEquals(r * 400, host.message.length(), "messages beyond the kept buffer too");
        }
        DataOutputSerializer again = new DataOutputSerializer(64);
        for (int i = 0; i < 3; i++) {
            ser.serialize(new ParsedLine("web-1", 0, "line " + i, T0, (byte) 0), again);
        }
        DataInputDeserializer in2 = new DataInputDeserializer(again.getCopyOfBuffer());
        String first = ser.deserialize(in2).source;
        assertSame(first, ser.deserialize(in2).source, "one String instance per source");
        assertSame(first, ser.deserialize(in2).source);
        assertNotSame(ser, ser.duplicate(), "stateful: each user gets its own");
        assertEquals(ser, ser.duplicate());
    }

    @Test
    void aLineBatchRoundTripsWithEveryLineInOrderAndSharesItsSource() throws IOException {
        LineBatch b = new LineBatch("källa-1", 2, 1);
        b.add(new ParsedLine("källa-1", 2, "first ?", T0, ParsedLine.TimeOrigin.PARSED));
        b.add(ParsedLine.continuation("källa-1", 2, "\tat x.y(Z.java:1) \ud800", T0 + 1));
        b.add(new ParsedLine("källa-1", 2, null, T0 + 2, ParsedLine.TimeOrigin.INGESTION));
        b.add(new ParsedLine("källa-1", 2, "", T0 + 3, ParsedLine.TimeOrigin.INHERITED));
        LineBatch back = roundTrip(LineBatchSerializer.INSTANCE, b);
        assertEquals(b.key(), back.key());
        assertEquals(b.size(), back.size());
        for (int i = 0; i < b.size(); i++) {
            assertEquals(b.line(i).toString(), back.line(i).toString());
            assertEquals(b.line(i).timeOrigin, back.line(i).timeOrigin);
            assertSame(back.source(), back.line(i).source);
        }
    }

    @Test
    void anAsciiMessageWrittenWithoutTheSurrogateCheckHasTheSameBytes() throws IOException {
        for (String m : new String[] {"", "GET /a?b=1 HTTP/1.1 200", "~ !"}) {
            DataOutputSerializer general = new DataOutputSerializer(16);
            ShuffleStrings.write(m, general);
            DataOutputSerializer ascii = new DataOutputSerializer(16);
            ShuffleStrings.writeAscii(m, ascii);
            assertArrayEquals(general.getCopyOfBuffer(), ascii.getCopyOfBuffer(), m);
        }
        LineBatch b = new LineBatch("web", 0, 2);
        ParsedLine hinted = new ParsedLine("web", 0, "hinted ascii", T0, ParsedLine.TimeOrigin.PARSED);
        hinted.printableAscii = true;
        b.add(hinted);
        b.add(new ParsedLine("web", 0, "not hinted \ud800", T0, ParsedLine.TimeOrigin.PARSED));
        LineBatch back = roundTrip(LineBatchSerializer.INSTANCE, b);
        assertEquals("hinted ascii", back.line(0).message);
        assertEquals("not hinted \ud800", back.line(1).message);
    }

    @Test
    void aBatchRefusesALineOfAnotherKeyAndACorruptBatchSizeIsAClearError() {
        LineBatch b = new LineBatch("web", 0, 2);
        assertThrows(IllegalArgumentException.class,
                () -> b.add(new ParsedLine("web", 1, "x", T0, ParsedLine.TimeOrigin.PARSED)));
        DataInputDeserializer in = new DataInputDeserializer(new byte[] {0, 0, 0, 0, 0, 0, 0, 0});
        IOException e = assertThrows(IOException.class, () -> LineBatchSerializer.INSTANCE.duplicate().deserialize(in));
        assertTrue(e.getMessage().contains("corrupt line batch size 0"), e.getMessage());
    }

    @Test
    void aCorruptStringLengthIsAClearError() {
        DataOutputSerializer out = new DataOutputSerializer(16);
        assertThrows(IOException.class, () -> {
            out.writeInt(-7);
            ShuffleStrings.read(new DataInputDeserializer(out.getCopyOfBuffer()));
        });
    }

    @Test
    void aLineLongerThanSixtyFourKilobytesRoundTrips() throws IOException {
        String big = "x".repeat(70_000) + "é";
        assertEquals(big, roundTrip(ParsedLineSerializer.INSTANCE, new ParsedLine("s", 0, big, T0, (byte) 0)).message);
    }

    @Test
    void aCountRecordRoundTripsWithItsValuesAndExamples() throws IOException {
        CountRecord c = CountRecord.forSignature("auth", 1, T0, T0 + 60_000, "sig-1", 42);
        c.examples = new String[] {"login alice from 203.0.113.77", "login bob from 10.0.0.1"};
        ValueRecord v = new ValueRecord();
        v.position = 3;
        v.type = "IP";
        v.value = "203.0.113.77";
        v.count = 40;
        v.error = 1;
        c.values = new ValueRecord[] {v};
        CountRecord back = roundTrip(CountRecordSerializer.INSTANCE, c);
        assertEquals(c.toString(), back.toString());
        assertArrayEquals(c.examples, back.examples);
        assertEquals(v.toWindowValue(), back.values[0].toWindowValue());
        CountRecord total = roundTrip(CountRecordSerializer.INSTANCE, CountRecord.total("auth", 0, T0, T0 + 60_000, 99, 7));
        assertNull(total.signature);
        assertNull(total.examples);
        assertNull(total.values);
        assertEquals(7, total.signatures);
    }

    @Test
    void aCountRecordRoundTripsWithItsParameterValueDistributions() throws IOException {
        CountRecord c = CountRecord.forSignature("auth", 1, T0, T0 + 60_000, "sig-1", 42);
        ParameterRecord p = new ParameterRecord();
        p.position = 5;
        p.type = "IP";
        p.total = 42;
        p.values = new String[] {"203.0.113.77", "10.0.0.1"};
        p.counts = new long[] {30, 9};
        ParameterRecord empty = new ParameterRecord();
        empty.position = 2;
        empty.type = "*";
        empty.total = 42;
        empty.values = new String[0];
        empty.counts = new long[0];
        c.parameters = new ParameterRecord[] {p, empty};
        for (CountRecord back : new CountRecord[] {roundTrip(CountRecordSerializer.INSTANCE, c),
                CountRecordSerializer.INSTANCE.copy(c)}) {
            assertEquals(2, back.parameters.length);
            assertEquals(5, back.parameters[0].position);
            assertEquals("IP", back.parameters[0].type);
            assertEquals(42, back.parameters[0].total);
            assertArrayEquals(p.values, back.parameters[0].values);
            assertArrayEquals(p.counts, back.parameters[0].counts);
            assertEquals(0, back.parameters[1].values.length);
        }
        assertNotSame(p.counts, CountRecordSerializer.INSTANCE.copy(c).parameters[0].counts);
        assertNull(roundTrip(CountRecordSerializer.INSTANCE, CountRecord.total("auth", 0, T0, T0 + 60_000, 9, 1)).parameters);
    }

    @Test
    void aCopyDoesNotShareTheArrays() {
        CountRecord c = CountRecord.forSignature("auth", 0, T0, T0 + 60_000, "sig-1", 1);
        c.examples = new String[] {"a"};
        CountRecord copy = CountRecordSerializer.INSTANCE.copy(c);
        assertNotSame(c.examples, copy.examples);
        assertArrayEquals(c.examples, copy.examples);
    }

    @Test
    void flinkPicksTheSerializersForTheRecordsAndForTheStageRecordsFields() throws IOException {
        assertInstanceOf(RecordTypeInfo.class, TypeInformation.of(ParsedLine.class));
        assertInstanceOf(LineBatchSerializer.class,
                TypeInformation.of(LineBatch.class).createSerializer(new SerializerConfigImpl()));
        assertInstanceOf(RecordTypeInfo.class, TypeInformation.of(CountRecord.class));
        TypeInformation<StageRecord> stage = TypeInformation.of(StageRecord.class);
        assertInstanceOf(PojoTypeInfo.class, stage);
        assertInstanceOf(RecordTypeInfo.class, ((PojoTypeInfo<StageRecord>) stage).getTypeAt("count"));
        StageRecord r = StageRecord.of(CountRecord.forSignature("auth", 0, T0, T0 + 60_000, "sig-1", 5));
        StageRecord back = roundTrip(stage.createSerializer(new SerializerConfigImpl()), r);
        assertEquals(r.count.toString(), back.count.toString());
    }

    private static <T> T roundTrip(TypeSerializer<T> s, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(value, out);
        DataOutputSerializer copied = new DataOutputSerializer(64);
        s.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertArrayEquals(out.getCopyOfBuffer(), copied.getCopyOfBuffer(), "copy(in, out) copies the bytes");
        return s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
