package io.sigdrift.signatures;

/**
 * Recognises a date or time phrase, possibly written over several whitespace tokens, so the masker can make it
 * ONE {@link MaskType#TIME} value. A template must not keep a month name, a weekday or a zone as text, or the
 * signature's id would change at midnight, at month end or at year end (a new id restarts its baselines).
 *
 * <p>Forms recognised (the headers of common log formats; digits are judged by run length only, never by value,
 * because the masker's shape memo relies on that):
 * <ul>
 *   <li>ctime / Apache error log / syslog: {@code Sun Dec 04 04:47:44 2005}, {@code Dec 10 06:55:46},
 *       {@code Fri Jul 22 09:42:25 PDT 2005}</li>
 *   <li>NCSA common log format: {@code 31/Dec/2026:23:59:58 +0000}; Tomcat {@code 06-Dec-2026 10:00:00.123};
 *       RFC 1123 (HTTP) {@code Sun, 06 Dec 2026 10:00:00 GMT}; java.util.logging {@code Dec 5, 2026 10:00:00 PM}</li>
 *   <li>numeric date and time: ISO 8601 / RFC 3339 / RFC 5424 with {@code T} or a space, comma or dot
 *       fractions, {@code Z} or {@code +hh:mm}; nginx {@code 2026/12/05 10:00:00}; Spark {@code 17/06/09 20:10:40};
 *       Android logcat {@code 03-17 16:13:38.811} (month-day, needs the clock); BGL {@code 2005-06-03-15.42.50.675872};
 *       {@code 20171223-22:15:29:606}; {@code 2005.06.03}-style dates when a clock follows</li>
 *   <li>compact {@code 081109 203615} / {@code 20081109 203615}: only as the first token of an event
 *       ({@code compactAllowed}), where log headers put them; elsewhere two numbers stay two numbers</li>
 * </ul>
 * A phrase that is only one token of digits and separators ({@code 2016-09-28}, {@code 04:30:30}) is left to the
 * masker's single-token rule; this class returns -1 for it. A numeric date without a clock is not a phrase
 * ({@code 10.10.10} is a version or an address part more often than a date).
 */
