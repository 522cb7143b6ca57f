package io.sigdrift.pipeline.job;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small seeded lines from three sources in time order, "source|offsetMillis|message", for operator tests.
 * {@link #withTraces} adds stack traces to "app": continuation lines and an exception line without a
 * timestamp (offset "-").
 */
final class DemoLikeLines {
    private static final String[] USERS = {"root", "admin", "deploy", "oracle", "test"};

    private DemoLikeLines() {}

    static List<String> generate(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(n);
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += r.nextInt(200);
            String ip = "10.0." + r.nextInt(256) + "." + r.nextInt(256);
            String line = switch (r.nextInt(6)) {
                case 0 -> "ssh|" + t + "|Failed password for " + USERS[r.nextInt(USERS.length)] + " from " + ip + " port " + r.nextInt(65536) + " ssh2";
                case 1 -> "ssh|" + t + "|Accepted publickey for deploy from " + ip + " port " + r.nextInt(65536) + " ssh2";
                case 2 -> "web|" + t + "|" + ip + " GET /api/v1/items/" + r.nextInt(1000) + " 200 " + r.nextInt(5000);
                case 3 -> "web|" + t + "|" + ip + " POST /api/v1/cart 201 " + r.nextInt(5000);
                case 4 -> "app|" + t + "|Order " + r.nextInt(100000) + " placed by customer " + r.nextInt(1000);
                default -> "app|" + t + "|Cache hit ratio " + r.nextInt(100) + " percent for region " + (r.nextBoolean() ? "products" : "users");
            };
            out.add(line);
        }
        return out;
    }

    /** As {@link #generate}, and after about one "app" line in four a stack trace of 1..6 lines. */
    static List<String> withTraces(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed + 1);
        List<String> out = new ArrayList<>();
        for (String line : generate(n, seed)) {
            out.add(line);
            if (line.startsWith("app|") && r.nextInt(4) == 0) {
                out.add("app|-|java.lang.IllegalStateException: order " + r.nextInt(1000) + " rejected");
                int frames = 1 + r.nextInt(6);
                for (int f = 0; f < frames; f++) {
                    out.add(f == frames - 1 && r.nextBoolean() ? "app|-|\t... " + (1 + r.nextInt(40)) + " more"
                            : "app|-|\tat com.acme.shop.Order" + f + ".place(Order" + f + ".java:" + (10 + r.nextInt(300)) + ")");
                }
            }
        }
        return out;
    }
}
