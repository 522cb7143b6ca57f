package io.sigdrift.signatures;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One user-defined mask: a NAME and a regular expression that a whole token (or a {@code key=value} value) must
 * match, for values no built-in rule can know (an in-house order id, a tenant code). A matching token becomes
 * {@code <NAME>} in the template and its text a parameter of type NAME. Immutable; build with {@link #parse}.
 *
 * <p>Prefilter: a token is handed to the regex only when its length is in {@link #minChars()}..{@link #maxChars()}
 * and its first char is one the pattern can start with. Both are derived from the pattern when it is a plain
 * sequence of atoms ({@code ORD-\d{6}}, {@code [A-Z]{3}_[0-9a-f]+}); for other patterns (groups, alternation)
 * the first-char set is "any" and the length range 1..{@link #DEFAULT_MAX_CHARS}. So the engine pays a table
 * look-up per token and mask, and the regex runs only on plausible tokens.
 *
 * <p>Bounded work: tokens longer than {@link #maxChars()} (at most {@link #MAX_CHARS}) are never tested, and each
 * match runs under a step budget ({@link UserMaskMatcher}): a pattern with catastrophic backtracking such as
 * {@code (a+)+$} gives up on that token (counted as aborted, the token is masked as usual) instead of stalling.
 */
public final class UserMask {
    /** Longest token tested when the pattern does not bound its own length. */
    public static final int DEFAULT_MAX_CHARS = 128;
    /** Longest token ever tested, whatever the pattern says. */
    public static final int MAX_CHARS = 1024;

    private final String name;
    private final String regex;
    private final Pattern pattern;
    private final boolean[] firstAscii;
    private final boolean firstNonAscii;
    private final int minChars;
    private final int maxChars;
    private final boolean digitBlind;

    private UserMask(String name, String regex, Pattern pattern, Prefilter p) {
        this.name = name;
        this.regex = regex;
        this.pattern = pattern;
        this.firstAscii = p.firstAscii;
        this.firstNonAscii = p.firstNonAscii;
        this.minChars = p.min;
        this.maxChars = p.max;
        this.digitBlind = isDigitBlind(regex);
    }

    /**
     * Parses {@code NAME=REGEX}. NAME: a letter then letters, digits or '_' (at most 32), not a built-in type
     * label such as NUM or IP (it would make templates ambiguous).
     *
     * @throws IllegalArgumentException naming the mask and what is wrong (bad name, empty or invalid pattern)
     */
    public static UserMask parse(String spec) {
        if (spec == null) {
            throw new IllegalArgumentException("mask: expected NAME=REGEX, got nothing");
        }
        int eq = spec.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("mask '" + spec + "': expected NAME=REGEX");
        }
        return of(spec.substring(0, eq).trim(), spec.substring(eq + 1));
    }

    /** As {@link #parse}, with the name and the pattern apart. */
    public static UserMask of(String name, String regex) {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]{0,31}")) {
            throw new IllegalArgumentException("mask '" + name + "': the name must be a letter followed by"
                    + " letters, digits or '_' (at most 32 chars)");
        }
        if (MaskType.ofLabel(name) != null) {
            throw new IllegalArgumentException("mask '" + name + "': " + name + " is a built-in type; choose another name");
        }
        if (regex == null || regex.isEmpty()) {
            throw new IllegalArgumentException("mask " + name + ": the pattern is empty");
        }
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("mask " + name + ": bad pattern '" + regex + "': "
                    + e.getDescription() + " near index " + e.getIndex());
        }
        Prefilter pf = Prefilter.derive(regex);
        if (pf.max < pf.min) {
            throw new IllegalArgumentException("mask " + name + ": pattern '" + regex + "' only matches tokens of "
                    + pf.min + " chars or more, longer than the " + MAX_CHARS + " chars ever tested");
        }
        return new UserMask(name, regex, p, pf);
    }

    public String name() {
        return name;
    }

    public String regex() {
        return regex;
    }

    /** {@code NAME=REGEX}, the form {@link #parse} reads. */
    public String spec() {
        return name + "=" + regex;
    }

    public int minChars() {
        return minChars;
    }

    public int maxChars() {
        return maxChars;
    }

    /**
     * Whether the pattern treats every digit alike ({@code \d}, {@code [0-9]}, digits only inside
     * {@code {m,n}}): then whether a token matches depends on its digits only through the lengths of its digit
     * runs, as every built-in rule does, and the engine keeps its shape fast path (see {@link LineMasker#load}).
     * A pattern with a literal digit ({@code ORD-1\d+}, {@code [0-5]}) turns that path off for its engine.
     */
    public boolean digitBlind() {
        return digitBlind;
    }

    Pattern pattern() {
        return pattern;
    }

    /** The prefilter: whether a token of {@code len} chars starting with {@code first} may match. */
    boolean mayMatch(char first, int len) {
        if (len < minChars || len > maxChars) {
            return false;
        }
        return first < 128 ? firstAscii[first] : firstNonAscii;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserMask m && m.name.equals(name) && m.regex.equals(regex);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + regex.hashCode();
    }

    @Override
    public String toString() {
        return spec();
    }

    /**
     * Digits in the pattern other than those in {@code \d}, {@code 0-9} and {@code {m,n}} quantifiers: a
     * conservative test (an escape such as {@code \x41} also counts as a digit, which only costs speed).
     */
    static boolean isDigitBlind(String regex) {
        String r = regex.replace("\\d", "").replace("\\D", "").replace("0-9", "")
                .replaceAll("\\{\\d+(,\\d*)?}", "");
        for (int i = 0; i < r.length(); i++) {
            if (r.charAt(i) >= '0' && r.charAt(i) <= '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * First-char set and length range of a pattern that is a plain sequence of atoms (a literal or escaped char,
     * {@code .}, {@code \d \w \s \D \W \S}, a {@code [...]} class), each with an optional quantifier
     * ({@code ? * + {n} {n,} {n,m}}, possessive or lazy). Anything else gives the permissive default.
     */
    static final class Prefilter {
        final boolean[] firstAscii = new boolean[128];
        boolean firstNonAscii;
        int min = 1;
        int max = DEFAULT_MAX_CHARS;

        static Prefilter derive(String regex) {
            Prefilter p = new Prefilter();
            Arrays.fill(p.firstAscii, true);
            p.firstNonAscii = true;
            try {
                p.sequence(regex);
            } catch (RuntimeException notPlain) {
                // not a plain sequence of atoms: keep the permissive default (still bounded by DEFAULT_MAX_CHARS)
                Arrays.fill(p.firstAscii, true);
                p.firstNonAscii = true;
                p.min = 1;
                p.max = DEFAULT_MAX_CHARS;
            }
            p.min = Math.max(1, p.min);
            p.max = Math.min(p.max, MAX_CHARS);
            return p;
        }

        private void sequence(String r) {
            int i = 0;
            int n = r.length();
            if (i < n && r.charAt(i) == '^') {
                i++;
            }
            if (n > 0 && r.charAt(n - 1) == '$' && (n < 2 || r.charAt(n - 2) != '\\')) {
                n--;
            }
            long lo = 0;
            long hi = 0;
            boolean first = true;
            boolean[] set = new boolean[129]; // [128] = any non-ASCII char
            while (i < n) {
                Arrays.fill(set, false);
                char c = r.charAt(i);
                if (c == '(' || c == ')' || c == '|' || c == '^' || c == '$' || c == '{' || c == '}'
                        || c == '*' || c == '+' || c == '?') {
                    throw new IllegalArgumentException("not a plain sequence");
                }
                if (c == '\\') {
                    if (i + 1 >= n) {
                        throw new IllegalArgumentException("dangling escape");
                    }
                    escape(r.charAt(i + 1), set);
                    i += 2;
                } else if (c == '[') {
                    i = charClass(r, i + 1, n, set);
                } else if (c == '.') {
                    Arrays.fill(set, true);
                    i++;
                } else {
                    set[c < 128 ? c : 128] = true;
                    i++;
                }
                // quantifier
                int qmin = 1;
                int qmax = 1;
                if (i < n) {
                    char q = r.charAt(i);
                    if (q == '?' || q == '*' || q == '+') {
                        qmin = q == '+' ? 1 : 0;
                        qmax = q == '?' ? 1 : Integer.MAX_VALUE;
                        i++;
                    } else if (q == '{') {
                        int close = r.indexOf('}', i);
                        String[] parts = r.substring(i + 1, close).split(",", -1);
                        qmin = Integer.parseInt(parts[0]);
                        qmax = parts.length == 1 ? qmin : parts[1].isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(parts[1]);
                        i = close + 1;
                    }
                    if (i < n && (r.charAt(i) == '?' || r.charAt(i) == '+')) {
                        i++; // lazy or possessive: same lengths
                    }
                }
                if (first) {
                    if (qmin == 0) {
                        throw new IllegalArgumentException("optional first atom");
                    }
                    for (int k = 0; k < 128; k++) {
                        firstAscii[k] = set[k];
                    }
                    firstNonAscii = set[128];
                    first = false;
                }
                lo += qmin;
                hi = qmax == Integer.MAX_VALUE || hi == Long.MAX_VALUE ? Long.MAX_VALUE : hi + qmax;
            }
            if (first) {
                throw new IllegalArgumentException("empty");
            }
            min = (int) Math.min(lo, Integer.MAX_VALUE);
            max = hi == Long.MAX_VALUE ? DEFAULT_MAX_CHARS : (int) Math.min(hi, MAX_CHARS);
            if (hi == Long.MAX_VALUE && lo > DEFAULT_MAX_CHARS) {
                max = MAX_CHARS;
            }
        }

        private static void escape(char e, boolean[] set) {
            switch (e) {
                case 'd' -> range(set, '0', '9');
                case 'w' -> {
                    range(set, '0', '9');
                    range(set, 'a', 'z');
                    range(set, 'A', 'Z');
                    set['_'] = true;
                }
                case 's', 'S', 'D', 'W' -> Arrays.fill(set, true); // permissive
                default -> {
                    if (Character.isLetterOrDigit(e)) {
                        throw new IllegalArgumentException("escape \\" + e);
                    }
                    set[e < 128 ? e : 128] = true; // an escaped punctuation char: itself
                }
            }
        }

        /** A class without negation, nesting or escapes other than \d \w and escaped punctuation. */
        private static int charClass(String r, int i, int n, boolean[] set) {
            if (i < n && r.charAt(i) == '^') {
                throw new IllegalArgumentException("negated class");
            }
            boolean any = false;
            while (i < n && (r.charAt(i) != ']' || !any)) {
                char c = r.charAt(i);
                if (c == '[' || c == '&') {
                    throw new IllegalArgumentException("nested class");
                }
                if (c == '\\') {
                    escape(r.charAt(i + 1), set);
                    i += 2;
                } else if (i + 2 < n && r.charAt(i + 1) == '-' && r.charAt(i + 2) != ']') {
                    char hiC = r.charAt(i + 2);
                    if (hiC >= 128 || c >= 128) {
                        set[128] = true;
                    }
                    range(set, c, (char) Math.min(hiC, 127));
                    i += 3;
                } else {
                    set[c < 128 ? c : 128] = true;
                    i++;
                }
                any = true;
            }
            if (i >= n) {
                throw new IllegalArgumentException("open class");
            }
            return i + 1;
        }

        private static void range(boolean[] set, char from, char to) {
            for (int c = from; c <= to && c < 128; c++) {
                set[c] = true;
            }
        }
    }
}
