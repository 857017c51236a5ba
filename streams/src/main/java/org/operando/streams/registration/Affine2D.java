package org.operando.streams.registration;

/**
 * A 2-D affine map p' = A p + t, stored as the 2&times;3 matrix [[a, b, tx], [c, d, ty]]:
 * x' = a x + b y + tx, y' = c x + d y + ty.
 *
 * @param a  A[0][0]
 * @param b  A[0][1]
 * @param tx translation along x
 * @param c  A[1][0]
 * @param d  A[1][1]
 * @param ty translation along y
 */
public record Affine2D(double a, double b, double tx, double c, double d, double ty) {
    public static final Affine2D IDENTITY = new Affine2D(1, 0, 0, 0, 1, 0);

    public Affine2D {
        for (double v : new double[] {a, b, tx, c, d, ty}) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("Affine coefficients must be finite. Got: ["
                        + a + ", " + b + ", " + tx + "; " + c + ", " + d + ", " + ty + "]");
            }
        }
    }

    /** Builds from row-major [[a, b, tx], [c, d, ty]]. */
    public static Affine2D ofRows(double[][] m) {
        if (m.length != 2 || m[0].length != 3 || m[1].length != 3) {
            throw new IllegalArgumentException("Expected a 2x3 matrix. Got: " + m.length + " rows");
        }
        return new Affine2D(m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2]);
    }

    /** Scale s, counter-clockwise rotation theta (in the x-right, y-down pixel frame: x toward y), translation. */
    public static Affine2D similarity(double scale, double thetaRad, double tx, double ty) {
        double cs = scale * Math.cos(thetaRad);
        double sn = scale * Math.sin(thetaRad);
        return new Affine2D(cs, -sn, tx, sn, cs, ty);
    }

    public double applyX(double x, double y) {
        return a * x + b * y + tx;
    }

    public double applyY(double x, double y) {
        return c * x + d * y + ty;
    }

    /** Applies only the linear part A (for displacement vectors). */
    public double linearX(double dx, double dy) {
        return a * dx + b * dy;
    }

    public double linearY(double dx, double dy) {
        return c * dx + d * dy;
    }

    public double determinant() {
        return a * d - b * c;
    }

    /** Squared Frobenius norm of A = trace(A A^T); the noise gain of the map for isotropic input noise. */
    public double linearFrobeniusSquared() {
        return a * a + b * b + c * c + d * d;
    }

    /** Mean isotropic scale sqrt(|det A|). */
    public double meanScale() {
        return Math.sqrt(Math.abs(determinant()));
    }

    /** Rotation angle of the closest similarity, atan2(c - b, a + d). */
    public double rotationRad() {
        return Math.atan2(c - b, a + d);
    }

    /** The inverse map; throws if A is singular. */
    public Affine2D inverse() {
        double det = determinant();
        if (Math.abs(det) < 1e-300 || !Double.isFinite(1.0 / det)) {
            throw new IllegalStateException("Affine map is singular (det = " + det + "), it has no inverse");
        }
        double ia = d / det;
        double ib = -b / det;
        double ic = -c / det;
        double id = a / det;
        return new Affine2D(ia, ib, -(ia * tx + ib * ty), ic, id, -(ic * tx + id * ty));
    }

    /** this &#8728; first: applies {@code first}, then this. */
    public Affine2D after(Affine2D first) {
        return new Affine2D(
                a * first.a + b * first.c, a * first.b + b * first.d, a * first.tx + b * first.ty + tx,
                c * first.a + d * first.c, c * first.b + d * first.d, c * first.tx + d * first.ty + ty);
    }

    /** The same map followed by a translation. */
    public Affine2D translated(double dx, double dy) {
        return new Affine2D(a, b, tx + dx, c, d, ty + dy);
    }

    /** Row-major 2x3 copy. */
    public double[][] toRows() {
        return new double[][] {{a, b, tx}, {c, d, ty}};
    }
}
