package io.sigdrift.baselines.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.baselines.BaselineConfig;
import io.sigdrift.baselines.Detector;
import io.sigdrift.baselines.DetectorConfig;
import io.sigdrift.baselines.SeriesMonitor;
import io.sigdrift.baselines.SeriesMonitorAccess;

import java.io.IOException;
import java.util.List;

/**
 * Maps live {@link SeriesMonitor}s to {@link SeriesMonitorState} and to bytes (JSON, field names
 * as in the record) and back. Reading checks the version and every array length; corrupt or
 * unknown state is an {@link IllegalStateException} naming what is wrong.
 */
public final class SeriesMonitorStateMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SeriesMonitorStateMapper() {}

    public static SeriesMonitorState toState(SeriesMonitor m) {
        return SeriesMonitorAccess.toState(m);
    }

    public static SeriesMonitor fromState(SeriesMonitorState s, String source, String signatureId,
                                          BaselineConfig baselineConfig, DetectorConfig config, List<Detector> detectors) {
        validate(s);
        return SeriesMonitorAccess.fromState(s, source, signatureId, baselineConfig, config, detectors);
    }

    public static byte[] encode(SeriesMonitorState s) {
        try {
            return JSON.writeValueAsBytes(s);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode series state", e);
        }
    }

    public static SeriesMonitorState decode(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.has("version")) throw new IllegalStateException("series state has no version");
            int version = node.get("version").asInt();
            if (version != SeriesMonitorState.CURRENT_VERSION) {
                throw new IllegalStateException("unsupported series state version " + version
                        + " (this build reads " + SeriesMonitorState.CURRENT_VERSION + ")");
            }
            SeriesMonitorState s = JSON.treeToValue(node, SeriesMonitorState.class);
            validate(s);
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt series state: " + e.getMessage(), e);
        }
    }

    static void validate(SeriesMonitorState s) {
        if (s.version() != SeriesMonitorState.CURRENT_VERSION) {
            throw new IllegalStateException("unsupported series state version " + s.version());
        }
        check(s.season() != null && s.season().length == SeriesMonitorAccess.SEASON_LENGTH, "season");
        check(s.incidentStart() != null && s.incidentStart().length == 2, "incidentStart");
        check(s.incidentLast() != null && s.incidentLast().length == 2, "incidentLast");
        check(s.incidentPending() != null && s.incidentPending().length == 2, "incidentPending");
        check(s.incidentPeakScore() != null && s.incidentPeakScore().length == 2, "incidentPeakScore");
        check(s.incidentMinProbability() != null && s.incidentMinProbability().length == 2, "incidentMinProbability");
        check(s.incidentKind() != null && s.incidentKind().length == 2, "incidentKind");
        check(s.windowsSeen() >= 0 && s.ignored() >= 0 && s.zeroRun() >= 0, "counters");
        check(Double.isFinite(s.level()) && s.level() >= 0, "level");
    }

    private static void check(boolean ok, String field) {
        if (!ok) throw new IllegalStateException("corrupt series state: bad " + field);
    }
}
