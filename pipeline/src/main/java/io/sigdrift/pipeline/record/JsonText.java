package io.sigdrift.pipeline.record;

import java.time.Instant;

/**
 * Hand-written JSON text for the count records ({@link JsonLines#count}), one per signature and window: the
 * counts stream is the job's busiest output, and building each record with a Jackson generator over a
 * {@code StringWriter} (plus {@link Instant#toString} per time) was about a tenth of the count task's CPU in the
 * whole job's profile (JFR, 5M lines, p=2). Appends to a {@link StringBuilder}, nothing else is allocated.
 *
 * <p><b>Byte-identical to Jackson's default output</b> (what {@link JsonLines} wrote before; {@code JsonTextTest}
 * compares the two over every char and random records): strings escape {@code "} and {@code \} with a backslash,
 * {@code \b \t \n \f \r} by their short escapes and the other chars below U+0020 as {@code \}{@code u00XX} (upper-case
 * hex); every other char, non-ASCII and unpaired surrogates included, is written as is; numbers in decimal; no
 * spaces. Times are {@link Instant#toString} (ISO-8601 UTC, milliseconds shown only when not zero), written by hand
 * for the years 1970..9999 and by {@link Instant#toString} outside them.
 */
final class JsonText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** Last millisecond of 9999-12-31: beyond, Instant.toString adds a '+' and more year digits. */
    private static final long MAX_FAST_MILLIS = 253_402_300_799_999L;

    private JsonText() {}

    /** A JSON string (quoted, escaped as Jackson does), or {@code null}. */
    static void string(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        int n = s.length();
        int from = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            b.append(s, from, i);
            escape(b, c);
            from = i + 1;
        }
        b.append(s, from, n);
        b.append('"');
    }

    private static void escape(StringBuilder b, char c) {
        b.append('\\');
        switch (c) {
            case '"' -> b.append('"');
            case '\\' -> b.append('\\');
            case '\b' -> b.append('b');
            case '\t' -> b.append('t');
            case '\n' -> b.append('n');
            case '\f' -> b.append('f');
            case '\r' -> b.append('r');
            default -> b.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
        }
    }

    /** {@code Instant.ofEpochMilli(epochMillis).toString()}, quoted. */
    static void isoString(StringBuilder b, long epochMillis) {
        b.append('"');
        iso(b, epochMillis);
        b.append('"');
    }

    /** {@code Instant.ofEpochMilli(epochMillis).toString()}. */
    static String iso(long epochMillis) {
        StringBuilder b = new StringBuilder(24);
        iso(b, epochMillis);
        return b.toString();
    }

    /** Appends {@code Instant.ofEpochMilli(epochMillis).toString()}. */
    static void iso(StringBuilder b, long epochMillis) {
        if (epochMillis < 0 || epochMillis > MAX_FAST_MILLIS) {
            b.append(Instant.ofEpochMilli(epochMillis));
            return;
        }
        long days = epochMillis / 86_400_000L;
        int msOfDay = (int) (epochMillis - days * 86_400_000L);
        // civil date from days since 1970-01-01 (H. Hinnant's days_from_civil inverse, proleptic Gregorian as
        // java.time): eras of 400 years from 0000-03-01
        long z = days + 719_468;
        long era = z / 146_097;
        int doe = (int) (z - era * 146_097);
        int yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        int mp = (5 * doy + 2) / 153;
        int day = doy - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = (int) (yoe + era * 400) + (month <= 2 ? 1 : 0);
        digits(b, year, 4);
        b.append('-');
        digits(b, month, 2);
        b.append('-');
        digits(b, day, 2);
        b.append('T');
        int seconds = msOfDay / 1000;
        digits(b, seconds / 3600, 2);
        b.append(':');
        digits(b, seconds / 60 % 60, 2);
        b.append(':');
        digits(b, seconds % 60, 2);
        int ms = msOfDay % 1000;
        if (ms != 0) {
            b.append('.');
            digits(b, ms, 3);
        }
        b.append('Z');
    }

    /** {@code v} (0 <= v < 10^width) with leading zeros to {@code width} digits. */
    private static void digits(StringBuilder b, int v, int width) {
        for (int p = width == 4 ? 1000 : width == 3 ? 100 : 10; p > 0; p /= 10) {
            b.append((char) ('0' + v / p % 10));
        }
    }
}
