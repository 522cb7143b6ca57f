package io.sigdrift.pipeline.parse;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.text.ParsePosition;
import java.util.Locale;

/**
 * Finds and parses event timestamps, hand-written (no regex, no allocation on the common formats):
 * ISO-8601 ({@code 2024-03-01T12:00:00.123Z}, {@code 2024-03-01 12:00:00,123}, with or without offset),
 * RFC 3164 syslog ({@code Mar  1 12:00:00}, year inferred), Apache/Nginx common log format
 * ({@code [01/Mar/2024:12:00:00 +0000]}), epoch seconds (10 digits, optional fraction) and epoch
 * milliseconds (13 digits), plus a user {@link DateTimeFormatter} pattern (slower, allocates).
 *
 * <p>{@link #fromLine} looks at the start of the line (after an optional syslog {@code <PRI>}), and in
 * {@code auto}/{@code clf} mode at the first {@code [} within the first {@value #BRACKET_SCAN_CHARS} chars.
 * Times without an offset are read in the configured zone. Returns {@link #NONE} when nothing parses.
 *
 * <p>Not thread-safe only in the sense that it is meant to live in one operator instance; it is immutable.
 */
public final class TimestampParser implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Returned when no timestamp is found. */
    public static final long NONE = Long.MIN_VALUE;
    static final int BRACKET_SCAN_CHARS = 128;
    private static final long DAY_MS = 86_400_000L;

    public enum Format { AUTO, ISO, RFC3164, CLF, EPOCH_S, EPOCH_MS, PATTERN }

    private final Format format;
    private final String pattern;
    private final ZoneId zone;
    private final boolean utc;
    /** Year given to RFC 3164 times (which have none); the year before if that lands > 7 days ahead of {@link #referenceMillis}. */
    private final int syslogYear;
    private final long referenceMillis;
    private transient DateTimeFormatter formatter;

    private TimestampParser(Format format, String pattern, ZoneId zone, long referenceMillis) {
        this.format = format;
        this.pattern = pattern;
        this.zone = zone;
        this.utc = zone.normalized().equals(ZoneOffset.UTC);
        this.referenceMillis = referenceMillis;
        this.syslogYear = LocalDateTime.ofEpochSecond(Math.floorDiv(referenceMillis, 1000), 0, ZoneOffset.UTC).getYear();
        if (format == Format.PATTERN) {
            formatter();  // validate now, not on the first record
        }
    }

    /**
     * @param spec {@code auto}, {@code iso}, {@code rfc3164}, {@code clf}, {@code epoch-s}, {@code epoch-ms},
     *             or {@code pattern:<DateTimeFormatter pattern>}
     * @param referenceMillis "now" for inferring the year of syslog times
     * @throws IllegalArgumentException naming {@code --time-format} for an unknown spec or bad pattern
     */
    public static TimestampParser of(String spec, ZoneId zone, long referenceMillis) {
        if (spec == null) {
            throw new IllegalArgumentException("--time-format must not be empty");
        }
        String s = spec.trim();
        if (s.startsWith("pattern:")) {
            return new TimestampParser(Format.PATTERN, s.substring("pattern:".length()), zone, referenceMillis);
        }
        Format f = switch (s.toLowerCase(Locale.ROOT)) {
            case "auto" -> Format.AUTO;
            case "iso", "iso8601", "iso-8601" -> Format.ISO;
            case "rfc3164", "syslog" -> Format.RFC3164;
            case "clf", "apache", "nginx" -> Format.CLF;
            case "epoch-s", "epoch", "epoch-seconds" -> Format.EPOCH_S;
            case "epoch-ms", "epoch-millis" -> Format.EPOCH_MS;
            default -> throw new IllegalArgumentException("--time-format '" + spec
                    + "' is not one of auto, iso, rfc3164, clf, epoch-s, epoch-ms, pattern:<java DateTimeFormatter pattern>");
        };
        return new TimestampParser(f, null, zone, referenceMillis);
    }

    public static TimestampParser auto() {
        return of("auto", ZoneOffset.UTC, System.currentTimeMillis());
    }

    public Format format() {
        return format;
    }

    /** The timestamp found in a log line, or {@link #NONE}. */
    public long fromLine(String line) {
        int n = line.length();
        int start = 0;
        if (n > 0 && line.charAt(0) == '<') {               // syslog <PRI>
            int close = line.indexOf('>');
            if (close > 0 && close <= 4) {
                start = close + 1;
            }
        }
        switch (format) {
            case ISO:
                return iso(line, start);
            case RFC3164:
                return rfc3164(line, start);
            case EPOCH_S:
            case EPOCH_MS:
                return epoch(line, start, format == Format.EPOCH_MS);
            case CLF: {
                int b = bracket(line, start);
                return b < 0 ? NONE : clf(line, b + 1);
            }
            case PATTERN:
                return pattern(line, start);
            default:
                break;
        }
        // AUTO: decide by the first character so at most two parsers run on a line.
        if (start < n) {
            char c = line.charAt(start);
            long t = NONE;
            if (isDigit(c)) {
                t = iso(line, start);
                if (t == NONE) {
                    t = epoch(line, start, false);
                }
            } else if (c >= 'A' && c <= 'S') {
                t = rfc3164(line, start);
            }
            if (t != NONE) {
                return t;
            }
        }
        int b = bracket(line, start);
        if (b >= 0) {
            long t = clf(line, b + 1);
            return t != NONE ? t : iso(line, b + 1);
        }
        return NONE;
    }

    /** A timestamp given as a JSON string value: the whole value is parsed in the configured format. */
    public long fromText(String value) {
        if (format == Format.AUTO && !value.isEmpty() && isDigit(value.charAt(0)) && allDigitsOrDot(value)) {
            try {
                return fromNumber(Double.parseDouble(value));
            } catch (NumberFormatException e) {
                return NONE;
            }
        }
        return fromLine(value);
    }

    /**
     * A numeric timestamp: with {@code epoch-s}/{@code epoch-ms} as told, otherwise by magnitude
     * (below 1e11 seconds, below 1e14 milliseconds, below 1e17 microseconds, else nanoseconds).
     */
    public long fromNumber(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return NONE;
        }
        if (format == Format.EPOCH_S) {
            return (long) (v * 1000);
        }
        if (format == Format.EPOCH_MS) {
            return (long) v;
        }
        double a = Math.abs(v);
        if (a < 1e11) {
            return (long) (v * 1000);
        } else if (a < 1e14) {
            return (long) v;
        } else if (a < 1e17) {
            return (long) (v / 1000);
        }
        return (long) (v / 1_000_000);
    }

    // ---- ISO-8601: YYYY-MM-DD[T ]HH:MM[:SS[(.|,)fraction]][Z|+HH:MM|+HHMM|+HH]

    long iso(String s, int p) {
        int n = s.length();
        if (p + 16 > n || s.charAt(p + 4) != '-' || s.charAt(p + 7) != '-') {
            return NONE;
        }
        int year = digits(s, p, 4);
        int month = digits(s, p + 5, 2);
        int day = digits(s, p + 8, 2);
        char sep = s.charAt(p + 10);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || (sep != 'T' && sep != ' ' && sep != 't')) {
            return NONE;
        }
        int q = p + 11;
        int hour = digits(s, q, 2);
        if (hour < 0 || hour > 23 || s.charAt(q + 2) != ':') {
            return NONE;
        }
        int minute = digits(s, q + 3, 2);
        if (minute < 0 || minute > 59) {
            return NONE;
        }
        q += 5;
        int second = 0;
        if (q < n && s.charAt(q) == ':') {
            second = digits(s, q + 1, 2);
            if (second < 0 || second > 60) {
                return NONE;
            }
            q += 3;
        }
        int millis = 0;
        if (q < n && (s.charAt(q) == '.' || s.charAt(q) == ',')) {
            q++;
            int scale = 100;
            int start = q;
            while (q < n && isDigit(s.charAt(q))) {
                if (scale > 0) {
                    millis += (s.charAt(q) - '0') * scale;
                    scale /= 10;
                }
                q++;
            }
            if (q == start) {
                return NONE;
            }
        }
        long local = epochMillis(year, month, day, hour, minute, second, millis);
        if (q < n) {
            char z = s.charAt(q);
            if (z == 'Z' || z == 'z') {
                return local;
            }
            if (z == '+' || z == '-') {
                int offset = offsetMinutes(s, q);
                if (offset != Integer.MIN_VALUE) {
                    return local - offset * 60_000L;
                }
            }
        }
        return inZone(local, year, month, day, hour, minute, second);
    }

    // ---- RFC 3164: "Mmm dd HH:MM:SS" with a space-padded day

    long rfc3164(String s, int p) {
        int n = s.length();
        if (p + 15 > n || s.charAt(p + 3) != ' ') {
            return NONE;
        }
        int month = month(s, p);
        if (month < 0) {
            return NONE;
        }
        int q = p + 4;
        if (s.charAt(q) == ' ') {  // "Mar  1"
            q++;
        }
        int day = 0;
        int digitsRead = 0;
        while (q < n && isDigit(s.charAt(q)) && digitsRead < 2) {
            day = day * 10 + (s.charAt(q) - '0');
            q++;
            digitsRead++;
        }
        if (digitsRead == 0 || day < 1 || day > 31 || q + 9 > n || s.charAt(q) != ' ') {
            return NONE;
        }
        q++;
        int hour = digits(s, q, 2);
        int minute = digits(s, q + 3, 2);
        int second = digits(s, q + 6, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60
                || s.charAt(q + 2) != ':' || s.charAt(q + 5) != ':') {
            return NONE;
        }
        int millis = 0;
        q += 8;
        if (q < n && s.charAt(q) == '.') {   // RFC 5424-ish fractional seconds some daemons add
            int scale = 100;
            q++;
            while (q < n && isDigit(s.charAt(q))) {
                if (scale > 0) {
                    millis += (s.charAt(q) - '0') * scale;
                    scale /= 10;
                }
                q++;
            }
        }
        int year = syslogYear;
        long t = inZone(epochMillis(year, month, day, hour, minute, second, millis), year, month, day, hour, minute, second);
        if (t > referenceMillis + 7 * DAY_MS) {   // December lines read in January belong to last year
            year--;
            t = inZone(epochMillis(year, month, day, hour, minute, second, millis), year, month, day, hour, minute, second);
        }
        return t;
    }

    // ---- Common log format: "dd/Mmm/yyyy:HH:MM:SS +hhmm" (p is just after '[')

    long clf(String s, int p) {
        int n = s.length();
        if (p + 20 > n || s.charAt(p + 2) != '/' || s.charAt(p + 6) != '/' || s.charAt(p + 11) != ':') {
            return NONE;
        }
        int day = digits(s, p, 2);
        int month = month(s, p + 3);
        int year = digits(s, p + 7, 4);
        int hour = digits(s, p + 12, 2);
        int minute = digits(s, p + 15, 2);
        int second = digits(s, p + 18, 2);
        if (day < 1 || day > 31 || month < 0 || year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 60 || s.charAt(p + 14) != ':' || s.charAt(p + 17) != ':') {
            return NONE;
        }
        long local = epochMillis(year, month, day, hour, minute, second, 0);
        int q = p + 20;
        if (q + 1 < n && s.charAt(q) == ' ' && (s.charAt(q + 1) == '+' || s.charAt(q + 1) == '-')) {
            int offset = offsetMinutes(s, q + 1);
            if (offset != Integer.MIN_VALUE) {
                return local - offset * 60_000L;
            }
        }
        return inZone(local, year, month, day, hour, minute, second);
    }

    // ---- Epoch: 10 digits (seconds, optional .fraction) or 13 digits (millis), ended by a non-digit

    long epoch(String s, int p, boolean millisOnly) {
        int n = s.length();
        int q = p;
        long v = 0;
        while (q < n && isDigit(s.charAt(q)) && q - p < 19) {
            v = v * 10 + (s.charAt(q) - '0');
            q++;
        }
        int len = q - p;
        if (q < n && isDigit(s.charAt(q))) {
            return NONE;
        }
        if (len == 13 || (millisOnly && len > 0)) {
            return v;
        }
        if (len != 10) {
            return NONE;
        }
        long ms = v * 1000;
        if (q < n && s.charAt(q) == '.') {
            q++;
            int scale = 100;
            while (q < n && isDigit(s.charAt(q))) {
                if (scale > 0) {
                    ms += (s.charAt(q) - '0') * scale;
                    scale /= 10;
                }
                q++;
            }
        }
        return ms;
    }

    // ---- user pattern: rare, allocates

    long pattern(String s, int p) {
        try {
            ParsePosition pos = new ParsePosition(p);
            TemporalAccessor t = formatter().parse(s, pos);
            if (t.isSupported(ChronoField.INSTANT_SECONDS)) {
                long ms = t.getLong(ChronoField.INSTANT_SECONDS) * 1000;
                return t.isSupported(ChronoField.MILLI_OF_SECOND) ? ms + t.getLong(ChronoField.MILLI_OF_SECOND) : ms;
            }
            return LocalDateTime.from(t).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeException | IndexOutOfBoundsException e) {
            return NONE;
        }
    }

    private DateTimeFormatter formatter() {
        if (formatter == null) {
            try {
                formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(zone);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--time-format pattern '" + pattern + "' is not a valid "
                        + "java.time.format.DateTimeFormatter pattern: " + e.getMessage());
            }
        }
        return formatter;
    }

    // ---- helpers

    private static int bracket(String s, int from) {
        int limit = Math.min(s.length(), from + BRACKET_SCAN_CHARS);
        for (int i = from; i < limit; i++) {
            if (s.charAt(i) == '[') {
                return i;
            }
        }
        return -1;
    }

    private long inZone(long localAsUtc, int year, int month, int day, int hour, int minute, int second) {
        if (utc) {
            return localAsUtc;
        }
        ZoneOffset off = zone.getRules().getOffset(LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59)));
        return localAsUtc - off.getTotalSeconds() * 1000L;
    }

    /** "+HH:MM", "+HHMM" or "+HH" at p; minutes east of UTC, or Integer.MIN_VALUE. */
    private static int offsetMinutes(String s, int p) {
        int sign = s.charAt(p) == '-' ? -1 : 1;
        int h = digits(s, p + 1, 2);
        if (h < 0 || h > 18) {
            return Integer.MIN_VALUE;
        }
        int q = p + 3;
        if (q < s.length() && s.charAt(q) == ':') {
            q++;
        }
        int m = digits(s, q, 2);
        if (m < 0) {
            m = 0;
        }
        return sign * (h * 60 + m);
    }

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /** 1..12 for a three-letter English month name at p (case as in logs: "Jan"), else -1. */
    private static int month(String s, int p) {
        if (p + 3 > s.length()) {
            return -1;
        }
        char a = s.charAt(p);
        char b = s.charAt(p + 1);
        char c = s.charAt(p + 2);
        for (int i = 0; i < 12; i++) {
            int k = i * 3;
            if (MONTHS.charAt(k) == a && MONTHS.charAt(k + 1) == b && MONTHS.charAt(k + 2) == c) {
                return i + 1;
            }
        }
        return -1;
    }

    /** The value of exactly {@code count} decimal digits at p, or -1. */
    private static int digits(String s, int p, int count) {
        if (p < 0 || p + count > s.length()) {
            return -1;
        }
        int v = 0;
        for (int i = p; i < p + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean allDigitsOrDot(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isDigit(c) && c != '.') {
                return false;
            }
        }
        return true;
    }

    static long epochMillis(int year, int month, int day, int hour, int minute, int second, int millis) {
        return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm, exact, no tables). */
    static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
