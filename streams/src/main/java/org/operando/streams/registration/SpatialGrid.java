package org.operando.streams.registration;

import java.util.Arrays;

/**
 * Uniform-grid index of 2-D points for nearest-neighbour queries within a fixed radius. Cells are at least the
 * radius wide (wider if the points spread over more than 4096 radii), so a query visits the 3x3 cells around it.
 */
final class SpatialGrid {
    private final double[] xs;
    private final double[] ys;
    private final double radius;
    private final double cell;
    private final double minX;
    private final double minY;
    private final int nx;
    private final int ny;
    private final int[] cellStart;
    private final int[] order;

    SpatialGrid(double[] xs, double[] ys, double radius) {
        this.xs = xs;
        this.ys = ys;
        this.radius = radius;
        double mx = Double.POSITIVE_INFINITY;
        double my = Double.POSITIVE_INFINITY;
        double ax = Double.NEGATIVE_INFINITY;
        double ay = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xs.length; i++) {
            mx = Math.min(mx, xs[i]);
            my = Math.min(my, ys[i]);
            ax = Math.max(ax, xs[i]);
            ay = Math.max(ay, ys[i]);
        }
        double spread = xs.length == 0 ? 0 : Math.max(ax - mx, ay - my);
        this.cell = Math.max(radius, spread / 4000.0);
        this.minX = xs.length == 0 ? 0 : mx;
        this.minY = ys.length == 0 ? 0 : my;
        this.nx = xs.length == 0 ? 1 : (int) Math.floor((ax - mx) / cell) + 1;
        this.ny = ys.length == 0 ? 1 : (int) Math.floor((ay - my) / cell) + 1;
        int[] counts = new int[nx * ny + 1];
        int[] cellOf = new int[xs.length];
        for (int i = 0; i < xs.length; i++) {
            cellOf[i] = cellIndex(xs[i], ys[i]);
            counts[cellOf[i] + 1]++;
        }
        for (int c = 0; c < nx * ny; c++) {
            counts[c + 1] += counts[c];
        }
        this.cellStart = Arrays.copyOf(counts, counts.length);
        this.order = new int[xs.length];
        int[] fill = Arrays.copyOf(counts, counts.length);
        for (int i = 0; i < xs.length; i++) {
            order[fill[cellOf[i]]++] = i;
        }
    }

    private int cellIndex(double x, double y) {
        int cx = Math.min(nx - 1, Math.max(0, (int) Math.floor((x - minX) / cell)));
        int cy = Math.min(ny - 1, Math.max(0, (int) Math.floor((y - minY) / cell)));
        return cy * nx + cx;
    }

    /** Index of the nearest point within the radius of (x, y), or -1. */
    int nearestWithin(double x, double y) {
        int cx = (int) Math.floor((x - minX) / cell);
        int cy = (int) Math.floor((y - minY) / cell);
        if (cx < -1 || cy < -1 || cx > nx || cy > ny) {
            return -1;
        }
        int best = -1;
        double bestD2 = radius * radius;
        for (int gy = Math.max(0, cy - 1); gy <= Math.min(ny - 1, cy + 1); gy++) {
            for (int gx = Math.max(0, cx - 1); gx <= Math.min(nx - 1, cx + 1); gx++) {
                int c = gy * nx + gx;
                for (int k = cellStart[c]; k < cellStart[c + 1]; k++) {
                    int i = order[k];
                    double dx = xs[i] - x;
                    double dy = ys[i] - y;
                    double d2 = dx * dx + dy * dy;
                    if (d2 <= bestD2) {
                        bestD2 = d2;
                        best = i;
                    }
                }
            }
        }
        return best;
    }
}
