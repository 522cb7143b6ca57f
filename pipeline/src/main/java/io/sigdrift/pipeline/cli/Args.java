package io.sigdrift.pipeline.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small strict option parser: {@code --name value}, {@code --name=value} and boolean {@code --flag}.
 * Anything it does not know is a {@link UsageException} naming the argument, so a typo never passes
 * silently. Options are declared first, then {@link #parse(String[])}.
 */
public final class Args {
    private final String command;
    private final Map<String, Boolean> takesValue = new LinkedHashMap<>();
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    public Args(String command) {
        this.command = command;
    }

    public Args option(String name) {
        takesValue.put(name, true);
        return this;
    }

    public Args flag(String name) {
        takesValue.put(name, false);
        return this;
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
        return values.containsKey(name);
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The value of an option given at most once, or {@code fallback}. */
    public String get(String name, String fallback) throws UsageException {
        List<String> v = all(name);
        if (v.size() > 1) {
            throw new UsageException("option '--" + name + "' given " + v.size() + " times; give it once");
        }
        return v.isEmpty() ? fallback : v.get(0);
    }

    public int intValue(String name, int fallback, int min, int max) throws UsageException {
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
}
