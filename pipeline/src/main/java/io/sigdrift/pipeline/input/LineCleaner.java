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

    private SkipReason skip;
    private boolean controlReplaced;
    private boolean printableAscii;

    public LineCleaner(double binaryShare) {
        this.binaryShare = binaryShare;
    }

    /** Returns the cleaned text, or null when the text is skipped ({@link #skip()} says why). */
    public String clean(String s) {
        return clean(s, false);
    }

    /**
     * {@link #clean(String)} for a caller that may already know the text is printable ASCII (U+0020..U+007E):
     * {@link LineReader} finds that out in its newline search, eight bytes at a time, so the line need not be
     * scanned again here (that {@code charAt} loop was about a fifth of the parse thread's CPU in the whole job's
     * profile). With {@code knownPrintableAscii} false the text is checked as in {@link #clean(String)}.
     */
    public String clean(String s, boolean knownPrintableAscii) {
        skip = null;
        controlReplaced = false;
        printableAscii = false;
        int n = s.length();
        // Fast path for the common line, printable ASCII only: one range check per character, then a blank
        // check that stops at the first non-space. Anything else (tabs, non-ASCII, controls) takes the full scan.
        if (knownPrintableAscii || printableAscii(s, n)) {
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

    /** Whether every char is printable ASCII (U+0020..U+007E); stops at the first other one. */
    private static boolean printableAscii(String s, int n) {
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F) {
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
