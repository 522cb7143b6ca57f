package io.sigdrift.pipeline.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.baselines.state.SeriesMonitorState;
import io.sigdrift.baselines.state.SeriesMonitorStateMapper;
import java.io.IOException;

/**
 * Bytes of the anomaly stage's keyed state (JSON, field names as in the records, a {@code version}
 * field checked on read). The per-signature baselines use the baselines module's own
 * {@link SeriesMonitorStateMapper}; this codec adds the pipeline's two DTOs. Corrupt or unknown
 * state is an {@link IllegalStateException} naming what is wrong, never Kryo or Java serialization.
 */
public final class AnomalyStateCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnomalyStateCodec() {}

    public static byte[] encodeSource(SourceAnomalyState s) {
        return write(s);
    }

    public static SourceAnomalyState decodeSource(byte[] bytes) {
        JsonNode node = read(bytes, SourceAnomalyState.CURRENT_VERSION, "source anomaly state");
        try {
            SourceAnomalyState s = JSON.treeToValue(node, SourceAnomalyState.class);
            if (s.volume() == null || s.counters() == null || s.counters().length != SourceAnomalyState.COUNTERS
                    || s.suppressed() == null || s.tracked() < 0 || s.described() < 0 || s.aliases() < 0) {
                throw new IllegalStateException("corrupt source anomaly state: missing or bad fields");
            }
            // Re-validates the nested baseline through its own mapper (version, array lengths).
            SeriesMonitorStateMapper.decode(SeriesMonitorStateMapper.encode(s.volume()));
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt source anomaly state: " + e.getMessage(), e);
        }
    }

    public static byte[] encodeInfo(SignatureInfo i) {
        return write(i);
    }

    public static SignatureInfo decodeInfo(byte[] bytes) {
        JsonNode node = read(bytes, SignatureInfo.CURRENT_VERSION, "signature info");
        try {
            SignatureInfo i = JSON.treeToValue(node, SignatureInfo.class);
            if (i.ancestors() == null || i.examples() == null || i.examples().length > AnomalySettings.MAX_EXAMPLES) {
                throw new IllegalStateException("corrupt signature info: missing or bad fields");
            }
            return i;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt signature info: " + e.getMessage(), e);
        }
    }

    public static byte[] encodeSeries(SeriesMonitorState s) {
        return SeriesMonitorStateMapper.encode(s);
    }

    public static SeriesMonitorState decodeSeries(byte[] bytes) {
        return SeriesMonitorStateMapper.decode(bytes);
    }

    private static byte[] write(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + o.getClass().getSimpleName(), e);
        }
    }

    private static JsonNode read(byte[] bytes, int expectedVersion, String what) {
        try {
            JsonNode node = bytes == null ? null : JSON.readTree(bytes);
            if (node == null || !node.has("version")) {
                throw new IllegalStateException(what + " has no version");
            }
            int version = node.get("version").asInt();
            if (version != expectedVersion) {
                throw new IllegalStateException("unsupported " + what + " version " + version + " (this build reads "
                        + expectedVersion + ")");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt " + what + ": " + e.getMessage(), e);
        }
    }
}
