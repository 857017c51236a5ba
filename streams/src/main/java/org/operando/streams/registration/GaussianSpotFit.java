package org.operando.streams.registration;

import java.util.Optional;
import org.apache.commons.math3.exception.ConvergenceException;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.util.Pair;

/**
 * Sub-pixel refinement of one spot by a least-squares fit of a symmetric 2-D Gaussian on a constant background,
 * using commons-math's Levenberg-Marquardt optimizer:
 *
 * <pre>  f(x, y) = B + A exp(-((x - x0)^2 + (y - y0)^2) / (2 s^2)),   parameters (x0, y0, A, s, B)</pre>
 *
 * over the square window of half-width r around the candidate pixel (clipped at the image border).
 *
 * <p>Error estimate: the fit is unweighted but the noise is not uniform (shot noise is largest at the peak, where
 * the position derivatives are largest too), so s_r^2 (J^T J)^-1 would underestimate the position error about
 * twofold. We use the heteroscedasticity-consistent sandwich estimator (White's HC1) at the optimum,
 * <pre>  C = n / (n - 5) (J^T J)^-1 (sum_i r_i^2 J_i J_i^T) (J^T J)^-1,</pre>
 * with J the Jacobian and r the residuals; it needs no noise model (Poisson or Gaussian alike) and matches the
 * Thompson/Mortensen precision of an unweighted Gaussian fit on average. The per-axis localization error reported
 * is sqrt((C_x0x0 + C_y0y0) / 2). A single spot's estimate scatters by roughly 1 / sqrt(2 n_eff) relative.
 */
final class GaussianSpotFit {
    private static final int MAX_ITERATIONS = 100;

    private GaussianSpotFit() {
    }

    /**
     * Fits a spot in an image whose spots are bright (callers negate dark-spot images first).
     *
     * @return the spot, or empty if the fit did not converge or ended outside plausible bounds
     *         (centre moved by more than the window radius, width outside [0.25, 4] x the expected width,
     *         non-positive amplitude)
     */
    static Optional<Spot> fit(double[] image, int width, int height, int cx, int cy, int radius, double sigma0) {
        int x0 = Math.max(0, cx - radius);
        int x1 = Math.min(width - 1, cx + radius);
        int y0 = Math.max(0, cy - radius);
        int y1 = Math.min(height - 1, cy + radius);
        int n = (x1 - x0 + 1) * (y1 - y0 + 1);
        if (n < 9) {
            return Optional.empty();
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        double[] vs = new double[n];
        int k = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                xs[k] = x;
                ys[k] = y;
                vs[k] = image[y * width + x];
                k++;
            }
        }
        double background = borderMedian(image, width, x0, x1, y0, y1);
        double peak = image[cy * width + cx];
        double[] start = {cx, cy, Math.max(peak - background, 1e-9), sigma0, background};
        LeastSquaresOptimizer.Optimum optimum;
        try {
            optimum = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
                    .start(start)
                    .model(model(xs, ys))
                    .target(vs)
                    .lazyEvaluation(false)
                    .maxEvaluations(MAX_ITERATIONS * 5)
                    .maxIterations(MAX_ITERATIONS)
                    .build());
        } catch (TooManyEvaluationsException | TooManyIterationsException | ConvergenceException e) {
            return Optional.empty();
        }
        double[] p = optimum.getPoint().toArray();
        double s = Math.abs(p[3]);
        if (!(p[2] > 0) || Math.abs(p[0] - cx) > radius || Math.abs(p[1] - cy) > radius
                || s < 0.25 * sigma0 || s > 4 * sigma0 || !Double.isFinite(p[0] + p[1] + p[2] + p[4])) {
            return Optional.empty();
        }
        double error;
        try {
            RealMatrix bread = optimum.getCovariances(1e-14);
            RealMatrix cov = bread.multiply(meat(optimum.getJacobian(), optimum.getResiduals())).multiply(bread)
                    .scalarMultiply((double) n / Math.max(1, n - 5));
            error = Math.sqrt((cov.getEntry(0, 0) + cov.getEntry(1, 1)) / 2);
        } catch (SingularMatrixException e) {
            return Optional.empty();
        }
        if (!Double.isFinite(error)) {
            return Optional.empty();
        }
        return Optional.of(new Spot(p[0], p[1], p[2], s, error));
    }

    /** sum_i r_i^2 J_i J_i^T, the middle of the heteroscedasticity-consistent (sandwich) covariance. */
    private static RealMatrix meat(RealMatrix jacobian, RealVector residuals) {
        int p = jacobian.getColumnDimension();
        double[][] m = new double[p][p];
        for (int i = 0; i < jacobian.getRowDimension(); i++) {
            double r2 = residuals.getEntry(i) * residuals.getEntry(i);
            double[] row = jacobian.getRow(i);
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    m[a][b] += r2 * row[a] * row[b];
                }
            }
        }
        return new Array2DRowRealMatrix(m, false);
    }

    private static double borderMedian(double[] image, int width, int x0, int x1, int y0, int y1) {
        int count = 2 * (x1 - x0 + 1) + 2 * Math.max(0, y1 - y0 - 1);
        double[] border = new double[count];
        int k = 0;
        for (int x = x0; x <= x1; x++) {
            border[k++] = image[y0 * width + x];
            border[k++] = image[y1 * width + x];
        }
        for (int y = y0 + 1; y < y1; y++) {
            border[k++] = image[y * width + x0];
            border[k++] = image[y * width + x1];
        }
        java.util.Arrays.sort(border, 0, k);
        return border[k / 2];
    }

    private static MultivariateJacobianFunction model(double[] xs, double[] ys) {
        return point -> {
            double[] p = point.toArray();
            double s2 = p[3] * p[3];
            int n = xs.length;
            double[] value = new double[n];
            double[][] jac = new double[n][5];
            for (int i = 0; i < n; i++) {
                double dx = xs[i] - p[0];
                double dy = ys[i] - p[1];
                double r2 = dx * dx + dy * dy;
                double g = Math.exp(-r2 / (2 * s2));
                double ag = p[2] * g;
                value[i] = p[4] + ag;
                jac[i][0] = ag * dx / s2;
                jac[i][1] = ag * dy / s2;
                jac[i][2] = g;
                jac[i][3] = ag * r2 / (s2 * p[3]);
                jac[i][4] = 1.0;
            }
            RealVector v = new ArrayRealVector(value, false);
            RealMatrix j = new Array2DRowRealMatrix(jac, false);
            return new Pair<>(v, j);
        };
    }
}
