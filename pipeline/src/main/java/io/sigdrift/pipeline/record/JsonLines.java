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
        StringBuilder b = new StringBuilder(c.parameters == null ? 200 : 200 + 120 * c.parameters.length);
        b.append("{\"v\":").append(VERSION).append(",\"type\":").append(c.isTotal() ? "\"total\"" : "\"count\"");
        b.append(",\"source\":");
        JsonText.string(b, c.source);
        b.append(",\"split\":").append(c.split);
        b.append(",\"window_start\":");
        JsonText.isoString(b, c.windowStart);
        b.append(",\"window_end\":");
        JsonText.isoString(b, c.windowEnd);
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
