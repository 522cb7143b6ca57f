package io.sigdrift.signatures;

/**
 * Generalises two differing tokens into one: the common prefix up to a punctuation boundary, one {@code <*>},
 * and the common suffix from a punctuation boundary. So {@code name=com.foo,} and {@code name=bar,} become
 * {@code name=<*>,} (the key stays a constant), while {@code alpha} and {@code beta} become {@code <*>}.
 */
final class TokenMerge {
    private TokenMerge() {
    }

    static void merge(String a, int as, int ae, char[] b, int bs, int be, StringBuilder out) {
        long ps = commonEnds(a, as, ae, b, bs, be);
        int p = (int) (ps >>> 32);
        int s = (int) ps;
        out.append(a, as, as + p);
        // A typed mask that is entirely covered by the middle becomes ANY.
        out.append(MaskType.ANY.marker());
        out.append(a, ae - s, ae);
    }

    /**
     * Where a common prefix may end / a common suffix may start: strong punctuation or a mask. '.', '-' and '_'
     * join the parts of one name (com.foo.Bar, node-12), so they are not boundaries.
     */
    private static boolean isBoundary(char c) {
        if (MaskType.isMarker(c)) {
            return true;
        }
        return !(LineMasker.isLetter(c) || LineMasker.isDigit(c) || c == '_' || c == '-' || c == '.');
    }

    private static boolean isOpen(char c) {
        return c == '(' || c == '[' || c == '{' || c == '<' || c == '"' || c == '\'';
    }

    /**
     * The lengths of the common prefix and suffix of two tokens, each backed off to a punctuation boundary
     * (a shared prefix must not end inside a word), packed as {@code prefix << 32 | suffix} so that this
     * slow-path helper allocates nothing. The suffix never overlaps the prefix.
     */
    private static long commonEnds(String a, int as, int ae, char[] b, int bs, int be) {
        int la = ae - as;
        int lb = be - bs;
        int max = Math.min(la, lb);
        int p = 0;
        while (p < max && a.charAt(as + p) == b[bs + p]) {
            p++;
        }
        // back off to a boundary: the prefix must end with a punctuation char (not inside a word)
        while (p > 0 && !isBoundary(a.charAt(as + p - 1))) {
            p--;
        }
        int s = 0;
        while (s < max - p && a.charAt(ae - 1 - s) == b[be - 1 - s]) {
            s++;
        }
        // ... or where a value ends in both tokens: "<HOST>." and "<IP>." share the '.' after the value, which is the
        // message's punctuation ("server: host:8030. Already tried"), not a part of a name
        while (s > 0 && !isBoundary(a.charAt(ae - s))
                && !(MaskType.isMarker(a.charAt(ae - s - 1)) && MaskType.isMarker(b[be - s - 1]))) {
            s--;
        }
        return ((long) p << 32) | s;
    }

    /**
     * Whether two differing tokens differ in a way typical of a variable: the differing middle (after the common
     * prefix/suffix up to punctuation) holds a mask, a digit or identifier punctuation (. / \\ @ $ _ # :), or it is
     * the value of a {@code key=value} / {@code key:value}. Two different plain words ("Failed" vs "Accepted")
     * are NOT soft: they usually name different events.
     */
    static boolean isSoft(String a, int as, int ae, char[] b, int bs, int be) {
        long ps = commonEnds(a, as, ae, b, bs, be);
        int p = (int) (ps >>> 32);
        int s = (int) ps;
        if (isPunctuationOnly(a, as + p, ae - s) || isPunctuationOnly(b, bs + p, be - s)) {
            return false; // "****" vs "3552": a placeholder is structure, not a value
        }
        boolean emptyA = as + p >= ae - s;
        boolean emptyB = bs + p >= be - s;
        if (emptyA || emptyB) {
            // "rhost=" vs "rhost=1.2.3.4", "(uid=0)" vs "LOGIN(uid=0)": present vs absent is structure,
            // except inside brackets: "()" vs "(host)" is an optional value
            return p > 0 && isOpen(a.charAt(as + p - 1));
        }
        if (!sameKeys(a, as + p, ae - s, b, bs + p, be - s)) {
            return false; // "num=3,flags=0" vs "topActivity=X": other keys, another event
        }
        if (p > 0) {
            char k = a.charAt(as + p - 1);
            if (k == '=' || k == ':') {
                return true;
            }
        }
        return hasVariableChar(a, as + p, ae - s) || hasVariableChar(b, bs + p, be - s);
    }

