package org.operando.streams.correlation;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Charge passed through the electrode, Q(t) = ∫ I dt, by the trapezoid rule on the (possibly
 * irregular) current samples: Q_k = Σ_{i<k} ½ (I_i + I_{i+1}) (t_{i+1} − t_i), in coulombs for
 * amperes and seconds. Exact for piecewise-linear current.
 *
 * <p>Also relates charge to the change of a particle area, the quantity a Faradaic
 * growth/dissolution model predicts to be proportional to charge.
 */
public final class ChargeIntegrator {

    private ChargeIntegrator() {
    }

    /** Cumulative charge Q(t_k) − Q(t_0) at every sample of {@code current} (A vs s), in C. */
    public static TimeSeries cumulativeCharge(TimeSeries current) {
        double[] t = current.timeS();
        double[] i = current.values();
        double[] q = new double[t.length];
        for (int k = 1; k < t.length; k++) {
            q[k] = q[k - 1] + 0.5 * (i[k - 1] + i[k]) * (t[k] - t[k - 1]);
        }
        return new TimeSeries(t, q);
    }

    /** Total charge passed over the whole series, in C. */
    public static double totalCharge(TimeSeries current) {
        double[] q = cumulativeCharge(current).values();
        return q[q.length - 1];
    }

    /**
     * Charge vs area change at each frame time: ΔQ_j = Q(t_j) − Q(t_0) with Q interpolated linearly
     * between current samples (the trapezoid integral up to t_j), ΔA_j = A_j − A_0, and the
     * least-squares line ΔA = slope·ΔQ + intercept.
     *
     * @param current current samples (A vs s) covering every frame time
     * @param areaNm2 particle (or total) projected area per frame (nm² vs s)
     * @throws NotEnoughDataException when fewer than 3 frames lie within the current record
     */
    public static ChargeAreaRelation chargeVsArea(TimeSeries current, TimeSeries areaNm2) {
        TimeSeries q = cumulativeCharge(current);
        double[] ft = areaNm2.timeS();
        double[] fa = areaNm2.values();
        int first = -1;
        int count = 0;
        for (int j = 0; j < ft.length; j++) {
            if (ft[j] >= current.startS() && ft[j] <= current.endS()) {
                if (first < 0) {
                    first = j;
                }
                count++;
            }
        }
        if (count < 3 || current.size() < 2) {
            throw new NotEnoughDataException("Charge vs area needs at least 3 frames inside the current record ["
                    + current.startS() + ", " + current.endS() + "] s. Got: " + count);
        }
        double[] dq = new double[count];
        double[] da = new double[count];
        double q0 = q.interpolate(ft[first]);
        SimpleRegression fit = new SimpleRegression(true);
        int k = 0;
        for (int j = first; k < count; j++) {
            if (ft[j] < current.startS() || ft[j] > current.endS()) {
                continue;
            }
            dq[k] = q.interpolate(ft[j]) - q0;
            da[k] = fa[j] - fa[first];
            fit.addData(dq[k], da[k]);
            k++;
        }
        double slope = fit.getSlope();
        double slopeErr = fit.getSlopeStdErr();
        if (!Double.isFinite(slope)) {
            throw new NotEnoughDataException("Charge does not vary over the frames; no area-per-charge slope exists");
        }
        return new ChargeAreaRelation(dq, da, slope, Double.isFinite(slopeErr) ? slopeErr : 0.0, fit.getR());
    }
}
