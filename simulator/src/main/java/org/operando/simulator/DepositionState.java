package org.operando.simulator;

/**
 * The specimen's chemical state: the deposited charge x(t) = −Q_f(t)/Q_ref (Q_f = ∫ faradaic current, Q_ref one
 * cathodic peak's charge) and its first-order lag y(t), τ·dy/dt = x − y, τ = trueLagS. Particle radii scale with
 * y and fluorescent regions brighten with y.
 *
 * <p>Integrated forward on a fixed 1 ms grid (midpoint rule for Q, exact exponential step for y with x linear over
 * the step); values between grid points are interpolated linearly. Queries must be non-decreasing up to a look-back
 * of {@value #HISTORY} grid steps (about 32 s), which covers frames whose midpoints interleave across instruments.
 */
public final class DepositionState {
    static final int HISTORY = 1 << 15;
    private static final double STEP_S = 1e-3;

    private final Electrochemistry ec;
    private final double qRef;
    private final double decay;
    private final double[] x = new double[HISTORY];
    private final double[] y = new double[HISTORY];
    private long last; // index of the newest computed grid point
    private final double tauOverStep;
    private double charge;

    public DepositionState(Electrochemistry ec, double lagS) {
        this.ec = Check.notNull("ec", ec);
        this.qRef = ec.referenceChargeC();
        this.decay = Math.exp(-STEP_S / Check.positive("lagS", lagS));
        this.tauOverStep = lagS / STEP_S;
        this.last = 0;
    }

    /** Normalised deposited charge x at t (seconds since master start). */
    public double charge(double t) {
        return interpolate(x, t);
    }

    /** Lagged state y at t (seconds since master start). */
    public double lagged(double t) {
        return interpolate(y, t);
    }

    private double interpolate(double[] values, double t) {
        if (t <= 0) {
            return 0.0;
        }
        double pos = t / STEP_S;
        long k = (long) Math.floor(pos);
        advanceTo(k + 1);
        if (k < last - HISTORY + 2) {
            throw new IllegalStateException("Deposition state queried at " + t + " s, more than " + HISTORY
                    * STEP_S + " s behind the newest query");
        }
        double f = pos - k;
        double a = values[(int) (k % HISTORY)];
        double b = values[(int) ((k + 1) % HISTORY)];
        return a + f * (b - a);
    }

    private void advanceTo(long k) {
        while (last < k) {
            double t0 = last * STEP_S;
            double x0 = x[(int) (last % HISTORY)];
            double y0 = y[(int) (last % HISTORY)];
            charge += ec.faradaicCurrent(t0 + STEP_S / 2.0) * STEP_S;
            double x1 = -charge / qRef;
            // exact solution of τ·dy/dt = x − y over one step h with x linear from x0 to x1:
            // y(h) = x1 + (y0 − x0)·e − (τ/h)·(x1 − x0)·(1 − e),  e = exp(−h/τ)
            double y1 = x1 + (y0 - x0) * decay - tauOverStep * (x1 - x0) * (1.0 - decay);
            last++;
            x[(int) (last % HISTORY)] = x1;
            y[(int) (last % HISTORY)] = y1;
        }
    }
}
