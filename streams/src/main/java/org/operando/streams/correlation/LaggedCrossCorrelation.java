package org.operando.streams.correlation;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Lag between an electrochemical signal x (current, charge rate) and an image response y
 * (particle-area rate, feature derivative), both on the master clock, possibly irregularly sampled.
 *
 * <p><b>Method.</b> Both series are linearly interpolated onto the common grid t_i = t₀ + i·Δt
 * over their overlap (optionally only its last {@code windowS} seconds). For each lag index
 * k ∈ [−K, K] (K = round(maxLag/Δt)) the Pearson correlation of the overlapping pairs
 * (x_i, y_{i+k}) is formed; the cross sums Σ x_i y_{i+k} come from a direct loop when 2K+1 ≤ 64
 * and otherwise from a zero-padded real FFT (JTransforms), the per-lag means and variances from
 * prefix sums. The chosen extremum k̂ is refined by the parabola through r(k̂−1), r(k̂), r(k̂+1):
 * δ = (r₋ − r₊) / (2(r₋ − 2r₀ + r₊)), lag = (k̂ + δ)·Δt. Positive lag: y follows x.
 *
 * <p><b>Uncertainty.</b> The parabolic offset is δ = ½ D / (S₋ − 2S₀ + S₊) with S_j the cross sums
 * at lags k̂ + j and D = S₋ − S₊. To first order only D is random, and by summation by parts its
 * random part is Σ_i e_{i+k̂}·(x_{i+1} − x_{i−1}), e being the residual of the regression of y on the
 * shifted x (so the noise of both series enters). Its variance is the Newey–West long-run variance
 * of those terms (Bartlett weights over J lags, J covering the residual's correlation length, which
 * interpolating a sparse series onto a fine grid lengthens). σ_lag = Δt·½·√Var(D) / |S₋ − 2S₀ + S₊|.
 * For white noise this is the Cramér–Rao bound of time-delay estimation, σ_n²/(a²Σx'²).
 * See docs/decisions/040-correlation-lag.md for its calibration.
 *
 * <p><b>Cost.</b> O(n_x + n_y + n) to resample, then O(n·K) direct or O(L log L), L = next power of
 * two ≥ n + K, by FFT; plus two autocorrelations over J ≤ 200 lags (direct or FFT) for σ. Each
 * call is a pure function of its inputs: online callers recompute on the grown (or amended)
 * series, bounded by {@code windowS}.
 */
public final class LaggedCrossCorrelation {

    static final int DIRECT_MAX_LAGS = 64;
    private static final int MIN_PAIRS = 8;
    private static final int MAX_AUTOCORRELATION_LAGS = 200;

    private LaggedCrossCorrelation() {
    }

    /**
     * The lag of {@code response} relative to {@code signal}.
     *
     * @throws NotEnoughDataException when the overlap holds too few grid points for the lag range
     * @throws CorrelationException   when the extremum lies at the edge of the lag range (widen
     *                                maxLagS) or the correlation is flat
     */
    public static LagResult estimate(TimeSeries signal, TimeSeries response, LagSettings settings) {
        Grid g = grid(signal, response, settings);
        CorrelationFunction f = correlate(g.x, g.y, g.k, g.t0, settings.gridStepS(), 2 * g.k + 1 > DIRECT_MAX_LAGS);
        return peak(f, g, settings);
    }

    /** The whole correlation function r(k·Δt), k = −K..K, e.g. for the dashboard. */
    public static CorrelationFunction correlationFunction(TimeSeries signal, TimeSeries response, LagSettings settings) {
        Grid g = grid(signal, response, settings);
        return correlate(g.x, g.y, g.k, g.t0, settings.gridStepS(), 2 * g.k + 1 > DIRECT_MAX_LAGS);
    }

    private record Grid(double[] x, double[] y, int k, double t0) {
    }

    private static Grid grid(TimeSeries x, TimeSeries y, LagSettings s) {
        if (x.size() < 2 || y.size() < 2) {
            throw new NotEnoughDataException("Each series needs at least 2 samples. Got: " + x.size() + " and " + y.size());
        }
        double end = Math.min(x.endS(), y.endS());
        double start = Math.max(Math.max(x.startS(), y.startS()), end - s.windowS());
        double dt = s.gridStepS();
        int k = (int) Math.round(s.maxLagS() / dt);
        if (!(end > start)) {
            throw new NotEnoughDataException("Series do not overlap in time: [" + x.startS() + ", " + x.endS()
                    + "] s and [" + y.startS() + ", " + y.endS() + "] s");
        }
        int n = (int) Math.floor((end - start) / dt * (1 + 1e-12)) + 1;
        if (n - k < MIN_PAIRS) {
            throw new NotEnoughDataException("Overlap of " + (end - start) + " s gives " + n + " grid points; lags up to "
                    + k + " steps need at least " + (k + MIN_PAIRS));
        }
        return new Grid(x.resample(start, dt, n), y.resample(start, dt, n), k, start);
    }

    /** Per-lag Pearson correlation; package-private so tests can compare the FFT and direct paths. */
    static CorrelationFunction correlate(double[] x, double[] y, int maxLag, double t0, double dt, boolean useFft) {
        int n = x.length;
        double[] xc = centred(x);
        double[] yc = centred(y);
        double[] px = prefix(xc, false);
        double[] pxx = prefix(xc, true);
        double[] py = prefix(yc, false);
        double[] pyy = prefix(yc, true);
        double[] sxy = useFft ? crossSumsFft(xc, yc, maxLag) : crossSumsDirect(xc, yc, maxLag);
        double[] r = new double[2 * maxLag + 1];
        int[] pairs = new int[2 * maxLag + 1];
        for (int k = -maxLag; k <= maxLag; k++) {
            int i0 = Math.max(0, -k);
            int i1 = Math.min(n, n - k);
            int m = i1 - i0;
            double sx = px[i1] - px[i0];
            double sxx = pxx[i1] - pxx[i0];
            double sy = py[i1 + k] - py[i0 + k];
            double syy = pyy[i1 + k] - pyy[i0 + k];
            double cov = sxy[k + maxLag] - sx * sy / m;
            double vx = sxx - sx * sx / m;
            double vy = syy - sy * sy / m;
            r[k + maxLag] = vx > 0 && vy > 0 ? Math.max(-1.0, Math.min(1.0, cov / Math.sqrt(vx * vy))) : 0.0;
            pairs[k + maxLag] = m;
        }
        return new CorrelationFunction(dt, r, pairs, t0);
    }

    static double[] crossSumsDirect(double[] x, double[] y, int maxLag) {
        int n = x.length;
        double[] out = new double[2 * maxLag + 1];
        for (int k = -maxLag; k <= maxLag; k++) {
            double s = 0;
            for (int i = Math.max(0, -k), end = Math.min(n, n - k); i < end; i++) {
                s += x[i] * y[i + k];
            }
            out[k + maxLag] = s;
        }
        return out;
    }

    /** Σ_i x_i y_{i+k} for k = −K..K from conj(FFT x)·FFT y, zero-padded so nothing wraps around. */
    static double[] crossSumsFft(double[] x, double[] y, int maxLag) {
        int n = x.length;
        int len = Integer.highestOneBit(Math.max(2, n + maxLag) - 1) << 1;
        double[] a = java.util.Arrays.copyOf(x, len);
        double[] b = java.util.Arrays.copyOf(y, len);
        DoubleFFT_1D fft = new DoubleFFT_1D(len);
        fft.realForward(a);
        fft.realForward(b);
        // packed layout: a[0] = Re(0), a[1] = Re(len/2), then (Re, Im) pairs
        a[0] = a[0] * b[0];
        a[1] = a[1] * b[1];
        for (int j = 2; j < len; j += 2) {
            double ar = a[j];
            double ai = a[j + 1];
            double br = b[j];
            double bi = b[j + 1];
            a[j] = ar * br + ai * bi;
            a[j + 1] = ar * bi - ai * br;
        }
        fft.realInverse(a, true);
        double[] out = new double[2 * maxLag + 1];
        for (int k = -maxLag; k <= maxLag; k++) {
            out[k + maxLag] = a[k >= 0 ? k : len + k];
        }
        return out;
    }

    private static LagResult peak(CorrelationFunction f, Grid g, LagSettings s) {
        int big = f.maxLagIndex();
        int best = -big;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = -big; k <= big; k++) {
            double score = score(f.at(k), s.peak());
            if (score > bestScore) {
                bestScore = score;
                best = k;
            }
        }
        double sign = s.peak() == PeakSearch.NEGATIVE || (s.peak() == PeakSearch.STRONGEST && f.at(best) < 0) ? -1 : 1;
        if (Math.abs(best) == big) {
            throw new CorrelationException("Correlation extremum lies at the edge of the lag range (" + best * s.gridStepS()
                    + " s); widen maxLagS beyond " + s.maxLagS() + " s");
        }
        double rm = sign * f.at(best - 1);
        double r0 = sign * f.at(best);
        double rp = sign * f.at(best + 1);
        double denom = rm - 2 * r0 + rp;
        if (!(denom < 0) || !(r0 > 0)) {
            throw new CorrelationException("Correlation peak at " + best * s.gridStepS() + " s is flat or not a maximum (r="
                    + sign * r0 + ")");
        }
        double delta = 0.5 * (rm - rp) / denom;
        double peakValue = Math.min(1.0, r0 - 0.25 * (rm - rp) * delta);
        int m = f.pairs()[best + big];
        double sigmaS = sigmaSamples(g.x, g.y, best) * s.gridStepS();
        if (!Double.isFinite(sigmaS)) {
            throw new CorrelationException("Correlation peak at " + best * s.gridStepS() + " s has no curvature; lag undetermined");
        }
        return new LagResult((best + delta) * s.gridStepS(), sigmaS, sign * peakValue, m);
    }

    private static double score(double r, PeakSearch mode) {
        return switch (mode) {
            case POSITIVE -> r;
            case NEGATIVE -> -r;
            case STRONGEST -> Math.abs(r);
        };
    }

    /**
     * Standard deviation, in samples, of the parabolic peak offset δ = ½ D / (S₋ − 2S₀ + S₊),
     * D = S₋ − S₊, S_j = Σ_i x_i y_{i+k+j} over the indices valid for all three lags. To first
     * order the random part of D is Σ_i x_i (e_{i+k−1} − e_{i+k+1}) = Σ_i d_i (summation by parts),
     * d_i = e_{i+k} (x_{i+1} − x_{i−1}), with e_{i+k} = y_{i+k} − β x_i − b the residual of the
     * regression of y on the shifted x; this carries the noise of both series. Var(Σ d_i) is the
     * Newey–West (Bartlett-weighted) long-run variance of d over J lags, J = max(4 (m/100)^{2/9},
     * twice the lag where |ρ_e| first falls below 0.05), J ≤ 200.
     */
    static double sigmaSamples(double[] x, double[] y, int k) {
        int n = x.length;
        int i0 = Math.max(1, 1 - k);
        int i1 = Math.min(n - 1, n - k - 1);
        int m = i1 - i0;
        double mx = 0;
        double my = 0;
        for (int i = i0; i < i1; i++) {
            mx += x[i];
            my += y[i + k];
        }
        mx /= m;
        my /= m;
        double sxx = 0;
        double s0 = 0;
        double sm = 0;
        double sp = 0;
        for (int i = i0; i < i1; i++) {
            double xi = x[i] - mx;
            sxx += xi * xi;
            s0 += xi * (y[i + k] - my);
            sm += xi * (y[i + k - 1] - my);
            sp += xi * (y[i + k + 1] - my);
        }
        double beta = sxx > 0 ? s0 / sxx : 0;
        double[] e = new double[m];
        double[] d = new double[m];
        for (int i = i0; i < i1; i++) {
            e[i - i0] = (y[i + k] - my) - beta * (x[i] - mx);
            d[i - i0] = e[i - i0] * (x[i + 1] - x[i - 1]);
        }
        int maxJ = Math.min(MAX_AUTOCORRELATION_LAGS, (m - 1) / 4);
        boolean fft = maxJ > DIRECT_MAX_LAGS / 2;
        double[] ae = fft ? crossSumsFft(e, e, maxJ) : crossSumsDirect(e, e, maxJ);
        int correlationLength = maxJ;
        for (int j = 1; j <= maxJ; j++) {
            if (!(Math.abs(ae[maxJ + j]) >= 0.05 * ae[maxJ])) {
                correlationLength = j;
                break;
            }
        }
        int lags = Math.min(maxJ, Math.max((int) Math.floor(4 * Math.pow(m / 100.0, 2.0 / 9)), 2 * correlationLength));
        double[] dc = centred(d);
        double[] ad = lags > DIRECT_MAX_LAGS / 2 ? crossSumsFft(dc, dc, lags) : crossSumsDirect(dc, dc, lags);
        double var = ad[lags];
        for (int j = 1; j <= lags; j++) {
            var += 2 * (1 - j / (lags + 1.0)) * ad[lags + j];
        }
        double curvature = Math.abs(sm - 2 * s0 + sp);
        return curvature > 0 ? 0.5 * Math.sqrt(Math.max(var, 0)) / curvature : Double.POSITIVE_INFINITY;
    }

    private static double[] centred(double[] v) {
        double mean = 0;
        for (double d : v) {
            mean += d;
        }
        mean /= v.length;
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] - mean;
        }
        return out;
    }

    private static double[] prefix(double[] v, boolean squares) {
        double[] p = new double[v.length + 1];
        for (int i = 0; i < v.length; i++) {
            p[i + 1] = p[i] + (squares ? v[i] * v[i] : v[i]);
        }
        return p;
    }
}
