package io.sigdrift.dashboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.sigdrift.dashboard.ingest.LabelKind;
import static io.sigdrift.dashboard.ingest.LabelRows.LABEL_COLUMNS;
import static io.sigdrift.dashboard.ingest.LabelRows.bindLabel;
import io.sigdrift.dashboard.query.Queries;
import io.sigdrift.dashboard.query.TimeRange;
import io.sigdrift.dashboard.store.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The HTTP side: the JSON API under {@code /api} and the static page, on Javalin.
 *
 * <p>Security, because every log line is attacker-controlled: a Content-Security-Policy of
 * {@code default-src 'self'} on every response (no inline scripts), JSON only from the API (never spliced
 * into HTML), bound SQL parameters (in {@link Queries}), request bodies capped at {@link #MAX_BODY_BYTES},
 * ranges and limits bounded with 400s. Writes need the token in a header ({@code Authorization: Bearer T}
 * or {@code X-Sigdrift-Token}): a cross-site form or image cannot set a header, and no CORS headers are
 * sent, so a foreign page cannot forge a label (CSRF); a foreign {@code Origin} is refused as well.
 */
public final class DashboardServer implements AutoCloseable {
    public static final long MAX_BODY_BYTES = 16 * 1024;
    public static final int MAX_NOTE_CHARS = 2_000;
    public static final int MAX_AUTHOR_CHARS = 100;
    public static final int MAX_TEXT_FILTER_CHARS = 200;
    static final Duration DEFAULT_RANGE = Duration.ofHours(24);
    static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'; form-action 'self'";

    private final Database db;
    private final Queries queries;
    private final LabelWriter labels;
    private final String token;
    private final Clock clock;
    private final Supplier<Map<String, Object>> ingestStatus;
    private final ObjectMapper json;
    private final Javalin app;

    public DashboardServer(Database db, LabelWriter labels, String token, Clock clock,
                           Supplier<Map<String, Object>> ingestStatus) {
        this.db = db;
        this.queries = new Queries(db);
        this.labels = labels;
        this.token = token;
        this.clock = clock;
        this.ingestStatus = ingestStatus;
        this.json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.jsonMapper(new JavalinJackson(json, false));
            config.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/public";
                sf.location = Location.CLASSPATH;
            });
        });
        app.before(ctx -> {
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("X-Frame-Options", "DENY");
            if (ctx.path().startsWith("/api/")) {
                ctx.header("Cache-Control", "no-store");
            }
        });
        routes();
        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(SQLException.class, (e, ctx) -> {
            // SQLState class 08 = connection exception: the page says "database unreachable" for those only
            String state = e.getSQLState();
            if (e instanceof java.sql.SQLTransientConnectionException || e instanceof java.sql.SQLNonTransientConnectionException
                    || (state != null && state.startsWith("08"))) {
                error(ctx, 503, "database unreachable: " + e.getMessage());
            } else {
                org.slf4j.LoggerFactory.getLogger(DashboardServer.class).warn("query failed: {}", ctx.path(), e);
                error(ctx, 500, "database error: " + e.getMessage());
            }
        });
        app.exception(Exception.class, (e, ctx) -> {
            org.slf4j.LoggerFactory.getLogger(DashboardServer.class).warn("request failed: {}", ctx.path(), e);
            error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
        });
        app.error(404, ctx -> {
            if (ctx.path().startsWith("/api/") && ctx.result() == null) {
                error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
            }
        });
    }

    private static void error(Context ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("status", status);
        ctx.status(status).json(body);
    }

    public DashboardServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    // ---------------------------------------------------------------- routes

    private void routes() {
        app.get("/api/config", ctx -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("labels", labels != null);
            m.put("label_kinds", LabelKind.NAMES);
            m.put("label_scopes", LabelRecord.SCOPES);
            m.put("max_range_days", TimeRange.MAX.toDays());
            ctx.json(m);
        });
        app.get("/api/status", ctx -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("database", queries.status());
            m.put("ingest", ingestStatus.get());
            ctx.json(m);
        });
        app.get("/api/anomalies", ctx -> {
            TimeRange range = ctx.queryParam("from") == null && ctx.queryParam("to") == null ? null : range(ctx, "from", "to");
            Queries.AnomalyFilter f = new Queries.AnomalyFilter(text(ctx, "source", 512), kind(ctx),
                    number(ctx, "min_score", 0.0), range, labelState(ctx), text(ctx, "q", MAX_TEXT_FILTER_CHARS),
                    integer(ctx, "limit", 100), integer(ctx, "offset", 0), suppressedState(ctx));
            ctx.json(queries.anomalies(f));
        });
        app.get("/api/anomalies/{id}", ctx -> {
            String id = id(ctx.pathParam("id"));
            ctx.json(queries.anomaly(id).orElseThrow(() -> new ApiError(404, "no anomaly " + id)));
        });
        app.get("/api/signatures", ctx -> ctx.json(queries.signatures(range(ctx, "from", "to"), text(ctx, "source", 512),
                text(ctx, "q", MAX_TEXT_FILTER_CHARS), integer(ctx, "limit", 50), integer(ctx, "buckets", 48))));
        app.get("/api/signatures/{id}", ctx -> {
            String id = id(ctx.pathParam("id"));
            ctx.json(queries.signature(id, range(ctx, "from", "to"), integer(ctx, "buckets", 96))
                    .orElseThrow(() -> new ApiError(404, "no signature " + id)));
        });
        app.get("/api/compare", ctx -> {
            TimeRange target = range(ctx, "target_from", "target_to");
            TimeRange baseline;
            if (ctx.queryParam("baseline_from") == null && ctx.queryParam("baseline_to") == null) {
                // default: the same span just before the target
                baseline = new TimeRange(target.from() - target.millis(), target.from());
            } else {
                baseline = range(ctx, "baseline_from", "baseline_to");
            }
            ctx.json(queries.compare(baseline, target, text(ctx, "source", 512), integer(ctx, "top", 100),
                    number(ctx, "alpha", Queries.defaultAlpha())));
        });
        app.post("/api/labels", this::postLabel);
        app.post("/api/labels/{id}/revoke", this::revokeLabel);
    }

    /** The checks every write passes: token, origin, labelling on, a JSON body within the size cap. */
    private JsonNode writeBody(Context ctx) {
        checkToken(ctx);
        if (labels == null) {
            throw new ApiError(409, "labelling is off: start the dashboard with --feedback DIR");
        }
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "send the body as application/json");
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiError(413, "request body over " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode n;
        try {
            n = body.length == 0 ? json.createObjectNode() : json.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiError(400, "the body is not valid JSON");
        }
        if (n == null || !n.isObject()) {
            throw new ApiError(400, "the body must be a JSON object");
        }
        return n;
    }

    private String author(JsonNode n) {
        String author = n.path("author").asText("analyst");
        if (author.length() > MAX_AUTHOR_CHARS) {
            throw new ApiError(400, "author may have at most " + MAX_AUTHOR_CHARS + " characters");
        }
        return author;
    }

    /**
     * Writes a label in the feedback stream's format ({@link LabelRecord}) to the feedback directory, where
     * the running job picks it up, and stores it at once so the page shows it (the ingester reads the file
     * again later and upserts the same id).
     */
    private void postLabel(Context ctx) throws IOException, SQLException {
        JsonNode n = writeBody(ctx);
        String anomalyId = id(n.path("anomaly_id").asText(""));
        String kind = n.path("kind").asText("");
        if (!LabelKind.isValid(kind)) {
            throw new ApiError(400, "kind must be one of " + LabelKind.NAMES);
        }
        String note = n.path("note").asText("");
        if (note.length() > MAX_NOTE_CHARS) {
            throw new ApiError(400, "note may have at most " + MAX_NOTE_CHARS + " characters");
        }
        String author = author(n);
        Queries.Anomaly a = queries.anomalyRow(anomalyId).orElseThrow(() -> new ApiError(404, "no anomaly " + anomalyId));
        String scope = LabelRecord.scope(n.path("scope").asText(""), a);
        Duration forDuration = LabelRecord.forDuration(n.path("for").asText(""));
        String labelId = "lbl-" + UUID.randomUUID().toString().replace("-", "");
        Instant time = clock.instant();
        ObjectNode record = LabelRecord.label(labelId, a, kind, scope, note, author, time, forDuration);
        labels.write("label", labelId, time, record);
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(db.dialect().upsert("labels", LABEL_COLUMNS, "label_id"))) {
                Long expires = forDuration == null ? null : a.windowEnd().plus(forDuration).toEpochMilli();
                bindLabel(ps, labelId, anomalyId, kind, note, author, scope, time.toEpochMilli(),
                        json.writeValueAsString(record.path("values")), expires);
                ps.executeUpdate();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SQLException(e);
            }
            return null;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label_id", labelId);
        out.put("anomaly_id", anomalyId);
        out.put("kind", kind);
        out.put("scope", scope);
        out.put("time", time);
        out.put("record", record);
        ctx.status(201).json(out);
    }

    /** Writes a revoke record for a label (the job then stops applying it) and stores it. */
    private void revokeLabel(Context ctx) throws IOException, SQLException {
        JsonNode n = writeBody(ctx);
        String labelId = id(ctx.pathParam("id"));
        Queries.LabelRef ref = queries.labelRef(labelId).orElseThrow(() -> new ApiError(404, "no label " + labelId));
        if (ref.revoked()) {
            throw new ApiError(409, "label " + labelId + " is already revoked");
        }
        String author = author(n);
        Instant time = clock.instant();
        ObjectNode record = LabelRecord.revoke(labelId, time, author);
        labels.write("revoke", labelId, time, record);
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(db.dialect().upsert("revokes",
                    new String[] {"label_id", "author", "time"}, "label_id"))) {
                ps.setString(1, labelId);
                ps.setString(2, author);
                ps.setLong(3, time.toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label_id", labelId);
        out.put("anomaly_id", ref.anomalyId());
        out.put("time", time);
        out.put("record", record);
        ctx.status(201).json(out);
    }

    private void checkToken(Context ctx) {
        String given = ctx.header("X-Sigdrift-Token");
        String auth = ctx.header("Authorization");
        if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = auth.substring(7).trim();
        }
        if (given == null || given.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "a write needs the token (header Authorization: Bearer TOKEN), printed at start");
        }
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(403, "wrong token");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("null") && !sameOrigin(origin, ctx)) {
            throw new ApiError(403, "cross-origin write refused");
        }
    }

    private static boolean sameOrigin(String origin, Context ctx) {
        String host = ctx.header("Host");
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    // ---------------------------------------------------------------- parameters

    private TimeRange range(Context ctx, String fromName, String toName) throws SQLException {
        Instant to = instant(ctx, toName);
        Instant from = instant(ctx, fromName);
        if (to == null) {
            Instant last = queries.status().lastWindow();
            Instant base = last != null ? last : clock.instant();
            // the newest data, rounded up to the hour, so that the hour rollup serves whole buckets
            long h = 3_600_000L;
            to = from != null ? from.plus(DEFAULT_RANGE) : Instant.ofEpochMilli((base.toEpochMilli() + h - 1) / h * h);
        }
        if (from == null) {
            from = to.minus(DEFAULT_RANGE);
        }
        return new TimeRange(from.toEpochMilli(), to.toEpochMilli());
    }

    private static Instant instant(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new ApiError(400, name + " must be an ISO-8601 instant such as 2026-03-14T00:00:00Z");
        }
    }

    private static String text(Context ctx, String name, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (v.length() > max) {
            throw new ApiError(400, name + " may have at most " + max + " characters");
        }
        return v;
    }

    private static String kind(Context ctx) {
        String k = text(ctx, "kind", 16);
        if (k != null && !k.matches("[A-Z_]{1,16}")) {
            throw new ApiError(400, "kind must be an anomaly kind such as SPIKE, DROP, NEW, RARE, VOLUME, SHIFT");
        }
        return k;
    }

    private static Queries.LabelState labelState(Context ctx) {
        String v = text(ctx, "label", 32);
        if (v == null) {
            return Queries.LabelState.ANY;
        }
        try {
            return Queries.LabelState.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "label must be any, unlabeled, labeled or a label kind " + LabelKind.NAMES);
        }
    }

    private static Queries.SuppressedState suppressedState(Context ctx) {
        String v = text(ctx, "suppressed", 16);
        if (v == null) {
            return Queries.SuppressedState.EXCLUDE;
        }
        try {
            return Queries.SuppressedState.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "suppressed must be exclude (the default), include or only");
        }
    }

    private static int integer(Context ctx, String name, int dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ApiError(400, name + " must be an integer");
        }
    }

    private static double number(Context ctx, String name, double dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ApiError(400, name + " must be a number");
        }
    }

    /** Ids in the job's output are hex; anything else is refused before it reaches SQL or a file name. */
    static String id(String v) {
        if (v == null || !v.matches("[0-9A-Za-z_-]{1,64}")) {
            throw new ApiError(400, "ids are 1-64 characters of [0-9A-Za-z_-]");
        }
        return v;
    }
}
