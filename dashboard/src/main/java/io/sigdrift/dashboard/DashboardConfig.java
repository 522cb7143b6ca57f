package io.sigdrift.dashboard;

import io.sigdrift.dashboard.ingest.IngestSettings;
import io.sigdrift.dashboard.ingest.KafkaTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard's settings from the command line. Immutable; every value checked once, with the flag
 * named in the message.
 */
public record DashboardConfig(IngestSettings ingest, String dbUrl, String bind, int port, String token,
                              Duration poll, String webhookUrl, double webhookMinScore, boolean verbose) {
    public static final int DEFAULT_PORT = 8080;
    /** Loopback unless told: the API exposes log contents. */
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(5);
    public static final double DEFAULT_WEBHOOK_MIN_SCORE = 80.0;
    /** The embedded database's file, inside the data directory ('.'-prefixed: not one of the job's streams). */
    public static final String EMBEDDED_DB_NAME = ".sigdrift-dashboard";

    static final String USAGE = String.join("\n",
            "usage: sigdrift dashboard --data DIR|kafka://HOST:PORT/PREFIX [--db JDBC_URL] [--port 8080] [--bind 127.0.0.1] [--feedback DIR]",
            "                          [--token T] [--retention 14d] [--rollup-retention 400d] [--poll 5s]",
            "                          [--webhook URL [--webhook-min-score 80]]",
            "       sigdrift dashboard ingest --data DIR [--db JDBC_URL] [--batch N] [--verbose]   (one pass, then exit)",
            "  --data DIR      the job's output directory (signatures/, counts/, anomalies/, dead-letters/)",
            "  --data kafka://HOST:PORT/PREFIX  the job's output topics PREFIX.signatures, .counts, .anomalies,",
            "                  .dead-letters (run --output kafka://HOST:PORT/PREFIX); needs --db",
            "  --db URL        jdbc:postgresql://HOST:PORT/DB?user=U&password=P, or jdbc:h2:...;",
            "                  default: an H2 file database DIR/" + EMBEDDED_DB_NAME + ".mv.db",
            "  --feedback DIR  where analyst labels are written (label controls are shown only with it)",
            "  --token T       the token writes need (default: a random one, printed at start)",
            "  --retention D   window rows kept, counted back from the newest window (hour rollups: --rollup-retention)");

    private static final Set<String> VALUED = Set.of("--data", "--db", "--port", "--bind", "--feedback", "--token",
            "--retention", "--rollup-retention", "--poll", "--webhook", "--webhook-min-score", "--batch");
    private static final Set<String> SWITCHES = Set.of("--verbose", "--help");

    public DashboardConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be in 0..65535, was " + port);
        }
        if (token == null || token.length() < 8) {
            throw new IllegalArgumentException("--token must have at least 8 characters");
        }
        if (poll.compareTo(Duration.ofMillis(100)) < 0 || poll.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("--poll must be in 100ms..1h, was " + poll);
        }
        if (!(webhookMinScore >= 0 && webhookMinScore <= 100)) {
            throw new IllegalArgumentException("--webhook-min-score must be in 0..100, was " + webhookMinScore);
        }
        if (webhookUrl != null && !webhookUrl.startsWith("http://") && !webhookUrl.startsWith("https://")) {
            throw new IllegalArgumentException("--webhook must be an http:// or https:// URL");
        }
    }

    public static Map<String, String> parseFlags(List<String> args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (SWITCHES.contains(a)) {
                m.put(a, "true");
            } else if (VALUED.contains(a)) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                m.put(a, args.get(++i));
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "'\n" + USAGE);
            }
        }
        return m;
    }

    public static DashboardConfig of(Map<String, String> f, String generatedToken) {
        if (!f.containsKey("--data")) {
            throw new IllegalArgumentException("--data DIR is required\n" + USAGE);
        }
        KafkaTopics kafka = KafkaTopics.isKafka(f.get("--data")) ? KafkaTopics.parse(f.get("--data")) : null;
        Path data = kafka != null ? null : Path.of(f.get("--data")).toAbsolutePath().normalize();
        if (kafka != null && !f.containsKey("--db")) {
            // no data directory to hold the embedded database: say where it goes rather than pick a place
            throw new IllegalArgumentException("--data kafka://... needs --db (e.g. --db jdbc:h2:file:/var/lib/sigdrift/dashboard"
                    + " or jdbc:postgresql://HOST:PORT/DB): the consumer offsets are kept there with the rows");
        }
        Path feedback = f.containsKey("--feedback") ? Path.of(f.get("--feedback")).toAbsolutePath().normalize() : null;
        IngestSettings ingest = new IngestSettings(data, feedback,
                integer(f, "--batch", IngestSettings.DEFAULT_BATCH_SIZE), IngestSettings.DEFAULT_MAX_LINE_BYTES,
                duration(f, "--retention", IngestSettings.DEFAULT_WINDOW_RETENTION),
                duration(f, "--rollup-retention", IngestSettings.DEFAULT_HOUR_RETENTION), kafka);
        String db = f.containsKey("--db") ? f.get("--db") : "jdbc:h2:file:" + data.resolve(EMBEDDED_DB_NAME);
        double minScore;
        try {
            minScore = Double.parseDouble(f.getOrDefault("--webhook-min-score", Double.toString(DEFAULT_WEBHOOK_MIN_SCORE)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--webhook-min-score must be a number");
        }
        return new DashboardConfig(ingest, db, f.getOrDefault("--bind", DEFAULT_BIND),
                integer(f, "--port", DEFAULT_PORT), f.getOrDefault("--token", generatedToken),
                duration(f, "--poll", DEFAULT_POLL), f.get("--webhook"), minScore, f.containsKey("--verbose"));
    }

    private static int integer(Map<String, String> f, String name, int dflt) {
        String v = f.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + v + "'");
        }
    }

    /** 500ms, 5s, 30m, 12h, 14d. */
    static Duration duration(Map<String, String> f, String name, Duration dflt) {
        String v = f.get(name);
        if (v == null) {
            return dflt;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h|d)").matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " must be a duration such as 500ms, 5s, 30m, 12h or 14d, was '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
