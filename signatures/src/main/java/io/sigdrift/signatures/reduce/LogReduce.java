package io.sigdrift.signatures.reduce;

import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.SignatureEngine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * LogReduce: learns events through one {@link SignatureEngine} and reports the signatures ranked by
 * count, with share, typed template, an example event and parameter value summaries.
 *
 * <p>Counts are per FINAL signature: an event counted under a template that later generalised belongs
 * to the generalised signature (lineage is followed, see {@link #resolve(String)}). Not thread-safe.
 */
public final class LogReduce {
    private final SignatureTally tally;

    public LogReduce() {
        this(EngineConfig.defaults(), ReduceConfig.defaults());
    }

    public LogReduce(EngineConfig engineConfig, ReduceConfig config) {
        this(new SignatureEngine(engineConfig), config);
    }

    /** Uses an existing engine (e.g. one restored from state); LogReduce must be its only caller of add(). */
    public LogReduce(SignatureEngine engine, ReduceConfig config) {
        this.tally = new SignatureTally(engine, config, 1);
    }

    /** Learns one event; returns the id of its signature at this moment (see {@link #resolve(String)}). */
    public String add(String event) {
        return tally.add(0, event);
    }

    /** The final id of a signature id returned earlier by {@link #add(String)}. */
    public String resolve(String id) {
        return tally.resolve(id);
    }

    /** The Loghub-notation template of a tracked id (resolving lineage), or null when it was evicted. */
    public String loghubTemplate(String id) {
        SignatureTally.Entry e = tally.entry(tally.resolve(id));
        return e == null ? null : e.loghubTemplate;
    }

    /** The Loghub-notation template of an id {@link #add(String)} just returned, without lineage work. */
    String loghubTemplateNow(String id) {
        SignatureTally.Entry e = tally.peek(id);
        return e == null ? null : e.loghubTemplate;
    }

    /** The typed template of a tracked id (resolving lineage), or null when it was evicted. */
    public String template(String id) {
        SignatureTally.Entry e = tally.entry(tally.resolve(id));
        return e == null ? null : e.template;
    }

    public SignatureEngine engine() {
        return tally.engine();
    }

    /** All tracked signatures, most frequent first (ties: by template, so output is deterministic). */
    public List<ReduceRow> rows() {
        return rows(Integer.MAX_VALUE);
    }

    /** The {@code top} most frequent signatures. */
    public List<ReduceRow> rows(int top) {
        List<Map.Entry<String, SignatureTally.Entry>> sorted = new ArrayList<>(tally.entries().entrySet());
        sorted.sort(Comparator.<Map.Entry<String, SignatureTally.Entry>>comparingLong(me -> -me.getValue().counts[0])
                .thenComparing(me -> me.getValue().template)
                .thenComparing(Map.Entry::getKey));
        long events = tally.events(0);
        int n = Math.min(top, sorted.size());
        List<ReduceRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map.Entry<String, SignatureTally.Entry> me = sorted.get(i);
            SignatureTally.Entry e = me.getValue();
            long c = e.counts[0];
            rows.add(new ReduceRow(i + 1, me.getKey(), e.template, e.loghubTemplate, c,
                    events == 0 ? 0.0 : (double) c / events, e.example, tally.parameterSummaries(e)));
        }
        return rows;
    }

    public ReduceTotals totals() {
        return new ReduceTotals(tally.events(0), tally.entries().size(), tally.evictedSignatures(),
                tally.evictedEvents(0), tally.truncatedEvents(), tally.engine().stats().updated());
    }
}
