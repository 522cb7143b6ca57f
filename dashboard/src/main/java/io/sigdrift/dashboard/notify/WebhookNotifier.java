package io.sigdrift.dashboard.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigdrift.dashboard.store.Database;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Posts anomalies at or above a score to a webhook (Slack-compatible JSON: {@code {"text": ...}} plus a
 * {@code sigdrift} object with the fields), once per incident.
 *
 * <p>Never blocks ingestion: the ingester only offers incident ids to a bounded queue
 * ({@link #QUEUE_CAPACITY}); a full queue, or an endpoint that still fails after {@link #MAX_ATTEMPTS}
 * attempts with exponential backoff, produces a dead-letter line in a JSON Lines file instead. Which
 * incidents were sent (or given up) is stored in {@code webhook_sent}, so a restart does not repeat them.
 */
public final class WebhookNotifier implements AutoCloseable {
    public static final int QUEUE_CAPACITY = 1_000;
    public static final int MAX_ATTEMPTS = 5;
    static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Database db;
    private final URI url;
    private final double minScore;
    private final Path deadLetters;
    private final Duration firstBackoff;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Thread worker;
    private volatile boolean running = true;

    public WebhookNotifier(Database db, String url, double minScore, Path deadLetters) {
        this(db, url, minScore, deadLetters, DEFAULT_FIRST_BACKOFF);
    }

    public WebhookNotifier(Database db, String url, double minScore, Path deadLetters, Duration firstBackoff) {
        this.db = db;
        this.url = URI.create(url);
        this.minScore = minScore;
        this.deadLetters = deadLetters;
        this.firstBackoff = firstBackoff;
        this.worker = new Thread(this::work, "sigdrift-webhook");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** The ingester's listener: must return at once. */
    public void committed(String path, long offset, List<String> changedAnomalies) {
        for (String id : changedAnomalies) {
            if (!queue.offer(id)) {
                deadLetter(id, "queue-full", "more than " + QUEUE_CAPACITY + " notifications waiting");
            }
        }
    }

    private void work() {
        while (running) {
            String id;
            try {
                id = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (id == null) {
                continue;
            }
            try {
                handle(id);
            } catch (SQLException e) {
                deadLetter(id, "database", String.valueOf(e.getMessage()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void handle(String id) throws SQLException, InterruptedException {
        ObjectNode a = db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT a.kind, a.source, a.template, a.score, a.explanation,"
                    + " a.incident_start, a.observed, a.expected, a.signature FROM anomalies a WHERE a.id = ? AND a.score >= ?"
                    + " AND a.suppressed = FALSE"   // the ingester offers none, but a suppressed event is never posted
                    + " AND NOT EXISTS (SELECT 1 FROM webhook_sent w WHERE w.anomaly_id = a.id)")) {
                ps.setString(1, id);
                ps.setDouble(2, minScore);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    ObjectNode n = json.createObjectNode().put("id", id).put("kind", rs.getString(1))
                            .put("source", rs.getString(2)).put("template", rs.getString(3)).put("score", rs.getDouble(4))
                            .put("explanation", rs.getString(5))
                            .put("incident_start", Instant.ofEpochMilli(rs.getLong(6)).toString())
                            .put("observed", rs.getDouble(7));
                    double e = rs.getDouble(8);
                    if (rs.wasNull()) {
                        n.putNull("expected");
                    } else {
                        n.put("expected", e);
                    }
                    n.put("signature", rs.getString(9));
                    return n;
                }
            }
        });
        if (a == null) {
            return;
        }
        String text = "sigdrift " + a.path("kind").asText() + " in " + slackEscape(a.path("source").asText()) + " (score "
                + Math.round(a.path("score").asDouble()) + "): " + slackEscape(a.path("explanation").asText())
                + (a.path("template").isTextual() ? "\n`" + slackEscape(a.path("template").asText()).replace("`", "'") + "`" : "");
        ObjectNode body = json.createObjectNode().put("text", text);
        body.set("sigdrift", a);
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(body);
        } catch (IOException e) {
            deadLetter(id, "encode", e.getMessage());
            return;
        }
        Duration backoff = firstBackoff;
        String lastError = "";
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && running; attempt++) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    mark(id, "sent");
                    return;
                }
                lastError = "HTTP " + r.statusCode();
            } catch (IOException e) {
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (attempt < MAX_ATTEMPTS) {
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        mark(id, "failed");
        deadLetter(id, "webhook-failed", "gave up after " + MAX_ATTEMPTS + " attempts; last: " + lastError);
    }

    private void mark(String id, String outcome) throws SQLException {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(db.dialect().upsert("webhook_sent",
                    new String[] {"anomaly_id", "time", "outcome"}, "anomaly_id"))) {
                ps.setString(1, id);
                ps.setLong(2, System.currentTimeMillis());
                ps.setString(3, outcome);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Slack's mrkdwn reads &lt;URL|text&gt; as a link: log text must not become one. */
    static String slackEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private synchronized void deadLetter(String id, String reason, String detail) {
        ObjectNode n = json.createObjectNode().put("v", 1).put("type", "dead-letter").put("reason", reason)
                .put("detail", detail).put("anomaly_id", id).put("time", Instant.now().toString());
        try {
            Files.createDirectories(deadLetters.toAbsolutePath().getParent());
            Files.writeString(deadLetters, json.writeValueAsString(n) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("sigdrift dashboard: webhook dead letter for " + id + " (" + reason + ", " + detail
                    + ") could not be written: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
    }
}
