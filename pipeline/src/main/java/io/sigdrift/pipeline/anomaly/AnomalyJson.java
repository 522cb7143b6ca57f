package io.sigdrift.pipeline.anomaly;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sigdrift.pipeline.record.JsonLines;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * JSON Lines encoding of the {@code anomalies} stream, schema version 1 (one object per line):
 * <pre>
 * {"v":1,"type":"anomaly","id":"9f2c…16 hex","change":"CREATED|UPDATED|CLOSED",
 *  "kind":"SPIKE|DROP|NEW|RARE|VOLUME|SHIFT","direction":1|-1|0,"source":s,"split":0,
 *  "signature":id|null,"template":t|null,"window_start":iso,"window_end":iso,"incident_start":iso,
 *  "observed":x,"expected":x|null,"score":0..100,"probability":p,"explanation":sentence,
 *  "examples":[up to 5 lines],"ancestors":[earlier ids, oldest first],
 *  "window_examples":[up to 3 lines of the anomalous window],
 *  "attribution":[{"position":n,"type":t,"value":v,"window_count":n,"window_share":x,"baseline_share":x,"p":x}],
 *  "affected_by":[label or rule ids]}
 * </pre>
 * Non-finite numbers are written as null. The last three fields were added to version 1 (additive: readers
 * ignore fields they do not know, and treat a missing one as empty).
 */
public final class AnomalyJson {
    public static final int VERSION = 1;
    private static final JsonFactory FACTORY = new JsonFactory();

    private AnomalyJson() {}

    public static String encode(AnomalyRecord a) {
        StringWriter w = new StringWriter(512);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeStringField("type", "anomaly");
            g.writeStringField("id", a.id);
            g.writeStringField("change", a.change);
            g.writeStringField("kind", a.kind);
            g.writeNumberField("direction", a.direction);
            g.writeStringField("source", a.source);
            g.writeNumberField("split", a.split);
            g.writeStringField("signature", a.signature);
            g.writeStringField("template", a.template);
            g.writeStringField("window_start", JsonLines.iso(a.windowStart));
            g.writeStringField("window_end", JsonLines.iso(a.windowEnd));
            g.writeStringField("incident_start", JsonLines.iso(a.incidentStart));
            number(g, "observed", a.observed);
            number(g, "expected", a.expected);
            number(g, "score", a.score);
            number(g, "probability", a.probability);
            g.writeStringField("explanation", a.explanation);
            array(g, "examples", a.examples);
            array(g, "ancestors", a.ancestors);
            array(g, "window_examples", a.windowExamples);
            g.writeArrayFieldStart("attribution");
            if (a.attribution != null) {
                for (AttributionRecord x : a.attribution) {
                    g.writeStartObject();
                    g.writeNumberField("position", x.position);
                    g.writeStringField("type", x.type);
                    g.writeStringField("value", x.value);
                    g.writeNumberField("window_count", x.windowCount);
                    number(g, "window_share", x.windowShare);
                    number(g, "baseline_share", x.baselineShare);
                    number(g, "p", x.probability);
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            array(g, "affected_by", a.affectedBy);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return w.toString();
    }

    private static void number(JsonGenerator g, String field, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(field, v);
        } else {
            g.writeNullField(field);
        }
    }

    private static void array(JsonGenerator g, String field, String[] values) throws IOException {
        g.writeArrayFieldStart(field);
        if (values != null) {
            for (String s : values) {
                g.writeString(s);
            }
        }
        g.writeEndArray();
    }
}
