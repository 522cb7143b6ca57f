package io.sigdrift.pipeline.parse;

import io.sigdrift.pipeline.parse.TimestampParser.Layout;

/**
 * What the parser knows about one source's timestamps: which layout and header field hold them (judged from
 * the source's first lines) and how many of its lines had none (for the one warning a source may get).
 *
 * <p><b>Detection.</b> Until it settles, every line is {@link TimestampParser#scan scanned} (all layouts at each
 * header field), so the first lines keep their own times; each match votes for its (layout, field). After
 * {@value #DETECT_LINES} lines with a time, the layout with most votes is kept (ties: the first seen) and each
 * later line is parsed with that one layout at that one field: a few char comparisons, no allocation. A line the
 * kept layout does not fit is scanned (so it still gets its time if it has one elsewhere in the header); after
 * {@value #REDETECT_AFTER} such lines in a row that the scan does date, the source is judged again (a log
 * rotated to another format). Lines with no time at all (stack traces, banners) are not a reason to re-detect.
 *
 * <p><b>Guard.</b> A match in another layout or field than the source's own (the kept one, or while detecting the
 * one with most votes once it has two) is taken only within {@value #MAX_OTHER_LAYOUT_JUMP_MS} ms of the source's
 * last time: a number early in a stack-trace line ({@code Caused by: ...: id 1710408413 expired}) is no time of
 * the source, while a real change of format continues the source's clock. Rejected matches still count towards
 * re-detection. A single odd first line (a banner with a build number) cannot hold the source hostage: one vote
 * guards nothing, and the layout most lines have wins.
 *
 * <p><b>Warning.</b> After {@value #JUDGE_AFTER_LINES} lines, or when the input ends or the entry is evicted,
 * a source of which more than half the lines had no timestamp gets one warning naming it and a sample line.
 *
 * <p>Memory: a few ints and arrays of {@value #MAX_CANDIDATES}, plus one sample line until judged. Not thread-safe.
 */
final class SourceTimes {
    /** Lines with a time that decide a source's layout. */
    static final int DETECT_LINES = 8;
    /** Lines in a row dated by another layout than the kept one that make the source be judged again. */
    static final int REDETECT_AFTER = 16;
    /** Distinct (layout, field) pairs counted while detecting; more are ignored (a header has few fields). */
    static final int MAX_CANDIDATES = 8;
    /** Lines after which a source is judged for the missing-timestamp warning. */
    static final int JUDGE_AFTER_LINES = 100;
    /** How far from the source's last time a match in another layout may lie (one day). */
    static final long MAX_OTHER_LAYOUT_JUMP_MS = 86_400_000L;
    /** The sample line in a warning is cut to this many chars. */
    static final int SAMPLE_CHARS = 200;

    final String source;
    private Layout locked;
    private int lockedToken;
    private final Layout[] candidateLayout = new Layout[MAX_CANDIDATES];
    private final int[] candidateToken = new int[MAX_CANDIDATES];
    private final int[] votes = new int[MAX_CANDIDATES];
    private int candidates;
    private int sampled;
    private int misses;
    private long detections;
    private long lastTime = TimestampParser.NONE;

    private long lines;
    private long untimed;
    private String sampleUntimed;
    private boolean judged;

    SourceTimes(String source) {
        this.source = source;
    }

    /** The time in {@code line}, or {@link TimestampParser#NONE}; {@code parser} must be in {@code auto} format. */
    long find(TimestampParser parser, String line, long now) {
        if (locked != null) {
            long t = parser.parseAt(locked, lockedToken, line, now);
            if (t != TimestampParser.NONE) {
                misses = 0;
                lastTime = t;
                return t;
            }
            t = parser.scan(line, now);   // rare: the line does not fit the source's layout
            if (t == TimestampParser.NONE) {
                return t;
            }
            if (++misses >= REDETECT_AFTER) {
                startDetecting();
            }
            return accept(t);
        }
        long t = parser.scan(line, now);
        if (t == TimestampParser.NONE) {
            return t;
        }
        Layout layout = parser.scanLayout();
        int token = parser.scanToken();
        int lead = leadingCandidate();
        if (lead >= 0 && votes[lead] >= 2 && (layout != candidateLayout[lead] || token != candidateToken[lead]) && isJump(t)) {
            return TimestampParser.NONE;   // see Guard
        }
        vote(layout, token);
        if (++sampled >= DETECT_LINES) {
            lockOnMostVoted();
        }
        lastTime = t;
        return t;
    }

    private long accept(long t) {
        if (isJump(t)) {
            return TimestampParser.NONE;
        }
        lastTime = t;
        return t;
    }

    private boolean isJump(long t) {
        return lastTime != TimestampParser.NONE && Math.abs(t - lastTime) > MAX_OTHER_LAYOUT_JUMP_MS;
    }

    /** Counts a line for the missing-timestamp warning (continuation lines of a multi-line event are not counted). */
    void count(boolean timed, String line) {
        lines++;
        if (!timed) {
            untimed++;
            if (sampleUntimed == null && !judged) {
                sampleUntimed = line.length() > SAMPLE_CHARS ? line.substring(0, SAMPLE_CHARS) + "..." : line;
            }
        }
    }

    /**
     * Once per source: the warning text if most of its lines had no timestamp, else null. Judged after
     * {@value #JUDGE_AFTER_LINES} lines, or at once when {@code force} (end of input, eviction).
     */
    String judge(boolean force, String timeFormat, String fallback) {
        if (judged || lines == 0 || (!force && lines < JUDGE_AFTER_LINES)) {
            return null;
        }
        judged = true;
        String sample = sampleUntimed;
        sampleUntimed = null;
        if (untimed * 2 <= lines) {
            return null;
        }
        return "source '" + source + "': " + untimed + " of its first " + lines + " lines have no timestamp that --time-format "
                + timeFormat + " recognises, so they are counted at " + fallback + "; sample line: \"" + sample + "\". "
                + "Give --time-format pattern:<java DateTimeFormatter pattern> if the lines carry a time, or --multiline "
                + "if they are continuation lines.";
    }

    /** The layout kept for this source, or null while detecting. */
    Layout layout() {
        return locked;
    }

    /** The header field of {@link #layout()}. */
    int token() {
        return lockedToken;
    }

    /** How many times a layout was kept (1 after the first detection; more after re-detections). */
    long detections() {
        return detections;
    }

    private void vote(Layout layout, int token) {
        for (int i = 0; i < candidates; i++) {
            if (candidateLayout[i] == layout && candidateToken[i] == token) {
                votes[i]++;
                return;
            }
        }
        if (candidates < MAX_CANDIDATES) {
            candidateLayout[candidates] = layout;
            candidateToken[candidates] = token;
            votes[candidates] = 1;
            candidates++;
        }
    }

    /** The candidate with most votes (ties: the first seen), or -1. */
    private int leadingCandidate() {
        int best = candidates > 0 ? 0 : -1;
        for (int i = 1; i < candidates; i++) {
            if (votes[i] > votes[best]) {
                best = i;
            }
        }
        return best;
    }

    private void lockOnMostVoted() {
        int best = leadingCandidate();
        locked = candidateLayout[best];
        lockedToken = candidateToken[best];
        misses = 0;
        detections++;
    }

    private void startDetecting() {
        locked = null;
        candidates = 0;
        sampled = 0;
        misses = 0;
        java.util.Arrays.fill(candidateLayout, null);
    }
}
