package org.operando.streams.correlation;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Time constant of a first-order response: finds τ such that the image feature r(t) is best explained, in least
 * squares, by {@code r ≈ a + b·y_τ(t)} where {@code τ·dy/dt = x − y} is the drive x (e.g. the charge passed)
 * low-passed with time constant τ.
 *
 * <p>Why not the peak of the cross-correlation: for a first-order response the cross-correlation of x and y peaks
 * at a fraction of τ that depends on the drive's spectrum (≈ 0.69 τ for square-wave-like charge steps), so it
 * understates the delay; the fitted τ is the response's mean delay whatever the drive.
 *
 * <p>An optional nuisance input z on the drive's grid (e.g. the electrode potential, whose double-layer charge
 * C_dl·E is inside the measured charge but does not grow particles) enters as a second low-passed regressor:
 * {@code r ≈ a + b·y_τ + c·z_τ}.
 *
 * <p>Method: for each τ on a logarithmic grid, y is computed on the drive's grid by the exact exponential
 * step (x linear between samples), interpolated at the response times, and the coefficients solved by linear least
 * squares (EJML);
 * the SSE minimum is refined by golden-section search. σ(τ) = sqrt(2 σ̂² / SSE''(τ)) with σ̂² = SSE / (n − 3).
 */
public final class FirstOrderLagFit {
    /** Result: τ and its standard error (s), the fitted gain b, and the number of response samples. */
    public record Result(double tauS, double sigmaS, double gain, double offset, double rmsResidual, int n) {
    }

    /**
     * @param drive    x(t) on a uniform grid (strictly increasing times)
     * @param response r(t) at arbitrary times inside the drive's span
     * @param minTauS  smallest τ searched, s (> 0)
     * @param maxTauS  largest τ searched, s
     */
    public static Result fit(TimeSeries drive, TimeSeries response, double minTauS, double maxTauS) {
        return fit(drive, null, response, minTauS, maxTauS);
    }

    /**
     * As {@link #fit(TimeSeries, TimeSeries, double, double)} with a nuisance input on the drive's time grid.
     *
     * @param nuisance z(t) at exactly the drive's times, or null
     */
    public static Result fit(TimeSeries drive, TimeSeries nuisance, TimeSeries response, double minTauS, double maxTauS) {
        if (nuisance != null && !java.util.Arrays.equals(nuisance.timeS(), drive.timeS())) {
            throw new IllegalArgumentException("The nuisance input must be sampled at the drive's times");
        }
        return new FirstOrderLagFit(drive, nuisance, response).search(minTauS, maxTauS);
    }

    private final TimeSeries drive;
    private final TimeSeries nuisance;
    private final double[] rt;
    private final double[] rv;

    private FirstOrderLagFit(TimeSeries drive, TimeSeries nuisance, TimeSeries response) {
        this.drive = drive;
        this.nuisance = nuisance;
        this.rt = response.timeS();
        this.rv = response.values();
    }

    private Result search(double minTauS, double maxTauS) {
        if (!(minTauS > 0) || !(maxTauS > minTauS)) {
            throw new IllegalArgumentException("Expected 0 < minTau < maxTau. Got " + minTauS + ", " + maxTauS);
        }
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
            sse[i] = sse(taus[i])[0];
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
        double fc = sse(c)[0];
        double fd = sse(d)[0];
        for (int k = 0; k < 60 && (hi - lo) > 1e-6 * hi; k++) {
            if (fc < fd) {
                hi = d;
                d = c;
                fd = fc;
                c = hi - phi * (hi - lo);
                fc = sse(c)[0];
            } else {
                lo = c;
                c = d;
                fc = fd;
                d = lo + phi * (hi - lo);
                fd = sse(d)[0];
            }
        }
        double tau = 0.5 * (lo + hi);
        double[] at = sse(tau);
        double h = tau * 0.02;
        double curvature = (sse(tau + h)[0] - 2 * at[0] + sse(tau - h)[0]) / (h * h);
        double variance = at[0] / Math.max(1, n - 3);
        double sigma = curvature > 0 ? Math.sqrt(2 * variance / curvature) : Double.POSITIVE_INFINITY;
        return new Result(tau, sigma, at[2], at[1], Math.sqrt(at[0] / n), n);
    }

    /** {SSE, a, b[, c]} of the linear fit r ≈ a + b·y_τ (+ c·z_τ) at the response times inside the drive's span. */
    private double[] sse(double tau) {
        double[] xt = drive.timeS();
        double[] y = lowPass(xt, drive.values(), tau);
        double[] z = nuisance == null ? null : lowPass(xt, nuisance.values(), tau);
        int columns = z == null ? 2 : 3;
        java.util.List<double[]> rows = new java.util.ArrayList<>();
        java.util.List<Double> targets = new java.util.ArrayList<>();
        int j = 0;
        for (int k = 0; k < rt.length; k++) {
            double t = rt[k];
            if (t < xt[0] || t > xt[xt.length - 1]) {
                continue;
            }
            while (j < xt.length - 2 && xt[j + 1] < t) {
                j++;
            }
            double f = (t - xt[j]) / (xt[j + 1] - xt[j]);
            double[] row = new double[columns];
            row[0] = 1;
            row[1] = y[j] + f * (y[j + 1] - y[j]);
            if (z != null) {
                row[2] = z[j] + f * (z[j + 1] - z[j]);
            }
            rows.add(row);
            targets.add(rv[k]);
        }
        DMatrixRMaj a = new DMatrixRMaj(rows.size(), columns);
        DMatrixRMaj b = new DMatrixRMaj(rows.size(), 1);
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < columns; c++) {
                a.set(i, c, rows.get(i)[c]);
            }
            b.set(i, 0, targets.get(i));
        }
        DMatrixRMaj coefficients = new DMatrixRMaj(columns, 1);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquaresQrPivot(true, false);
        if (!solver.setA(a)) {
            return new double[] {Double.POSITIVE_INFINITY, 0, 0};
        }
        solver.solve(b, coefficients);
        double sse = 0;
        for (int i = 0; i < rows.size(); i++) {
            double e = targets.get(i);
            for (int c = 0; c < columns; c++) {
                e -= rows.get(i)[c] * coefficients.get(c, 0);
            }
            sse += e * e;
        }
        return new double[] {sse, coefficients.get(0, 0), coefficients.get(1, 0)};
    }

    /** Exact solution of τ·y' = x − y with x linear between samples, starting at y = x. */
    private static double[] lowPass(double[] t, double[] x, double tau) {
        double[] y = new double[x.length];
        y[0] = x[0];
        for (int i = 1; i < x.length; i++) {
            double dt = t[i] - t[i - 1];
            double e = Math.exp(-dt / tau);
            double slope = (x[i] - x[i - 1]) / dt;
            y[i] = x[i] - tau * slope + (y[i - 1] - x[i - 1] + tau * slope) * e;
        }
        return y;
    }
}
