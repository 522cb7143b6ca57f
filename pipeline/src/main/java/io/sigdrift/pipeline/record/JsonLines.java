package io.sigdrift.pipeline.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

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

    public static String count(CountRecord c) {
        return write(g -> {
            header(g, c.isTotal() ? "total" : "count");
            g.writeStringField("source", c.source);
            g.writeNumberField("split", c.split);
            g.writeStringField("window_start", iso(c.windowStart));
            g.writeStringField("window_end", iso(c.windowEnd));
            if (!c.isTotal()) {
                g.writeStringField("signature", c.signature);
            }
            g.writeNumberField("count", c.count);
            if (!c.isTotal() && c.parameters != null && c.parameters.length > 0) {
                parameters(g, c.parameters);
            }
            if (c.isTotal()) {
                g.writeNumberField("signatures", c.signatures);
            }
        });
    }

    /**
     * A count record's optional {@code "parameters"}: per position its most frequent values and total in the window
     * (additive to version 1: readers ignore unknown fields, and a record without it has no distribution).
     */
    private static void parameters(JsonGenerator g, ParameterRecord[] parameters) throws IOException {
        g.writeArrayFieldStart("parameters");
        for (ParameterRecord p : parameters) {
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

    public static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
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
