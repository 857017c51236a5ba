package org.operando.streams.sync;

/**
 * One instrument's clock on the master clock:
 * <pre>
 *   master(x) = M_r + f + (1 + b)·(x − x_r)
 * </pre>
 * with {@code x_r = referenceInstrumentNs} (the centroid of the marks used, rounded to a nanosecond),
 * {@code M_r = referenceMasterNs} the integer part and {@code f = referenceMasterFractionNs} (|f| ≤ 0.5)
 * the fraction of the fitted master time at {@code x_r}; that is the offset {@code a} of
 * {@code master = a + (1 + b)·instrument} said at a reference point, so that hours-large offsets and
 * epoch-sized times keep sub-nanosecond precision (all large numbers stay in {@code long}).
 *
 * <p>Covariance of (master at x_r, b): {@code offsetVarianceNs2}, {@code offsetSkewCovarianceNs},
 * {@code skewVariance}; at the centroid the covariance term is only the rounding of x_r.
 * The variance of a prediction d = x − x_r away is
 * {@code var(a) + 2·d·cov(a,b) + d²·var(b) = σ²(1/N + (x − x̄)²/Sxx)}.
 *
 * @param referenceInstrumentNs      x_r, instrument clock ns
 * @param referenceMasterNs          integer part of the fitted master time at x_r, master clock ns
 * @param referenceMasterFractionNs  fraction of it, ns, in [−0.5, 0.5]
 * @param skew                       b, dimensionless (50 ppm = 5e-5)
 * @param residualSigmaNs            σ̂ of the fit residuals, ns
 * @param marksUsed                  N, paired marks in the fit window; 0 for a declared clock ({@link DeclaredClocks})
 * @param offsetVarianceNs2          var of the master time at x_r, ns²
 * @param offsetSkewCovarianceNs     cov(master at x_r, b), ns
 * @param skewVariance               var(b)
 * @param windowStartInstrumentNs    earliest instrument time in the fit window
 * @param windowEndInstrumentNs      latest instrument time in the fit window
 */
public record ClockModel(long referenceInstrumentNs, long referenceMasterNs, double referenceMasterFractionNs,
                         double skew, double residualSigmaNs, int marksUsed, double offsetVarianceNs2,
                         double offsetSkewCovarianceNs, double skewVariance, long windowStartInstrumentNs,
                         long windowEndInstrumentNs) {

    public ClockModel {
        if (!(Math.abs(referenceMasterFractionNs) <= 0.5)) {
            throw new IllegalArgumentException("referenceMasterFractionNs must be in [-0.5, 0.5]. Got: "
                    + referenceMasterFractionNs);
        }
        if (!Double.isFinite(skew) || Math.abs(skew) >= 0.01) {
            throw new IllegalArgumentException("skew must be finite and |skew| < 0.01. Got: " + skew);
        }
        if (!(residualSigmaNs >= 0) || Double.isInfinite(residualSigmaNs)) {
            throw new IllegalArgumentException("residualSigmaNs must be finite and >= 0. Got: " + residualSigmaNs);
        }
        if (marksUsed < 2 && marksUsed != 0) {
            throw new IllegalArgumentException("marksUsed must be >= 2 for a fit, or 0 for a declared clock. Got: " + marksUsed);
        }
        if (!(offsetVarianceNs2 >= 0) || !(skewVariance >= 0) || !Double.isFinite(offsetSkewCovarianceNs)
                || Double.isInfinite(offsetVarianceNs2) || Double.isInfinite(skewVariance)) {
            throw new IllegalArgumentException("Variances must be finite and >= 0. Got: var(a)=" + offsetVarianceNs2
                    + ", cov=" + offsetSkewCovarianceNs + ", var(b)=" + skewVariance);
        }
        if (windowEndInstrumentNs < windowStartInstrumentNs) {
            throw new IllegalArgumentException("windowEndInstrumentNs must be >= windowStartInstrumentNs. Got: "
                    + windowStartInstrumentNs + " .. " + windowEndInstrumentNs);
        }
    }

    /** master − instrument at the reference point, ns (the offset {@code a} said at x_r, integer part). */
    public long offsetAtReferenceNs() {
        return referenceMasterNs - referenceInstrumentNs;
    }

    /**
     * Puts an instrument time on the master clock.
     *
     * @return the master time rounded to a nanosecond and its standard error from the covariance
     */
    public MasterTime predict(long instrumentTimeNs) {
        long d = instrumentTimeNs - referenceInstrumentNs;
        double dd = (double) d;
        double rest = referenceMasterFractionNs + skew * dd;
        long master = referenceMasterNs + d + Math.round(rest);
        double var = offsetVarianceNs2 + 2.0 * dd * offsetSkewCovarianceNs + dd * dd * skewVariance;
        return new MasterTime(master, Math.sqrt(Math.max(0.0, var)));
    }

    /** The prediction as a double relative to {@code referenceMasterNs}, for sub-ns comparisons. */
    public double predictRelativeNs(long instrumentTimeNs) {
        double dd = (double) (instrumentTimeNs - referenceInstrumentNs);
        return referenceMasterFractionNs + dd + skew * dd;
    }

    /**
     * True when {@code instrumentNowNs} lies more than {@code staleAfterNs} past the newest mark in the
     * window: the model is being extrapolated beyond what its marks support.
     */
    public boolean isStaleAt(long instrumentNowNs, long staleAfterNs) {
        return instrumentNowNs - windowEndInstrumentNs > staleAfterNs;
    }
}
