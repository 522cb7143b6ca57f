package io.sigdrift.baselines.stats;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * Tail probabilities of the negative binomial distribution in the NB2 parameterisation
 * (mean {@code mu}, variance {@code mu + a * mu^2}); {@code a == 0} is the Poisson limit.
 *
 * <p>Both tails are computed directly from regularized incomplete beta / gamma functions rather
 * than as {@code 1 - cdf}, because the interesting values are 1e-6 and smaller, where the
 * subtraction would lose every significant digit.
 */
public final class CountDistribution {

    /** Below this dispersion the Poisson formulas are used: the NB beta form becomes ill-conditioned. */
    static final double POISSON_DISPERSION = 1e-9;

    private CountDistribution() {}

    /** P[X >= x] for integer x (x is floored); 1 for x <= 0. */
    public static double upperTail(double x, double mu, double dispersion) {
        double k = Math.floor(x);
        if (k <= 0) return 1.0;
        if (!(mu > 0)) return 0.0;
        if (dispersion < POISSON_DISPERSION) {
            return clamp(Gamma.regularizedGammaP(k, mu));
        }
        double r = 1.0 / dispersion;
        double q = mu / (r + mu); // success probability of the "count" side
        // P[X >= k] = I_q(k, r)
        return clamp(Beta.regularizedBeta(q, k, r));
    }

    /** P[X <= x] for integer x (x is floored); 0 for x < 0. */
    public static double lowerTail(double x, double mu, double dispersion) {
        double k = Math.floor(x);
        if (k < 0) return 0.0;
        if (!(mu > 0)) return 1.0;
        if (k == 0) {
            // P[X = 0] in closed form: a window without the signature is the commonest observation of a
            // sparse series (and zeroRunTail asks for it too), and the continued fraction below costs ~10x more.
            return clamp(dispersion < POISSON_DISPERSION ? Math.exp(-mu) : Math.exp(-Math.log1p(dispersion * mu) / dispersion));
        }
        if (dispersion < POISSON_DISPERSION) {
            return clamp(Gamma.regularizedGammaQ(k + 1, mu));
        }
        double r = 1.0 / dispersion;
        double p = r / (r + mu);
        // P[X <= k] = I_p(r, k + 1)
        return clamp(Beta.regularizedBeta(p, r, k + 1));
    }

    /**
     * Largest count for which {@link #pointProbability} is computed; above it that method returns 0 (no bound).
     * Its cost is one multiplication per count below x, so this keeps it far cheaper than the tails' continued
     * fractions, and the counts of most (source, signature) windows are far below it.
     */
    public static final int MAX_POINT_COUNT = 128;

    /**
     * P[X = x] for integer x (x is floored) by the recurrence {@code P[k] = P[k-1] (r + k - 1) q / k} from the
     * closed-form P[0] (Poisson: {@code P[k] = P[k-1] mu / k}), or 0 when x is negative or above
     * {@link #MAX_POINT_COUNT}, or mu is not positive. A lower bound of both {@link #upperTail} and
     * {@link #lowerTail} at x (each sums P[x] and more), for a caller that only needs to know whether a tail is
     * below some level: when this is well above the level, so are both tails. Relative error below 1e-13 (at most
     * {@link #MAX_POINT_COUNT} rounding steps); may underflow to 0, which is a valid, useless bound.
     */
    public static double pointProbability(double x, double mu, double dispersion) {
        double k = Math.floor(x);
        if (!(k >= 0 && k <= MAX_POINT_COUNT) || !(mu > 0) || !(dispersion >= 0)) return 0.0;
        int n = (int) k;
        double p;
        if (dispersion < POISSON_DISPERSION) {
            p = Math.exp(-mu);
            for (int j = 1; j <= n && p > 0; j++) {
                p *= mu / j;
            }
        } else {
            double r = 1.0 / dispersion;
            double q = mu / (r + mu);
            p = Math.exp(-Math.log1p(dispersion * mu) / dispersion);
            for (int j = 1; j <= n && p > 0; j++) {
                p *= (r + j - 1) * q / j;
            }
        }
        return Double.isFinite(p) ? Math.min(1.0, p) : 0.0;
    }

    /** Standard normal upper tail Q(z) = P[Z >= z], accurate far into the tail. */
    public static double normalUpperTail(double z) {
        return 0.5 * org.apache.commons.math3.special.Erf.erfc(z / Math.sqrt(2.0));
    }

    private static double clamp(double p) {
        if (Double.isNaN(p)) return 1.0; // a failed series expansion must never look significant
        return Math.max(0.0, Math.min(1.0, p));
    }
}
