package org.operando.streams.correlation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DiagonalMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.util.Pair;

/**
 * Pump-probe analysis: frames binned by delay, pumped minus unpumped ROI intensity per bin, and
 * the time constant of the response.
 *
 * <p><b>Fit.</b> ΔI(τ_b) is fitted with {@link TauModel} by Levenberg–Marquardt (commons-math),
 * parameters p = (A, ln τ₀[, C]) so τ₀ stays positive and the fs..ns scale is well conditioned.
 * Residuals are weighted by 1/σ_b² when every bin has σ_b &gt; 0 (two or more frames on each side),
 * otherwise equally. The covariance is (JᵀWJ)⁻¹ scaled by χ²/(m − p) (the uncertainty then follows
 * the observed scatter, as scipy's curve_fit with absolute_sigma=False); σ(τ₀) = τ₀·σ(ln τ₀).
 */
public final class PumpProbeAnalysis {

    private static final int MAX_EVALUATIONS = 2000;

    private PumpProbeAnalysis() {
    }

    /**
     * Per bin: mean of pumped and of unpumped intensities, their difference and its standard error.
     * Frames outside every bin are ignored; bins lacking pumped or unpumped frames are left out.
     */
    public static List<DelayBin> binDifferences(List<DelaySample> frames, DelayBins bins) {
        int n = bins.bins();
        double[][] sum = new double[2][n];
        double[][] sumSq = new double[2][n];
        int[][] count = new int[2][n];
        double[] delaySum = new double[n];
        for (DelaySample f : frames) {
            int b = bins.binOf(f.delayS());
            if (b < 0) {
                continue;
            }
            int side = f.pumped() ? 0 : 1;
            sum[side][b] += f.intensity();
            sumSq[side][b] += f.intensity() * f.intensity();
            count[side][b]++;
            if (f.pumped()) {
                delaySum[b] += f.delayS();
            }
        }
        double[] edges = bins.edgesS();
        List<DelayBin> out = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            int np = count[0][b];
            int nu = count[1][b];
            if (np == 0 || nu == 0) {
                continue;
            }
            double mp = sum[0][b] / np;
            double mu = sum[1][b] / nu;
            double sigma = 0;
            if (np > 1 && nu > 1) {
                double vp = Math.max(0, (sumSq[0][b] - np * mp * mp) / (np - 1));
                double vu = Math.max(0, (sumSq[1][b] - nu * mu * mu) / (nu - 1));
                sigma = Math.sqrt(vp / np + vu / nu);
            }
            out.add(new DelayBin(edges[b], edges[b + 1], delaySum[b] / np, mp - mu, sigma, np, nu));
        }
        return out;
    }

    /** Bins the frames and fits the model: {@code fit(binDifferences(frames, bins), model, fitOffset)}. */
    public static TauFit analyse(List<DelaySample> frames, DelayBins bins, TauModel model, boolean fitOffset) {
        return fit(binDifferences(frames, bins), model, fitOffset);
    }

    /**
     * Fits ΔI(τ) = C + A·g(τ; τ₀) to the bins.
     *
     * @param fitOffset whether C is a free parameter (otherwise C = 0)
     * @throws NotEnoughDataException when there are fewer than p + 1 bins or fewer than 2 at τ &gt; 0
     * @throws FitFailedException     when the optimiser does not converge or the covariance is singular
     */
    public static TauFit fit(List<DelayBin> bins, TauModel model, boolean fitOffset) {
        int p = fitOffset ? 3 : 2;
        List<DelayBin> sorted = new ArrayList<>(bins);
        sorted.sort(Comparator.comparingDouble(DelayBin::delayS));
        long positive = sorted.stream().filter(b -> b.delayS() > 0).count();
        if (sorted.size() < p + 1 || positive < 2) {
            throw new NotEnoughDataException("Fitting " + p + " parameters needs at least " + (p + 1)
                    + " delay bins, 2 of them at positive delay. Got: " + sorted.size() + " bins, " + positive + " positive");
        }
        int m = sorted.size();
        double[] tau = new double[m];
        double[] dI = new double[m];
        double[] w = new double[m];
        boolean weighted = sorted.stream().allMatch(b -> b.sigmaDeltaI() > 0);
        for (int i = 0; i < m; i++) {
            tau[i] = sorted.get(i).delayS();
            dI[i] = sorted.get(i).deltaI();
            w[i] = weighted ? 1.0 / (sorted.get(i).sigmaDeltaI() * sorted.get(i).sigmaDeltaI()) : 1.0;
        }
        double[] start = initialGuess(tau, dI, model, fitOffset);
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .start(start)
                .model(point -> evaluate(point.toArray(), tau, model, fitOffset))
                .target(dI)
                .weight(new DiagonalMatrix(w))
                .maxEvaluations(MAX_EVALUATIONS)
                .maxIterations(MAX_EVALUATIONS)
                .build();
        try {
            LeastSquaresOptimizer.Optimum opt = new LevenbergMarquardtOptimizer().optimize(problem);
            double[] x = opt.getPoint().toArray();
            double chi2 = opt.getCost() * opt.getCost();
            double scale = m > p ? chi2 / (m - p) : 1.0;
            RealMatrix cov = opt.getCovariances(1e-14).scalarMultiply(scale);
            double tau0 = Math.exp(x[1]);
            double sigmaTau = tau0 * Math.sqrt(cov.getEntry(1, 1));
            double sigmaA = Math.sqrt(cov.getEntry(0, 0));
            if (!Double.isFinite(tau0) || !Double.isFinite(sigmaTau) || !Double.isFinite(x[0]) || !Double.isFinite(sigmaA)) {
                throw new FitFailedException("Fit gave non-finite parameters: tau0=" + tau0 + " s, sigma=" + sigmaTau
                        + ", A=" + x[0]);
            }
            return new TauFit(tau0, sigmaTau, x[0], sigmaA, fitOffset ? x[2] : 0.0,
                    fitOffset ? Math.sqrt(cov.getEntry(2, 2)) : 0.0, scale, m, model);
        } catch (SingularMatrixException e) {
            throw new FitFailedException("Covariance of the " + model + " fit is singular: the data do not determine"
                    + " tau0 (no time dependence, or all bins on one side of tau0)", e);
        } catch (MathIllegalStateException e) {
            throw new FitFailedException(model + " fit did not converge within " + MAX_EVALUATIONS
                    + " evaluations from start " + java.util.Arrays.toString(start), e);
        }
    }

    private static Pair<org.apache.commons.math3.linear.RealVector, RealMatrix> evaluate(
            double[] x, double[] tau, TauModel model, boolean fitOffset) {
        double a = x[0];
        double tau0 = Math.exp(x[1]);
        double c = fitOffset ? x[2] : 0.0;
        double[] value = new double[tau.length];
        double[][] jac = new double[tau.length][x.length];
        for (int i = 0; i < tau.length; i++) {
            double g = model.shape(tau[i], tau0);
            value[i] = c + a * g;
            jac[i][0] = g;
            jac[i][1] = a * model.shapeDerivativeLogTau0(tau[i], tau0);
            if (fitOffset) {
                jac[i][2] = 1.0;
            }
        }
        return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jac, false));
    }

    /**
     * Start values: C from the mean of the bins at τ ≤ 0 (else 0); A from the late bins (RISE) or
     * the earliest positive bin (DECAY); τ₀ where the normalised response first crosses 1 − 1/e
     * (RISE) or 1/e (DECAY), else the geometric mean of the positive delays.
     */
    static double[] initialGuess(double[] tau, double[] dI, TauModel model, boolean fitOffset) {
        int m = tau.length;
        double c = 0;
        int pre = 0;
        for (int i = 0; i < m; i++) {
            if (tau[i] <= 0) {
                c += dI[i];
                pre++;
            }
        }
        c = fitOffset && pre > 0 ? c / pre : 0;
        int firstPositive = pre;
        double a;
        if (model == TauModel.RISE) {
            int from = Math.max(firstPositive, m - 3);
            double s = 0;
            for (int i = from; i < m; i++) {
                s += dI[i];
            }
            a = s / (m - from) - c;
        } else {
            a = dI[firstPositive] - c;
        }
        double target = model == TauModel.RISE ? 1 - Math.exp(-1) : Math.exp(-1);
        double logSum = 0;
        double tau0 = Double.NaN;
        for (int i = firstPositive; i < m; i++) {
            logSum += Math.log(tau[i]);
            double norm = a != 0 ? (dI[i] - c) / a : 0;
            boolean crossed = model == TauModel.RISE ? norm >= target : norm <= target;
            if (Double.isNaN(tau0) && crossed && i > firstPositive) {
                tau0 = tau[i];
            }
        }
        if (Double.isNaN(tau0)) {
            tau0 = Math.exp(logSum / (m - firstPositive));
        }
        return fitOffset ? new double[] {a, Math.log(tau0), c} : new double[] {a, Math.log(tau0)};
    }
}
