package io.sigdrift.signatures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * JSON encoding of {@link EngineState}. Reads format version 1 forever (a committed v1 file is tested);
 * unknown fields are ignored so later versions can add fields compatibly.
 */
public final class EngineStateCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private EngineStateCodec() {
    }

    public static byte[] write(EngineState s) {
        try {
            return MAPPER.writeValueAsBytes(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode engine state", e);
        }
    }

    /**
     * @throws IllegalArgumentException for malformed JSON, a missing or unsupported version
     */
    public static EngineState read(byte[] json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("engine state must be a JSON object");
            }
            JsonNode v = root.get("version");
            if (v == null || !v.canConvertToInt()) {
                throw new IllegalArgumentException("engine state has no version field");
            }
            int version = v.intValue();
            if (version != 1) {
                throw new IllegalArgumentException("unsupported engine state version " + version
                        + " (readable: 1)");
            }
            return MAPPER.treeToValue(root, EngineState.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed engine state JSON: " + e.getMessage(), e);
        }
    }
}
