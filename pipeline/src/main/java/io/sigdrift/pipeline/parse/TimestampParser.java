package io.sigdrift.pipeline.parse;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.text.ParsePosition;
import java.util.Locale;

/**
 * Finds and parses event timestamps, hand-written (no regex, no allocation on the common formats).
 *
 * <p><b>{@code auto}</b> knows the {@link Layout}s below and looks for them at the start of each of the first
 * {@value #MAX_HEADER_TOKENS} whitespace-separated fields of a line (after an optional syslog {@code <PRI>}; a
 * field's leading {@code [} is skipped, so {@code [Sun Dec 04 04:47:44 2005]} and CLF's {@code [10/Oct/2000:...]}
 * are found too). {@link #scan} returns the first match, field by field from the left, and tells which layout
 * and field matched, so {@link SourceTimes} can settle on one layout per source and then call {@link #parseAt}
 * alone on each line. The explicit formats ({@code iso}, {@code rfc3164}, {@code clf}, {@code epoch-s},
 * {@code epoch-ms}, {@code pattern:P}) read only the start of the line (CLF: the first {@code [}).
 *
 * <p><b>A number in the message is not a time.</b> The convention every common log format follows is that the
 * time is part of the header, before the free text: syslog (RFC 3164 and 5424), log4j/logback/python layouts,
 * logcat, CLF, the HPC/BGL exports all put it within the first five fields. So only those fields are looked at,
 * a layout must match whole (every field in range: month 1-12, hour 0-23, ...), and a bare number counts as epoch
 * time only as a whole field of exactly 10 (seconds, optional fraction) or 13 (milliseconds) digits that falls
 * in [2000, 2100).
 *
 * <p><b>Years.</b> Layouts without a year (syslog, logcat, glog) get the year that puts them nearest to the
 * record's reference time without lying more than {@code --max-future} ahead ({@link YearlessDates}); the
 * reference is passed with every call, never frozen. Two-digit years follow POSIX {@code strptime %y}: 69-99
 * are 19xx, 00-68 are 20xx. Times without an offset are read in the configured zone.
 *
 * <p>Not thread-safe (the year cache and the last scan's result are mutable); one per operator instance.
 */
public final class TimestampParser implements java.io.Serializable {
    private static final long serialVersionUID = 2L;

    /** Returned when no timestamp is found. */
    public static final long NONE = Long.MIN_VALUE;
    /** {@code clf}: the first {@code [} is looked for within this many chars. */
    static final int BRACKET_SCAN_CHARS = 128;
    /** {@code auto}: the time is looked for at the start of the first this many fields of a line (see the class comment). */
    public static final int MAX_HEADER_TOKENS = 6;
    /** {@code auto}: and only within this many chars of the line's start. */
    public static final int MAX_HEADER_CHARS = 160;
    /** A bare number is epoch time only between 2000-01-01 and 2100-01-01 (see the class comment). */
    static final long PLAUSIBLE_EPOCH_MIN = 946_684_800_000L;
    static final long PLAUSIBLE_EPOCH_MAX = 4_102_444_800_000L;
    private static final long DAY_MS = YearlessDates.DAY_MS;

    public enum Format { AUTO, ISO, RFC3164, CLF, EPOCH_S, EPOCH_MS, PATTERN }

    /** What {@code auto} recognises; examples in the order tried at a field starting with a digit, then a letter. */
    public enum Layout {
        /** {@code 2024-03-01T12:00:00.123Z}, {@code 2015-07-29 17:41:44,747}, nginx {@code 2026/12/05 10:00:00},
         *  Windows CBS {@code 2016-09-28 04:30:30,}, DB2/BGL {@code 2005-06-03-15.42.50.675872}; offset optional. */
        ISO,
        /** {@code 20171223-22:15:29:606}, {@code 20240301T120000Z}, {@code 20240301 12:00:00}. */
        COMPACT,
        /** HDFS {@code 081109 203615}: {@code yyMMdd HHmmss}. */
        YYMMDD_HHMMSS,
        /** Spark/log4j {@code 17/06/09 20:10:40}: {@code yy/MM/dd HH:mm:ss}. */
        YY_SLASH,
        /** Android logcat {@code 03-17 16:13:38.811}, Proxifier {@code [10.30 16:49:06]}: {@code MM-dd} or {@code MM.dd}, no year. */
        MONTH_DAY,
        /** CLF {@code 10/Oct/2000:13:55:36 -0700}, Tomcat {@code 05-Dec-2026 10:00:00.123}, RFC 2822 {@code 05 Dec 2026 10:00:00 +0000}. */
        DAY_MONTH_NAME,
        /** 10 digits, optional fraction. */
        EPOCH_S,
        /** 13 digits. */
        EPOCH_MS,
        /** RFC 3164 syslog {@code Dec 10 06:55:46}, {@code Mar  1 ...}, optional fraction; or {@code Mar 1 2024 12:00:00}. */
        SYSLOG,
        /** Apache error log / ctime {@code Sun Dec 04 04:47:44 2005} (optional fraction, optional UTC/GMT before the
         *  year), and RFC 2822 {@code Sat, 05 Dec 2026 10:00:00 +0000}. */
        WEEKDAY,
        /** glog/klog {@code I1205 10:00:00.123456}: severity letter, MMdd, no year. */
        GLOG;

