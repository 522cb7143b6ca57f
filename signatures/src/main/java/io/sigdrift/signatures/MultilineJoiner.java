package io.sigdrift.signatures;

/**
 * Joins continuation lines to the event before them: lines starting with whitespace, {@code at ...},
 * {@code Caused by:}, {@code Suppressed:} and {@code ... N more} (Java stack traces and indented dumps).
 * Joined lines are separated by '\n'. An event is capped at maxEventChars (later continuation text is dropped,
 * so one endless stack trace cannot grow memory). NOT thread-safe.
 */
public final class MultilineJoiner {
    private final int maxEventChars;
    private final StringBuilder pending = new StringBuilder();
    private boolean hasPending;

    public MultilineJoiner(int maxEventChars) {
        if (maxEventChars < 1) {
            throw new IllegalArgumentException("maxEventChars must be >= 1 but was " + maxEventChars);
        }
        this.maxEventChars = maxEventChars;
    }

    /** Feeds one physical line; returns a COMPLETED previous event, or null. */
    public String feed(String line) {
        if (line == null) {
            return null;
        }
        if (hasPending && isContinuation(line)) {
            int room = maxEventChars - pending.length();
            if (room > 1) {
                pending.append('\n');
                pending.append(line, 0, Math.min(line.length(), room - 1));
            }
            return null;
        }
        String done = hasPending ? pending.toString() : null;
        pending.setLength(0);
        pending.append(line, 0, Math.min(line.length(), maxEventChars));
        hasPending = true;
        return done;
    }

    /** Returns the pending event at the end of input, or null. */
    public String flush() {
        if (!hasPending) {
            return null;
        }
        String done = pending.toString();
        pending.setLength(0);
        hasPending = false;
        return done;
    }

    /** True for a line that continues the event before it (see the class comment); public for the stream job. */
    public static boolean isContinuation(String line) {
        if (line.isEmpty()) {
            return false;
        }
        char c = line.charAt(0);
        if (c == ' ' || c == '\t') {
            return !line.isBlank();
        }
        return line.startsWith("at ") || line.startsWith("Caused by:") || line.startsWith("Suppressed:")
                || isMore(line);
    }

    private static boolean isMore(String line) {
        // "... 12 more"
        if (!line.startsWith("...")) {
            return false;
        }
        int i = 3;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        int d = i;
        while (i < line.length() && Character.isDigit(line.charAt(i))) {
            i++;
        }
        return i > d && line.startsWith(" more", i);
    }
}
