package io.sigdrift.dashboard.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.dashboard.store.Dialect;
import io.sigdrift.dashboard.store.ValueCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns the job's version-1 records into rows, inside the caller's transaction. Every write is an upsert by
 * the record's natural key (window, incident id, label id, file offset), so even a batch replayed after a
 * crash between commit and offset update (which the single transaction rules out) could not duplicate.
 * A record that does not fit the schema throws {@link BadRecord} with the reason; the ingester stores it
 * in {@code ingest_rejects} instead of dropping it.
 */
final class BatchWriter implements AutoCloseable {
    static final class BadRecord extends Exception {
        BadRecord(String reason) {
            super(reason, null, false, false);
        }
    }

    static final long HOUR_MS = 3_600_000L;
    private static final int MAX_EXAMPLES = 5;
    /** Bounds on what one anomaly row keeps of the job's lists (the job itself sends at most 3 lines, 5 values). */
    static final int MAX_WINDOW_LINES = 10;
    static final int MAX_ATTRIBUTED = 10;
    static final int MAX_AFFECTED_BY = 50;
    static final int MAX_TEXT_CHARS = 2_000;

    private final Connection c;
    private final Dialect dialect;
    private final ObjectMapper json;
    private final PreparedStatement count;
    private final PreparedStatement total;
    private final PreparedStatement deadLetter;
    private final PreparedStatement label;
    private final PreparedStatement revoke;
    private final PreparedStatement anomalyWindow;
    private final PreparedStatement paramValues;
    private final PreparedStatement audit;
    private final TreeSet<Long> dirtyHours = new TreeSet<>();
    private final Map<String, JsonNode> anomalies = new LinkedHashMap<>();
    /** Ids of {@link #anomalies} whose newest record came from the job's {@code suppressed/} stream. */
    private final java.util.Set<String> suppressed = new java.util.HashSet<>();
    private final List<String> writtenAnomalies = new ArrayList<>();
    private int pendingCounts;

    BatchWriter(Connection c, Dialect dialect, ObjectMapper json) throws SQLException {
        this.c = c;
        this.dialect = dialect;
        this.json = json;
        this.count = c.prepareStatement(dialect.upsert("counts_minute",
                new String[] {"signature", "window_start", "source", "split", "window_end", "n"},
                "signature", "window_start", "source", "split"));
        this.total = c.prepareStatement(dialect.upsert("totals_minute",
                new String[] {"source", "split", "window_start", "window_end", "n", "signatures"},
                "source", "split", "window_start"));
        this.deadLetter = c.prepareStatement(dialect.upsert("dead_letters",
                new String[] {"path", "byte_offset", "reason", "detail", "origin", "time", "line"}, "path", "byte_offset"));
        this.label = c.prepareStatement(dialect.upsert("labels", LabelRows.LABEL_COLUMNS, "label_id"));
        this.revoke = c.prepareStatement(dialect.upsert("revokes", new String[] {"label_id", "author", "time"}, "label_id"));
        this.anomalyWindow = c.prepareStatement(dialect.upsert("anomaly_windows",
                new String[] {"anomaly_id", "window_start", "change", "window_end", "observed", "expected", "score"},
                "anomaly_id", "window_start", "change"));
        this.paramValues = c.prepareStatement(dialect.upsert("param_values_minute",
                new String[] {"signature", "window_start", "source", "split", "data"},
                "signature", "window_start", "source", "split"));
        this.audit = c.prepareStatement(dialect.upsert("feedback_audit",
                new String[] {"record", "id", "status", "time", "reason"}, "record", "id", "status", "time"));
    }

    /** The job's stream of anomalies that labels or rules suppressed: a file under it, or its Kafka topic. */
    static boolean isSuppressedStream(String path) {
        return path.startsWith("suppressed/") || path.endsWith(".suppressed");
    }

    /** Adds one record; the file path and offset key records that have no natural key (dead letters). */
    void add(JsonNode r, String path, long offset) throws BadRecord, SQLException {
        if (!r.isObject()) {
            throw new BadRecord("not a JSON object");
        }
        int v = r.path("v").asInt(-1);
        if (v != 1) {
            throw new BadRecord("unsupported format version " + r.path("v") + " (this dashboard reads version 1)");
        }
        String type = r.path("type").asText("");
        switch (type) {
            case "count" -> addCount(r);
            case "total" -> addTotal(r);
            case "signature" -> addSignature(r);
            case "anomaly" -> addAnomaly(r, isSuppressedStream(path));
            case "audit" -> addAudit(r);
            case "dead-letter" -> addDeadLetter(r, path, offset);
            case "label" -> addLabel(r);
            case "revoke" -> addRevoke(r);
            default -> throw new BadRecord("unknown record type '" + clip(type, 40) + "'");
        }
    }

