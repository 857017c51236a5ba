package org.operando.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * One imaging instrument's drift in nm along its image axes (model in {@link DriftSettings}), evaluated at
 * non-decreasing times. The random walk and the jump times are drawn from the instrument's own seeded stream as time
 * advances, so the trajectory depends only on the seed and the query times.
 */
public final class DriftTrajectory {
    private final DriftSettings s;
    private final FastRandom rng;
    private final double vx;
    private final double vy;
    private final List<double[]> jumps = new ArrayList<>(); // {time, jx, jy}
    private double settledX;
    private double settledY;
    private double walkX;
    private double walkY;
    private double lastT;
    private double nextJumpT;

    public DriftTrajectory(DriftSettings settings, FastRandom rng) {
        this.s = Check.notNull("settings", settings);
        this.rng = Check.notNull("rng", rng);
        double angle = rng.uniform(0.0, 2.0 * Math.PI);
        this.vx = settings.creepNmPerS() * Math.cos(angle);
        this.vy = settings.creepNmPerS() * Math.sin(angle);
        this.nextJumpT = settings.jumpsPerS() > 0 ? rng.nextExponential(1.0 / settings.jumpsPerS())
                : Double.POSITIVE_INFINITY;
    }

    /** Drift {x, y} in nm at t seconds since the run's master start; t must not decrease between calls. */
    public double[] at(double t) {
        if (t < lastT) {
            throw new IllegalStateException("Drift queried backwards in time: " + t + " s after " + lastT + " s");
        }
        double dt = t - lastT;
        if (dt > 0 && s.randomWalkNmPerSqrtS() > 0) {
            double sd = s.randomWalkNmPerSqrtS() * Math.sqrt(dt);
            walkX += sd * rng.nextGaussian();
            walkY += sd * rng.nextGaussian();
        }
        lastT = t;
        while (nextJumpT <= t) {
            jumps.add(new double[] {nextJumpT, s.jumpSizeNm() * rng.nextGaussian(),
                    s.jumpSizeNm() * rng.nextGaussian()});
            nextJumpT += rng.nextExponential(1.0 / s.jumpsPerS());
        }
        double jx = settledX;
        double jy = settledY;
        for (int i = jumps.size() - 1; i >= 0; i--) {
            double[] j = jumps.get(i);
            double age = t - j[0];
            if (age > 40.0 * s.settleTimeS()) { // settled to 4e-18: fold into the constant part
                settledX += j[1];
                settledY += j[2];
                jx += j[1];
                jy += j[2];
                jumps.remove(i);
            } else {
                double f = 1.0 - Math.exp(-age / s.settleTimeS());
                jx += j[1] * f;
                jy += j[2] * f;
            }
        }
        return new double[] {vx * t + walkX + jx, vy * t + walkY + jy};
    }
}
