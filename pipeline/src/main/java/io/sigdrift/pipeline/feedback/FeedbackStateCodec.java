package io.sigdrift.pipeline.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The anomaly operator's broadcast state, format 1: a {@code MapState<String, String>} named
 * {@value #STATE_NAME}, one entry per active label ({@code label:<id>}) and one for the rules ({@value #RULES_KEY}),
 * each value {@code {"v":1,"seq":n,"text":"<the record as received>"}}. Strings only (never Kryo); the texts are the
 * documented wire formats, so a restore re-validates them with the same parser. {@code seq} restores the arrival
 * order (a later label overrides an earlier one; map state has no order).
 */
public final class FeedbackStateCodec {
    public static final int VERSION = 1;
    public static final String STATE_NAME = "feedback-v1";
    public static final String RULES_KEY = "rules";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FeedbackStateCodec() {}

    /** One entry's value, decoded. */
    public record Entry(long seq, String text) {}

    public static String labelKey(String labelId) {
        return "label:" + labelId;
    }

    public static String encode(long seq, String text) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("v", VERSION);
        o.put("seq", seq);
        o.put("text", text);
        return o.toString();
    }

    /** @throws IllegalStateException on a value this version cannot read (corrupt state) */
    public static Entry decode(String value) {
        try {
            JsonNode n = MAPPER.readTree(value);
            if (n == null || n.path("v").asInt() != VERSION || !n.path("seq").canConvertToLong() || !n.path("text").isTextual()) {
                throw new IllegalStateException("feedback state entry of an unknown format: " + abbreviate(value));
            }
            return new Entry(n.get("seq").asLong(), n.get("text").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt feedback state entry: " + abbreviate(value), e);
        }
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
