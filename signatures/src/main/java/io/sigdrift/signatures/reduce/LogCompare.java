package io.sigdrift.signatures.reduce;

import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.SignatureEngine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * LogCompare: which signatures are NEW in the target, GONE from it, or CHANGED their share.
 *
 * <p>Baseline and target go through ONE engine, so the same kind of line gets the same id on both sides;
 * when a template generalises while the target is read, lineage merges the baseline's count of the old
 * template into the new one. Rows are ranked by the G statistic of the 2x2 table (this signature vs. the
 * rest, baseline vs. target), which accounts for counts: a one-off new line cannot outrank a 10x change
 * of a frequent signature. Feed the whole baseline before the target for the clearest lineage. Not
 * thread-safe.
 *
 * <p>With attribution on ({@link CompareConfig#attribution()}, the default) the parameter values of every event are
 * counted per side in bounded tallies ({@link ReduceConfig}: 16 positions x 32 values per signature and side), and
 * each reported NEW/CHANGED row names the values over-represented in the target ({@link ValueAttribution}).
 */
public final class LogCompare {
    private static final int BASELINE = 0;
    private static final int TARGET = 1;

    private final SignatureTally tally;
    private final CompareConfig config;

    public LogCompare() {
        this(EngineConfig.defaults(), CompareConfig.defaults());
    }

    public LogCompare(EngineConfig engineConfig, CompareConfig config) {
        this.config = config;
        this.tally = new SignatureTally(new SignatureEngine(engineConfig), config.reduce(), 2);
    }

    public String addBaseline(String event) {
        return tally.add(BASELINE, event);
    }

    public String addTarget(String event) {
        return tally.add(TARGET, event);
    }

    /** The final id of a signature id returned earlier by addBaseline/addTarget (lineage followed). */
    public String resolve(String id) {
        return tally.resolve(id);
    }

    public long baselineEvents() {
        return tally.events(BASELINE);
    }

    public long targetEvents() {
        return tally.events(TARGET);
    }

    public CompareResult result() {
        return result(Integer.MAX_VALUE);
    }

    /** The {@code top} highest-scoring NEW/GONE/CHANGED signatures. */
    public CompareResult result(int top) {
        long bTotal = tally.events(BASELINE);
        long tTotal = tally.events(TARGET);
        List<CompareRow> all = new ArrayList<>();
        long unchanged = 0;
        for (Map.Entry<String, SignatureTally.Entry> me : tally.entries().entrySet()) {
            SignatureTally.Entry e = me.getValue();
            long b = e.counts[BASELINE];
            long t = e.counts[TARGET];
            double bShare = bTotal == 0 ? 0.0 : (double) b / bTotal;
            double tShare = tTotal == 0 ? 0.0 : (double) t / tTotal;
            double score = GTest.g(b, bTotal, t, tTotal);
            double p = GTest.pValue(score);
            CompareKind kind;
            if (b == 0) {
                kind = CompareKind.NEW;
            } else if (t == 0) {
                kind = CompareKind.GONE;
            } else if (p < config.alpha()) {
                kind = CompareKind.CHANGED;
            } else {
                unchanged++;
                continue;
            }
            double ratio = bShare == 0.0 ? Double.POSITIVE_INFINITY : tShare / bShare;
            all.add(new CompareRow(0, kind, me.getKey(), e.template, b, t, bShare, tShare, ratio, score, p,
                    e.example));
        }
        all.sort(Comparator.comparingDouble(CompareRow::score).reversed()
                .thenComparing(r -> -(r.baselineCount() + r.targetCount()))
                .thenComparing(CompareRow::template)
                .thenComparing(CompareRow::id));
        int n = Math.min(top, all.size());
        List<CompareRow> ranked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            CompareRow r = all.get(i);
            List<AttributedValue> attribution = List.of();
            if (config.attribution()) {
                // only for the rows reported: the tallies were counted anyway, the tests are cheap but not free
                SignatureTally.Entry e = tally.entries().get(r.id());
                attribution = ValueAttribution.attribute(r.kind(), SignatureTally.params(e, BASELINE),
                        SignatureTally.params(e, TARGET), config);
            }
            ranked.add(new CompareRow(i + 1, r.kind(), r.id(), r.template(), r.baselineCount(), r.targetCount(),
                    r.baselineShare(), r.targetShare(), r.ratio(), r.score(), r.pValue(), r.example(), attribution));
        }
        long[] kinds = new long[CompareKind.values().length];
        for (CompareRow r : all) {
            kinds[r.kind().ordinal()]++;
        }
        return new CompareResult(List.copyOf(ranked), kinds[CompareKind.NEW.ordinal()],
                kinds[CompareKind.GONE.ordinal()], kinds[CompareKind.CHANGED.ordinal()], bTotal, tTotal, tally.entries().size(), unchanged,
                tally.evictedSignatures(), tally.evictedEvents(BASELINE) + tally.evictedEvents(TARGET));
    }

    public SignatureEngine engine() {
        return tally.engine();
    }
}
