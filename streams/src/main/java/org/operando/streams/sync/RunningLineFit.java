package org.operando.streams.sync;

/**
 * Ordinary least squares of {@code v = α + β·u} kept as running means and co-moments (Welford's
 * update), so a point is added or removed in O(1) and the result does not depend on where the origin
 * of {@code u} lies:
 *
 * <pre>
 *   add (u, v):    n ← n+1;  δu = u − ū;  ū ← ū + δu/n;  δv = v − v̄;  v̄ ← v̄ + δv/n
 *                  Cuu += δu·(u − ū);  Cuv += δu·(v − v̄);  Cvv += δv·(v − v̄)
 *   remove (u, v): the same steps run backwards.
 *   β = Cuv / Cuu,  line value at ū is v̄,  RSS = Cvv − Cuv²/Cuu,  σ̂² = RSS/(n − 2)
 *   var(v̄) = σ²/n,  var(β) = σ²/Cuu,  cov(v̄, β) = 0 (the centroid decorrelates them)
 * </pre>
 * Mutable, not thread-safe; owned by one {@link ClockSync}.
 */
final class RunningLineFit {
    private long n;
    private double meanU;
    private double meanV;
    private double cuu;
    private double cuv;
    private double cvv;

    void add(double u, double v) {
        n++;
        double du = u - meanU;
        meanU += du / n;
        double dv = v - meanV;
        meanV += dv / n;
        cuu += du * (u - meanU);
        cuv += du * (v - meanV);
        cvv += dv * (v - meanV);
    }

    void remove(double u, double v) {
        if (n <= 0) {
            throw new IllegalStateException("Cannot remove a point from an empty fit");
        }
        if (n == 1) {
            clear();
            return;
        }
        double newMeanU = (n * meanU - u) / (n - 1);
        double newMeanV = (n * meanV - v) / (n - 1);
        cuu -= (u - newMeanU) * (u - meanU);
        cuv -= (u - newMeanU) * (v - meanV);
        cvv -= (v - newMeanV) * (v - meanV);
        meanU = newMeanU;
        meanV = newMeanV;
        n--;
        if (cuu < 0) {
            cuu = 0;
        }
        if (cvv < 0) {
            cvv = 0;
        }
    }

    void clear() {
        n = 0;
        meanU = meanV = cuu = cuv = cvv = 0;
    }

    long n() {
        return n;
    }

    double meanU() {
        return meanU;
    }

    double meanV() {
        return meanV;
    }

    /** Σ(u − ū)², the spread of the abscissae (Sxx). */
    double cuu() {
        return cuu;
    }

    double cuv() {
        return cuv;
    }

    double cvv() {
        return cvv;
    }

    /** β = Cuv/Cuu, or 0 when all abscissae coincide. */
    double slope() {
        return cuu > 0 ? cuv / cuu : 0.0;
    }

    /** σ̂ = sqrt(RSS/(n − 2)); 0 for n ≤ 2. */
    double residualSigma() {
        if (n <= 2 || cuu <= 0) {
            return 0.0;
        }
        double rss = Math.max(0.0, cvv - cuv * cuv / cuu);
        return Math.sqrt(rss / (n - 2));
    }

    void restore(long n, double meanU, double meanV, double cuu, double cuv, double cvv) {
        this.n = n;
        this.meanU = meanU;
        this.meanV = meanV;
        this.cuu = cuu;
        this.cuv = cuv;
        this.cvv = cvv;
    }
}
