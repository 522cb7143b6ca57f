package io.sigdrift.pipeline.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small order-service log written for these tests (no dataset): every request id {@code req-xxxxxxxx} goes
 * through received → query → payment → completed, a few seconds apart, and a new request starts every 20 s so
 * requests interleave. Chosen requests break the workflow: one never completes (a timeout), one has a payment error.
 */
final class OrderServiceLog {
    static final Instant START = Instant.parse("2026-03-14T00:00:00Z");

    record Line(String text, String request, String step, long millis) {
    }

    private OrderServiceLog() {}

    /** @param broken request number → "timeout" or "error" */
    static List<Line> generate(int requests, long seed, java.util.Map<Integer, String> broken) {
        Random rnd = new Random(seed);
        List<Line> out = new ArrayList<>();
        for (int r = 0; r < requests; r++) {
            String id = String.format("req-%08x", rnd.nextInt() & 0x7fffffff);
            long t = START.toEpochMilli() + r * 20_000L;
            String ip = "10.0." + rnd.nextInt(4) + "." + (2 + rnd.nextInt(200));
            String what = broken.getOrDefault(r, "");
            out.add(line(t, "INFO", "api", "request " + id + " received from " + ip + " path=/orders", id, "received"));
            t += 1_000 + rnd.nextInt(2_000);
            out.add(line(t, "INFO", "db", id + " query orders took " + (3 + rnd.nextInt(40)) + " ms", id, "query"));
            t += 1_000 + rnd.nextInt(2_000);
            if (what.equals("error")) {
                out.add(line(t, "ERROR", "pay", id + " payment declined: card expired", id, "declined"));
                t += 500;
            }
            out.add(line(t, "INFO", "pay", id + " payment authorized amount=" + (5 + rnd.nextInt(200)) + "."
                    + (10 + rnd.nextInt(89)) + " EUR", id, "payment"));
            t += 1_000 + rnd.nextInt(2_000);
            if (!what.equals("timeout")) {
                out.add(line(t, "INFO", "api", "request " + id + " completed status=200 in " + (20 + rnd.nextInt(80))
                        + " ms", id, "completed"));
            }
        }
        out.sort(java.util.Comparator.comparingLong(Line::millis));
        return out;
    }

    private static Line line(long t, String level, String component, String msg, String id, String step) {
        return new Line(Instant.ofEpochMilli(t) + " " + level + " " + component + " " + msg, id, step, t);
    }
}
