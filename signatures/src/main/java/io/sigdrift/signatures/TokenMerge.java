package io.sigdrift.signatures;

/**
 * Generalises two differing tokens into one: the common prefix up to a punctuation boundary, one {@code <*>},
 * and the common suffix from a punctuation boundary. So {@code name=com.foo,} and {@code name=bar,} become
 * {@code name=<*>,} (the key stays a constant), while {@code alpha} and {@code beta} become {@code <*>}.
 */
final class TokenMerge {
    private TokenMerge() {
    }

    static void merge(String a, int as, int ae, char[] b, int bs, int be, StringBuilder out) {
        int la = ae - as;
        int lb = be - bs;
        int max = Math.min(la, lb);
        int p = 0;
        while (p < max && a.charAt(as + p) == b[bs + p]) {
            p++;
        }
        // back off to a boundary: the prefix must end with a punctuation char (not inside a word)
        while (p > 0 && !isBoundary(a.charAt(as + p - 1))) {
            p--;
        }
        int s = 0;
        while (s < max - p && a.charAt(ae - 1 - s) == b[be - 1 - s]) {
            s++;
        }
        while (s > 0 && !isBoundary(a.charAt(ae - s))) {
            s--;
        }
        out.append(a, as, as + p);
        // A typed mask that is entirely covered by the middle becomes ANY.
        out.append(MaskType.ANY.marker());
        out.append(a, ae - s, ae);
    }

    /** Punctuation that separates a constant key or wrapper from a value. Markers are not boundaries. */
    private static boolean isBoundary(char c) {
        if (MaskType.isMarker(c)) {
            return false;
        }
        return !(LineMasker.isLetter(c) || LineMasker.isDigit(c) || c == '_' || c == '-' || c == '.');
    }
}
