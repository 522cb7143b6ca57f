package io.sigdrift.signatures.reduce;

import io.sigdrift.signatures.Change;
import io.sigdrift.signatures.Match;
import io.sigdrift.signatures.ParameterSink;
import io.sigdrift.signatures.Signature;
import io.sigdrift.signatures.SignatureEngine;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Counts events per FINAL signature for one or more columns (LogReduce: one; LogCompare: baseline
 * and target), shared by {@link LogReduce} and {@link LogCompare}.
 *
 * <p>Templates generalise while events arrive: when the engine reports {@link Change#UPDATED} with a
 * previous id, the entry kept under the old id is moved to (or merged into) the new one and the old
 * id forwards to the new one, so every event ends up counted under the signature it belongs to after
 * the whole input was read, and {@link #resolve(String)} maps any id handed out earlier to that final id.
 *
 * <p>Bound: at most {@link ReduceConfig#maxTrackedSignatures()} entries; beyond it, entries whose
 * signature the engine has already evicted (its own LRU bound) are folded into the
 * {@link #evictedEvents(int) evicted} totals, which reports them instead of dropping them silently.
 * The forwarding map grows with the number of generalisations of one run (one short string pair each).
 */
final class SignatureTally {
    /** Forwarding chains longer than this are cut: ids derive from templates, so a cycle is possible in theory. */
    private static final int MAX_FORWARD_HOPS = 1_000;

    private final SignatureEngine engine;
    private final ReduceConfig config;
    private final int columns;
    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, String> forward = new HashMap<>();
    private final long[] events;
    private final long[] evictedEvents;
    private long evictedSignatures;
    private long truncatedEvents;
    private long droppedPositions;
    /** Events were added since the last {@link #reconcile()}. */
    private boolean dirty;

    static final class Entry {
        final long[] counts;
        String template;
        String loghubTemplate;
        final String example;
        /**
         * Value tallies by parameter position, one map per column (LogReduce: one column; LogCompare: baseline
         * and target apart, so attribution can compare a value's share on both sides); null until a value came.
         */
        Int2ObjectOpenHashMap<ValueTally>[] params;

        Entry(int columns, String example) {
            this.counts = new long[columns];
            this.example = example;
        }

        long total() {
            long t = 0;
            for (long c : counts) {
                t += c;
            }
            return t;
        }
    }

    SignatureTally(SignatureEngine engine, ReduceConfig config, int columns) {
        this.engine = engine;
        this.config = config;
        this.columns = columns;
        this.events = new long[columns];
        this.evictedEvents = new long[columns];
    }

    /** Learns one event in {@code column}; returns the id of its signature as of now. */
    String add(int column, String event) {
        Match m = engine.add(event);
        // Match may be a reused instance: read everything out of it before anything else calls the engine
        Signature sig = m.signature();
        Change change = m.change();
        String previous = m.previousId();
        boolean truncated = m.truncated();
        String id = sig.id();
        events[column]++;
        if (truncated) {
            truncatedEvents++;
        }
        if (change == Change.CREATED) {
            forward.remove(id); // a re-created template is live again under its own id
        }
        dirty = true;
        Entry e = entries.get(id);
        if (change == Change.UPDATED && previous != null && !previous.equals(id)) {
            e = moveOrMerge(previous, id, e, sig);
        }
        if (change != Change.NONE) {
            e = absorbAncestors(id, sig, e);
        }
        if (e == null) {
            e = new Entry(columns, clip(event));
            entries.put(id, e);
        }
        if (e.template == null || change != Change.NONE) {
            e.template = sig.template();
            e.loghubTemplate = sig.loghubTemplate();
        }
        e.counts[column]++;
        if (config.parameterSummaries()) {
            // from add()'s own masking (no second pass over the line; values counted without a String each)
            paramEntry = e;
            paramColumn = column;
            engine.lastParameters(paramSink);
            paramEntry = null;
        }
        if (entries.size() > config.maxTrackedSignatures()) {
            foldEvicted();
        }
        return id;
    }

    /**
     * The engine may fold a sibling signature into a generalised one without reporting it as the previous id
     * of a Match; it does record it among the ancestors. Entries of ancestors that are no longer live
     * signatures are merged here (a live ancestor id is a signature of its own again).
     */
    private Entry absorbAncestors(String id, Signature sig, Entry current) {
        List<String> ancestors = sig.ancestors();
        for (int i = 0, n = ancestors.size(); i < n; i++) {
            String a = ancestors.get(i);
            if (a.equals(id) || engine.signature(a) != null) {
                continue;
            }
            if (entries.containsKey(a)) {
                current = moveOrMerge(a, id, current, sig);
            } else {
                forward.put(a, id);
            }
        }
        return current;
    }

    /** Catches ancestors merged by the engine after their last reported change (see absorbAncestors). */
    private void reconcile() {
        if (!dirty) {
            return;
        }
        dirty = false;
        for (Signature s : engine.signatures()) {
            if (!s.ancestors().isEmpty()) {
                absorbAncestors(s.id(), s, entries.get(s.id()));
            }
        }
    }

    private Entry moveOrMerge(String previous, String id, Entry current, Signature sig) {
        forward.put(previous, id);
        Entry old = entries.remove(previous);
        if (old == null) {
            return current;
        }
        if (config.parameterSummaries() && old.template != null) {
            backfillGeneralised(old, old.template, sig.template());
        }
        if (current == null) {
            old.template = sig.template();
            old.loghubTemplate = sig.loghubTemplate();
            entries.put(id, old);
            return old;
        }
        for (int c = 0; c < columns; c++) {
            current.counts[c] += old.counts[c];
        }
        if (old.params != null) {
            if (current.params == null) {
                current.params = old.params;
            } else {
                for (int c = 0; c < columns; c++) {
                    Int2ObjectOpenHashMap<ValueTally> from = old.params[c];
                    if (from == null) {
                        continue;
                    }
                    if (current.params[c] == null) {
                        current.params[c] = from;
                        continue;
                    }
                    for (Int2ObjectOpenHashMap.Entry<ValueTally> p : from.int2ObjectEntrySet()) {
                        ValueTally mine = current.params[c].get(p.getIntKey());
                        if (mine == null) {
                            current.params[c].put(p.getIntKey(), p.getValue());
                        } else {
                            mine.absorb(p.getValue());
                        }
                    }
                }
            }
        }
        return current;
    }

    /**
     * A position that was a constant token before the template generalised held that constant in every
     * event absorbed so far; record it, so the value summary of the new parameter covers those events too.
     * Positions are the engine's token positions; templates whose token counts differ are left alone.
     */
    private void backfillGeneralised(Entry old, String oldTemplate, String newTemplate) {
        String[] before = TemplateTokens.split(oldTemplate);
        String[] after = TemplateTokens.split(newTemplate);
        if (before.length != after.length) {
            return;
        }
        for (int i = 0; i < after.length; i++) {
            if (before[i].indexOf('<') >= 0) {
                continue; // already variable (or holds a literal '<'): no single constant to credit
            }
            String[] typeAndValue = TemplateTokens.generalisedValue(before[i], after[i]);
            if (typeAndValue == null) {
                continue;
            }
            String value = clip(typeAndValue[1]);
            for (int c = 0; c < columns; c++) {
                long n = old.counts[c];
                if (n > 0) {
                    ValueTally t = tallyFor(old, c, i, typeAndValue[0]);
                    if (t != null) {
                        t.add(value, n);
                    }
                }
            }
        }
    }

    /** The entry whose parameters {@link #paramSink} is receiving (set only during lastParameters). */
    private Entry paramEntry;
    private int paramColumn;
    private final ParameterSink paramSink = this::addParameter;

    private void addParameter(int position, String type, String text, int start, int end) {
        ValueTally t = tallyFor(paramEntry, paramColumn, position, type);
        if (t == null) {
            return;
        }
        if (end - start <= config.maxValueChars()) {
            t.add(text, start, end, 1);
        } else {
            t.add(clip(text.substring(start, end)), 1);
        }
    }

    @SuppressWarnings("unchecked")
    private ValueTally tallyFor(Entry e, int column, int position, String type) {
        if (e.params == null) {
            e.params = new Int2ObjectOpenHashMap[columns];
        }
        Int2ObjectOpenHashMap<ValueTally> byPosition = e.params[column];
        if (byPosition == null) {
            byPosition = new Int2ObjectOpenHashMap<>(4);
            e.params[column] = byPosition;
        }
        ValueTally t = byPosition.get(position);
        if (t == null) {
            if (byPosition.size() >= config.maxPositions()) {
                droppedPositions++;
                return null;
            }
            t = new ValueTally(config.maxTrackedValues(), type);
            byPosition.put(position, t);
        } else {
            t.type(type);
        }
        return t;
    }

    private void foldEvicted() {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Entry> me = it.next();
            if (engine.signature(me.getKey()) == null) {
                for (int c = 0; c < columns; c++) {
                    evictedEvents[c] += me.getValue().counts[c];
                }
                evictedSignatures++;
                it.remove();
            }
        }
    }

    private String clip(String s) {
        if (s == null) {
            return "";
        }
        int max = config.maxValueChars();
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    /** The id an earlier returned id belongs to now (itself when it never generalised). */
    String resolve(String id) {
        reconcile();
        String cur = id;
        for (int hops = 0; hops < MAX_FORWARD_HOPS; hops++) {
            String next = forward.get(cur);
            if (next == null || next.equals(cur)) {
                return cur;
            }
            cur = next;
        }
        return cur;
    }

    Entry entry(String id) {
        reconcile();
        return entries.get(id);
    }

    /** The entry under exactly this id, without reconciling (cheap; for an id add() just returned). */
    Entry peek(String id) {
        return entries.get(id);
    }

    /** Entries by final id, after merging what the engine folded since the last call. */
    Map<String, Entry> entries() {
        reconcile();
        return entries;
    }

    /** Summaries of the first column's values (LogReduce's only column). */
    List<ParameterSummary> parameterSummaries(Entry e) {
        Int2ObjectOpenHashMap<ValueTally> byPosition = params(e, 0);
        if (byPosition == null || byPosition.isEmpty()) {
            return List.of();
        }
        List<ParameterSummary> out = new ArrayList<>(byPosition.size());
        for (Int2ObjectOpenHashMap.Entry<ValueTally> p : byPosition.int2ObjectEntrySet()) {
            out.add(p.getValue().summary(p.getIntKey(), config.topValues()));
        }
        out.sort((a, b) -> Integer.compare(a.position(), b.position()));
        return List.copyOf(out);
    }

    /** The value tallies of one column of an entry by position; null when none was kept. */
    static Int2ObjectOpenHashMap<ValueTally> params(Entry e, int column) {
        return e.params == null ? null : e.params[column];
    }

    long events(int column) { return events[column]; }
    long evictedEvents(int column) { return evictedEvents[column]; }
    long evictedSignatures() { return evictedSignatures; }
    long truncatedEvents() { return truncatedEvents; }
    long droppedPositions() { return droppedPositions; }
    SignatureEngine engine() { return engine; }
}
