package io.sigdrift.signatures;

import java.util.ArrayList;
import java.util.List;

/** Aligns the raw tokens of a line with a template's tokens and cuts out the text under each mask. */
final class ParameterExtractor {
    private ParameterExtractor() {
    }

    static List<Parameter> extract(String line, LineMasker m, Cluster c) {
        List<Parameter> out = new ArrayList<>();
        int n = Math.min(m.count, c.tokenCount());
        for (int i = 0; i < n; i++) {
            int ts = c.tokenStart(i);
            int te = c.tokenEnd(i);
            int markers = 0;
            for (int k = ts; k < te; k++) {
                if (MaskType.isMarker(c.tpl.charAt(k))) {
                    markers++;
                }
            }
            if (markers == 0) {
                continue;
            }
            int rs = m.rawStart[i];
            int re = (i == c.tokenCount() - 1) ? m.rawEnd[m.count - 1] : m.rawEnd[i];
            alignToken(line, rs, re, c.tpl, ts, te, i, out);
        }
        return out;
    }

    /** Matches template token [ts, te) (literals and markers) against raw [rs, re); adds one Parameter per marker. */
    private static void alignToken(String line, int rs, int re, String tpl, int ts, int te, int pos,
                                   List<Parameter> out) {
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
            MaskType type = MaskType.ofMarker(tc);
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
            out.add(new Parameter(pos, type.label(), line.substring(r, Math.max(r, valueEnd))));
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
