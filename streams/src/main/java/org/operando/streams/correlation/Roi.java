package org.operando.streams.correlation;

import java.util.Arrays;

/**
 * A region of interest in continuous pixel coordinates (pixel centres at integers, see
 * {@link FloatImage}). A pixel belongs to the region when its centre does ({@link #contains}).
 */
public sealed interface Roi permits Roi.Rectangle, Roi.Circle, Roi.Polygon {

    /** Whether the point (x, y) lies inside the region. */
    boolean contains(double x, double y);

    /** Bounding box {minX, minY, maxX, maxY} of the region. */
    double[] bounds();

    /**
     * Axis-aligned rectangle [x0, x0 + width) × [y0, y0 + height).
     */
    record Rectangle(double x0, double y0, double width, double height) implements Roi {
        public Rectangle {
            if (!(width > 0) || !(height > 0) || !Double.isFinite(x0) || !Double.isFinite(y0)
                    || !Double.isFinite(width) || !Double.isFinite(height)) {
                throw new IllegalArgumentException("Rectangle needs finite origin and positive size. Got: x0="
                        + x0 + " y0=" + y0 + " width=" + width + " height=" + height);
            }
        }

        @Override
        public boolean contains(double x, double y) {
            return x >= x0 && x < x0 + width && y >= y0 && y < y0 + height;
        }

        @Override
        public double[] bounds() {
            return new double[] {x0, y0, x0 + width, y0 + height};
        }
    }

    /** Disc of radius {@code radius} centred at (cx, cy): (x − cx)² + (y − cy)² ≤ r². */
    record Circle(double cx, double cy, double radius) implements Roi {
        public Circle {
            if (!(radius > 0) || !Double.isFinite(radius) || !Double.isFinite(cx) || !Double.isFinite(cy)) {
                throw new IllegalArgumentException("Circle needs a finite centre and positive radius. Got: cx="
                        + cx + " cy=" + cy + " radius=" + radius);
            }
        }

        @Override
        public boolean contains(double x, double y) {
            double dx = x - cx;
            double dy = y - cy;
            return dx * dx + dy * dy <= radius * radius;
        }

        @Override
        public double[] bounds() {
            return new double[] {cx - radius, cy - radius, cx + radius, cy + radius};
        }
    }

    /**
     * Simple polygon with vertices (xs[i], ys[i]), closed implicitly; membership by the even-odd
     * (ray crossing) rule.
     */
    record Polygon(double[] xs, double[] ys) implements Roi {
        public Polygon {
            if (xs == null || ys == null || xs.length != ys.length || xs.length < 3) {
                throw new IllegalArgumentException("Polygon needs at least 3 vertices with equal x and y counts. Got: "
                        + (xs == null ? "null" : xs.length) + " x and " + (ys == null ? "null" : ys.length) + " y");
            }
            for (int i = 0; i < xs.length; i++) {
                if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) {
                    throw new IllegalArgumentException("Polygon vertex " + i + " is not finite: (" + xs[i] + ", " + ys[i] + ")");
                }
            }
            xs = xs.clone();
            ys = ys.clone();
        }

        @Override
        public double[] xs() {
            return xs.clone();
        }

        @Override
        public double[] ys() {
            return ys.clone();
        }

        @Override
        public boolean contains(double x, double y) {
            boolean inside = false;
            int n = xs.length;
            for (int i = 0, j = n - 1; i < n; j = i++) {
                if ((ys[i] > y) != (ys[j] > y)
                        && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                    inside = !inside;
                }
            }
            return inside;
        }

        @Override
        public double[] bounds() {
            return new double[] {Arrays.stream(xs).min().orElseThrow(), Arrays.stream(ys).min().orElseThrow(),
                    Arrays.stream(xs).max().orElseThrow(), Arrays.stream(ys).max().orElseThrow()};
        }

        /** This polygon with every vertex mapped through {@code map}. */
        public Polygon transformed(AffineMap map) {
            double[] tx = new double[xs.length];
            double[] ty = new double[ys.length];
            for (int i = 0; i < xs.length; i++) {
                tx[i] = map.applyX(xs[i], ys[i]);
                ty[i] = map.applyY(xs[i], ys[i]);
            }
            return new Polygon(tx, ty);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Polygon p && Arrays.equals(xs, p.xs) && Arrays.equals(ys, p.ys);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(xs) + Arrays.hashCode(ys);
        }

        @Override
        public String toString() {
            return "Polygon[xs=" + Arrays.toString(xs) + ", ys=" + Arrays.toString(ys) + "]";
        }
    }
}
