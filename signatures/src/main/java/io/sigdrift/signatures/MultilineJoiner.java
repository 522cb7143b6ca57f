package io.sigdrift.signatures;

/**
 * The one multi-line joiner of {@code reduce}, {@code compare} and the streaming job: which lines continue
 * an event, how they are joined and the limits of a joined event.
 *
 * <p>Continuation lines are those starting with whitespace (and not blank), {@code at ...},
 * {@code Caused by:}, {@code Suppressed:} and {@code ... N more} — the shapes of Java stack traces (as
 * {@code Throwable.printStackTrace} writes them) and of indented dumps. Joined lines are separated by
 * '\n'. A continuation with nothing before it (the stream's first line) starts an event of its own.
 *
 * <p><b>Limits:</b> an event holds at most {@code maxEventChars} characters and {@code maxLines} physical
 * lines. When a join reaches either, the event is complete at once ({@link Step#JOINED_FULL}) and the further
 * continuation lines of that event are dropped ({@link Step#DROPPED}, the caller counts them) until the next
 * event starts, so one endless stack trace can neither grow memory nor become a run of junk events.
 *
 * <p>The joiner itself holds no per-stream state: each stream (a {@code reduce} source, a key of the job)
 * has its own {@link Pending}, which the job keeps in checkpointed keyed state. {@link #feed} is the whole
 * algorithm for a stream read in one pass; the keyed operator uses its steps ({@link #start},
 * {@link #append}, {@link #take}) because it also completes events on timers. NOT thread-safe
 * ({@link #lastStep()}).
 */
public final class MultilineJoiner {
    /** Lines per joined event: far beyond real stack traces (a few hundred frames with causes), a bound on junk. */
    public static final int DEFAULT_MAX_LINES = 500;
    public static final int MAX_MAX_LINES = 100_000;

    /** What happened to a line offered to a stream. */
    public enum Step {
        /** It starts a new event (completing the pending one, if any). */
        STARTED,
        /** It was joined to the pending event. */
        JOINED,
        /** It was joined and the event reached a limit: the event is complete. */
        JOINED_FULL,
        /** A continuation of an event that reached its limit: dropped (count it). */
        DROPPED
    }

    /**
     * The pending event of one stream. Field names are those of the job's persisted source state, which
     * extends this class (its codec writes these fields).
     */
    public static class Pending {
        /** The event's first line, or null when nothing is pending. */
        public String pending;
        /** Continuation lines joined so far, each preceded by '\n'; null until the first (most events have none). */
        public StringBuilder pendingMore;
        /** Physical lines in the pending event. */
        public int pendingLines;
        /** The last event reached a limit: its further continuation lines are dropped until the next event. */
        public boolean dropContinuations;

        public boolean hasPending() {
            return pending != null;
        }

        /** Characters of the pending event (0 if none). */
        public int pendingLength() {
            return pending == null ? 0 : pending.length() + (pendingMore == null ? 0 : pendingMore.length());
        }

        /** The pending event's text, or null. */
        public String pendingText() {
            return pending == null ? null : pendingMore == null ? pending : pending + pendingMore;
        }
    }

    private final int maxEventChars;
    private final int maxLines;
    private Step lastStep;

    public MultilineJoiner(int maxEventChars, int maxLines) {
        if (maxEventChars < 2) {
            throw new IllegalArgumentException("maxEventChars must be >= 2 but was " + maxEventChars);
        }
        if (maxLines < 1 || maxLines > MAX_MAX_LINES) {
            throw new IllegalArgumentException("--multiline-max-lines must be in 1.." + MAX_MAX_LINES + ", was " + maxLines);
        }
        this.maxEventChars = maxEventChars;
        this.maxLines = maxLines;
    }

    /** With the engine's default event size and {@link #DEFAULT_MAX_LINES}: what every command uses by default. */
    public static MultilineJoiner withDefaults() {
        return new MultilineJoiner(EngineConfig.DEFAULT_MAX_LINE_CHARS, DEFAULT_MAX_LINES);
    }

    public int maxEventChars() { return maxEventChars; }
    public int maxLines() { return maxLines; }

    /**
     * Offers the next line of a stream: returns the event it completes (the pending one when this line starts a
     * new event, or the pending one with this line when a limit is reached), or null. {@link #lastStep()} says
     * what happened to the line itself.
     */
    public String feed(Pending p, String line) {
        if (isContinuation(line)) {
            if (p.hasPending()) {
                Step s = append(p, line);
                lastStep = s;
                return s == Step.JOINED ? null : take(p);
            }
            if (p.dropContinuations) {
                lastStep = Step.DROPPED;
                return null;
            }
        }
        String done = p.hasPending() ? take(p) : null;
        start(p, line);
        lastStep = Step.STARTED;
        return done;
    }

    /** What {@link #feed} did with its line. */
    public Step lastStep() {
        return lastStep;
    }

    /** Returns the pending event at the end of a stream, or null. */
    public String flush(Pending p) {
        return p.hasPending() ? take(p) : null;
    }

    /** Starts a new pending event with {@code line} (cut to maxEventChars); the previous one must have been taken. */
    public void start(Pending p, String line) {
        p.pending = line.length() > maxEventChars ? line.substring(0, maxEventChars) : line;
        p.pendingMore = null;
        p.pendingLines = 1;
        p.dropContinuations = false;
    }

    /**
     * Joins a continuation line to the pending event (there must be one). On {@link Step#JOINED_FULL} and
     * {@link Step#DROPPED} the caller takes the event now: it is complete, and later continuations are dropped.
     */
    public Step append(Pending p, String line) {
        int length = p.pendingLength();
        if (full(p.pendingLines, length)) {
            p.dropContinuations = true;
            return Step.DROPPED;
        }
        if (p.pendingMore == null) {
            p.pendingMore = new StringBuilder(Math.min(maxEventChars - length, 256 + line.length()));
        }
        p.pendingMore.append('\n').append(line, 0, Math.min(line.length(), maxEventChars - length - 1));
        p.pendingLines++;
        if (full(p.pendingLines, p.pendingLength())) {
            p.dropContinuations = true;
            return Step.JOINED_FULL;
        }
        return Step.JOINED;
    }

    private boolean full(int lines, int length) {
        return lines >= maxLines || length >= maxEventChars - 1;
    }

    /** Removes and returns the pending event's text (null if none); whether continuations are dropped is kept. */
    public String take(Pending p) {
        String text = p.pendingText();
        p.pending = null;
        p.pendingMore = null;
        p.pendingLines = 0;
        return text;
    }

    /** True for a line that continues the event before it (see the class comment). */
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
