package org.operando.streams.registration;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Least-squares affine fit optical px &rarr; EM px over fiducial pairs, with FRE and predicted TRE.
 *
 * <h2>Fit</h2>
 * With optical points x_i centred on their centroid x0, each design row is x_i^T = [1, x_i - x0, y_i - y0] and the
 * two EM coordinates are regressed on the same design: B = argmin sum_i w_i |y_i - B^T x_i|^2, solved by EJML's
 * QR least-squares solver on the rows scaled by sqrt(w_i). Unweighted: w_i = 1. Weighted: w_i = 2 / tr(Sigma_i)
 * (inverse effective per-axis variance, below), using A from a first unweighted pass.
 *
 * <h2>Error model and TRE</h2>
 * True positions satisfy y~_i = A x~_i + t. We observe x_i = x~_i + e_i (optical, per-axis sd s_opt,i) and
 * y_i = y~_i + f_i (EM, per-axis sd s_em,i), so y_i = A x_i + t + eps_i with eps_i = f_i - A e_i and
 * <pre>  Sigma_i = Cov(eps_i) = s_em,i^2 I + s_opt,i^2 A A^T,   tr Sigma_i = 2 s_em,i^2 + s_opt,i^2 |A|_F^2.</pre>
 * (First order: the errors-in-variables bias of A is O(s_opt^2 / spread^2) and is neglected.) The estimate is
 * B^ = M^-1 X^T W Y with M = X^T W X, so the error of the mapped target u = [1, x - x0, y - y0] is
 * delta(u) = sum_i c_i eps_i with c_i = w_i x_i^T M^-1 u, and the expected squared TRE is
 * <pre>  TRE^2(u) = sum_i c_i^2 tr Sigma_i = u^T Q u,   Q = M^-1 (sum_i w_i^2 tr(Sigma_i) x_i x_i^T) M^-1.</pre>
 * Unweighted with equal errors, FLE^2 := tr(Sigma), and because the design is centred this is
 * <pre>  TRE^2(r) = (FLE^2 / N) (1 + sum_k d_k^2 / f_k^2),</pre>
 * with f_k^2 the fiducials' variance along their k-th principal axis and d_k the target's offset from the centroid
 * along that axis: the affine analogue of Fitzpatrick, West &amp; Maurer (1998), whose rigid 2-D form is
 * (FLE^2 / N)(1 + d^2 / (2 f^2)) (f^2 = f_1^2 + f_2^2). The affine map has more freedom than a rigid one, so its
 * TRE grows faster away from the fiducials' centroid. With the optimal weights Q = 2 M^-1.
 * If no pair carries a localization error (all zero), tr Sigma_i = 2 s^2 with s^2 = RSS / (2N - 6) estimated from
 * the residuals (zero when N = 3). See docs/decisions/030-registration-error.md.
 *
 * <h2>Failures</h2>
 * Fewer than 3 pairs: {@link NotEnoughFiducialsException}. Condition number (largest / smallest singular value)
 * of the centred optical coordinates above the maximum (default 1000): {@link DegenerateFiducialsException}.
 */
public final class AffineFit {
    public static final double DEFAULT_MAX_CONDITION_NUMBER = 1e3;
    private final boolean weighted;
    private final double maxConditionNumber;

    public AffineFit(boolean weighted, double maxConditionNumber) {
        if (!(maxConditionNumber > 1)) {
            throw new IllegalArgumentException("Maximum condition number must exceed 1. Got: " + maxConditionNumber);
        }
        this.weighted = weighted;
        this.maxConditionNumber = maxConditionNumber;
    }

    /** Unweighted least squares, default degeneracy limit. */
    public static AffineFit leastSquares() {
        return new AffineFit(false, DEFAULT_MAX_CONDITION_NUMBER);
    }

    /** Weighted by the pairs' localization errors (all must be known, not all zero), default degeneracy limit. */
    public static AffineFit weightedByLocalizationError() {
        return new AffineFit(true, DEFAULT_MAX_CONDITION_NUMBER);
    }

