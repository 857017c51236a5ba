package org.operando.streams.registration;

/**
 * The predicted target registration error of an affine fit as a function of the target's optical position:
 * TRE(x, y) = sqrt(u^T Q u), u = [1, x - centroidX, y - centroidY], Q symmetric 3&times;3 in EM px^2
 * (derivation in {@link AffineFit}). Registration error only: the target's own localization error is not included.
 *
 * @param centroidX optical x of the fiducials' centroid (the design's origin)
 * @param centroidY optical y of the fiducials' centroid
 * @param q00       Q[0][0]
 * @param q01       Q[0][1] = Q[1][0]
 * @param q02       Q[0][2] = Q[2][0]
 * @param q11       Q[1][1]
 * @param q12       Q[1][2] = Q[2][1]
 * @param q22       Q[2][2]
 */
public record TreModel(double centroidX, double centroidY, double q00, double q01, double q02, double q11,
                       double q12, double q22) {
    public TreModel {
        for (double v : new double[] {centroidX, centroidY, q00, q01, q02, q11, q12, q22}) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("TRE model entries must be finite. Got: " + v);
            }
        }
        if (q00 < 0 || q11 < 0 || q22 < 0) {
            throw new IllegalArgumentException("Q must be positive semi-definite; got a negative diagonal: "
                    + q00 + ", " + q11 + ", " + q22);
        }
    }

    /** From a row-major 3x3 matrix, symmetrized. */
    static TreModel of(double centroidX, double centroidY, double[] q) {
        return new TreModel(centroidX, centroidY, q[0], (q[1] + q[3]) / 2, (q[2] + q[6]) / 2, q[4],
                (q[5] + q[7]) / 2, q[8]);
    }

    /** Predicted TRE, EM pixels, at the optical point (x, y). */
    public double treEmPx(double xOptical, double yOptical) {
        double u1 = xOptical - centroidX;
        double u2 = yOptical - centroidY;
        double s = q00 + 2 * q01 * u1 + 2 * q02 * u2 + q11 * u1 * u1 + 2 * q12 * u1 * u2 + q22 * u2 * u2;
        return Math.sqrt(Math.max(0, s));
    }
}