    private void addCount(JsonNode r) throws BadRecord, SQLException {
        long start = time(r, "window_start");
        String values = parameters(r.path("parameters"));   // checked before anything of the record is written
        if (values != null) {
            paramValues.setString(1, id(r, "signature"));
            paramValues.setLong(2, start);
            paramValues.setString(3, text(r, "source"));
            paramValues.setInt(4, r.path("split").asInt(0));
            paramValues.setString(5, values);
            paramValues.addBatch();
        }
        count.setString(1, id(r, "signature"));
        count.setLong(2, start);
        count.setString(3, text(r, "source"));
        count.setInt(4, r.path("split").asInt(0));
        count.setLong(5, time(r, "window_end"));
        count.setLong(6, nonNegative(r, "count"));
        count.addBatch();
        pendingCounts++;
        dirtyHours.add(Math.floorDiv(start, HOUR_MS) * HOUR_MS);
    }

    /**
     * A count record's optional {@code parameters} (the job's per-window value distributions) in the stored form of
     * {@link ValueCounts}, bounded; null when absent or empty. Malformed: the whole record is rejected, saying why.
     */
    private static String parameters(JsonNode n) throws BadRecord {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw new BadRecord("field 'parameters' must be an array");
        }
        ValueCounts v = new ValueCounts();
        for (JsonNode p : n) {
            if (!p.path("position").canConvertToInt() || !p.path("total").canConvertToLong() || p.path("total").asLong() < 0
                    || !p.path("top").isArray()) {
                throw new BadRecord("each of 'parameters' needs an integer position, a non-negative total and a top array");
            }
            int position = p.path("position").asInt();
            String type = p.path("type").isTextual() ? p.path("type").asText() : "*";
            v.addTotal(position, type, p.path("total").asLong());
            for (JsonNode x : p.path("top")) {
                if (!x.path("value").isTextual() || !x.path("count").canConvertToLong() || x.path("count").asLong() < 0) {
                    throw new BadRecord("each value of 'parameters[].top' needs a text value and a non-negative count");
                }
                v.add(position, type, x.path("value").asText(), x.path("count").asLong());
            }
        }
        return v.isEmpty() ? null : v.encode(ValueCounts.WINDOW_VALUES);
    }

    /** The job's audit of a feedback record (ACCEPTED, REJECTED, REVOKED, EXPIRED), keyed by all it says. */
    static final java.util.Set<String> AUDIT_STATUSES = java.util.Set.of("ACCEPTED", "REJECTED", "REVOKED", "EXPIRED");

    private void addAudit(JsonNode r) throws BadRecord, SQLException {
        String record = text(r, "record");
        String status = text(r, "status");
        if (!AUDIT_STATUSES.contains(status)) {
            throw new BadRecord("unknown audit status '" + clip(status, 40) + "'");
        }
        // a line the job could not read may name no id: kept under "" (it still says what was rejected and why)
        String id = r.path("id").isTextual() ? r.path("id").asText() : "";
        audit.setString(1, clip(record, 16));
        audit.setString(2, clip(id, 256));
        audit.setString(3, status);
        audit.setLong(4, time(r, "time"));
        audit.setString(5, r.path("reason").isTextual() ? clip(r.path("reason").asText(), MAX_TEXT_CHARS) : null);
        audit.addBatch();
    }

    private void addTotal(JsonNode r) throws BadRecord, SQLException {
        long start = time(r, "window_start");
        total.setString(1, text(r, "source"));
        total.setInt(2, r.path("split").asInt(0));
        total.setLong(3, start);
        total.setLong(4, time(r, "window_end"));
        total.setLong(5, nonNegative(r, "count"));
        total.setInt(6, (int) Math.min(Integer.MAX_VALUE, r.path("signatures").asLong(0)));
        total.addBatch();
        pendingCounts++;
        dirtyHours.add(Math.floorDiv(start, HOUR_MS) * HOUR_MS);
    }

    /**
     * Signature events are rare (one per new or generalised template), so they are written at once: a later
     * UPDATED in the same batch must see its ancestors. An UPDATED also maps every ancestor id to the new
     * id ({@code sig_alias}), because windows closed before the generalisation keep the old id.
     */
    private void addSignature(JsonNode r) throws BadRecord, SQLException {
        String id = id(r, "id");
        long time = time(r, "time");
        List<String> ancestors = new ArrayList<>();
        for (JsonNode a : r.path("ancestors")) {
            ancestors.add(a.asText());
        }
        String previous = r.path("previous_id").isTextual() ? r.path("previous_id").asText() : null;
        if (previous != null && !ancestors.contains(previous)) {
            ancestors.add(previous);
        }
        long firstSeen = time;
        if (!ancestors.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(first_seen) FROM signatures WHERE id IN ("
                    + String.join(",", java.util.Collections.nCopies(ancestors.size(), "?")) + ")")) {
                for (int i = 0; i < ancestors.size(); i++) {
                    ps.setString(i + 1, ancestors.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getObject(1) != null) {
                        firstSeen = Math.min(firstSeen, rs.getLong(1));
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(dialect.upsert("signatures",
                new String[] {"id", "source", "split", "change", "previous_id", "template", "ancestors", "example",
                        "first_seen", "updated"}, "id"))) {
            ps.setString(1, id);
            ps.setString(2, text(r, "source"));
            ps.setInt(3, r.path("split").asInt(0));
            ps.setString(4, clip(r.path("change").asText("CREATED"), 16));
            ps.setString(5, previous);
            ps.setString(6, text(r, "template"));
            ps.setString(7, json(r.path("ancestors")));
            ps.setString(8, r.path("example").isTextual() ? r.path("example").asText() : null);
            ps.setLong(9, firstSeen);
            ps.setLong(10, time);
            ps.executeUpdate();
        }
        if (!ancestors.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(dialect.upsert("sig_alias",
                    new String[] {"old_id", "new_id"}, "old_id"));
                 PreparedStatement forward = c.prepareStatement("UPDATE sig_alias SET new_id = ? WHERE new_id = ?")) {
                for (String a : ancestors) {
                    if (a.equals(id)) {
                        continue;
                    }
                    ps.setString(1, a);
                    ps.setString(2, id);
                    ps.addBatch();
                    forward.setString(1, id);
                    forward.setString(2, a);
                    forward.addBatch();
                }
                ps.executeBatch();
                forward.executeBatch();
            }
        }
    }

    /** Keeps, per incident, the newest change of this batch; {@link #flush} compares it with the stored one. */
    private void addAnomaly(JsonNode r, boolean fromSuppressed) throws BadRecord, SQLException {
        String id = id(r, "id");
        long ws = time(r, "window_start");
        long we = time(r, "window_end");
        time(r, "incident_start");
        text(r, "kind");
        text(r, "source");
        if (!r.path("observed").isNumber() || !r.path("score").isNumber()) {
            throw new BadRecord("anomaly without numeric observed/score");
        }
        String change = text(r, "change");
        anomalyWindow.setString(1, id);
        anomalyWindow.setLong(2, ws);
        anomalyWindow.setString(3, clip(change, 16));
        anomalyWindow.setLong(4, we);
        anomalyWindow.setDouble(5, r.path("observed").asDouble());
        setNullableDouble(anomalyWindow, 6, r.path("expected"));
        anomalyWindow.setDouble(7, r.path("score").asDouble());
        anomalyWindow.addBatch();
        JsonNode seen = anomalies.get(id);
        if (seen == null || newer(r, seen)) {
            anomalies.put(id, r);
            if (fromSuppressed) {
                suppressed.add(id);
            } else {
                suppressed.remove(id);
            }
        }
    }

    /** Later window wins; in the same window CLOSED after UPDATED after CREATED. */
    static boolean newer(JsonNode a, JsonNode b) {
        int byWindow = Instant.parse(a.path("window_end").asText()).compareTo(Instant.parse(b.path("window_end").asText()));
        if (byWindow != 0) {
            return byWindow > 0;
        }
        return changeRank(a.path("change").asText()) > changeRank(b.path("change").asText());
    }

    private static int changeRank(String change) {
        return switch (change) {
            case "CREATED" -> 0;
            case "UPDATED" -> 1;
            case "CLOSED" -> 2;
            default -> -1;
        };
    }

    private void addDeadLetter(JsonNode r, String path, long offset) throws BadRecord, SQLException {
        deadLetter.setString(1, path);
        deadLetter.setLong(2, offset);
        deadLetter.setString(3, clip(text(r, "reason"), 128));
        deadLetter.setString(4, r.path("detail").isTextual() ? r.path("detail").asText() : null);
        deadLetter.setString(5, r.path("origin").isTextual() ? r.path("origin").asText() : null);
        long t;
        try {
            t = r.path("time").isTextual() ? Instant.parse(r.path("time").asText()).toEpochMilli() : 0L;
        } catch (DateTimeParseException e) {
            t = 0L;
        }
        deadLetter.setLong(6, t);
        deadLetter.setString(7, r.path("line").isTextual() ? r.path("line").asText() : null);
        deadLetter.addBatch();
    }

    /** The feedback stream's scopes (the contract's SIGNATURE, VALUES, SOURCE; "incident" from older dashboards). */
    static final java.util.Set<String> SCOPES = java.util.Set.of("SIGNATURE", "VALUES", "SOURCE", "incident", "signature");

    private void addLabel(JsonNode r) throws BadRecord, SQLException {
        String kind = text(r, "kind");
        if (!LabelKind.isValid(kind)) {
            throw new BadRecord("unknown label kind '" + clip(kind, 40) + "'");
        }
        String scope = r.path("scope").asText("SIGNATURE");
        if (!SCOPES.contains(scope)) {
            throw new BadRecord("unknown label scope '" + clip(scope, 40) + "'");
        }
        Long expires = null;
        if (r.path("expires").isTextual()) {
            expires = time(r, "expires");
        }
        LabelRows.bindLabel(label, id(r, "label_id"), id(r, "anomaly_id"), kind, r.path("note").asText(""),
                clip(r.path("author").asText(""), 256), scope, time(r, "time"),
                json(bounded(r.path("values"), MAX_ATTRIBUTED)), expires);
        label.addBatch();
    }

    private void addRevoke(JsonNode r) throws BadRecord, SQLException {
        revoke.setString(1, id(r, "label_id"));
        revoke.setString(2, clip(r.path("author").asText(""), 256));
        revoke.setLong(3, time(r, "time"));
        revoke.addBatch();
    }

    /** At most {@code max} elements of an array (anything else: empty), each string clipped. */
    private com.fasterxml.jackson.databind.node.ArrayNode bounded(JsonNode n, int max) {
        com.fasterxml.jackson.databind.node.ArrayNode out = json.createArrayNode();
        if (!n.isArray()) {
            return out;
        }
        for (JsonNode x : n) {
            if (out.size() >= max) {
                break;
            }
            out.add(clipStrings(x));
        }
        return out;
    }

    private JsonNode clipStrings(JsonNode x) {
        if (x.isTextual()) {
            return json.getNodeFactory().textNode(clip(x.asText(), MAX_TEXT_CHARS));
        }
        if (x.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode o = json.createObjectNode();
            x.fields().forEachRemaining(e -> o.set(clip(e.getKey(), 64), e.getValue().isTextual() || e.getValue().isNumber()
                    || e.getValue().isBoolean() || e.getValue().isNull() ? clipStrings(e.getValue()) : json.nullNode()));
            return o;
        }
        return x.isContainerNode() ? json.nullNode() : x;
    }

    /** Writes what was buffered; returns the ids of incidents whose stored row changed. */
    List<String> flush() throws SQLException {
        if (pendingCounts > 0) {
            count.executeBatch();
            total.executeBatch();
            paramValues.executeBatch();
            pendingCounts = 0;
        }
        audit.executeBatch();
        deadLetter.executeBatch();
        label.executeBatch();
        revoke.executeBatch();
        anomalyWindow.executeBatch();
        writeAnomalies();
        if (!dirtyHours.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(dialect.upsert("dirty_hours",
                    new String[] {"hour_start"}, "hour_start"))) {
                for (long h : dirtyHours) {
                    ps.setLong(1, h);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            dirtyHours.clear();
        }
        List<String> written = List.copyOf(writtenAnomalies);
        writtenAnomalies.clear();
        return written;
    }

    private void writeAnomalies() throws SQLException {
        if (anomalies.isEmpty()) {
            return;
        }
        Map<String, long[]> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT window_end, change FROM anomalies WHERE id = ?")) {
            for (String id : anomalies.keySet()) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        stored.put(id, new long[] {rs.getLong(1), changeRank(rs.getString(2))});
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(dialect.upsert("anomalies",
                new String[] {"id", "change", "kind", "direction", "source", "split", "signature", "template",
                        "window_start", "window_end", "incident_start", "observed", "expected", "score", "probability",
                        "explanation", "examples", "ancestors", "window_examples", "attribution", "affected_by",
                        "suppressed"}, "id"))) {
            for (Map.Entry<String, JsonNode> e : anomalies.entrySet()) {
                JsonNode r = e.getValue();
                long we = Instant.parse(r.path("window_end").asText()).toEpochMilli();
                long[] old = stored.get(e.getKey());
                // the same change again (a re-read after a migration, an at-least-once duplicate) replaces the row
                if (old != null && (old[0] > we || (old[0] == we && old[1] > changeRank(r.path("change").asText())))) {
                    continue;
                }
                ps.setString(1, e.getKey());
                ps.setString(2, clip(r.path("change").asText(), 16));
                ps.setString(3, clip(r.path("kind").asText(), 16));
                ps.setInt(4, r.path("direction").asInt(0));
                ps.setString(5, r.path("source").asText());
                ps.setInt(6, r.path("split").asInt(0));
                ps.setString(7, r.path("signature").isTextual() ? r.path("signature").asText() : null);
                ps.setString(8, r.path("template").isTextual() ? r.path("template").asText() : null);
                ps.setLong(9, Instant.parse(r.path("window_start").asText()).toEpochMilli());
                ps.setLong(10, we);
                ps.setLong(11, Instant.parse(r.path("incident_start").asText()).toEpochMilli());
                ps.setDouble(12, r.path("observed").asDouble());
                setNullableDouble(ps, 13, r.path("expected"));
                ps.setDouble(14, r.path("score").asDouble());
                ps.setDouble(15, r.path("probability").asDouble(1.0));
                ps.setString(16, r.path("explanation").asText(""));
                List<String> examples = new ArrayList<>();
                for (JsonNode x : r.path("examples")) {
                    if (examples.size() < MAX_EXAMPLES) {
                        examples.add(x.asText());
                    }
                }
                ps.setString(17, json(json.valueToTree(examples)));
                ps.setString(18, json(r.path("ancestors").isArray() ? r.path("ancestors") : json.createArrayNode()));
                ps.setString(19, json(bounded(r.path("window_examples"), MAX_WINDOW_LINES)));
                ps.setString(20, json(bounded(r.path("attribution"), MAX_ATTRIBUTED)));
                ps.setString(21, json(bounded(r.path("affected_by"), MAX_AFFECTED_BY)));
                boolean wasSuppressed = suppressed.contains(e.getKey());
                ps.setBoolean(22, wasSuppressed);
                ps.addBatch();
                if (!wasSuppressed) {   // listeners (the webhook) hear of shown incidents only
                    writtenAnomalies.add(e.getKey());
                }
            }
            ps.executeBatch();
        }
        anomalies.clear();
        suppressed.clear();
    }

    private String json(JsonNode n) throws SQLException {
        try {
            return json.writeValueAsString(n.isMissingNode() || n.isNull() ? json.createArrayNode() : n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("cannot encode " + n, e);
        }
    }

    private static void setNullableDouble(PreparedStatement ps, int i, JsonNode n) throws SQLException {
        if (n.isNumber()) {
            ps.setDouble(i, n.asDouble());
        } else {
            ps.setNull(i, Types.DOUBLE);
        }
    }

    private static long time(JsonNode r, String field) throws BadRecord {
        JsonNode n = r.path(field);
        if (!n.isTextual()) {
            throw new BadRecord("missing or non-text time field '" + field + "'");
        }
        try {
            return Instant.parse(n.asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new BadRecord("field '" + field + "' is not an ISO-8601 instant");
        }
    }

    private static String text(JsonNode r, String field) throws BadRecord {
        JsonNode n = r.path(field);
        if (!n.isTextual()) {
            throw new BadRecord("missing or non-text field '" + field + "'");
        }
        return n.asText();
    }

    /** Ids are short hex strings in the job's output; anything long is not one of ours. */
    private static String id(JsonNode r, String field) throws BadRecord {
        String s = text(r, field);
        if (s.isEmpty() || s.length() > 64) {
            throw new BadRecord("field '" + field + "' must be 1..64 chars");
        }
        return s;
    }

    private static long nonNegative(JsonNode r, String field) throws BadRecord {
        JsonNode n = r.path(field);
        if (!n.canConvertToLong() || n.asLong() < 0) {
            throw new BadRecord("field '" + field + "' must be a non-negative integer");
        }
        return n.asLong();
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public void close() throws SQLException {
        count.close();
        total.close();
        deadLetter.close();
        label.close();
        revoke.close();
        anomalyWindow.close();
        paramValues.close();
        audit.close();
    }
}