    public AffineFitResult fit(List<FiducialPair> pairs) {
        int n = pairs.size();
        if (n < 3) {
            throw new NotEnoughFiducialsException(n, 3, "fiducial pairs");
        }
        double x0 = 0;
        double y0 = 0;
        for (FiducialPair p : pairs) {
            x0 += p.xOptical();
            y0 += p.yOptical();
        }
        x0 /= n;
        y0 /= n;
        double condition = conditionNumber(pairs, x0, y0);
        if (!(condition <= maxConditionNumber)) {
            throw new DegenerateFiducialsException(condition, maxConditionNumber);
        }
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1.0);
        DMatrixRMaj b = solve(pairs, x0, y0, ones);
        Affine2D transform = toAffine(b, x0, y0);
        double frob = transform.linearFrobeniusSquared();
        double[] traces = new double[n];
        boolean anyKnown = false;
        for (int i = 0; i < n; i++) {
            FiducialPair p = pairs.get(i);
            traces[i] = 2 * p.sigmaEm() * p.sigmaEm() + p.sigmaOptical() * p.sigmaOptical() * frob;
            anyKnown |= traces[i] > 0;
        }
        double[] w = ones;
        if (weighted) {
            w = new double[n];
            for (int i = 0; i < n; i++) {
                if (!(traces[i] > 0)) {
                    throw new IllegalArgumentException("Weighted fit needs a positive localization error on every "
                            + "pair. Got zero errors at pair " + i);
                }
                w[i] = 2 / traces[i];
            }
            b = solve(pairs, x0, y0, w);
            transform = toAffine(b, x0, y0);
        }
        double[] residuals = new double[n];
        double rss = 0;
        for (int i = 0; i < n; i++) {
            residuals[i] = pairs.get(i).residualEmPx(transform);
            rss += residuals[i] * residuals[i];
        }
        if (!anyKnown) {
            double s2 = n > 3 ? rss / (2.0 * n - 6) : 0;
            java.util.Arrays.fill(traces, 2 * s2);
        }
        double[] q = treMatrix(pairs, x0, y0, w, traces);
        double meanTrace = 0;
        for (double t : traces) {
            meanTrace += t;
        }
        return new AffineFitResult(transform, residuals, x0, y0, q, condition, Math.sqrt(meanTrace / n));
    }

    private static double conditionNumber(List<FiducialPair> pairs, double x0, double y0) {
        DMatrixRMaj c = new DMatrixRMaj(pairs.size(), 2);
        for (int i = 0; i < pairs.size(); i++) {
            c.set(i, 0, pairs.get(i).xOptical() - x0);
            c.set(i, 1, pairs.get(i).yOptical() - y0);
        }
        double[] sv = SingularOps_DDRM.singularValues(c);
        double max = Math.max(sv[0], sv[1]);
        double min = Math.min(sv[0], sv[1]);
        return min > 0 ? max / min : Double.POSITIVE_INFINITY;
    }

    /** Solves the weighted least-squares problem; B is 3x2 (rows: offset, d/dx, d/dy; columns: EM x, EM y). */
    private static DMatrixRMaj solve(List<FiducialPair> pairs, double x0, double y0, double[] w) {
        int n = pairs.size();
        DMatrixRMaj x = new DMatrixRMaj(n, 3);
        DMatrixRMaj y = new DMatrixRMaj(n, 2);
        for (int i = 0; i < n; i++) {
            FiducialPair p = pairs.get(i);
            double s = Math.sqrt(w[i]);
            x.set(i, 0, s);
            x.set(i, 1, s * (p.xOptical() - x0));
            x.set(i, 2, s * (p.yOptical() - y0));
            y.set(i, 0, s * p.xEm());
            y.set(i, 1, s * p.yEm());
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquares(n, 3);
        if (!solver.setA(x)) {
            throw new DegenerateFiducialsException(Double.POSITIVE_INFINITY, DEFAULT_MAX_CONDITION_NUMBER);
        }
        DMatrixRMaj b = new DMatrixRMaj(3, 2);
        solver.solve(y, b);
        return b;
    }

    private static Affine2D toAffine(DMatrixRMaj b, double x0, double y0) {
        double a = b.get(1, 0);
        double bb = b.get(2, 0);
        double c = b.get(1, 1);
        double d = b.get(2, 1);
        return new Affine2D(a, bb, b.get(0, 0) - a * x0 - bb * y0, c, d, b.get(0, 1) - c * x0 - d * y0);
    }

    /** Q = M^-1 S M^-1 with M = sum w_i x_i x_i^T and S = sum w_i^2 tr(Sigma_i) x_i x_i^T; row-major 3x3. */
    private static double[] treMatrix(List<FiducialPair> pairs, double x0, double y0, double[] w, double[] traces) {
        DMatrixRMaj m = new DMatrixRMaj(3, 3);
        DMatrixRMaj s = new DMatrixRMaj(3, 3);
        for (int i = 0; i < pairs.size(); i++) {
            double[] u = {1, pairs.get(i).xOptical() - x0, pairs.get(i).yOptical() - y0};
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    m.add(r, c, w[i] * u[r] * u[c]);
                    s.add(r, c, w[i] * w[i] * traces[i] * u[r] * u[c]);
                }
            }
        }
        DMatrixRMaj mInv = new DMatrixRMaj(3, 3);
        if (!CommonOps_DDRM.invert(m, mInv)) {
            throw new DegenerateFiducialsException(Double.POSITIVE_INFINITY, DEFAULT_MAX_CONDITION_NUMBER);
        }
        DMatrixRMaj tmp = new DMatrixRMaj(3, 3);
        DMatrixRMaj q = new DMatrixRMaj(3, 3);
        CommonOps_DDRM.mult(mInv, s, tmp);
        CommonOps_DDRM.mult(tmp, mInv, q);
        return q.data.clone();
    }
}
