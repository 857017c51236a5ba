package org.operando.streams.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test fixture for point-set tests: optical pixel 100 nm, EM pixel 4 nm, EM field 1024 x 1024, and a true map
 * optical px &rarr; EM px of scale ~25, rotation 3 degrees, 1 % shear, that puts the EM field inside the optical one.
 */
public final class PointSets {
    public static final double OPTICAL_PX_NM = 100;
    public static final double EM_PX_NM = 4;
    public static final int EM_SIZE = 1024;
    public static final Affine2D TRUTH = new Affine2D(25.0 * Math.cos(0.05), -25.0 * Math.sin(0.05) + 0.25, 0,
            25.0 * Math.sin(0.05), 25.3 * Math.cos(0.05), 0).translated(-2900, -3100);

    private PointSets() {
    }

    /** True EM positions uniformly over the EM field. */
    static List<double[]> emTruth(Random rng, int n) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new double[] {rng.nextDouble() * (EM_SIZE - 1), rng.nextDouble() * (EM_SIZE - 1)});
        }
        return out;
    }

    /** Pairs with per-axis Gaussian noise: optical sd in optical px, EM sd in EM px; errors recorded in the pairs. */
    static List<FiducialPair> noisyPairs(Random rng, List<double[]> em, double sigmaOpt, double sigmaEm) {
        Affine2D inverse = TRUTH.inverse();
        List<FiducialPair> out = new ArrayList<>();
        for (double[] p : em) {
            double[] o = SyntheticImages.apply(inverse, p);
            out.add(new FiducialPair(o[0] + sigmaOpt * rng.nextGaussian(), o[1] + sigmaOpt * rng.nextGaussian(),
                    p[0] + sigmaEm * rng.nextGaussian(), p[1] + sigmaEm * rng.nextGaussian(), sigmaOpt, sigmaEm));
        }
        return out;
    }

    /** |fitted(r) - truth(r)| in EM px at the optical point whose true image is the EM point (xe, ye). */
    static double trueErrorEmPx(Affine2D fitted, double xe, double ye) {
        double[] o = SyntheticImages.apply(TRUTH.inverse(), new double[] {xe, ye});
        return Math.hypot(fitted.applyX(o[0], o[1]) - xe, fitted.applyY(o[0], o[1]) - ye);
    }
}
