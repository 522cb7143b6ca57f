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

    /** Standard normal upper tail Q(z) = P[Z >= z], accurate far into the tail. */
    public static double normalUpperTail(double z) {
        return 0.5 * org.apache.commons.math3.special.Erf.erfc(z / Math.sqrt(2.0));
    }

    private static double clamp(double p) {
        if (Double.isNaN(p)) return 1.0; // a failed series expansion must never look significant
        return Math.max(0.0, Math.min(1.0, p));
    }
}
