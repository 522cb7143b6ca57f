package io.sigdrift.pipeline.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The JSON Lines schemas of the three output streams (format version {@value #VERSION}). Every
 * record carries {@code "v"} and {@code "type"} so consumers can route and evolve. Times are ISO-8601
 * UTC strings. Field order is fixed so outputs are diff-able.
 *
 * <pre>
 * signatures:   {"v":1,"type":"signature","change":"CREATED|UPDATED","source":s,"split":0,"id":hex16,
 *                "previous_id":hex16|null,"template":t,"ancestors":[hex16...],"example":line,"count":n,"time":iso}
 * counts:       {"v":1,"type":"count","source":s,"split":0,"window_start":iso,"window_end":iso,"signature":hex16,"count":n,
 *                "parameters":[{"position":p,"type":t,"total":n,"top":[{"value":v,"count":n}...]}...]}   (parameters optional)
 *               {"v":1,"type":"total","source":s,"split":0,"window_start":iso,"window_end":iso,"count":n,"signatures":k}
 * dead-letters: {"v":1,"type":"dead-letter","reason":r,"detail":d,"origin":o,"time":iso,"line":text}
 * </pre>
 */
public final class JsonLines {
    public static final int VERSION = 1;
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonLines() {}

    public static String signature(SignatureEvent e) {
        return write(g -> {
            header(g, "signature");
            g.writeStringField("change", e.change);
            g.writeStringField("source", e.source);
            g.writeNumberField("split", e.split);
            g.writeStringField("id", e.id);
            g.writeStringField("previous_id", e.previousId);
            g.writeStringField("template", e.template);
            g.writeArrayFieldStart("ancestors");
            if (e.ancestors != null) {
                for (String a : e.ancestors) {
                    g.writeString(a);
                }
            }
            g.writeEndArray();
            g.writeStringField("example", e.example);
            g.writeNumberField("count", e.count);
            g.writeStringField("time", iso(e.timestamp));
        });
    }

    /**
     * A count record. Written by hand ({@link JsonText}: the busiest output, byte-identical to what a Jackson
     * generator writes for the same fields in the same order, as the other records are written).
     */
    public static String count(CountRecord c) {
        return count(new StringBuilder(capacity(c)), c, null);
    }

    private static int capacity(CountRecord c) {
        return c.parameters == null ? 200 : 200 + 120 * c.parameters.length;
    }

    /** {@link #count(CountRecord)} into {@code b} (emptied first), with window times from {@code times} if not null. */
    private static String count(StringBuilder b, CountRecord c, CountEncoder times) {
        b.setLength(0);
        b.append("{\"v\":").append(VERSION).append(",\"type\":").append(c.isTotal() ? "\"total\"" : "\"count\"");
        b.append(",\"source\":");
        JsonText.string(b, c.source);
        b.append(",\"split\":").append(c.split);
        b.append(",\"window_start\":");
        isoString(b, c.windowStart, times);
        b.append(",\"window_end\":");
        isoString(b, c.windowEnd, times);
        if (!c.isTotal()) {
            b.append(",\"signature\":");
            JsonText.string(b, c.signature);
        }
        b.append(",\"count\":").append(c.count);
        if (!c.isTotal() && c.parameters != null && c.parameters.length > 0) {
            parameters(b, c.parameters);
        }
        if (c.isTotal()) {
            b.append(",\"signatures\":").append(c.signatures);
        }
        return b.append('}').toString();
    }

    private static void isoString(StringBuilder b, long epochMillis, CountEncoder times) {
        if (times == null) {
            JsonText.isoString(b, epochMillis);
        } else {
            times.isoString(b, epochMillis);
        }
    }

    /**
     * {@link #count(CountRecord)} as the job's counts encoder, keeping what repeats from record to record: one
     * StringBuilder, and the quoted ISO text of the last two window bounds (every record of a window has the same
     * start and end, and a window's end is the next one's start), which were about a third of the encoding's time
     * in the whole job's profile. Same text as {@link #count(CountRecord)}. Not thread-safe: Flink gives each
     * parallel instance its own copy.
     */
    public static final class CountEncoder implements org.apache.flink.api.common.functions.MapFunction<CountRecord, String> {
        private static final long serialVersionUID = 1L;
        /** Kept at most this large between records (a record with many long values may need more once). */
        static final int MAX_KEPT_CHARS = 16 * 1024;
        private transient StringBuilder buffer;
        private transient long[] millis;
        private transient String[] quoted;
        /** The cache entry used last (the other one is replaced on a miss). */
        private transient int recent;

        @Override
        public String map(CountRecord c) {
            if (quoted == null) {
                millis = new long[2];
                quoted = new String[2];
            }
            if (buffer == null || buffer.capacity() > MAX_KEPT_CHARS) {
                buffer = new StringBuilder(Math.max(1024, capacity(c)));
            }
            return count(buffer, c, this);
        }

        void isoString(StringBuilder b, long epochMillis) {
            int i = quoted[recent] != null && millis[recent] == epochMillis ? recent
                    : quoted[1 - recent] != null && millis[1 - recent] == epochMillis ? 1 - recent : -1;
            if (i < 0) {
                i = 1 - recent;
                StringBuilder q = new StringBuilder(32);
                JsonText.isoString(q, epochMillis);
                millis[i] = epochMillis;
                quoted[i] = q.toString();
            }
            recent = i;
            b.append(quoted[i]);
        }
    }

    /**
     * A count record's optional {@code "parameters"}: per position its most frequent values and total in the window
     * (additive to version 1: readers ignore unknown fields, and a record without it has no distribution).
     */
    private static void parameters(StringBuilder b, ParameterRecord[] parameters) {
        b.append(",\"parameters\":[");
        for (int k = 0; k < parameters.length; k++) {
            ParameterRecord p = parameters[k];
            if (k > 0) {
                b.append(',');
            }
            b.append("{\"position\":").append(p.position).append(",\"type\":");
            JsonText.string(b, p.type);
            b.append(",\"total\":").append(p.total).append(",\"top\":[");
            for (int i = 0; i < p.values.length; i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append("{\"value\":");
                JsonText.string(b, p.values[i]);
                b.append(",\"count\":").append(p.counts[i]).append('}');
            }
            b.append("]}");
        }
        b.append(']');
    }

    public static String deadLetter(DeadLetter d) {
        return write(g -> {
            header(g, "dead-letter");
            g.writeStringField("reason", d.reason);
            g.writeStringField("detail", d.detail);
            g.writeStringField("origin", d.origin);
            g.writeStringField("time", iso(d.timestamp));
            g.writeStringField("line", d.line);
        });
    }

    /** {@code Instant.ofEpochMilli(epochMillis).toString()} (ISO-8601 UTC), without the Instant. */
    public static String iso(long epochMillis) {
        return JsonText.iso(epochMillis);
    }

    private static void header(JsonGenerator g, String type) throws IOException {
        g.writeNumberField("v", VERSION);
        g.writeStringField("type", type);
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return w.toString();
    }
}
