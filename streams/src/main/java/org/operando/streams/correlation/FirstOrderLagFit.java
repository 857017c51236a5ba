package org.operando.streams.correlation;

/**
 * Time constant of a first-order response: finds τ such that the image feature r(t) is best explained, in least
 * squares, by {@code r ≈ a + b·y_τ(t)} where {@code τ·dy/dt = x − y} is the drive x (e.g. the charge passed)
 * low-passed with time constant τ.
 *
 * <p>Why not the peak of the cross-correlation: for a first-order response the cross-correlation of x and y peaks
 * at a fraction of τ that depends on the drive's spectrum (≈ 0.69 τ for square-wave-like charge steps), so it
 * understates the delay; the fitted τ is the response's mean delay whatever the drive.
 *
 * <p>Method: for each τ on a logarithmic grid, y is computed on the drive's uniform grid by the exact exponential
 * step (x linear between samples), interpolated at the response times, and (a, b) solved by linear least squares;
 * the SSE minimum is refined by golden-section search. σ(τ) = sqrt(2 σ̂² / SSE''(τ)) with σ̂² = SSE / (n − 3).
 */
public final class FirstOrderLagFit {
    /** Result: τ and its standard error (s), the fitted gain b, and the number of response samples. */
    public record Result(double tauS, double sigmaS, double gain, double offset, double rmsResidual, int n) {
    }

    private FirstOrderLagFit() {
    }

    /**
     * @param drive    x(t) on a uniform grid (strictly increasing times)
     * @param response r(t) at arbitrary times inside the drive's span
     * @param minTauS  smallest τ searched, s (> 0)
     * @param maxTauS  largest τ searched, s
     */
    public static Result fit(TimeSeries drive, TimeSeries response, double minTauS, double maxTauS) {
        if (!(minTauS > 0) || !(maxTauS > minTauS)) {
            throw new IllegalArgumentException("Expected 0 < minTau < maxTau. Got " + minTauS + ", " + maxTauS);
        }
        double[] rt = response.timeS();
        double[] rv = response.values();
        int n = 0;
        for (double t : rt) {
            if (t >= drive.startS() && t <= drive.endS()) {
                n++;
            }
        }
        if (n < 10) {
            throw new NotEnoughDataException("First-order lag fit needs at least 10 response samples inside the drive's span; got " + n);
        }
        int grid = 120;
        double best = Double.POSITIVE_INFINITY;
        int bestIndex = -1;
        double[] taus = new double[grid];
        double[] sse = new double[grid];
        for (int i = 0; i < grid; i++) {
            taus[i] = minTauS * Math.pow(maxTauS / minTauS, i / (grid - 1.0));
            sse[i] = sse(drive, rt, rv, taus[i])[0];
            if (sse[i] < best) {
                best = sse[i];
                bestIndex = i;
            }
        }
        if (bestIndex == 0 || bestIndex == grid - 1) {
            throw new FitFailedException(String.format("First-order lag fit: best tau is at the edge of the search range "
                    + "[%.3g, %.3g] s; widen the range or check that the feature follows the drive", minTauS, maxTauS));
        }
        double lo = taus[bestIndex - 1];
        double hi = taus[bestIndex + 1];
        double phi = (Math.sqrt(5) - 1) / 2;
        double c = hi - phi * (hi - lo);
        double d = lo + phi * (hi - lo);
        double fc = sse(drive, rt, rv, c)[0];
        double fd = sse(drive, rt, rv, d)[0];
        for (int k = 0; k < 60 && (hi - lo) > 1e-6 * hi; k++) {
            if (fc < fd) {
                hi = d;
                d = c;
                fd = fc;
                c = hi - phi * (hi - lo);
                fc = sse(drive, rt, rv, c)[0];
            } else {
                lo = c;
                c = d;
                fc = fd;
                d = lo + phi * (hi - lo);
                fd = sse(drive, rt, rv, d)[0];
            }
        }
        double tau = 0.5 * (lo + hi);
        double[] at = sse(drive, rt, rv, tau);
        double h = tau * 0.02;
        double curvature = (sse(drive, rt, rv, tau + h)[0] - 2 * at[0] + sse(drive, rt, rv, tau - h)[0]) / (h * h);
        double variance = at[0] / Math.max(1, n - 3);
        double sigma = curvature > 0 ? Math.sqrt(2 * variance / curvature) : Double.POSITIVE_INFINITY;
        return new Result(tau, sigma, at[2], at[1], Math.sqrt(at[0] / n), n);
    }

    /** {SSE, a, b} of the linear fit r ≈ a + b·y_τ at the response times inside the drive's span. */
    private static double[] sse(TimeSeries drive, double[] rt, double[] rv, double tau) {
        double[] xt = drive.timeS();
        double[] xv = drive.values();
        double[] y = new double[xv.length];
        y[0] = xv[0];
        for (int i = 1; i < xv.length; i++) {
            double dt = xt[i] - xt[i - 1];
            double e = Math.exp(-dt / tau);
            double slope = (xv[i] - xv[i - 1]) / dt;
            // exact solution of tau y' = x - y with x linear over the step
            y[i] = xv[i] - tau * slope + (y[i - 1] - xv[i - 1] + tau * slope) * e;
        }
        double sy = 0, sr = 0, syy = 0, syr = 0;
        int n = 0;
        int j = 0;
        double[] ys = new double[rt.length];
        for (int k = 0; k < rt.length; k++) {
            double t = rt[k];
            if (t < xt[0] || t > xt[xt.length - 1]) {
                ys[k] = Double.NaN;
                continue;
            }
            while (j < xt.length - 2 && xt[j + 1] < t) {
                j++;
            }
            double f = (t - xt[j]) / (xt[j + 1] - xt[j]);
            double yk = y[j] + f * (y[j + 1] - y[j]);
            ys[k] = yk;
            sy += yk;
            sr += rv[k];
            syy += yk * yk;
            syr += yk * rv[k];
            n++;
        }
        double det = n * syy - sy * sy;
        double b = det == 0 ? 0 : (n * syr - sy * sr) / det;
        double a = (sr - b * sy) / n;
        double sse = 0;
        for (int k = 0; k < rt.length; k++) {
            if (!Double.isNaN(ys[k])) {
                double e = rv[k] - a - b * ys[k];
                sse += e * e;
            }
        }
        return new double[] {sse, a, b};
    }
}
