package io.sigdrift.baselines.attribution;

import io.sigdrift.baselines.stats.CountDistribution;

/**
 * One-sided G-test (log-likelihood ratio) of "a value's share of this window is above its share of the baseline",
 * on the 2x2 table [x, n - x; b, B - b] (x of the window's n occurrences carry the value, b of the baseline's B).
 * Unlike a binomial test against a fixed share, it accounts for the baseline itself being a finite (decayed)
 * sample, and it stays accurate far into the tail: the signed root of G is compared with the normal tail, so a
 * strong over-representation gets a tiny p rather than 0 from a cancellation (below {@link #MIN_P} it is floored).
 */
public final class Significance {
    private Significance() {}

    /** The G statistic, signed: positive when the window's share is above the baseline's, else ≤ 0. */
    public static double signedG(double x, double n, double b, double bigB) {
        if (n <= 0 || bigB <= 0) {
            return 0;
        }
        x = Math.max(0, Math.min(x, n));
        b = Math.max(0, Math.min(b, bigB));
        double total = n + bigB;
        double hits = x + b;
        double g = 2 * (term(x, n * hits / total) + term(n - x, n * (total - hits) / total)
                + term(b, bigB * hits / total) + term(bigB - b, bigB * (total - hits) / total));
        if (!(g > 0)) {
            return 0;
        }
        return x / n > b / bigB ? g : -g;
    }

    private static double term(double observed, double expected) {
        return observed <= 0 || expected <= 0 ? 0 : observed * Math.log(observed / expected);
    }

    /** Reported p values are floored here: the normal tail underflows to 0 beyond z ≈ 38, and "p = 0" reads as a bug. */
    public static final double MIN_P = 1e-300;

    /** One-sided p of a signed G (1 when not above), at least {@link #MIN_P}. */
    public static double upperP(double signedG) {
        return signedG <= 0 ? 1.0 : Math.max(MIN_P, CountDistribution.normalUpperTail(Math.sqrt(signedG)));
    }
}
