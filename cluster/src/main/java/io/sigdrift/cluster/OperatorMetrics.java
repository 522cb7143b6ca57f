package io.sigdrift.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sums an operator metric of a running job over its subtasks, through Flink's REST API. Why not the vertices'
 * {@code write-records}/{@code read-records}: those count records between tasks, and lines cross the key shuffle
 * in batches ({@code LineBatch}), so they count batches; lines are counted by the job's own operator metrics
 * ({@link #LINES_PARSED}: every line the parse operator took, {@link #EVENTS_COUNTED}: every event the count operator
 * counted).
 */
final class OperatorMetrics {
    /** The parse operator's count of the lines it took (dead letters included): the lines the source read. */
    static final String LINES_PARSED = "parse.linesIn";
    /** The count operator's count of the events it counted (a line, or a joined multi-line event). */
    static final String EVENTS_COUNTED = "signatures-and-counts.events";

    /** A GET of the REST API, returning the parsed answer. */
    interface Rest {
        JsonNode get(String path) throws Exception;
    }

    private OperatorMetrics() {}

    /**
     * The sum over every subtask of every vertex of {@code job} of the operator metric {@code metric}
     * ({@code operator.name}); 0 while none is reported yet.
     */
    static long sum(Rest rest, String job, String metric) throws Exception {
        Pattern id = Pattern.compile("\\d+\\." + Pattern.quote(metric));
        long total = 0;
        for (JsonNode v : rest.get("/jobs/" + job).path("vertices")) {
            String vertex = "/jobs/" + job + "/vertices/" + v.path("id").asText() + "/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode m : rest.get(vertex)) {
                if (id.matcher(m.path("id").asText()).matches()) {
                    ids.add(m.path("id").asText());
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            for (JsonNode m : rest.get(vertex + "?get=" + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8))) {
                total += (long) Double.parseDouble(m.path("value").asText("0"));
            }
        }
        return total;
    }
}