        static final Layout[] ALL = values();
    }

    private final Format format;
    private final String pattern;
    private final ZoneId zone;
    private final boolean utc;
    private final YearlessDates years;
    private transient DateTimeFormatter formatter;
    /** Set by {@link #scan}: the layout and field of its match (no object per call). */
    private Layout scanLayout;
    private int scanToken;

    private TimestampParser(Format format, String pattern, ZoneId zone, long maxFutureMillis) {
        this.format = format;
        this.pattern = pattern;
        this.zone = zone;
        this.utc = zone.normalized().equals(ZoneOffset.UTC);
        this.years = new YearlessDates(zone, maxFutureMillis);
        if (format == Format.PATTERN) {
            formatter();  // validate now, not on the first record
        }
    }

    /**
     * @param spec      {@code auto}, {@code iso}, {@code rfc3164}, {@code clf}, {@code epoch-s}, {@code epoch-ms},
     *                  or {@code pattern:<DateTimeFormatter pattern>}
     * @param maxFuture how far ahead of the reference a yearless date may lie ({@code --max-future})
     * @throws IllegalArgumentException naming {@code --time-format} for an unknown spec or bad pattern
     */
    public static TimestampParser of(String spec, ZoneId zone, Duration maxFuture) {
        if (spec == null) {
            throw new IllegalArgumentException("--time-format must not be empty");
        }
        long maxFutureMillis = maxFuture.toMillis();
        String s = spec.trim();
        if (s.startsWith("pattern:")) {
            return new TimestampParser(Format.PATTERN, s.substring("pattern:".length()), zone, maxFutureMillis);
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
        return new TimestampParser(f, null, zone, maxFutureMillis);
    }

    public Format format() {
        return format;
    }

    /**
     * The timestamp found in a log line, or {@link #NONE}. {@code auto} scans the header ({@link #scan}); a source
     * of many lines is better served by {@link SourceTimes}, which scans only until it knows the source's layout.
     *
     * @param now the record's reference time: the year of yearless dates is chosen against it
     */
    public long fromLine(String line, long now) {
        int start = afterPriority(line);
        switch (format) {
            case ISO:
                return iso(line, start);
            case RFC3164:
                return syslog(line, start, now);
            case EPOCH_S:
            case EPOCH_MS:
                return epoch(line, start, format == Format.EPOCH_MS);
            case CLF: {
                int b = bracket(line, start);
                return b < 0 ? NONE : dayMonthName(line, b + 1);
            }
            case PATTERN:
                return pattern(line, start);
            default:
                return scan(line, now);
        }
    }

    /** A timestamp given as a JSON string value: the whole value is parsed in the configured format. */
    public long fromText(String value, long now) {
        if (format == Format.AUTO && !value.isEmpty() && isDigit(value.charAt(0)) && allDigitsOrDot(value)) {
            try {
                return fromNumber(Double.parseDouble(value));
            } catch (NumberFormatException e) {
                return NONE;
            }
        }
        return fromLine(value, now);
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

    // ---- auto: scan the header, or parse one known layout at one known field

    /**
     * Tries every {@link Layout} at the start of each of the first {@value #MAX_HEADER_TOKENS} fields, left to
     * right; on a match {@link #scanLayout()} and {@link #scanToken()} tell where. Cost: a few char comparisons per
     * field and layout (each layout rejects on its first characters), no allocation.
     */
    public long scan(String line, long now) {
        int p = afterPriority(line);
        int n = line.length();
        int limit = Math.min(n, MAX_HEADER_CHARS);
        for (int token = 0; token < MAX_HEADER_TOKENS; token++) {
            while (p < limit && isSpace(line.charAt(p))) {
                p++;
            }
            if (p >= limit) {
                return NONE;
            }
            int q = line.charAt(p) == '[' ? p + 1 : p;
            if (q < n) {
                char c = line.charAt(q);
                Layout[] candidates = Layout.ALL;
                int from = isDigit(c) ? 0 : Layout.SYSLOG.ordinal();
                int to = isDigit(c) ? Layout.SYSLOG.ordinal() : (isLetter(c) ? candidates.length : 0);
                for (int i = from; i < to; i++) {
                    long t = parseLayout(candidates[i], line, q, now);
                    if (t != NONE) {
                        scanLayout = candidates[i];
                        scanToken = token;
                        return t;
                    }
                }
            }
            while (p < limit && !isSpace(line.charAt(p))) {
                p++;
            }
        }
        return NONE;
    }

    /** The layout of the last successful {@link #scan}. */
    public Layout scanLayout() {
        return scanLayout;
    }

    /** The field (0-based) of the last successful {@link #scan}. */
    public int scanToken() {
        return scanToken;
    }

    /** The time in {@code layout} at the start of field {@code token} (a leading {@code [} skipped), or {@link #NONE}. */
    public long parseAt(Layout layout, int token, String line, long now) {
        int p = tokenStart(line, token);
        if (p < 0) {
            return NONE;
        }
        if (line.charAt(p) == '[') {
            p++;
        }
        return parseLayout(layout, line, p, now);
    }

    /** Start of field {@code token} (after an optional {@code <PRI>}), or -1 beyond the header. */
    static int tokenStart(String s, int token) {
        int p = afterPriority(s);
        int limit = Math.min(s.length(), MAX_HEADER_CHARS);
        for (int k = 0; ; k++) {
            while (p < limit && isSpace(s.charAt(p))) {
                p++;
            }
            if (p >= limit) {
                return -1;
            }
            if (k == token) {
                return p;
            }
            while (p < limit && !isSpace(s.charAt(p))) {
                p++;
            }
        }
    }

    long parseLayout(Layout layout, String s, int p, long now) {
        return switch (layout) {
            case ISO -> iso(s, p);
            case COMPACT -> compact(s, p);
            case YYMMDD_HHMMSS -> yymmddHhmmss(s, p);
            case YY_SLASH -> yySlash(s, p);
            case MONTH_DAY -> monthDay(s, p, now);
            case DAY_MONTH_NAME -> dayMonthName(s, p);
            case EPOCH_S -> epochField(s, p, false);
            case EPOCH_MS -> epochField(s, p, true);
            case SYSLOG -> syslog(s, p, now);
            case WEEKDAY -> weekday(s, p);
            case GLOG -> glog(s, p, now);
        };
    }

    // ---- ISO-8601 and kin: YYYY-MM-DD[T ]HH:MM[:SS[(.|,)fraction]][Z|+HH:MM|+HHMM|+HH]; '/' for '-' (nginx);
    //      YYYY-MM-DD-HH.MM.SS.ffffff (DB2, BGL)

    /** Chars of an ISO time up to its minute, {@code YYYY-MM-DDTHH:MM}: what {@link #iso} remembers. */
    static final int ISO_MINUTE_CHARS = 16;
    /**
     * The minute prefix ({@value #ISO_MINUTE_CHARS} chars) of the last ISO time parsed, its separator between
     * hour, minute and second, and the local epoch millis of its minute; null before the first. Why: the lines of a
     * log arrive in time order, so consecutive lines of a source mostly share their minute (about a thousand lines
     * per source and minute in the throughput benchmark), and one compare of the prefix replaces parsing and
     * checking five fields and the calendar arithmetic. The prefix decides every check on it, so a line whose
     * prefix equals it passes or fails them as the remembered one did (it passed); any other line is parsed in full.
     */
    private transient String isoMinute;
    private transient char isoMinuteTs;
    private transient long isoMinuteMillis;

    long iso(String s, int p) {
        int n = s.length();
        if (p + ISO_MINUTE_CHARS > n) {
            return NONE;
        }
        long minuteMillis;
        char ts;
        if (isoMinute != null && s.regionMatches(p, isoMinute, 0, ISO_MINUTE_CHARS)) {
            minuteMillis = isoMinuteMillis;
            ts = isoMinuteTs;
        } else {
            char ds = s.charAt(p + 4);
            if ((ds != '-' && ds != '/') || s.charAt(p + 7) != ds) {
                return NONE;
            }
            int year = digits(s, p, 4);
            int month = digits(s, p + 5, 2);
            int day = digits(s, p + 8, 2);
            char sep = s.charAt(p + 10);
            ts = ':';
            if (sep == '-' && ds == '-') {
                ts = '.';   // DB2 timestamp: 2005-06-03-15.42.50.675872
            } else if (sep != 'T' && sep != ' ' && sep != 't') {
                return NONE;
            }
            if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31) {
                return NONE;
            }
            int q = p + 11;
            int hour = digits(s, q, 2);
            if (hour < 0 || hour > 23 || s.charAt(q + 2) != ts) {
                return NONE;
            }
            int minute = digits(s, q + 3, 2);
            if (minute < 0 || minute > 59) {
                return NONE;
            }
            minuteMillis = epochMillis(year, month, day, hour, minute, 0, 0);
            isoMinute = s.substring(p, p + ISO_MINUTE_CHARS);
            isoMinuteTs = ts;
            isoMinuteMillis = minuteMillis;
        }
        int q = p + ISO_MINUTE_CHARS;
        int second = 0;
        if (q < n && s.charAt(q) == ts) {
            second = digits(s, q + 1, 2);
            if (second < 0 || second > 60) {
                return NONE;
            }
            q += 3;
        } else if (ts == '.') {
            return NONE;
        }
        int millis = 0;
        if (q + 1 < n && (s.charAt(q) == '.' || s.charAt(q) == ',') && isDigit(s.charAt(q + 1))) {
            // "04:30:30, Info" (Windows CBS): a comma not followed by digits ends the time, it is no fraction
            q++;
            millis = fractionMillis(s, q);
            q = skipDigits(s, q);
        }
        long local = minuteMillis + second * 1000L + millis;
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
        return inZone(local);
    }

    // ---- compact: yyyyMMdd[-T _]HH:mm:ss[(.|,|:)fff] or yyyyMMdd[-T _]HHmmss[.fff], optional Z

    long compact(String s, int p) {
        int n = s.length();
        if (p + 15 > n || digits(s, p, 8) < 0) {
            return NONE;
        }
        int year = digits(s, p, 4);
        int month = digits(s, p + 4, 2);
        int day = digits(s, p + 6, 2);
        char sep = s.charAt(p + 8);
        if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31
                || (sep != '-' && sep != 'T' && sep != ' ' && sep != '_')) {
            return NONE;
        }
        int q = p + 9;
        int hour;
        int minute;
        int second;
        boolean colons = q + 8 <= n && s.charAt(q + 2) == ':';
        if (colons) {
            hour = digits(s, q, 2);
            minute = s.charAt(q + 5) == ':' ? digits(s, q + 3, 2) : -1;
            second = digits(s, q + 6, 2);
            q += 8;
        } else {
            if (q + 6 > n) {
                return NONE;
            }
            hour = digits(s, q, 2);
            minute = digits(s, q + 2, 2);
            second = digits(s, q + 4, 2);
            q += 6;
        }
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60
                || (q < n && isDigit(s.charAt(q)))) {
            return NONE;
        }
        int millis = 0;
        if (q + 1 < n && (s.charAt(q) == '.' || s.charAt(q) == ',' || (colons && s.charAt(q) == ':'))
                && isDigit(s.charAt(q + 1))) {
            q++;
            millis = fractionMillis(s, q);
            q = skipDigits(s, q);
        }
        long local = epochMillis(year, month, day, hour, minute, second, millis);
        return q < n && (s.charAt(q) == 'Z' || s.charAt(q) == 'z') ? local : inZone(local);
    }

    // ---- HDFS: yyMMdd HHmmss, both fields exactly six digits

    long yymmddHhmmss(String s, int p) {
        int n = s.length();
        if (p + 13 > n || s.charAt(p + 6) != ' ' || (p + 13 < n && !isSpace(s.charAt(p + 13)))) {
            return NONE;
        }
        int yy = digits(s, p, 2);
        int month = digits(s, p + 2, 2);
        int day = digits(s, p + 4, 2);
        int hour = digits(s, p + 7, 2);
        int minute = digits(s, p + 9, 2);
        int second = digits(s, p + 11, 2);
        if (yy < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 60) {
            return NONE;
        }
        return inZone(epochMillis(century(yy), month, day, hour, minute, second, 0));
    }

    // ---- Spark: yy/MM/dd HH:mm:ss[(.|,)fff]

    long yySlash(String s, int p) {
        int n = s.length();
        if (p + 17 > n || s.charAt(p + 2) != '/' || s.charAt(p + 5) != '/' || s.charAt(p + 8) != ' ') {
            return NONE;
        }
        int yy = digits(s, p, 2);
        int month = digits(s, p + 3, 2);
        int day = digits(s, p + 6, 2);
        if (yy < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
            return NONE;
        }
        int q = p + 9;
        int tod = timeOfDay(s, q);
        if (tod < 0) {
            return NONE;
        }
        q += 8;
        int millis = 0;
        if (q + 1 < n && (s.charAt(q) == '.' || s.charAt(q) == ',') && isDigit(s.charAt(q + 1))) {
            millis = fractionMillis(s, q + 1);
        }
        return inZone(daysFromCivil(century(yy), month, day) * DAY_MS + tod + millis);
    }

    // ---- logcat / Proxifier: MM-dd HH:mm:ss[.fff] or MM.dd HH:mm:ss, no year

    long monthDay(String s, int p, long now) {
        int n = s.length();
        if (p + 14 > n || s.charAt(p + 5) != ' ') {
            return NONE;
        }
        char sep = s.charAt(p + 2);
        if (sep != '-' && sep != '.') {
            return NONE;
        }
        int month = digits(s, p, 2);
        int day = digits(s, p + 3, 2);
        int tod = timeOfDay(s, p + 6);
        if (month < 1 || month > 12 || day < 1 || tod < 0) {
            return NONE;
        }
        int q = p + 14;
        int millis = 0;
        if (q + 1 < n && s.charAt(q) == '.' && isDigit(s.charAt(q + 1))) {
            millis = fractionMillis(s, q + 1);
        }
        return yearless(month, day, tod + millis, now);
    }

    // ---- glog/klog: [IWEF]MMdd HH:mm:ss.ffffff, no year

    long glog(String s, int p, long now) {
        int n = s.length();
        char c = s.charAt(p);
        if ((c != 'I' && c != 'W' && c != 'E' && c != 'F') || p + 14 > n || s.charAt(p + 5) != ' ') {
            return NONE;
        }
        int month = digits(s, p + 1, 2);
        int day = digits(s, p + 3, 2);
        int tod = timeOfDay(s, p + 6);
        if (month < 1 || month > 12 || day < 1 || tod < 0) {
            return NONE;
        }
        int q = p + 14;
        int millis = 0;
        if (q + 1 < n && s.charAt(q) == '.' && isDigit(s.charAt(q + 1))) {
            millis = fractionMillis(s, q + 1);
        }
        return yearless(month, day, tod + millis, now);
    }

    // ---- RFC 3164: "Mmm dd HH:MM:SS" with a space-padded day, optional fraction; or "Mmm dd yyyy HH:MM:SS"

    long syslog(String s, int p, long now) {
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
        int year = -1;
        if (q + 13 < n && s.charAt(q + 4) == ' ' && s.charAt(q + 2) != ':') {   // "Mar 1 2024 12:00:00"
            year = digits(s, q, 4);
            if (year < 1970) {
                return NONE;
            }
            q += 5;
        }
        int tod = timeOfDay(s, q);
        if (tod < 0) {
            return NONE;
        }
        q += 8;
        int millis = 0;
        if (q + 1 < n && s.charAt(q) == '.' && isDigit(s.charAt(q + 1))) {   // fractional seconds some daemons add
            millis = fractionMillis(s, q + 1);
        }
        if (year >= 0) {
            return inZone(daysFromCivil(year, month, day) * DAY_MS + tod + millis);
        }
        return yearless(month, day, tod + millis, now);
    }

    // ---- ctime / Apache error log: "Www Mmm dd HH:MM:SS[.ffffff] [UTC |GMT ]yyyy"; RFC 2822: "Www, dd Mmm yyyy ..."

    long weekday(String s, int p) {
        int n = s.length();
        if (p + 24 > n || weekdayName(s, p) < 0) {
            return NONE;
        }
        if (s.charAt(p + 3) == ',' && s.charAt(p + 4) == ' ') {
            return dayMonthName(s, p + 5);
        }
        if (s.charAt(p + 3) != ' ' || s.charAt(p + 7) != ' ') {
            return NONE;
        }
        int month = month(s, p + 4);
        int q = p + 8;
        if (s.charAt(q) == ' ') {   // "Dec  4" as ctime pads it
            q++;
        }
        int day = 0;
        int digitsRead = 0;
        while (q < n && isDigit(s.charAt(q)) && digitsRead < 2) {
            day = day * 10 + (s.charAt(q) - '0');
            q++;
            digitsRead++;
        }
        if (month < 0 || digitsRead == 0 || day < 1 || day > 31 || q + 14 > n || s.charAt(q) != ' ') {
            return NONE;
        }
        int tod = timeOfDay(s, q + 1);
        if (tod < 0) {
            return NONE;
        }
        q += 9;
        int millis = 0;
        if (q + 1 < n && s.charAt(q) == '.' && isDigit(s.charAt(q + 1))) {
            millis = fractionMillis(s, q + 1);
            q = skipDigits(s, q + 1);
        }
        if (q + 5 > n || s.charAt(q) != ' ') {
            return NONE;
        }
        q++;
        boolean inUtc = false;
        if (q + 8 <= n && (s.startsWith("UTC ", q) || s.startsWith("GMT ", q))) {
            inUtc = true;
            q += 4;
        }
        int year = digits(s, q, 4);
        if (year < 1970 || (q + 4 < n && isDigit(s.charAt(q + 4)))) {
            return NONE;
        }
        long local = daysFromCivil(year, month, day) * DAY_MS + tod + millis;
        return inUtc ? local : inZone(local);
    }

    // ---- "dd/Mmm/yyyy:HH:MM:SS +hhmm" (CLF), "dd-Mmm-yyyy HH:MM:SS.fff", "dd Mmm yyyy HH:MM:SS +hhmm"

    long dayMonthName(String s, int p) {
        int n = s.length();
        int day = digits(s, p, 2);
        int q = p + 2;
        if (day < 0) {
            day = digits(s, p, 1);
            q = p + 1;
        }
        if (day < 1 || day > 31 || q + 18 > n) {
            return NONE;
        }
        char sep = s.charAt(q);
        if ((sep != '/' && sep != '-' && sep != ' ') || s.charAt(q + 4) != sep) {
            return NONE;
        }
        int month = month(s, q + 1);
        int year = digits(s, q + 5, 4);
        char ts = s.charAt(q + 9);
        if (month < 0 || year < 1970 || (ts != ':' && ts != ' ')) {
            return NONE;
        }
        q += 10;
        int tod = timeOfDay(s, q);
        if (tod < 0) {
            return NONE;
        }
        q += 8;
        int millis = 0;
        if (q + 1 < n && (s.charAt(q) == '.' || s.charAt(q) == ',') && isDigit(s.charAt(q + 1))) {
            millis = fractionMillis(s, q + 1);
            q = skipDigits(s, q + 1);
        }
        long local = daysFromCivil(year, month, day) * DAY_MS + tod + millis;
        if (q + 1 < n && s.charAt(q) == ' ' && (s.charAt(q + 1) == '+' || s.charAt(q + 1) == '-')) {
            int offset = offsetMinutes(s, q + 1);
            if (offset != Integer.MIN_VALUE) {
                return local - offset * 60_000L;
            }
        }
        if (q + 3 < n && s.charAt(q) == ' ' && (s.startsWith("GMT", q + 1) || s.startsWith("UTC", q + 1))) {
            return local;
        }
        return inZone(local);
    }

    // ---- epoch as a whole header field: 10 digits (seconds, optional fraction) or 13 digits (millis), plausible range

    long epochField(String s, int p, boolean millis) {
        int n = s.length();
        int q = skipDigits(s, p);
        int len = q - p;
        if (len != (millis ? 13 : 10)) {
            return NONE;
        }
        long v = 0;
        for (int i = p; i < q; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        long ms = millis ? v : v * 1000;
        if (!millis && q + 1 < n && s.charAt(q) == '.' && isDigit(s.charAt(q + 1))) {
            ms += fractionMillis(s, q + 1);
            q = skipDigits(s, q + 1);
        }
        if (q < n && !endsField(s.charAt(q))) {
            return NONE;
        }
        return ms >= PLAUSIBLE_EPOCH_MIN && ms < PLAUSIBLE_EPOCH_MAX ? ms : NONE;
    }

    // ---- epoch for --time-format epoch-s / epoch-ms: 10 digits (seconds, optional .fraction) or 13 digits (millis)

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
        if (q + 1 < n && s.charAt(q) == '.' && isDigit(s.charAt(q + 1))) {
            ms += fractionMillis(s, q + 1);
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

    private long yearless(int month, int day, long timeOfDayMillis, long now) {
        long local = years.localMillis(month, day, timeOfDayMillis, now);
        return local == NONE ? NONE : inZone(local);
    }

    /** For tests: how often the yearless cache was rebuilt. */
    long yearCacheRecomputations() {
        return years.recomputations();
    }

    /** POSIX strptime %y: 69-99 are 19xx, 00-68 are 20xx. */
    private static int century(int yy) {
        return yy >= 69 ? 1900 + yy : 2000 + yy;
    }

    /** "HH:MM:SS" at p as milliseconds since midnight, or -1. */
    private static int timeOfDay(String s, int p) {
        if (p + 8 > s.length() || s.charAt(p + 2) != ':' || s.charAt(p + 5) != ':') {
            return -1;
        }
        int hour = digits(s, p, 2);
        int minute = digits(s, p + 3, 2);
        int second = digits(s, p + 6, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60
                || (p + 8 < s.length() && isDigit(s.charAt(p + 8)))) {
            return -1;
        }
        return ((hour * 60 + minute) * 60 + second) * 1000;
    }

    /** The first three digits from p as milliseconds (".5" is 500, ".675872" is 675). */
    private static int fractionMillis(String s, int p) {
        int n = s.length();
        int millis = 0;
        int scale = 100;
        for (int q = p; q < n && scale > 0 && isDigit(s.charAt(q)); q++) {
            millis += (s.charAt(q) - '0') * scale;
            scale /= 10;
        }
        return millis;
    }

    private static int skipDigits(String s, int p) {
        int n = s.length();
        while (p < n && isDigit(s.charAt(p))) {
            p++;
        }
        return p;
    }

    /** What may end a header field holding a number: space or punctuation that closes or separates fields. */
    private static boolean endsField(char c) {
        return isSpace(c) || c == ']' || c == ',' || c == '|' || c == ';' || c == ')' || c == ':';
    }

    private static int afterPriority(String line) {
        int n = line.length();
        if (n > 0 && line.charAt(0) == '<') {               // syslog <PRI>
            int close = line.indexOf('>');
            if (close > 1 && close <= 4) {
                return close + 1;
            }
        }
        return 0;
    }

    private static int bracket(String s, int from) {
        int limit = Math.min(s.length(), from + BRACKET_SCAN_CHARS);
        for (int i = from; i < limit; i++) {
            if (s.charAt(i) == '[') {
                return i;
            }
        }
        return -1;
    }

    private long inZone(long localAsUtc) {
        if (utc) {
            return localAsUtc;
        }
        LocalDateTime local = LocalDateTime.ofEpochSecond(Math.floorDiv(localAsUtc, 1000), 0, ZoneOffset.UTC);
        ZoneOffset off = zone.getRules().getOffset(local);
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

    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";
    private static final String WEEKDAYS = "montuewedthufrisatsun";

    /** 1..12 for a three-letter English month name at p (any case: "Jan", "JAN"), else -1. */
    private static int month(String s, int p) {
        return nameIndex(s, p, MONTHS, 12);
    }

    /** 0..6 for a three-letter English weekday name at p, else -1. */
    private static int weekdayName(String s, int p) {
        int i = nameIndex(s, p, WEEKDAYS, 7);
        return i < 0 ? -1 : i - 1;
    }

    private static int nameIndex(String s, int p, String names, int count) {
        if (p + 3 > s.length()) {
            return -1;
        }
        char a = (char) (s.charAt(p) | 0x20);
        char b = (char) (s.charAt(p + 1) | 0x20);
        char c = (char) (s.charAt(p + 2) | 0x20);
        for (int i = 0; i < count; i++) {
            int k = i * 3;
            if (names.charAt(k) == a && names.charAt(k + 1) == b && names.charAt(k + 2) == c) {
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

    private static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
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
