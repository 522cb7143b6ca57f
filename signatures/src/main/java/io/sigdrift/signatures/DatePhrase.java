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
    private static final int[] MONTH_KEYS = keys(MONTHS);
    private static final int[] DAY_KEYS = keys(DAYS);

    private DatePhrase() {
    }

    /** End (exclusive) of a date phrase starting at s, or -1. Cheap reject: the first char must be a letter. */
    static int end(char[] t, int s, int firstEnd, int limit) {
        int len = firstEnd - s;
        if (len < 3 || len > 9 || !LineMasker.isLetter(t[s])) {
            return -1;
        }
        int j = s;
        int w = firstEnd;
        if (isName(t, j, w, DAY_KEYS)) {
            j = skipSpace(t, w, limit);
            w = wordEnd(t, j, limit);
        }
        if (!isName(t, j, w, MONTH_KEYS)) {
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

    private static int wordEnd(char[] t, int j, int limit) {
        while (j < limit && !LineMasker.isSpace(t[j])) {
            j++;
        }
        return j;
    }

    private static int skipSpace(char[] t, int j, int limit) {
        while (j < limit && LineMasker.isSpace(t[j])) {
            j++;
        }
        return j;
    }

    private static boolean isName(char[] t, int s, int e, int[] keys) {
        int len = e - s;
        if (len < 3 || len > 9) {
            return false;
        }
        int key = key(t[s], t[s + 1], t[s + 2]);
        for (int k : keys) {
            if (k == key) {
                // "Jun" or a full name starting with it ("June", "Saturday")
                for (int j = s + 3; j < e; j++) {
                    if (!LineMasker.isLetter(t[j])) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static int key(char a, char b, char c) {
        return ((a | 0x20) << 16) | ((b | 0x20) << 8) | (c | 0x20);
    }

    private static int[] keys(String[] names) {
        int[] k = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            k[i] = key(names[i].charAt(0), names[i].charAt(1), names[i].charAt(2));
        }
        return k;
    }

    private static boolean isClock(char[] t, int s, int e) {
        // hh:mm or hh:mm:ss with optional fraction
        int colons = 0;
        if (e - s < 4 || !LineMasker.isDigit(t[s])) {
            return false;
        }
        for (int k = s; k < e; k++) {
            char c = t[k];
            if (c == ':') {
                colons++;
            } else if (!LineMasker.isDigit(c) && c != '.' && c != ',') {
                return false;
            }
        }
        return colons >= 1 && colons <= 2;
    }

    private static boolean allDigits(char[] t, int s, int e) {
        for (int k = s; k < e; k++) {
            if (!LineMasker.isDigit(t[k])) {
                return false;
            }
        }
        return e > s;
    }

    private static boolean allUpper(char[] t, int s, int e) {
        for (int k = s; k < e; k++) {
            char c = t[k];
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }
}
