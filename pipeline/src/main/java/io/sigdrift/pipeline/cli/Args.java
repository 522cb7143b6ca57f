package io.sigdrift.pipeline.cli;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CLI's one option parser (every command uses it): {@code --name value}, {@code --name=value} and
 * boolean {@code --flag}. Anything it does not know is a {@link UsageException} naming the argument, so
 * a typo never passes silently, and every value error names its option. Options are declared first, then
 * {@link #parse(String[])}. Names are given with or without the leading {@code --} ({@code "top"} and
 * {@code "--top"} are the same option), so a command can keep its options in a set of flag strings.
 */
public final class Args {
    private final String command;
    private final Map<String, Boolean> takesValue = new LinkedHashMap<>();
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    public Args(String command) {
        this.command = command;
    }

    /** An option that takes a value (it may be given several times: see {@link #all}). */
    public Args option(String name) {
        takesValue.put(bare(name), true);
        return this;
    }

    /** A boolean flag, without a value. */
    public Args flag(String name) {
        takesValue.put(bare(name), false);
        return this;
    }

    public Args options(Collection<String> names) {
        names.forEach(this::option);
        return this;
    }

    public Args flags(Collection<String> names) {
        names.forEach(this::flag);
        return this;
    }

    private static String bare(String name) {
        return name.startsWith("--") ? name.substring(2) : name;
    }

    public Args parse(String[] args) throws UsageException {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new UsageException("unexpected argument '" + a + "' (options start with --; see "
                        + "'sigdrift " + command + " --help')");
            }
            String name = a.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Boolean needsValue = takesValue.get(name);
            if (needsValue == null) {
                throw new UsageException("unknown option '--" + name + "' for '" + command
                        + "' (see 'sigdrift " + command + " --help')");
            }
            String value;
            if (!needsValue) {
                if (inline != null) {
                    throw new UsageException("option '--" + name + "' takes no value");
                }
                value = "true";
            } else if (inline != null) {
                value = inline;
            } else {
                if (i + 1 >= args.length || (args[i + 1].startsWith("--") && args[i + 1].length() > 2)) {
                    throw new UsageException("option '--" + name + "' needs a value");
                }
                value = args[++i];
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return this;
    }

    public boolean has(String name) {
        return values.containsKey(bare(name));
    }

    public List<String> all(String name) {
        return values.getOrDefault(bare(name), List.of());
    }

    /** The value of an option given at most once, or {@code fallback}. */
    public String get(String name, String fallback) throws UsageException {
        List<String> v = all(name);
        if (v.size() > 1) {
            throw new UsageException("option '--" + bare(name) + "' given " + v.size() + " times; give it once");
        }
        return v.isEmpty() ? fallback : v.get(0);
    }

    public int intValue(String name, int fallback, int min, int max) throws UsageException {
        name = bare(name);
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new UsageException("option '--" + name + "' must be in [" + min + ", " + max + "], was " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("option '--" + name + "' needs a whole number, was '" + v + "'");
        }
    }

    public double doubleValue(String name, double fallback, double minExclusive, double maxExclusive)
            throws UsageException {
        name = bare(name);
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d > minExclusive && d < maxExclusive)) {
                throw new UsageException("option '--" + name + "' must be in (" + minExclusive + ", "
                        + maxExclusive + "), was " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("option '--" + name + "' needs a number, was '" + v + "'");
        }
    }

    public <E extends Enum<E>> E enumValue(String name, Class<E> type, E fallback) throws UsageException {
        name = bare(name);
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                allowed.add(c.name().toLowerCase(Locale.ROOT));
            }
            throw new UsageException("option '--" + name + "' must be one of " + String.join(", ", allowed)
                    + ", was '" + v + "'");
        }
    }

    /** A duration option ({@link #duration}), or {@code fallback} when absent. */
    public Duration durationValue(String name, Duration fallback) throws UsageException {
        String v = get(name, null);
        return v == null ? fallback : duration(name, v);
    }

    /** "500ms", "30s", "1m", "2h", "1d", or ISO-8601 "PT1M"; a plain number is seconds. */
    public static Duration duration(String name, String v) throws UsageException {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            int i = 0;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
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
            throw new UsageException("option '--" + bare(name) + "' must be a duration like 500ms, 30s, 1m, 2h, 1d; was '"
                    + v + "'");
        }
    }

    /** An instant option ({@link #instant}), or {@code fallback} when absent. */
    public Instant instantValue(String name, Instant fallback) throws UsageException {
        String v = get(name, null);
        return v == null ? fallback : instant(name, v);
    }

    /**
     * An instant as people type it on a command line: {@code 2026-03-14} (midnight UTC),
     * {@code 2026-03-14T08:30} (UTC) or a full ISO instant {@code 2026-03-14T08:30:00Z}.
     */
    public static Instant instant(String name, String v) throws UsageException {
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
            throw new UsageException("option '--" + bare(name) + "' must be a date or time like 2026-03-14, "
                    + "2026-03-14T08:30 (UTC) or 2026-03-14T08:30:00Z; was '" + v + "'");
        }
    }
}
