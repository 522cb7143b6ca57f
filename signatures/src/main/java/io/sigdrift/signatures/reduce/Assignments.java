package io.sigdrift.signatures.reduce;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Remembers which signature each input line went to, so that after the whole input was read every line
 * can be reported with its FINAL signature (templates generalise while lines arrive).
 *
 * <p>Memory: one int per line plus one entry per distinct signature id handed out during the run, so it
 * is meant for batch runs (the accuracy check's {@code --assignments}), not for unbounded streams.
 * Lines that were skipped (blank, binary, ...) are recorded with {@link #recordSkipped()} and reported
 * with an empty id and template, so row numbers always equal line numbers.
 */
public final class Assignments {
    private static final int SKIPPED = -1;

    private final LogReduce reduce;
    private final IntArrayList lineToId = new IntArrayList();
    private final Object2IntOpenHashMap<String> idIndex = new Object2IntOpenHashMap<>();
    private final List<String> ids = new ArrayList<>();
    /** Template of each id when it was handed out: the fallback if the id was evicted later. */
    private final List<String> templates = new ArrayList<>();

    public Assignments(LogReduce reduce) {
        this.reduce = reduce;
        idIndex.defaultReturnValue(SKIPPED);
    }

    /**
     * Line {@code lineNumber} (from 1) belongs to the signature {@code id} as returned by
     * {@link LogReduce#add(String)}. Lines may be recorded in any order (multi-line events complete late);
     * lines never recorded are reported like skipped ones.
     */
    public void record(long lineNumber, String id) {
        int idx = idIndex.getInt(id);
        if (idx == SKIPPED) {
            idx = ids.size();
            ids.add(id);
            // the id was just handed out by add(): read its entry directly (resolving would reconcile
            // the whole engine per new id, quadratic on inputs where most lines are new signatures)
            String t = reduce.loghubTemplateNow(id);
            templates.add(t == null ? "" : t);
            idIndex.put(id, idx);
        }
        slot(lineNumber);
        lineToId.set((int) (lineNumber - 1), idx);
    }

    /** Line {@code lineNumber} was not an event (it is counted as skipped elsewhere). */
    public void recordSkipped(long lineNumber) {
        slot(lineNumber);
        lineToId.set((int) (lineNumber - 1), SKIPPED);
    }

    private void slot(long lineNumber) {
        if (lineNumber < 1 || lineNumber > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("lineNumber must be in [1, " + (Integer.MAX_VALUE - 8) + "], was " + lineNumber);
        }
        while (lineToId.size() < lineNumber) {
            lineToId.add(SKIPPED);
        }
    }

    public int lines() {
        return lineToId.size();
    }

    /** Receives one row per line, in input order, after lineage resolution. */
    public interface RowSink {
        void row(long lineNumber, String signatureId, String loghubTemplate) throws java.io.IOException;
    }

    /** Resolves every recorded id to its final signature and emits rows numbered from 1. */
    public void forEach(RowSink sink) throws java.io.IOException {
        String[] finalIds = new String[ids.size()];
        String[] finalTemplates = new String[ids.size()];
        for (int i = 0; i < finalIds.length; i++) {
            String fid = reduce.resolve(ids.get(i));
            String t = reduce.loghubTemplate(fid);
            if (t == null) {
                int j = idIndex.getInt(fid);
                t = j == SKIPPED ? templates.get(i) : templates.get(j);
            }
            finalIds[i] = fid;
            finalTemplates[i] = t;
        }
        for (int line = 0, n = lineToId.size(); line < n; line++) {
            int idx = lineToId.getInt(line);
            if (idx == SKIPPED) {
                sink.row(line + 1L, "", "");
            } else {
                sink.row(line + 1L, finalIds[idx], finalTemplates[idx]);
            }
        }
    }
}
