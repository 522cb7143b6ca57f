package io.sigdrift.signatures;

/**
 * Recognises a syslog/ctime-style date written over several whitespace tokens, e.g.
 * {@code Sat Jun 18 02:08:10 2005}, {@code Jun 18 02:08:10}, {@code Fri Jul 22 09:42:25 PDT 2005}:
 * [weekday] month day time [zone] [year]. Month + day + time are required, so plain words never match.
 */
final class DatePhrase {
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
            "nov", "dec"};
    private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

    private DatePhrase() {
    }

    /** End (exclusive) of a date phrase starting at s, or -1. Cheap reject: the first char must be a letter. */
    static int end(String t, int s, int limit) {
        if (s >= limit || !LineMasker.isLetter(t.charAt(s))) {
            return -1;
        }
        int j = s;
        int w = wordEnd(t, j, limit);
        if (isName(t, j, w, DAYS)) {
            j = skipSpace(t, w, limit);
            w = wordEnd(t, j, limit);
        }
        if (!isName(t, j, w, MONTHS)) {
            return -1;
        }
        j = skipSpace(t, w, limit);
        w = wordEnd(t, j, limit);
        if (!allDigits(t, j, w) || w - j > 2 || w == j) {
            return -1;
        }
        j = skipSpace(t, w, limit);
        w = wordEnd(t, j, limit);
        if (!isClock(t, j, w)) {
            return -1;
        }
        int endPos = w;
        // optional zone (2-5 upper-case letters) and year (4 digits)
        j = skipSpace(t, w, limit);
        w = wordEnd(t, j, limit);
        if (w - j >= 2 && w - j <= 5 && allUpper(t, j, w)) {
            int j2 = skipSpace(t, w, limit);
            int w2 = wordEnd(t, j2, limit);
            if (w2 - j2 == 4 && allDigits(t, j2, w2)) {
                return w2;
            }
            return w;
        }
        if (w - j == 4 && allDigits(t, j, w)) {
            return w;
        }
        return endPos;
    }

    private static int wordEnd(String t, int j, int limit) {
        while (j < limit && !LineMasker.isSpace(t.charAt(j))) {
            j++;
        }
        return j;
    }

    private static int skipSpace(String t, int j, int limit) {
        while (j < limit && LineMasker.isSpace(t.charAt(j))) {
            j++;
        }
        return j;
    }

    private static boolean isName(String t, int s, int e, String[] names) {
        int len = e - s;
        if (len < 3) {
            return false;
        }
        for (String n : names) {
            if (t.regionMatches(true, s, n, 0, 3)) {
                // "Jun" or "June"/"Saturday": accept the 3-letter form or a full name starting with it
                if (len == 3) {
                    return true;
                }
                for (int k = s + 3; k < e; k++) {
                    if (!LineMasker.isLetter(t.charAt(k))) {
                        return false;
                    }
                }
                return len <= 9;
            }
        }
        return false;
    }

    private static boolean isClock(String t, int s, int e) {
        // hh:mm or hh:mm:ss with optional fraction
        int colons = 0;
        if (e - s < 4 || !LineMasker.isDigit(t.charAt(s))) {
            return false;
        }
        for (int k = s; k < e; k++) {
            char c = t.charAt(k);
            if (c == ':') {
                colons++;
            } else if (!LineMasker.isDigit(c) && c != '.' && c != ',') {
                return false;
            }
        }
        return colons >= 1 && colons <= 2;
    }

    private static boolean allDigits(String t, int s, int e) {
        for (int k = s; k < e; k++) {
            if (!LineMasker.isDigit(t.charAt(k))) {
                return false;
            }
        }
        return e > s;
    }

    private static boolean allUpper(String t, int s, int e) {
        for (int k = s; k < e; k++) {
            char c = t.charAt(k);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }
}