final class DatePhrase {
    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december"};
    private static final String[] DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
            "sunday"};
    private static final int[] MONTH_KEYS = keys(MONTHS);
    private static final int[] DAY_KEYS = keys(DAYS);
    /**
     * Zone abbreviations accepted after a clock. An explicit list: "any 3-4 upper-case letters" would swallow the
     * log level or an HTTP method that follows a time ({@code 10:00:00 INFO}, {@code 10:00:00 GET}).
     */
    private static final String[] ZONES = {"UTC", "GMT", "UT", "Z", "PST", "PDT", "EST", "EDT", "CST", "CDT", "MST",
            "MDT", "AKST", "AKDT", "HST", "CET", "CEST", "EET", "EEST", "WET", "WEST", "BST", "IST", "MSK", "JST",
            "KST", "HKT", "SGT", "AEST", "AEDT", "ACST", "AWST", "NZST", "NZDT"};

    private DatePhrase() {
    }

    /**
     * End (exclusive) of a date/time phrase starting at s, or -1. Only a letter or digit at s can start one; the
     * common token is rejected after a few chars.
     *
     * @param compactAllowed whether the compact all-digit forms ({@code 081109 203615}) may match here
     */
    static int end(char[] t, int s, int limit, boolean compactAllowed) {
        if (s >= limit) {
            return -1;
        }
        char c0 = t[s];
        if (LineMasker.isLetter(c0)) {
            return named(t, s, limit);
        }
        if (LineMasker.isDigit(c0)) {
            return numeric(t, s, limit, compactAllowed);
        }
        return -1;
    }

    /** [weekday[,]] then "Mon dd[,] [yyyy]" or "dd Mon yyyy", then the usual clock tail. */
    private static int named(char[] t, int s, int limit) {
        int j = s;
        int w = nameEnd(t, j, limit, DAY_KEYS, DAYS);
        boolean weekday = w > 0;
        if (weekday) {
            j = w;
            if (j < limit && t[j] == ',') {
                j++;
            }
            int k = skipSpace(t, j, limit);
            if (k == j) {
                return -1;
            }
            j = k;
            if (j < limit && LineMasker.isDigit(t[j])) {
                // RFC 1123: "Sun, 06 Dec 2026 10:00:00 GMT"
                return dayMonthYear(t, j, limit);
            }
        }
        int m = nameEnd(t, j, limit, MONTH_KEYS, MONTHS);
        if (m < 0) {
            return -1;
        }
        j = skipSpace(t, m, limit);
        if (j == m) {
            return -1;
        }
        int d = digitsEnd(t, j, limit);
        if (d - j < 1 || d - j > 2) {
            return -1;
        }
        j = d;
        boolean year = false;
        if (j < limit && t[j] == ',') {
            // java.util.logging: "Dec 5, 2026 10:00:00 PM"
            int y = skipSpace(t, j + 1, limit);
            int ye = digitsEnd(t, y, limit);
            if (ye - y != 4 || !boundary(t, ye, limit)) {
                return -1;
            }
            j = ye;
            year = true;
        }
        int clock = afterSeparator(t, j, limit, false);
        int ce = clock < 0 ? -1 : clockEnd(t, clock, limit, false);
        if (ce < 0) {
            // "Dec 5, 2026" alone is a date; "Dec 5" alone is too weak (a count of things in December?)
            return year && boundary(t, j, limit) ? j : -1;
        }
        return zoneAndYear(t, ce, limit, !year);
    }

    /** "06 Dec 2026 10:00:00 GMT" (after a weekday). */
    private static int dayMonthYear(char[] t, int s, int limit) {
        int d = digitsEnd(t, s, limit);
        if (d - s < 1 || d - s > 2) {
            return -1;
        }
        int j = skipSpace(t, d, limit);
        if (j == d) {
            return -1;
        }
        int m = nameEnd(t, j, limit, MONTH_KEYS, MONTHS);
        if (m < 0) {
            return -1;
        }
        j = skipSpace(t, m, limit);
        int ye = digitsEnd(t, j, limit);
        if (j == m || ye - j != 4) {
            return -1;
        }
        int clock = afterSeparator(t, ye, limit, false);
        int ce = clock < 0 ? -1 : clockEnd(t, clock, limit, false);
        return ce < 0 ? (boundary(t, ye, limit) ? ye : -1) : zoneAndYear(t, ce, limit, false);
    }

    private static int numeric(char[] t, int s, int limit, boolean compactAllowed) {
        int a = digitsEnd(t, s, limit);
        int la = a - s;
        if (a >= limit) {
            return -1;
        }
        char sep = t[a];
        if (sep == '-' || sep == '/' || sep == '.') {
            if (a + 1 >= limit) {
                return -1;
            }
            if (LineMasker.isLetter(t[a + 1])) {
                // CLF "31/Dec/2026:23:59:58", Tomcat "06-Dec-2026 10:00:00"
                int m = nameEnd(t, a + 1, limit, MONTH_KEYS, MONTHS);
                if (la < 1 || la > 2 || m < 0 || m + 1 >= limit || t[m] != sep) {
                    return -1;
                }
                int ye = digitsEnd(t, m + 1, limit);
                if (ye - (m + 1) != 4 && ye - (m + 1) != 2) {
                    return -1;
                }
                return dateThenClock(t, ye, limit, true, false);
            }
            int b = digitsEnd(t, a + 1, limit);
            int lb = b - (a + 1);
            if (lb < 1 || lb > 2) {
                return -1;
            }
            if (b < limit && t[b] == sep && b + 1 < limit && LineMasker.isDigit(t[b + 1])) {
                int c = digitsEnd(t, b + 1, limit);
                int lc = c - (b + 1);
                boolean ymd = la == 4 && lc >= 1 && lc <= 2;
                boolean dmy = la >= 1 && la <= 2 && (lc == 4 || (lc == 2 && sep != '.'));
                if (!ymd && !dmy) {
                    return -1;
                }
                // BGL writes "2005-06-03-15.42.50.675872": a dash, then a clock with dots
                return dateThenClock(t, c, limit, false, sep == '-');
            }
            if (sep == '.' || la < 1 || la > 2) {
                return -1;
            }
            // logcat "03-17 16:13:38.811": month-day without a year, only with a clock after it
            int clock = afterSeparator(t, b, limit, false);
            int ce = clock < 0 ? -1 : clockEnd(t, clock, limit, false);
            return ce < 0 ? -1 : zoneAndYear(t, ce, limit, false);
        }
        if (la == 8 && (sep == '-' || sep == 'T' || sep == ' ' || sep == '_')) {
            // yyyyMMdd-HH:mm:ss:SSS, yyyyMMddTHHmmss is left alone; the clock must have colons unless compact
            int clock = afterSeparator(t, a, limit, false);
            if (clock < 0) {
                return -1;
            }
            int ce = clockEnd(t, clock, limit, false);
            if (ce > 0) {
                return zoneAndYear(t, ce, limit, false);
            }
            return compactAllowed ? compactTime(t, clock, limit) : -1;
        }
        if (la == 6 && compactAllowed && LineMasker.isSpace(sep)) {
            // HDFS-style "081109 203615" at the head of an event
            int clock = skipSpace(t, a, limit);
            return compactTime(t, clock, limit);
        }
        return -1;
    }

    /** The 6-digit HHmmss of a compact header, or -1. */
    private static int compactTime(char[] t, int s, int limit) {
        int e = digitsEnd(t, s, limit);
        return e - s == 6 && boundary(t, e, limit) ? e : -1;
    }

    /**
     * After a complete date ending at j: an optional clock. A date with a month name is a phrase even alone
     * ({@code 06-Dec-2026}); a numeric one only with its clock.
     */
    private static int dateThenClock(char[] t, int j, int limit, boolean named, boolean dotClockAllowed) {
        int clock = afterSeparator(t, j, limit, true);
        int ce = clock < 0 ? -1 : clockEnd(t, clock, limit, dotClockAllowed && t[j] == '-');
        if (ce < 0) {
            return named && boundary(t, j, limit) ? j : -1;
        }
        return zoneAndYear(t, ce, limit, false);
    }

    /**
     * Where a clock may start after a date ending at j: after 'T', '_' or spaces, and (CLF, BGL) after ':' or '-'
     * when {@code joined}. -1 when none of these follows.
     */
    private static int afterSeparator(char[] t, int j, int limit, boolean joined) {
        if (j >= limit) {
            return -1;
        }
        char c = t[j];
        if (c == 'T' || c == '_' || (joined && (c == ':' || c == '-'))) {
            return j + 1 < limit && LineMasker.isDigit(t[j + 1]) ? j + 1 : -1;
        }
        if (LineMasker.isSpace(c)) {
            int k = skipSpace(t, j, limit);
            return k < limit && LineMasker.isDigit(t[k]) ? k : -1;
        }
        return -1;
    }

    /**
     * hh:mm[:ss][(.|,|:)fraction] (or hh.mm.ss[.fraction] when {@code dots}); the end, or -1. An hour of one or two
     * digits, minutes and seconds of two.
     */
    private static int clockEnd(char[] t, int s, int limit, boolean dots) {
        char sep = dots ? '.' : ':';
        int h = digitsEnd(t, s, limit);
        if (h - s < 1 || h - s > 2 || h >= limit || t[h] != sep) {
            return -1;
        }
        int m = digitsEnd(t, h + 1, limit);
        if (m - h - 1 != 2) {
            return -1;
        }
        int j = m;
        if (j + 2 < limit && t[j] == sep && LineMasker.isDigit(t[j + 1])) {
            int sec = digitsEnd(t, j + 1, limit);
            if (sec - j - 1 != 2) {
                return -1;
            }
            j = sec;
            if (j + 1 < limit && (t[j] == '.' || t[j] == ',' || t[j] == ':') && LineMasker.isDigit(t[j + 1])) {
                int f = digitsEnd(t, j + 1, limit);
                if (f - j - 1 > 9) {
                    return -1;
                }
                j = f;
            }
        }
        if (j < limit && (LineMasker.isDigit(t[j]) || LineMasker.isLetter(t[j])) && t[j] != 'Z') {
            return -1; // "10:00abc" is not a clock
        }
        return j;
    }

    /**
     * After the clock: an attached {@code Z} or {@code +hh[:]mm}, or one space and a numeric offset
     * ({@code +0000} of CLF), AM/PM, a known zone name; then, if the date had no year (ctime), a 4-digit year.
     */
    private static int zoneAndYear(char[] t, int j, int limit, boolean yearMayFollow) {
        if (j < limit && t[j] == 'Z') {
            j++;
        } else {
            int o = offsetEnd(t, j, limit);
            if (o > 0) {
                j = o;
            }
        }
        int k = skipSpace(t, j, limit);
        if (k > j && k < limit) {
            int o = offsetEnd(t, k, limit);
            int w = wordEnd(t, k, limit);
            if (o > 0 && boundary(t, o, limit)) {
                j = o;
            } else if (w - k == 2 && ((t[k] | 0x20) == 'a' || (t[k] | 0x20) == 'p') && (t[k + 1] | 0x20) == 'm') {
                j = w;
            } else if (isZone(t, k, limit)) {
                j = letterEnd(t, k, limit);
            }
        }
        if (yearMayFollow) {
            k = skipSpace(t, j, limit);
            int ye = digitsEnd(t, k, limit);
            if (k > j && ye - k == 4 && boundary(t, ye, limit)) {
                j = ye;
            }
        }
        return boundary(t, j, limit) ? j : -1;
    }

    /** A numeric zone offset at j: +hhmm, -hhmm, +hh:mm, +hh; its end or -1. */
    private static int offsetEnd(char[] t, int j, int limit) {
        if (j >= limit || (t[j] != '+' && t[j] != '-')) {
            return -1;
        }
        int d = digitsEnd(t, j + 1, limit);
        int n = d - j - 1;
        if (n == 4) {
            return d;
        }
        if (n == 2 && d + 2 < limit && t[d] == ':' && digitsEnd(t, d + 1, limit) - d - 1 == 2) {
            return d + 3;
        }
        return n == 2 && !(d < limit && LineMasker.isDigit(t[d])) ? d : -1;
    }

    private static boolean isZone(char[] t, int k, int limit) {
        int e = letterEnd(t, k, limit);
        if (!boundary(t, e, limit)) {
            return false;
        }
        for (String z : ZONES) {
            if (z.length() == e - k) {
                boolean same = true;
                for (int i = 0; i < z.length(); i++) {
                    if (t[k + i] != z.charAt(i)) {
                        same = false;
                        break;
                    }
                }
                if (same) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the phrase may end at j: end of text, whitespace, or closing punctuation then whitespace/end. */
    static boolean boundary(char[] t, int j, int limit) {
        while (j < limit && !LineMasker.isSpace(t[j])) {
            char c = t[j];
            if (c != ']' && c != ')' && c != '}' && c != '>' && c != ',' && c != ';' && c != ':' && c != '.'
                    && c != '"' && c != '\'' && c != '|') {
                return false;
            }
            j++;
        }
        return true;
    }

    private static int digitsEnd(char[] t, int j, int limit) {
        while (j < limit && LineMasker.isDigit(t[j])) {
            j++;
        }
        return j;
    }

    private static int letterEnd(char[] t, int j, int limit) {
        while (j < limit && LineMasker.isLetter(t[j])) {
            j++;
        }
        return j;
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

    /**
     * End of a month or weekday name at s: its 3-letter abbreviation or its full name (any case; "Sept" too),
     * not followed by another letter; -1 otherwise. "Decoding" or "Monitor" never match.
     */
    private static int nameEnd(char[] t, int s, int limit, int[] keys, String[] names) {
        if (s + 3 > limit) {
            return -1;
        }
        int key = key(t[s], t[s + 1], t[s + 2]);
        for (int n = 0; n < keys.length; n++) {
            if (keys[n] == key) {
                int e = letterEnd(t, s, limit);
                int len = e - s;
                if (len == 3) {
                    return e;
                }
                String full = names[n];
                if (len == 4 && full.equals("september") && (t[s + 3] | 0x20) == 't') {
                    return e;
                }
                if (len != full.length()) {
                    return -1;
                }
                for (int i = 3; i < len; i++) {
                    if ((t[s + i] | 0x20) != full.charAt(i)) {
                        return -1;
                    }
                }
                return e;
            }
        }
        return -1;
    }

    /** Whether [s, e) (3 to 9 letters) starts like a month or weekday name: the cheap pre-check of the masker. */
    static boolean mayStartName(char[] t, int s, int e) {
        if (e - s < 3) {
            return false;
        }
        int key = key(t[s], t[s + 1], t[s + 2]);
        for (int k : MONTH_KEYS) {
            if (k == key) {
                return true;
            }
        }
        for (int k : DAY_KEYS) {
            if (k == key) {
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
}
