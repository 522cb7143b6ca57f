package io.sigdrift.pipeline.job;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Minimal {@code --flag value} / {@code --flag=value} / {@code --switch} parsing for the run and demo
 * commands. Every error is an IllegalArgumentException whose message names the flag.
 */
public final class Flags {
    private final Map<String, List<String>> values = new HashMap<>();

    private Flags() {}

    /**
     * @param valued   flags that take a value (may repeat)
     * @param switches flags without a value
     */
    public static Flags parse(String[] args, Set<String> valued, Set<String> switches) {
        Flags f = new Flags();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "' (flags start with --)");
            }
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (switches.contains(name)) {
                if (value != null) {
                    throw new IllegalArgumentException(name + " takes no value");
                }
                f.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    value = args[++i];
                }
                f.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new IllegalArgumentException("unknown flag " + name);
            }
        }
        return f;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String get(String name, String def) {
        List<String> v = values.get(name);
        return v == null ? def : v.get(v.size() - 1);
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public int getInt(String name, int def, int min, int max) {
        String v = get(name, null);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + v + "'");
        }
    }

    public Duration getDuration(String name, Duration def) {
        String v = get(name, null);
        return v == null ? def : duration(name, v);
    }

    /** "500ms", "30s", "1m", "2h", "1d", or ISO-8601 "PT1M". */
    public static Duration duration(String flag, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("pt") || s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            int i = 0;
            while (i < s.length() && (Character.isDigit(s.charAt(i)))) {
                i++;
            }
            if (i == 0) {
                throw new NumberFormatException();
            }
            long n = Long.parseLong(s.substring(0, i));
            return switch (s.substring(i)) {
                case "ms" -> Duration.ofMillis(n);
                case "s", "" -> Duration.ofSeconds(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(flag + " must be a duration like 500ms, 30s, 1m, 2h, 1d; was '" + v + "'");
        }
    }

    /** An instant flag, or {@code def} when absent; see {@link #instant}. */
    public Instant getInstant(String name, Instant def) {
        String v = get(name, null);
        return v == null ? def : instant(name, v);
    }

    /**
     * An instant as people type it on a command line: {@code 2026-03-14} (midnight UTC),
     * {@code 2026-03-14T08:30} (UTC) or a full ISO instant {@code 2026-03-14T08:30:00Z}.
     */
    public static Instant instant(String flag, String v) {
        String s = v.trim();
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (s.endsWith("Z") || s.endsWith("z") || s.lastIndexOf('+') > 10 || s.lastIndexOf('-') > 10) {
                return OffsetDateTime.parse(s.toUpperCase(Locale.ROOT)).toInstant();
            }
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(flag + " must be a date or time like 2026-03-14, 2026-03-14T08:30 (UTC) or "
                    + "2026-03-14T08:30:00Z; was '" + v + "'");
        }
    }
}
