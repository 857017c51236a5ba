package org.operando.streams.correlation;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-frame image features for operando correlation: mean intensity inside a region of interest
 * and particle count/projected area by threshold and 8-connected components.
 *
 * <p>Stateless; every method is a pure function of its arguments and safe to call from several
 * threads.
 */
public final class ImageFeatures {

    private ImageFeatures() {
    }

    /**
     * Mean intensity over the pixels whose centres lie in {@code roi} (image coordinates):
     * (1/|R|) Σ_{(x,y) ∈ R} I(x, y). Only the ROI's bounding box is scanned.
     *
     * @throws NotEnoughDataException when no pixel centre of the image lies in the ROI
     */
    public static double meanIntensity(FloatImage image, Roi roi) {
        double[] b = roi.bounds();
        int x0 = Math.max(0, (int) Math.ceil(b[0]));
        int y0 = Math.max(0, (int) Math.ceil(b[1]));
        int x1 = Math.min(image.width() - 1, (int) Math.floor(b[2]));
        int y1 = Math.min(image.height() - 1, (int) Math.floor(b[3]));
        double sum = 0;
        long n = 0;
        float[] p = image.pixels();
        int w = image.width();
        for (int y = y0; y <= y1; y++) {
            int row = y * w;
            for (int x = x0; x <= x1; x++) {
                if (roi.contains(x, y)) {
                    sum += p[row + x];
                    n++;
                }
            }
        }
        if (n == 0) {
            throw new NotEnoughDataException("ROI " + roi + " contains no pixel centre of the "
                    + image.width() + "x" + image.height() + " image");
        }
        return sum / n;
    }

    /**
     * Mean intensity of an ROI defined in EM pixel coordinates, measured in another image (the
     * optical frame) given the map {@code emToOptical}. An optical pixel (u, v) is counted when its
     * EM pre-image A⁻¹(u, v) lies in the ROI, so circles become ellipses, rectangles parallelograms,
     * without approximation. The scan covers the image of the ROI's bounding box.
     *
     * @throws NotEnoughDataException when no optical pixel centre maps into the ROI
     */
    public static double meanIntensity(FloatImage optical, Roi emRoi, AffineMap emToOptical) {
        double[] b = emRoi.bounds();
        double minU = Double.POSITIVE_INFINITY;
        double minV = Double.POSITIVE_INFINITY;
        double maxU = Double.NEGATIVE_INFINITY;
        double maxV = Double.NEGATIVE_INFINITY;
        double[][] corners = {{b[0], b[1]}, {b[2], b[1]}, {b[0], b[3]}, {b[2], b[3]}};
        for (double[] c : corners) {
            double u = emToOptical.applyX(c[0], c[1]);
            double v = emToOptical.applyY(c[0], c[1]);
            minU = Math.min(minU, u);
            maxU = Math.max(maxU, u);
            minV = Math.min(minV, v);
            maxV = Math.max(maxV, v);
        }
        AffineMap back = emToOptical.inverse();
        int u0 = Math.max(0, (int) Math.ceil(minU));
        int v0 = Math.max(0, (int) Math.ceil(minV));
        int u1 = Math.min(optical.width() - 1, (int) Math.floor(maxU));
        int v1 = Math.min(optical.height() - 1, (int) Math.floor(maxV));
        double sum = 0;
        long n = 0;
        float[] p = optical.pixels();
        int w = optical.width();
        for (int v = v0; v <= v1; v++) {
            for (int u = u0; u <= u1; u++) {
                if (emRoi.contains(back.applyX(u, v), back.applyY(u, v))) {
                    sum += p[v * w + u];
                    n++;
                }
            }
        }
        if (n == 0) {
            throw new NotEnoughDataException("EM ROI " + emRoi + " maps onto no pixel centre of the "
                    + optical.width() + "x" + optical.height() + " optical image");
        }
        return sum / n;
    }

    /**
     * Segments particles: a pixel is foreground when {@code settings.polarity()} says it is on the
     * particle side of the level (strictly); foreground pixels are grouped into 8-connected
     * components by a two-pass union-find labelling; components smaller than
     * {@code minSizePx} are dropped. Area in nm² = pixels × pixelSizeNm². Cost O(W·H) with an
     * int[W·H] label array allocated per call.
     */
    public static ParticleStats particles(FloatImage image, ParticleSettings settings) {
        double level = settings.threshold().levelFor(image);
        int w = image.width();
        int h = image.height();
        float[] p = image.pixels();
        int[] label = new int[w * h];
        UnionFind sets = new UnionFind(1 + (w * h + 1) / 2);
        int next = 1;
        Polarity polarity = settings.polarity();
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int i = row + x;
                if (!polarity.isForeground(p[i], level)) {
                    continue;
                }
                // already-visited 8-neighbours: W, NW, N, NE
                int l = 0;
                if (x > 0) {
                    l = merge(sets, l, label[i - 1]);
                }
                if (y > 0) {
                    int up = i - w;
                    if (x > 0) {
                        l = merge(sets, l, label[up - 1]);
                    }
                    l = merge(sets, l, label[up]);
                    if (x < w - 1) {
                        l = merge(sets, l, label[up + 1]);
                    }
                }
                if (l == 0) {
                    l = next++;
                    sets.ensure(l);
                }
                label[i] = l;
            }
        }
        return measure(label, w, h, next, sets, level, settings);
    }

    private static int merge(UnionFind sets, int current, int neighbour) {
        if (neighbour == 0) {
            return current;
        }
        if (current == 0) {
            return neighbour;
        }
        sets.union(current, neighbour);
        return current;
    }

    private static ParticleStats measure(int[] label, int w, int h, int labels, UnionFind sets,
                                         double level, ParticleSettings settings) {
        long[] area = new long[labels];
        double[] sx = new double[labels];
        double[] sy = new double[labels];
        int[] order = new int[labels];
        int seen = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int l = label[y * w + x];
                if (l == 0) {
                    continue;
                }
                int root = sets.find(l);
                if (area[root] == 0) {
                    order[seen++] = root;
                }
                area[root]++;
                sx[root] += x;
                sy[root] += y;
            }
        }
        double px2 = settings.pixelSizeNm() * settings.pixelSizeNm();
        List<Particle> particles = new ArrayList<>();
        long total = 0;
        for (int k = 0; k < seen; k++) {
            int r = order[k];
            if (area[r] >= settings.minSizePx()) {
                particles.add(new Particle((int) area[r], area[r] * px2, sx[r] / area[r], sy[r] / area[r]));
                total += area[r];
            }
        }
        return new ParticleStats(particles.size(), total, total * px2, level, particles);
    }

    /** Disjoint sets over provisional labels, with path halving and union by smaller root. */
    private static final class UnionFind {
        private int[] parent;

        UnionFind(int capacity) {
            parent = new int[Math.max(2, capacity)];
        }

        void ensure(int l) {
            if (l >= parent.length) {
                parent = java.util.Arrays.copyOf(parent, Math.max(l + 1, parent.length * 2));
            }
            parent[l] = l;
        }

        int find(int l) {
            while (parent[l] != l) {
                parent[l] = parent[parent[l]];
                l = parent[l];
            }
            return l;
        }

        void union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra < rb) {
                parent[rb] = ra;
            } else if (rb < ra) {
                parent[ra] = rb;
            }
        }
    }
}
