package io.sigdrift.pipeline.anomaly;

import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.SignatureEvent;
import io.sigdrift.pipeline.record.StageRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * A fixed two-source input for the anomaly stage, cut in two phases at a snapshot point that falls in the
 * middle of a window (one source's per-signature counts have arrived, its total not yet). Phase A warms
 * both sources up, renames a signature, and opens two incidents in one window with an alert budget of 1
 * (so one is suppressed); phase B finishes the open window and brings a spike, a stopped heartbeat, a late
 * count under a renamed id and a NEW signature. Used for the committed version-1 state fixture and for the
 * "output after restore equals output without restore" tests.
 */
final class AnomalyScenario {
    static final long MINUTE = 60_000L;
    static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % MINUTE;
    static final int WARMUP = 20;
    static final int COOLDOWN = 3;
    /** Windows of phase A; window {@code SPLIT_WINDOW} is half-done at the snapshot. */
    static final int SPLIT_WINDOW = 60;
    static final int LAST_WINDOW = 90;

    private AnomalyScenario() {}

    static SourceDetectorConfig.Builder settings() {
        return SourceDetectorConfig.builder().warmupWindows(WARMUP).cooldownWindows(COOLDOWN).maxCreatedPerWindow(1);
    }

    interface Sink {
        void count(CountRecord c) throws Exception;

        void signature(SignatureEvent e) throws Exception;
    }

    static Sink into(KeyedOneInputStreamOperatorTestHarness<String, StageRecord, AnomalyRecord> h) {
        return new Sink() {
            @Override
            public void count(CountRecord c) throws Exception {
                h.processElement(new StreamRecord<>(StageRecord.of(c), c.windowEnd - 1));
            }

            @Override
            public void signature(SignatureEvent e) throws Exception {
                h.processElement(new StreamRecord<>(StageRecord.of(e), e.timestamp));
            }
        };
    }

    static long steady(int i) {
        return 5 + (i % 4 == 0 ? -1 : i % 4 == 2 ? 1 : 0);
    }

    static SignatureEvent event(String source, String change, String id, String previousId, String template,
                                String example, int window, String... ancestors) {
        SignatureEvent e = new SignatureEvent();
        e.source = source;
        e.change = change;
        e.id = id;
        e.previousId = previousId;
        e.template = template;
        e.example = example;
        e.ancestors = ancestors;
        e.count = 1;
        e.timestamp = T0 + window * MINUTE;
        return e;
    }

    static void counts(Sink s, String source, int window, Map<String, Long> counts) throws Exception {
        long start = T0 + window * MINUTE;
        for (Map.Entry<String, Long> e : new TreeMap<>(counts).entrySet()) {
            s.count(CountRecord.forSignature(source, 0, start, start + MINUTE, e.getKey(), e.getValue()));
        }
    }

    static void total(Sink s, String source, int window, Map<String, Long> counts) throws Exception {
        long start = T0 + window * MINUTE;
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        s.count(CountRecord.total(source, 0, start, start + MINUTE, total, counts.size()));
    }

    static void window(Sink s, String source, int window, Map<String, Long> counts) throws Exception {
        counts(s, source, window, counts);
        total(s, source, window, counts);
    }

    static Map<String, Long> api(int i) {
        Map<String, Long> m = new TreeMap<>();
        m.put("sigA", i == 40 ? 90L : i == 66 ? 120L : steady(i));
        m.put("sigB", i == 40 ? 70L : steady(i + 1));
        if (i < 70) {
            m.put("heartbeat", 8L);
        }
        m.put(i < 30 ? "old" : "sigC", steady(i + 2));
        if (i >= 80) {
            m.put("fresh", 3L);
        }
        return m;
    }

    static Map<String, Long> db(int i) {
        return Map.of("q1", steady(i), "q2", 2 + (long) (i % 3));
    }

    static void phaseA(Sink s) throws Exception {
        s.signature(event("api", "CREATED", "sigA", null, "GET <*> 200", "GET /a 200", 0));
        s.signature(event("api", "CREATED", "sigB", null, "POST <*> 201", "POST /b 201", 0));
        s.signature(event("api", "CREATED", "heartbeat", null, "tick <NUM>", "tick 1", 0));
        s.signature(event("api", "CREATED", "old", null, "user alice <*>", "user alice in", 0));
        s.signature(event("db", "CREATED", "q1", null, "SELECT <*>", "SELECT 1", 0));
        s.signature(event("db", "CREATED", "q2", null, "COMMIT <NUM>", "COMMIT 7", 0));
        for (int i = 0; i < SPLIT_WINDOW; i++) {
            if (i == 30) {
                s.signature(event("api", "UPDATED", "sigC", "old", "user <*> <*>", "user bob out", 30, "old"));
            }
            window(s, "api", i, api(i));
            window(s, "db", i, db(i));
        }
        counts(s, "api", SPLIT_WINDOW, api(SPLIT_WINDOW));   // the total comes after the snapshot
    }

    static void phaseB(Sink s) throws Exception {
        total(s, "api", SPLIT_WINDOW, api(SPLIT_WINDOW));
        window(s, "db", SPLIT_WINDOW, db(SPLIT_WINDOW));
        for (int i = SPLIT_WINDOW + 1; i <= LAST_WINDOW; i++) {
            if (i == 80) {
                s.signature(event("api", "CREATED", "fresh", null, "disk <*> full", "disk /var full", 80));
            }
            Map<String, Long> m = api(i);
            if (i == 75) {
                m.put("old", 1L);   // a count under the renamed id (as the two-channel form could deliver) follows its alias
            }
            window(s, "api", i, m);
            window(s, "db", i, db(i));
        }
    }

    /** The fields that must not depend on the baselines' arithmetic, one line per record, sorted. */
    static List<String> stable(List<AnomalyRecord> records) {
        List<String> out = new ArrayList<>();
        for (AnomalyRecord r : records) {
            out.add(String.join("|", r.id, r.change, r.kind, String.valueOf(r.direction), r.source,
                    String.valueOf(r.signature), String.valueOf(r.template), String.valueOf(r.windowStart),
                    String.valueOf(r.windowEnd), String.valueOf(r.incidentStart), String.valueOf(r.observed),
                    String.join(",", r.examples), String.join(",", r.ancestors)));
        }
        out.sort(null);
        return out;
    }

    static List<AnomalyRecord> drain(KeyedOneInputStreamOperatorTestHarness<String, StageRecord, AnomalyRecord> h) {
        List<AnomalyRecord> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof AnomalyRecord a) {
                out.add(a);
            }
        }
        h.getOutput().clear();
        return out;
    }
}
