package io.sigdrift.pipeline.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written count JSON is byte for byte what the Jackson generator wrote before it: the reference below is
 * the former {@code JsonLines.count}, kept as the oracle.
 */
class JsonTextTest {
    private static final JsonFactory FACTORY = new JsonFactory();

    @Test
    void everyCharIsEscapedAsJacksonEscapesIt() throws IOException {
        for (int c = 0; c <= 0xFFFF; c++) {
            String s = "a" + (char) c + "b";
            StringBuilder b = new StringBuilder();
            JsonText.string(b, s);
            assertEquals(jackson(s), b.toString(), "char U+" + Integer.toHexString(c));
        }
    }

    @Test
    void aNullStringIsTheJsonNull() throws IOException {
        StringBuilder b = new StringBuilder();
        JsonText.string(b, null);
        assertEquals(jackson(null), b.toString());
    }

    @Test
    void isoTimesAreInstantToStringAcrossAndBeyondTheFastRange() {
        long[] edges = {0, 1, 999, 1000, 59_999, 86_399_999, 86_400_000, 951_782_400_000L /* 2000-02-29 */,
                4_107_542_400_000L /* 2100-03-01 */, 253_402_300_799_999L, 253_402_300_800_000L, -1, -86_400_001L,
                Long.MIN_VALUE, Long.MAX_VALUE, Instant.parse("2026-03-14T00:00:00Z").toEpochMilli()};
        for (long t : edges) {
            assertEquals(Instant.ofEpochMilli(t).toString(), JsonText.iso(t), "millis " + t);
        }
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long t = i % 2 == 0 ? r.nextLong(0, 253_402_300_800_000L) : r.nextLong(1_700_000_000_000L, 1_800_000_000_000L);
            if (i % 3 == 0) {
                t -= t % 1000;   // whole seconds: no fraction shown
            }
            assertEquals(Instant.ofEpochMilli(t).toString(), JsonText.iso(t), "millis " + t);
        }
    }

    @Test
    void randomCountRecordsAreWrittenAsTheJacksonGeneratorWroteThem() throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        JsonLines.CountEncoder encoder = new JsonLines.CountEncoder();
        for (int i = 0; i < 20_000; i++) {
            CountRecord c = i % 3 == 0
                    ? CountRecord.total(text(r), r.nextInt(4), time(r), time(r), r.nextLong(0, 1L << 40), r.nextInt(1000))
                    : CountRecord.forSignature(text(r), r.nextInt(4), time(r), time(r), text(r), r.nextLong(0, 1L << 40));
            if (!c.isTotal() && r.nextInt(3) > 0) {
                c.parameters = new ParameterRecord[r.nextInt(4)];
                for (int p = 0; p < c.parameters.length; p++) {
                    ParameterRecord pr = new ParameterRecord();
                    pr.position = r.nextInt(40);
                    pr.type = r.nextInt(10) == 0 ? null : text(r);
                    pr.total = r.nextLong(0, 100_000);
                    int n = r.nextInt(6);
                    pr.values = new String[n];
                    pr.counts = new long[n];
                    for (int k = 0; k < n; k++) {
                        pr.values[k] = text(r);
                        pr.counts[k] = r.nextLong(0, 1000);
                    }
                    c.parameters[p] = pr;
                }
            }
            assertEquals(reference(c), JsonLines.count(c));
            assertEquals(reference(c), encoder.map(c), "the job's encoder, record " + i);
        }
    }

    /**
     * The job's encoder keeps the last window bounds' text and its buffer between records: over windows closed one
     * after another by several sources (bounds repeating, a late source going back, times outside the hand-written
     * range) and a record far larger than the buffer it keeps, it writes what {@link JsonLines#count} writes.
     */
    @Test
    void theJobsCountEncoderWritesWhatCountWritesAcrossWindowsAndSources() throws IOException {
        JsonLines.CountEncoder encoder = new JsonLines.CountEncoder();
        SplittableRandom r = new SplittableRandom(11);
        long minute = 60_000L;
        long start = 1_773_446_400_000L;   // 2026-03-14T00:00:00Z
        for (int w = 0; w < 300; w++) {
            long ws = w % 50 == 49 ? -minute * w : start + (w - (w % 7 == 6 ? 3 : 0)) * minute;
            for (String source : new String[] {"sshd", "kernel", "nginx"}) {
                for (int k = 0; k < 1 + r.nextInt(4); k++) {
                    CountRecord c = CountRecord.forSignature(source, 0, ws, ws + minute, "id" + k, 1 + r.nextInt(99));
                    if (w == 120 && k == 0) {
                        ParameterRecord p = new ParameterRecord();
                        p.position = 1;
                        p.type = "*";
                        p.total = 5;
                        p.values = new String[] {"v".repeat(3 * JsonLines.CountEncoder.MAX_KEPT_CHARS)};
                        p.counts = new long[] {5};
                        c.parameters = new ParameterRecord[] {p};
                    }
                    assertEquals(JsonLines.count(c), encoder.map(c), "window " + w + " " + source);
                }
                CountRecord total = CountRecord.total(source, 0, ws, ws + minute, 10, 2);
                assertEquals(JsonLines.count(total), encoder.map(total), "window " + w + " " + source);
            }
        }
    }

    /** Mostly ASCII, with quotes, backslashes, control chars, non-ASCII and lone surrogates now and then. */
    private static String text(SplittableRandom r) {
        int n = r.nextInt(0, 30);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(20);
            b.append(switch (k) {
                case 0 -> (char) r.nextInt(0, 0x20);
                case 1 -> '"';
                case 2 -> '\\';
                case 3 -> (char) r.nextInt(0x80, 0x800);
                case 4 -> (char) r.nextInt(0xD800, 0xE000);
                default -> (char) r.nextInt(0x20, 0x7F);
            });
        }
        return b.toString();
    }

    private static long time(SplittableRandom r) {
        return r.nextInt(20) == 0 ? r.nextLong() : r.nextLong(1_600_000_000_000L, 1_900_000_000_000L);
    }

    private static String jackson(String s) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeString(s);
        }
        return w.toString();
    }

    /** The former Jackson-built {@code JsonLines.count}. */
    private static String reference(CountRecord c) throws IOException {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("v", JsonLines.VERSION);
            g.writeStringField("type", c.isTotal() ? "total" : "count");
            g.writeStringField("source", c.source);
            g.writeNumberField("split", c.split);
            g.writeStringField("window_start", Instant.ofEpochMilli(c.windowStart).toString());
            g.writeStringField("window_end", Instant.ofEpochMilli(c.windowEnd).toString());
            if (!c.isTotal()) {
                g.writeStringField("signature", c.signature);
            }
            g.writeNumberField("count", c.count);
            if (!c.isTotal() && c.parameters != null && c.parameters.length > 0) {
                g.writeArrayFieldStart("parameters");
                for (ParameterRecord p : c.parameters) {
                    g.writeStartObject();
                    g.writeNumberField("position", p.position);
                    g.writeStringField("type", p.type);
                    g.writeNumberField("total", p.total);
                    g.writeArrayFieldStart("top");
                    for (int i = 0; i < p.values.length; i++) {
                        g.writeStartObject();
                        g.writeStringField("value", p.values[i]);
                        g.writeNumberField("count", p.counts[i]);
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (c.isTotal()) {
                g.writeNumberField("signatures", c.signatures);
            }
            g.writeEndObject();
        }
        return w.toString();
    }
}
