package org.operando.ops.export;

import java.util.List;

/**
 * Resamples an optical frame onto the pixel grid of a raw (not drift-corrected) EM frame, so it can be stored as a
 * second channel beside it.
 *
 * <p>A {@code Registration}'s affine {@code A = [a b tx; c d ty]} maps drift-free (anchor-frame) optical pixels to
 * drift-free EM pixels: {@code x_em = M x_opt + t}. A raw frame shows the specimen shifted by its cumulative drift
 * {@code d} ({@code DriftEstimate.dxPx, dyPx}), so for the raw EM pixel {@code x} the drift-free EM position is
 * {@code x - d_em}, the drift-free optical position {@code M^-1 (x - d_em - t)}, and the raw optical position
 * {@code x_o = M^-1 (x - d_em - t) + d_opt}. The optical frame is sampled there bilinearly (pixel {@code i} has
 * its centre at coordinate {@code i}, as in the dashboard's overlay); EM pixels that map more than half a pixel
 * outside the optical frame get {@code outside}.
 */
public final class OpticalResampler {
    private final double ia;
    private final double ib;
    private final double ic;
    private final double id;
    private final double tx;
    private final double ty;

    /** @param affine row-major {@code [a, b, tx, c, d, ty]}, optical pixels to EM pixels */
    public OpticalResampler(List<Double> affine) {
        if (affine.size() != 6) {
            throw new IllegalArgumentException("Registration affine must have 6 entries [a b tx c d ty]. Got " + affine.size());
        }
        double a = affine.get(0);
        double b = affine.get(1);
        double c = affine.get(3);
        double d = affine.get(4);
        double det = a * d - b * c;
        if (!(Math.abs(det) > 1e-12) || !Double.isFinite(det)) {
            throw new IllegalArgumentException("Registration affine is singular (det " + det + "); cannot map EM to optical pixels");
        }
        this.ia = d / det;
        this.ib = -b / det;
        this.ic = -c / det;
        this.id = a / det;
        this.tx = affine.get(2);
        this.ty = affine.get(5);
    }

    /**
     * Fills {@code out} (row-major, {@code emWidth * emHeight}) with the optical frame {@code optical}
     * ({@code opticalWidth * opticalHeight}, row-major) seen at each raw EM pixel.
     */
    public void resample(float[] optical, int opticalWidth, int opticalHeight, double opticalDxPx, double opticalDyPx,
                         int emWidth, int emHeight, double emDxPx, double emDyPx, float outside, float[] out) {
        if (optical.length != (long) opticalWidth * opticalHeight || out.length != (long) emWidth * emHeight) {
            throw new IllegalArgumentException("Pixel arrays do not match their sizes: optical " + optical.length + " for "
                    + opticalWidth + "x" + opticalHeight + ", out " + out.length + " for " + emWidth + "x" + emHeight);
        }
        for (int y = 0; y < emHeight; y++) {
            double ry = y - emDyPx - ty;
            for (int x = 0; x < emWidth; x++) {
                double rx = x - emDxPx - tx;
                double xo = ia * rx + ib * ry + opticalDxPx;
                double yo = ic * rx + id * ry + opticalDyPx;
                out[y * emWidth + x] = sample(optical, opticalWidth, opticalHeight, xo, yo, outside);
            }
        }
    }

    /** Bilinear sample at (x, y), clamped at the border; {@code outside} beyond half a pixel from it. */
    static float sample(float[] px, int w, int h, double x, double y, float outside) {
        if (!(x >= -0.5 && y >= -0.5 && x <= w - 0.5 && y <= h - 0.5)) {
            return outside;
        }
        double cx = Math.min(Math.max(x, 0), w - 1);
        double cy = Math.min(Math.max(y, 0), h - 1);
        int x0 = Math.min((int) cx, Math.max(0, w - 2));
        int y0 = Math.min((int) cy, Math.max(0, h - 2));
        int x1 = Math.min(x0 + 1, w - 1);
        int y1 = Math.min(y0 + 1, h - 1);
        double fx = cx - x0;
        double fy = cy - y0;
        double top = px[y0 * w + x0] * (1 - fx) + px[y0 * w + x1] * fx;
        double bottom = px[y1 * w + x0] * (1 - fx) + px[y1 * w + x1] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }
}
