package io.sigdrift.dashboard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sigdrift.dashboard.Fixtures;
import io.sigdrift.dashboard.ingest.IngestSettings;
import io.sigdrift.dashboard.ingest.Ingester;
import io.sigdrift.dashboard.store.Database;
import io.sigdrift.dashboard.store.Schema;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook notifications against a local HTTP server on 127.0.0.1. */
class WebhookNotifierTest {
    static final Duration FAST_BACKOFF = Duration.ofMillis(10);
    static final long WAIT_MS = 20_000;

    @TempDir
    Path dir;
    Database db;
    HttpServer http;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        Fixtures.write(dir.resolve("out"));
        db = new Database("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
        Schema.migrate(db);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 200;
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        http.start();
    }

    @AfterEach
    void tearDown() {
        http.stop(0);
        db.close();
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/hook";
    }

    static void waitFor(java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + WAIT_MS * 1_000_000;
        while (!done.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    @Test
    void anAnomalyAboveTheScoreIsPostedOnceAsSlackJsonAfterRetries() throws Exception {
        failuresLeft.set(2);
        Path dead = dir.resolve("webhook-dead.jsonl");
        try (WebhookNotifier n = new WebhookNotifier(db, url(), 80.0, dead, FAST_BACKOFF)) {
            new Ingester(db, IngestSettings.of(dir.resolve("out"), null), n::committed).runOnce();
            waitFor(() -> bodies.size() >= 3);
            Thread.sleep(200); // a second notification of the same incident would arrive here
        }
        assertEquals(3, bodies.size(), "two failures, then one success; the NEW (score 20.5) is below 80");
        JsonNode body = new ObjectMapper().readTree(bodies.get(2));
        assertTrue(body.path("text").asText().startsWith("sigdrift SPIKE in sshd"));
        assertEquals(Fixtures.SPIKE_ID, body.path("sigdrift").path("id").asText());
        assertTrue(!Files.exists(dead));
    }

    @Test
    void anEndpointThatKeepsFailingGetsADeadLetterAndIngestionIsNotHeldUp() throws Exception {
        failuresLeft.set(Integer.MAX_VALUE);
        Path dead = dir.resolve("webhook-dead.jsonl");
        try (WebhookNotifier n = new WebhookNotifier(db, url(), 0.0, dead, FAST_BACKOFF)) {
            long t0 = System.nanoTime();
            new Ingester(db, IngestSettings.of(dir.resolve("out"), null), n::committed).runOnce();
            long ingestMs = (System.nanoTime() - t0) / 1_000_000;
            waitFor(() -> Files.exists(dead) && lines(dead) >= 2);
            assertTrue(ingestMs < 60_000, "ingest took " + ingestMs + " ms");
        }
        assertEquals(2, lines(dead), "one dead letter per incident");
        JsonNode first = new ObjectMapper().readTree(Files.readAllLines(dead).get(0));
        assertEquals("webhook-failed", first.path("reason").asText());
        assertEquals(2 * WebhookNotifier.MAX_ATTEMPTS, bodies.size());
    }

    static long lines(Path p) {
        try {
            return Files.readAllLines(p).size();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
