package io.sigdrift.models.session;

import io.sigdrift.signatures.Parameter;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Where a session's entity id comes from: either a regular expression found in the event text (convention:
 * workflow ids such as HDFS block ids {@code blk_-?\d+}, request ids or trace ids are written verbatim in every
 * line that concerns them), or the parameter at one template token position of the event's signature (for logs
 * whose id has no recognisable shape, e.g. a user name at a fixed place).
 *
 * <p>Immutable and thread-safe; the pattern is compiled once here, never per event.
 */
public final class EntityKey {
    private final Pattern pattern;
    private final int group;
    private final int position;

    private EntityKey(Pattern pattern, int group, int position) {
        this.pattern = pattern;
        this.group = group;
        this.position = position;
    }

    /**
     * The first match of {@code regex} in the event text (group 1 when the pattern has a group, else the whole
     * match).
     *
     * @throws IllegalArgumentException if the regex does not compile or matches the empty string
     */
    public static EntityKey pattern(String regex) {
        Objects.requireNonNull(regex, "regex");
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("session entity pattern does not compile: " + e.getDescription()
                    + " in '" + regex + "'", e);
        }
        if (p.matcher("").matches()) {
            throw new IllegalArgumentException("session entity pattern '" + regex
                    + "' matches the empty string, so every event would be one entity");
        }
        int groups = p.matcher("").groupCount();
        return new EntityKey(p, groups >= 1 ? 1 : 0, -1);
    }

    /**
     * The parameter value at template token {@code position} (0-based, see {@link Parameter#position()}).
     *
     * @throws IllegalArgumentException if position is negative
     */
    public static EntityKey parameterPosition(int position) {
        if (position < 0) {
            throw new IllegalArgumentException("session entity parameter position must be >= 0, got " + position);
        }
        return new EntityKey(null, 0, position);
    }

    /** The template token position of a parameter key, -1 for a pattern key. */
    public int position() {
        return position;
    }

    /** True when {@link #extract} needs the parameters of the event (the caller may skip extracting them otherwise). */
    public boolean needsParameters() {
        return pattern == null;
    }

    /** The entity id of the event, or null when it has none (the event then belongs to no session). */
    public String extract(String text, List<Parameter> parameters) {
        if (pattern != null) {
            if (text == null) {
                return null;
            }
            Matcher m = pattern.matcher(text);
            if (!m.find()) {
                return null;
            }
            String v = m.group(group);
            return v == null || v.isEmpty() ? null : v;
        }
        if (parameters == null) {
            return null;
        }
        for (Parameter p : parameters) {
            if (p.position() == position) {
                return p.value().isEmpty() ? null : p.value();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return pattern != null ? "pattern(" + pattern.pattern() + ")" : "parameter(" + position + ")";
    }
}
