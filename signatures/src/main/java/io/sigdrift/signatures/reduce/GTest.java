package io.sigdrift.signatures.reduce;

/**
 * The log-likelihood ratio (G-test, Dunning 1993) of a 2x2 table of counts: how surprising it is that a
 * signature has {@code a} of {@code aTotal} events in the baseline and {@code b} of {@code bTotal} in the
 * target if its share had not changed. Unlike the share ratio it grows with the evidence: a one-off line
 * (0 -> 1) scores about 1-2, a 10x change of a signature seen 100 times scores in the hundreds.
 */
public final class GTest {
    private GTest() {}

    /** G statistic; 0 when either side has no events (nothing can be compared). */
    public static double g(long a, long aTotal, long b, long bTotal) {
        if (a < 0 || b < 0 || a > aTotal || b > bTotal) {
            throw new IllegalArgumentException("counts must satisfy 0 <= a <= aTotal and 0 <= b <= bTotal, was a="
                    + a + "/" + aTotal + " b=" + b + "/" + bTotal);
        }
        if (aTotal == 0 || bTotal == 0) {
            return 0.0;
        }
        long aRest = aTotal - a;
        long bRest = bTotal - b;
        long n = aTotal + bTotal;
        double g = 2.0 * (xlogx(a) + xlogx(aRest) + xlogx(b) + xlogx(bRest)
                - xlogx(aTotal) - xlogx(bTotal) - xlogx(a + b) - xlogx(aRest + bRest) + xlogx(n));
        return Math.max(0.0, g); // rounding can leave -1e-12 for identical shares
    }

    private static double xlogx(long x) {
        return x == 0 ? 0.0 : x * Math.log(x);
    }

    /** Upper tail of the chi-squared distribution with one degree of freedom: P(X >= g). */
    public static double pValue(double g) {
        if (g <= 0) {
            return 1.0;
        }
        return erfc(Math.sqrt(g / 2.0));
    }

    /** Complementary error function (Numerical Recipes erfcc; fractional error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }
}
