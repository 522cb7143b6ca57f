package io.sigdrift.signatures;

import java.util.regex.Matcher;

/**
 * Tests tokens of a {@link LineMasker}'s buffer against the user masks. One per masker (NOT thread-safe); the
 * matchers and the char view are allocated once, so testing a token allocates nothing.
 *
 * <p>Each match runs on a {@link BudgetedChars} view that counts char reads and aborts the match after
 * {@link #STEP_BUDGET} of them: java.util.regex backtracks, and a pattern such as {@code (a+)+$} takes time
 * exponential in the token length; with the budget one token costs at most a few hundred microseconds and is
 * then treated as not matching (counted in {@link #aborted()}).
 */
final class UserMaskMatcher {
    /** Char reads allowed per token and mask: far above what a linear pattern needs on a 1024-char token. */
    static final int STEP_BUDGET = 50_000;

    private final UserMasks masks;
    private final UserMask[] list;
    private final Matcher[] matchers;
    private final BudgetedChars view = new BudgetedChars();
    private long aborted;

    UserMaskMatcher(UserMasks masks) {
        this.masks = masks;
        this.list = masks.list().toArray(new UserMask[0]);
        this.matchers = new Matcher[list.length];
        for (int i = 0; i < list.length; i++) {
            matchers[i] = list[i].pattern().matcher("");
        }
    }

    /** The marker of the first mask that matches all of chars [s, e), or 0 when none does. */
    char match(char[] chars, int s, int e) {
        int len = e - s;
        if (len <= 0) {
            return 0;
        }
        char first = chars[s];
        for (int i = 0; i < list.length; i++) {
            if (!list[i].mayMatch(first, len)) {
                continue;
            }
            view.set(chars, s, len, STEP_BUDGET);
            Matcher m = matchers[i].reset(view);
            try {
                if (m.matches()) {
                    return masks.marker(i);
                }
            } catch (BudgetedChars.Exhausted stop) {
                aborted++;
            }
        }
        return 0;
    }

    /** Matches abandoned because they exceeded the step budget. */
    long aborted() {
        return aborted;
    }

    /** A reusable CharSequence over a char array range that throws after a number of reads. */
    static final class BudgetedChars implements CharSequence {
        /** Thrown when the budget is used up; one shared instance without a stack trace, so it costs nothing. */
        static final class Exhausted extends RuntimeException {
            Exhausted() {
                super("user mask step budget exhausted", null, false, false);
            }
        }

        private static final Exhausted EXHAUSTED = new Exhausted();

        private char[] a;
        private int off;
        private int len;
        private int budget;

        void set(char[] chars, int offset, int length, int steps) {
            this.a = chars;
            this.off = offset;
            this.len = length;
            this.budget = steps;
        }

        @Override
        public int length() {
            return len;
        }

        @Override
        public char charAt(int index) {
            if (--budget < 0) {
                throw EXHAUSTED;
            }
            if (index < 0 || index >= len) {
                throw new IndexOutOfBoundsException(index);
            }
            return a[off + index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(a, off + start, end - start);
        }

        @Override
        public String toString() {
            return new String(a, off, len);
        }
    }
}
