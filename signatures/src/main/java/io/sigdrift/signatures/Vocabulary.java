package io.sigdrift.signatures;

/**
 * Rule (d), the statistics: whether the words seen at one template position form a small, closed vocabulary (the
 * event kind: {@code VM Paused / Resumed / Started}, {@code connection opened / closed}) or an open-ended one (a
 * parameter: user, file, project names). Pure and allocation-free; called only on the engine's slow path, when a
 * line brings a NEW word at a position where at least two sibling signatures differ from it there only.
 *
 * <p>The evidence is what the engine has: the distinct values and how often each was seen. Two conventions of
 * how logs print words decide:
 * <ul>
 *   <li>An event kind comes from a set fixed in code (a state machine, a lifecycle, a verb list), so it is small:
 *       more than {@link #MAX_VALUES} distinct values at one position is open.</li>
 *   <li>Each member of such a set is printed because that event happens, so every member recurs at a steady
 *       share of the traffic. An open set instead keeps bringing values seen once or twice (names of people,
 *       files, projects follow a long tail): the Good-Turing view, where the values seen rarely estimate the mass
 *       still unseen. So a set is open when it holds at least {@link #MIN_RARE} RARE values — counts improbably
 *       low for a member of a closed set. "Improbably low" is a one-sided binomial test: out of {@code total}
 *       occurrences a member with share at least {@link #MIN_SHARE} (an even share of the largest closed set)
 *       is seen {@code count} times or fewer with probability below {@link #ALPHA}.</li>
 * </ul>
 * Few occurrences are never evidence: while the total is small no count is improbable, so words that all appear
 * from the first lines ({@code Paused, Resumed, Started} mixed) stay apart, where a fixed minimum count would have
 * merged them. The engine re-tests at every new value; a later "open" merges the signatures with their ids in the
 * survivor's lineage (so earlier lines can be followed), while a merge is never undone.
 */
final class Vocabulary {
    private Vocabulary() {
    }

    /** The largest number of distinct values a closed vocabulary holds at one position. */
    static final int MAX_VALUES = 8;
    /** The share of the traffic every member of a closed vocabulary is assumed to hold at least. */
    static final double MIN_SHARE = 1.0 / MAX_VALUES;
    /** Significance of the one-sided binomial test for a rare value. */
    static final double ALPHA = 0.05;
    /** Rare values that make a set open (the new value counts): one rare member alone is a rare event kind. */
    static final int MIN_RARE = 2;
    /** Above this count the exact binomial sum is replaced by the Chernoff bound (slow path cost stays small). */
    private static final long EXACT_MAX = 256;

    /**
     * Whether a value seen {@code count} times out of {@code total} occurrences at its position is too rare to be
     * a member of a closed vocabulary: P(Binomial(total, MIN_SHARE) <= count) < ALPHA.
     */
    static boolean isRare(long count, long total) {
        if (count < 0 || total <= 0 || count >= MIN_SHARE * total) {
            return false;
        }
        return lowerTail(count, total, MIN_SHARE) < ALPHA;
    }

    /**
     * Whether a value seen {@code count} times out of {@code total} is established as a member of a closed
     * vocabulary: seen significantly more often than a value holding less than {@link #MIN_SHARE} would be,
     * P(Binomial(total, MIN_SHARE) >= count) < ALPHA. The mirror image of {@link #isRare}.
     */
    static boolean isEstablished(long count, long total) {
        if (total <= 0 || count <= MIN_SHARE * total) {
            return false;
        }
        if (count - 1 > EXACT_MAX) {
            double a = (double) count / total; // Chernoff: P(X >= a n) <= exp(-n KL(a || q)) for a > q
            double kl = a * Math.log(a / MIN_SHARE) + (a >= 1 ? 0 : (1 - a) * Math.log((1 - a) / (1 - MIN_SHARE)));
            return Math.exp(-total * kl) < ALPHA;
        }
        return 1.0 - lowerTail(count - 1, total, MIN_SHARE) < ALPHA;
    }

    /**
     * Whether names (values that are not plain words, see the engine's rule (e)) at one position are a closed set
     * all the same: every value seen before the new one is established ({@link #isEstablished}). Names default
     * to a parameter, so this asks for evidence the other way round from {@link #isOpen}.
     * {@code counts[0..n)} are the earlier values' counts; total includes the new value.
     */
    static boolean allEstablished(long[] counts, int n, long total) {
        for (int i = 0; i < n; i++) {
            if (!isEstablished(counts[i], total)) {
                return false;
            }
        }
        return n > 0;
    }

    /** P(X <= c) for X ~ Binomial(n, q), c < n*q: exact in log space for small c, else the Chernoff bound. */
    static double lowerTail(long c, long n, double q) {
        if (c > EXACT_MAX) {
            // Chernoff: P(X <= a n) <= exp(-n KL(a || q)) for a < q; an upper bound, so "rare" stays conservative
            double a = (double) c / n;
            double kl = a * Math.log(a / q) + (1 - a) * Math.log((1 - a) / (1 - q));
            return Math.exp(-n * kl);
        }
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double logTerm = n * log1mQ; // k = 0
        double sum = Math.exp(logTerm);
        for (long k = 1; k <= c; k++) {
            logTerm += Math.log((double) (n - k + 1) / k) + logQ - log1mQ;
            sum += Math.exp(logTerm);
        }
        return Math.min(1.0, sum);
    }

    /**
     * Whether the values at one position, with the counts given, form an open vocabulary (merge them into one
     * parameter) rather than a closed one (keep them as event kinds). {@code counts[0..n)} are the per-value
     * counts, the new value included (with count 1).
     */
    static boolean isOpen(long[] counts, int n) {
        if (n > MAX_VALUES) {
            return true;
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += counts[i];
        }
        int rare = 0;
        for (int i = 0; i < n; i++) {
            if (isRare(counts[i], total) && ++rare >= MIN_RARE) {
                return true;
            }
        }
        return false;
    }
}
