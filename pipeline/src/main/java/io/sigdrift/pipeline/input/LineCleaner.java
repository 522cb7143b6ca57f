package io.sigdrift.pipeline.input;

/**
 * Decides whether decoded text is an event and repairs what can be repaired.
 *
 * <p>Control characters (C0 except tab and newline, DEL, C1) are replaced with spaces and the line is flagged:
 * they are noise (NUL padding, terminal escapes) that would otherwise create spurious templates. A line is
 * BINARY garbage when control characters and U+FFFD replacement characters together exceed the configured
 * share (default 30%); a line that is empty or only whitespace after that is BLANK. Allocation only happens
 * when something must be replaced.
 */
public final class LineCleaner {
    private final double binaryShare;

    /** Longest line whose chars are copied into {@link #chars} (longer ones are scanned in place): a bound. */
    static final int MAX_KEPT_CHARS = 1 << 16;

    private SkipReason skip;
    /** Reused copy of the line's chars for the printable-ASCII check; at most {@link #MAX_KEPT_CHARS}. */
    private char[] chars = new char[512];
    private boolean controlReplaced;
    private boolean printableAscii;

    public LineCleaner(double binaryShare) {
        this.binaryShare = binaryShare;
    }

    /** Returns the cleaned text, or null when the text is skipped ({@link #skip()} says why). */
    public String clean(String s) {
        skip = null;
        controlReplaced = false;
        printableAscii = false;
        int n = s.length();
        // Fast path for the common line, printable ASCII only: one range check per character, then a blank
        // check that stops at the first non-space. Anything else (tabs, non-ASCII, controls) takes the full scan.
        if (printableAscii(s, n)) {
            if (s.isBlank()) {
                skip = SkipReason.BLANK;
                return null;
            }
            printableAscii = true;
            return s;
        }
        int control = 0;
        int replacement = 0;
        boolean blank = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (isControl(c)) {
                control++;
            } else if (c == '\uFFFD') {
                replacement++;
                blank = false;
            } else if (blank && !Character.isWhitespace(c)) {
                blank = false;
            }
        }
        if (n > 0 && (control + replacement) > binaryShare * n) {
            skip = SkipReason.BINARY;
            return null;
        }
        if (blank) {
            skip = SkipReason.BLANK;
            return null;
        }
        if (control == 0) {
            return s;
        }
        controlReplaced = true;
        char[] out = s.toCharArray();
        for (int i = 0; i < out.length; i++) {
            if (isControl(out[i])) {
                out[i] = ' ';
            }
        }
        return new String(out);
    }

    /**
     * Whether every char is printable ASCII (U+0020..U+007E). The chars are first copied into a reused array: for
     * the usual Latin-1 String that copy is one vectorised intrinsic, and the loop over a char[] compiles to a tight
     * unrolled compare, where a loop of {@code String.charAt} kept its coder and bounds checks per char (the
     * charAt loop was about a sixth of the parse thread's CPU in the whole job's JFR profile).
     */
    private boolean printableAscii(String s, int n) {
        if (n > MAX_KEPT_CHARS) {
            for (int i = 0; i < n; i++) {
                if ((char) (s.charAt(i) - 0x20) >= 0x5F) {
                    return false;
                }
            }
            return true;
        }
        if (chars.length < n) {
            chars = new char[Math.min(MAX_KEPT_CHARS, Math.max(n, chars.length * 2))];
        }
        char[] b = chars;
        s.getChars(0, n, b, 0);
        // (char) (c - 0x20) wraps the controls below 0x20 to >= 0xFFE0: one unsigned compare per char
        for (int i = 0; i < n; i++) {
            if ((char) (b[i] - 0x20) >= 0x5F) {
                return false;
            }
        }
        return true;
    }

    static boolean isControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F);
    }

    public SkipReason skip() { return skip; }
    public double binaryShare() { return binaryShare; }
    public boolean controlReplaced() { return controlReplaced; }
    /** The text last returned is printable ASCII only (U+0020..U+007E): what the shuffle's encoder may trust. */
    public boolean printableAscii() { return printableAscii; }
}
