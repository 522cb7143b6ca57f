package io.sigdrift.signatures;

import it.unimi.dsi.fastutil.ints.IntArrayList;

/**
 * Aligns the raw tokens of a line with a template's tokens and cuts out the text under each mask.
 *
 * <p>The result is a flat list of spans, four ints per parameter: template position, marker char, start and end
 * in the line. It depends on the line only through its raw token offsets and its non-digit chars, so it is the
 * same for every line of one SHAPE (see {@link LineMasker#load}): the engine memoises it per shape and replays
 * it for the lines its shape path handles without masking them.
 */
final class ParameterExtractor {
    /** Ints per span in the list {@link #extract} fills. */
    static final int SPAN_INTS = 4;

    private ParameterExtractor() {
    }

    /** Appends the spans of {@code line} (masked in m) under template c to {@code spans}. No other allocation. */
    static void extract(String line, LineMasker m, Cluster c, IntArrayList spans) {
        int n = Math.min(m.count, c.tokenCount());
        for (int i = 0; i < n; i++) {
            int ts = c.tokenStart(i);
            int te = c.tokenEnd(i);
            boolean marker = false;
            for (int k = ts; k < te && !marker; k++) {
                marker = MaskType.isMarker(c.tpl.charAt(k));
            }
            if (!marker) {
                continue;
            }
            int rs = m.rawStart[i];
            int re = (i == c.tokenCount() - 1) ? m.rawEnd[m.count - 1] : m.rawEnd[i];
            alignToken(line, rs, re, c.tpl, ts, te, i, spans);
        }
    }

    /** Matches template token [ts, te) (literals and markers) against raw [rs, re); adds one span per marker. */
    private static void alignToken(String line, int rs, int re, String tpl, int ts, int te, int pos,
                                   IntArrayList spans) {
        int r = rs;
        int t = ts;
        while (t < te) {
            char tc = tpl.charAt(t);
            if (!MaskType.isMarker(tc)) {
                if (r < re && line.charAt(r) == tc) {
                    r++;
                }
                t++;
                continue;
            }
            // the literal run after this marker (up to the next marker or the token end)
            int ls = t + 1;
            int le = ls;
            while (le < te && !MaskType.isMarker(tpl.charAt(le))) {
                le++;
            }
            int valueEnd;
            if (ls == le) {
                valueEnd = re; // marker at token end: takes the rest
            } else if (le == te) {
                // trailing literal: anchored at the end of the raw token
                int lit = le - ls;
                valueEnd = re - lit >= r && line.regionMatches(re - lit, tpl, ls, lit) ? re - lit : re;
            } else {
                int found = indexOf(line, r + 1, re, tpl, ls, le - ls);
                valueEnd = found < 0 ? re : found;
            }
            spans.add(pos);
            spans.add(tc);
            spans.add(r);
            spans.add(Math.max(r, valueEnd));
            r = Math.max(r, valueEnd);
            t++;
        }
    }

    private static int indexOf(String line, int from, int to, String tpl, int ls, int len) {
        for (int j = from; j + len <= to; j++) {
            if (line.regionMatches(j, tpl, ls, len)) {
                return j;
            }
        }
        return -1;
    }
}
