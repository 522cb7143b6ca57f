package io.sigdrift.dashboard;

import io.sigdrift.dashboard.ingest.Ingester;
import io.sigdrift.dashboard.notify.WebhookNotifier;
import io.sigdrift.dashboard.store.Database;
import io.sigdrift.dashboard.store.Schema;
import io.sigdrift.dashboard.web.DashboardServer;
import io.sigdrift.dashboard.web.LabelWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code sigdrift dashboard}: ingest the job's output continuously and serve the page and the API. */
public final class DashboardMain {
    private DashboardMain() {}

    public static void main(String[] args) {
        try {
            System.exit(run(Arrays.asList(args)));
        } catch (IllegalArgumentException e) {
            System.err.println("sigdrift dashboard: " + e.getMessage());
            System.exit(2);
        } catch (IllegalStateException e) {
            // a database of another schema version: the message says what to do
            System.err.println("sigdrift dashboard: " + e.getMessage());
            System.exit(1);
        }
    }

    static int run(List<String> args) throws IllegalArgumentException {
        if (args.contains("--help") || args.contains("help")) {
            System.out.println(DashboardConfig.USAGE);
            return 0;
        }
        boolean ingestOnly = !args.isEmpty() && args.get(0).equals("ingest");
        List<String> rest = ingestOnly ? args.subList(1, args.size()) : args;
        DashboardConfig cfg = DashboardConfig.of(DashboardConfig.parseFlags(rest), newToken());
        try (Database db = new Database(cfg.dbUrl())) {
            String migrated = Schema.migrate(db);
            if (migrated != null) {
                System.out.println("sigdrift dashboard: " + migrated);
            }
            return ingestOnly ? ingestOnce(db, cfg) : serve(db, cfg);
        } catch (java.sql.SQLException e) {
            System.err.println("sigdrift dashboard: database unreachable (" + Database.class.getSimpleName() + " "
                    + io.sigdrift.dashboard.store.Dialect.redact(cfg.dbUrl()) + "): " + e.getMessage());
            return 1;
        } catch (java.io.IOException | InterruptedException e) {
            System.err.println("sigdrift dashboard: " + e.getMessage());
            return 1;
        }
    }

    private static int ingestOnce(Database db, DashboardConfig cfg) throws java.sql.SQLException, java.io.IOException {
        Ingester.Listener l = cfg.verbose()
                ? (path, offset, changed) -> System.out.println("committed " + path + " " + offset)
                : null;
        Ingester.Report r;
        try (Ingester ingester = new Ingester(db, cfg.ingest(), l)) {
            r = ingester.runOnce();
        }
        System.out.println("ingested " + r.records() + " records from " + r.files() + " files (" + r.rejected()
                + " rejected), " + r.rolledUpHours() + " hours rolled up");
        return 0;
    }

    private static int serve(Database db, DashboardConfig cfg) throws InterruptedException {
        Map<String, Object> ingestState = new java.util.concurrent.ConcurrentHashMap<>();
        WebhookNotifier notifier = cfg.webhookUrl() == null ? null
                : new WebhookNotifier(db, cfg.webhookUrl(), cfg.webhookMinScore(), (cfg.ingest().dataDir() != null
                        ? cfg.ingest().dataDir() : java.nio.file.Path.of("").toAbsolutePath())
                        .resolve(".sigdrift-dashboard-webhook-dead-letters.jsonl"));
        Ingester ingester = new Ingester(db, cfg.ingest(), notifier == null ? null : notifier::committed);
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sigdrift-ingest");
            t.setDaemon(true);
            return t;
        });
        loop.scheduleWithFixedDelay(() -> {
            try {
                Ingester.Report r = ingester.runOnce();
                ingestState.put("last_pass", Instant.now().toString());
                ingestState.put("last_records", r.records());
                ingestState.remove("last_error");
            } catch (Exception e) {
                // the next pass retries from the stored offsets; the page shows the error meanwhile
                ingestState.put("last_error", String.valueOf(e.getMessage()));
            }
        }, 0, cfg.poll().toMillis(), TimeUnit.MILLISECONDS);
        LabelWriter labels = cfg.ingest().feedbackDir() == null ? null : new LabelWriter(cfg.ingest().feedbackDir());
        DashboardServer server = new DashboardServer(db, labels, cfg.token(), Clock.systemUTC(),
                () -> new LinkedHashMap<>(ingestState)).start(cfg.bind(), cfg.port());
        String host = cfg.bind().equals("0.0.0.0") ? "localhost" : cfg.bind().contains(":") ? "[" + cfg.bind() + "]" : cfg.bind();
        System.out.println("sigdrift dashboard: http://" + host + ":" + server.port() + "/#token=" + cfg.token());
        System.out.println("  data " + (cfg.ingest().kafka() != null ? cfg.ingest().kafka() : cfg.ingest().dataDir()) + ", database " + db.redactedUrl()
                + (labels == null ? ", labelling off (no --feedback)" : ", labels to " + labels.dir()));
        System.out.println("  token for writes (header Authorization: Bearer TOKEN): " + cfg.token());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            loop.shutdownNow();
            try {
                // the Kafka consumer may only be closed by one thread at a time: let the pass end first
                if (loop.awaitTermination(10, TimeUnit.SECONDS)) {
                    ingester.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.close();
            if (notifier != null) {
                notifier.close();
            }
            stop.countDown();
        }));
        stop.await();
        return 0;
    }

    static String newToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
