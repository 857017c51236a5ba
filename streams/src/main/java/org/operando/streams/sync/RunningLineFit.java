package org.operando.streams.sync;

import java.math.BigInteger;

/**
 * Ordinary least squares of {@code v = α + β·u} over integer points (nanoseconds), kept as exact sums so a point is
 * added or removed in O(1) and the result does not depend on the order the points came in: Σu, Σv, Σu², Σuv and Σv²
 * are 128-bit integers, and the means and co-moments are derived from them with one rounding each:
 *
 * <pre>
 *   ū = Σu/n,  v̄ = Σv/n,  Cuu = (nΣu² − (Σu)²)/n,  Cuv = (nΣuv − ΣuΣv)/n,  Cvv = (nΣv² − (Σv)²)/n
 *   β = Cuv / Cuu,  line value at ū is v̄,  RSS = Cvv − Cuv²/Cuu,  σ̂² = RSS/(n − 2)
 *   var(v̄) = σ²/n,  var(β) = σ²/Cuu,  cov(v̄, β) = 0 (the centroid decorrelates them)
 * </pre>
 * Floating-point running means (Welford) would give results that differ in the last bits with the order of the
 * points, and the order a clock's marks are paired in depends on how the trigger streams interleave; exact sums make
 * a replay reproduce every clock model bit for bit. Mutable, not thread-safe; owned by one {@link ClockSync}.
 */
final class RunningLineFit {
    /** Σu, Σv, Σu², Σuv, Σv², each as a (high, low) pair of a two's-complement 128-bit integer. */
    private final long[] sums = new long[10];
    private long n;
    private double[] derived;

    void add(long u, long v) {
        n++;
        accumulate(u, v, 1);
    }

    void remove(long u, long v) {
        if (n <= 0) {
            throw new IllegalStateException("Cannot remove a point from an empty fit");
        }
        n--;
        accumulate(u, v, -1);
    }

    private void accumulate(long u, long v, int sign) {
        add128(0, sign < 0 ? -u : u, 1);
        add128(2, sign < 0 ? -v : v, 1);
        add128(4, sign < 0 ? -u : u, u);
        add128(6, sign < 0 ? -u : u, v);
        add128(8, sign < 0 ? -v : v, v);
        derived = null;
    }

    /** sums[at..at+1] += a·b, exactly (the product and the sum are 128-bit). */
    private void add128(int at, long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        long sumLo = sums[at + 1] + lo;
        long carry = Long.compareUnsigned(sumLo, lo) < 0 ? 1 : 0;
        sums[at + 1] = sumLo;
        sums[at] += hi + carry;
    }

    private BigInteger sum(int at) {
        long lo = sums[at + 1];
        BigInteger unsignedLo = BigInteger.valueOf(lo & Long.MAX_VALUE);
        return BigInteger.valueOf(sums[at]).shiftLeft(64).add(lo < 0 ? unsignedLo.setBit(63) : unsignedLo);
    }

    /** {ū, v̄, Cuu, Cuv, Cvv}, computed once per change of the points. */
    private double[] derived() {
        if (derived == null) {
            if (n == 0) {
                derived = new double[5];
            } else {
                BigInteger bn = BigInteger.valueOf(n);
                BigInteger su = sum(0);
                BigInteger sv = sum(2);
                derived = new double[] {su.doubleValue() / n, sv.doubleValue() / n,
                    Math.max(0.0, sum(4).multiply(bn).subtract(su.multiply(su)).doubleValue() / n),
                    sum(6).multiply(bn).subtract(su.multiply(sv)).doubleValue() / n,
                    Math.max(0.0, sum(8).multiply(bn).subtract(sv.multiply(sv)).doubleValue() / n)};
            }
        }
        return derived;
    }

    void clear() {
        n = 0;
        java.util.Arrays.fill(sums, 0L);
        derived = null;
    }

    long n() {
        return n;
    }

    double meanU() {
        return derived()[0];
    }

    double meanV() {
        return derived()[1];
    }

    /** Σ(u − ū)², the spread of the abscissae (Sxx). */
    double cuu() {
        return derived()[2];
    }

    double cuv() {
        return derived()[3];
    }

    double cvv() {
        return derived()[4];
    }

    /** β = Cuv/Cuu, or 0 when all abscissae coincide. */
    double slope() {
        return cuu() > 0 ? cuv() / cuu() : 0.0;
    }

    /** σ̂ = sqrt(RSS/(n − 2)); 0 for n ≤ 2. */
    double residualSigma() {
        if (n <= 2 || cuu() <= 0) {
            return 0.0;
        }
        double rss = Math.max(0.0, cvv() - cuv() * cuv() / cuu());
        return Math.sqrt(rss / (n - 2));
    }

    /** The mean abscissa ū rounded to the nearest integer (halves up), exactly. */
    long roundedMeanU() {
        BigInteger[] q = sum(0).shiftLeft(1).add(BigInteger.valueOf(n)).divideAndRemainder(BigInteger.valueOf(2 * n));
        return (q[1].signum() < 0 ? q[0].subtract(BigInteger.ONE) : q[0]).longValueExact();
    }

    /** u − ū, rounded once from the exact value. */
    double fromMeanU(long u) {
        return BigInteger.valueOf(u).multiply(BigInteger.valueOf(n)).subtract(sum(0)).doubleValue() / n;
    }

    /**
     * The fitted line at {@code u} as a whole number and a fraction in [−½, ½], both from the exact rational value, so
     * the same points give the same result bit for bit whatever their origin or order.
     */
    LineValue valueAt(long u) {
        BigInteger bn = BigInteger.valueOf(n);
        BigInteger su = sum(0);
        BigInteger sv = sum(2);
        BigInteger d = sum(4).multiply(bn).subtract(su.multiply(su));
        BigInteger num;
        BigInteger den;
        if (d.signum() == 0) {
            num = sv;
            den = bn;
        } else {
            BigInteger c = sum(6).multiply(bn).subtract(su.multiply(sv));
            num = sv.multiply(d).add(c.multiply(BigInteger.valueOf(u).multiply(bn).subtract(su)));
            den = bn.multiply(d);
        }
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        BigInteger[] q = num.shiftLeft(1).add(den).divideAndRemainder(den.shiftLeft(1)); // round half up
        BigInteger whole = q[1].signum() < 0 ? q[0].subtract(BigInteger.ONE) : q[0];
        double fraction = new java.math.BigDecimal(num.subtract(whole.multiply(den)))
                .divide(new java.math.BigDecimal(den), java.math.MathContext.DECIMAL64).doubleValue();
        return new LineValue(whole.longValueExact(), fraction);
    }

    /** A line value split into a whole number and a fraction. */
    record LineValue(long whole, double fraction) {
    }

    /** The exact sums (see {@link #restore}), for a snapshot. */
    long[] sums() {
        return sums.clone();
    }

    void restore(long n, long[] sums) {
        if (sums.length != this.sums.length) {
            throw new IllegalArgumentException("Expected " + this.sums.length + " sums. Got: " + sums.length);
        }
        this.n = n;
        System.arraycopy(sums, 0, this.sums, 0, sums.length);
        derived = null;
    }
}