    /** Whether two middles have the same "key=" before their first '=' (or neither has one). */
    private static boolean sameKeys(String a, int as, int ae, char[] b, int bs, int be) {
        int ea = -1;
        for (int i = as; i < ae; i++) {
            if (a.charAt(i) == '=') {
                ea = i;
                break;
            }
        }
        int eb = -1;
        for (int i = bs; i < be; i++) {
            if (b[i] == '=') {
                eb = i;
                break;
            }
        }
        if (ea < 0 && eb < 0) {
            return true;
        }
        if (ea < 0 || eb < 0 || ea - as != eb - bs) {
            return false;
        }
        for (int k = 0; k < ea - as; k++) {
            if (a.charAt(as + k) != b[bs + k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Words that introduce an account-like identifier in free text: {@code user root}, {@code for user admin by},
     * {@code account: svc-backup}, {@code tenant acme}. Logins, account and tenant names are plain words chosen by
     * people, so no masker can see they are values; the key before them says so (the same keys appear as
     * {@code user=} in key=value logs, where the masker already treats the value as one).
     */
    private static final String[] NAME_KEYS = {"user", "username", "account", "owner", "principal", "tenant",
            "uname", "login-name"};

    /** Whether template token [ts, te) is one of {@link #NAME_KEYS} (any case, an optional ':' after it). */
    static boolean isNameKey(String t, int ts, int te) {
        if (te > ts && t.charAt(te - 1) == ':') {
            te--;
        }
        int len = te - ts;
        for (String k : NAME_KEYS) {
            if (k.length() == len && t.regionMatches(true, ts, k, 0, len)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether masked token b[bs, be) matches template token a[as, ae), where each ANY marker of the template stands
     * for any run of chars (a glob). Restore-time only: recursion is bounded by the markers of one token.
     */
    static boolean globMatches(String a, int as, int ae, char[] b, int bs, int be) {
        while (as < ae) {
            char c = a.charAt(as);
            if (c == MaskType.ANY.marker()) {
                for (int k = be; k >= bs; k--) {
                    if (globMatches(a, as + 1, ae, b, k, be)) {
                        return true;
                    }
                }
                return false;
            }
            if (bs >= be || b[bs] != c) {
                return false;
            }
            as++;
            bs++;
        }
        return bs == be;
    }

    /** Whether the differing middles of two tokens contain a mask (used for the first token of a message). */
    static boolean middleHasMask(String a, int as, int ae, char[] b, int bs, int be) {
        for (int i = as; i < ae; i++) {
            if (MaskType.isMarker(a.charAt(i))) {
                return true;
            }
        }
        for (int i = bs; i < be; i++) {
            if (MaskType.isMarker(b[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPunctuationOnly(CharSequence t, int s, int e) {
        for (int i = s; i < e; i++) {
            char c = t.charAt(i);
            if (LineMasker.isLetter(c) || LineMasker.isDigit(c) || MaskType.isMarker(c)) {
                return false;
            }
        }
        return e > s;
    }

    static boolean isPunctuationOnly(char[] t, int s, int e) {
        for (int i = s; i < e; i++) {
            char c = t[i];
            if (LineMasker.isLetter(c) || LineMasker.isDigit(c) || MaskType.isMarker(c)) {
                return false;
            }
        }
        return e > s;
    }

    private static boolean hasVariableChar(CharSequence t, int s, int e) {
        for (int i = s; i < e; i++) {
            char c = t.charAt(i);
            if (isVariableChar(c)) {
                return true;
            }
            if ((c == '.' || c == ':') && i > s && i < e - 1 && isAlnum(t.charAt(i - 1)) && isAlnum(t.charAt(i + 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasVariableChar(char[] t, int s, int e) {
        for (int i = s; i < e; i++) {
            char c = t[i];
            if (isVariableChar(c)) {
                return true;
            }
            if ((c == '.' || c == ':') && i > s && i < e - 1 && isAlnum(t[i - 1]) && isAlnum(t[i + 1])) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAlnum(char c) {
        return LineMasker.isLetter(c) || LineMasker.isDigit(c);
    }

    /** Marker or identifier punctuation ('.' and ':' count only between two alphanumerics: a.b, not "end."). */
    private static boolean isVariableChar(char c) {
        if (MaskType.isMarker(c)) {
            return true; // digits left unmasked by the masker are parts of names (eth0), not values
        }
        return c == '/' || c == '\\' || c == '@' || c == '$' || c == '_' || c == '#';
    }
}
