package org.operando.simulator;

import java.util.Arrays;

/**
 * A 2-D affine map, row-major 2×3: {@code x' = m[0]·x + m[1]·y + m[2]}, {@code y' = m[3]·x + m[4]·y + m[5]}.
 *
 * @param m the six coefficients (copied on construction and on access)
 */
public record Affine2D(double[] m) {
    public Affine2D {
        Check.notNull("m", m);
        if (m.length != 6) {
            throw new IllegalArgumentException("An affine map needs 6 coefficients (2x3 row-major). Got: " + m.length);
        }
        for (double v : m) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("Affine coefficients must be finite. Got: " + Arrays.toString(m));
            }
        }
        m = m.clone();
        double det = m[0] * m[4] - m[1] * m[3];
        if (Math.abs(det) < 1e-15) {
            throw new IllegalArgumentException("Affine map must be invertible (det != 0). Got det = " + det);
        }
    }

    public static Affine2D of(double a, double b, double c, double d, double e, double f) {
        return new Affine2D(new double[] {a, b, c, d, e, f});
    }

    @Override
    public double[] m() {
        return m.clone();
    }

    public double applyX(double x, double y) {
        return m[0] * x + m[1] * y + m[2];
    }

    public double applyY(double x, double y) {
        return m[3] * x + m[4] * y + m[5];
    }

    /** {@code this ∘ first}: apply {@code first}, then this. */
    public Affine2D after(Affine2D first) {
        double[] a = m;
        double[] b = first.m;
        return of(a[0] * b[0] + a[1] * b[3], a[0] * b[1] + a[1] * b[4], a[0] * b[2] + a[1] * b[5] + a[2],
                a[3] * b[0] + a[4] * b[3], a[3] * b[1] + a[4] * b[4], a[3] * b[2] + a[4] * b[5] + a[5]);
    }

    public Affine2D inverse() {
        double det = m[0] * m[4] - m[1] * m[3];
        double i0 = m[4] / det;
        double i1 = -m[1] / det;
        double i3 = -m[3] / det;
        double i4 = m[0] / det;
        return of(i0, i1, -(i0 * m[2] + i1 * m[5]), i3, i4, -(i3 * m[2] + i4 * m[5]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Affine2D other && Arrays.equals(m, other.m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        return "Affine2D" + Arrays.toString(m);
    }
}
