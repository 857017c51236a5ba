package org.operando.streams.correlation;

/**
 * A 2×3 affine map between two image frames: (x', y') = (m00·x + m01·y + m02, m10·x + m11·y + m12).
 * Used here as EM → optical, so that an ROI defined in EM pixel coordinates is measured in the
 * optical image.
 */
public record AffineMap(double m00, double m01, double m02, double m10, double m11, double m12) {

    public AffineMap {
        double[] all = {m00, m01, m02, m10, m11, m12};
        for (double v : all) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("Affine coefficients must be finite. Got: "
                        + java.util.Arrays.toString(all));
            }
        }
        if (Math.abs(m00 * m11 - m01 * m10) < 1e-12) {
            throw new IllegalArgumentException("Affine map must be invertible (|det| > 1e-12). Got det = "
                    + (m00 * m11 - m01 * m10));
        }
    }

    /** Builds the map from a row-major 2×3 matrix {{m00, m01, m02}, {m10, m11, m12}}. */
    public static AffineMap of(double[][] m) {
        if (m == null || m.length != 2 || m[0].length != 3 || m[1].length != 3) {
            throw new IllegalArgumentException("Expected a 2x3 matrix");
        }
        return new AffineMap(m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2]);
    }

    public double applyX(double x, double y) {
        return m00 * x + m01 * y + m02;
    }

    public double applyY(double x, double y) {
        return m10 * x + m11 * y + m12;
    }

    /** The inverse map (optical → EM when this is EM → optical). */
    public AffineMap inverse() {
        double det = m00 * m11 - m01 * m10;
        double i00 = m11 / det;
        double i01 = -m01 / det;
        double i10 = -m10 / det;
        double i11 = m00 / det;
        return new AffineMap(i00, i01, -(i00 * m02 + i01 * m12), i10, i11, -(i10 * m02 + i11 * m12));
    }
}
