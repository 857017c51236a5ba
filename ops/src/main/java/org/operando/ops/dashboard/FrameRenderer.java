package org.operando.ops.dashboard;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.operando.schema.DriftEstimate;
import org.operando.schema.Frame;
import org.operando.schema.Registration;
import org.operando.schemas.FramePixels;

/**
 * Turns frames into small images for the page.
 *
 * <p>EM: box-averaged by the integer factor {@code f = ceil(max(w, h) / maxSide)} (so the longer side is at most
 * {@code maxSide} px), contrast-stretched linearly between the 0.5th and 99.5th percentiles of the downsampled
 * pixels, encoded as 8-bit grey PNG. The drift-corrected image is the same frame translated by {@code (-dx, -dy)}
 * (decision 010): displayed pixel {@code (u, v)} takes the downsampled image at {@code (u + dx / f, v + dy / f)},
 * bilinearly interpolated, black outside the frame; so a feature that is still on the specimen stays on the same
 * displayed pixel (to a fraction of a pixel) while the raw frames move.
 *
 * <p>Overlay: for each displayed EM pixel {@code (u, v)} the EM raw position is {@code x = f u + (f - 1) / 2}; the
 * drift is removed ({@code x_a = x - d_em}), the registration's inverse affine gives the drift-corrected optical
 * position, the optical drift is added back ({@code x_o = A^-1 (x_a - t) + d_o}) and the optical frame is sampled
 * there (nearest pixel). The registration is taken to relate drift-corrected (anchor-frame) coordinates, so the
 * overlay stays on the specimen while both move. Intensity is stretched like EM and drawn green with alpha equal to
 * the stretched intensity; pixels mapping outside the optical frame are transparent.
 */
public final class FrameRenderer {
    private final int maxSide;

    public FrameRenderer(int maxSide) {
        if (maxSide < 16) {
            throw new IllegalArgumentException("Rendered frames need a side of at least 16 px. Got " + maxSide);
        }
        this.maxSide = maxSide;
    }

    /**
     * A rendered frame: the raw image (encoded on first use when a corrected one exists: most pages never ask for
     * it), the drift-corrected one (null without a drift estimate), displayed size, downsampling factor, and the ROI
     * mean (NaN without ROI).
     */
    public record Rendered(Supplier<byte[]> rawPng, byte[] correctedPng, int width, int height, int factor, double roiMean) {
        /** The raw image's PNG bytes. */
        public byte[] png() {
            return rawPng.get();
        }
    }

    /** {@code source} computed at most once, on first use. */
    static Supplier<byte[]> once(Supplier<byte[]> source) {
        return new Supplier<>() {
            private byte[] value;

            @Override
            public synchronized byte[] get() {
                if (value == null) {
                    value = source.get();
                }
                return value;
            }
        };
    }

    /** A region of interest in raw EM pixels. */
    public record Roi(int x, int y, int width, int height) {
        public Roi {
            if (x < 0 || y < 0 || width < 1 || height < 1) {
                throw new IllegalArgumentException("ROI needs x, y >= 0 and a positive size. Got x=" + x + ", y=" + y
                        + ", width=" + width + ", height=" + height);
            }
        }
    }

    public int factor(Frame frame) {
        return Math.max(1, (Math.max(frame.getWidth(), frame.getHeight()) + maxSide - 1) / maxSide);
    }

    public Rendered render(Frame frame, Roi roi) {
        return render(frame, roi, null);
    }

    /** Renders {@code frame} raw and, when {@code drift} is given, translated by its published drift (dxPx, dyPx). */
    public Rendered render(Frame frame, Roi roi, DriftEstimate drift) {
        float[] px = FramePixels.toFloats(frame);
        int w = frame.getWidth();
        int h = frame.getHeight();
        int f = factor(frame);
        int dw = Math.max(1, w / f);
        int dh = Math.max(1, h / f);
        float[] small = downsample(px, w, h, f, dw, dh);
        float[] range = stretchRange(small);
        Supplier<byte[]> raw = once(() -> png(shifted(small, dw, dh, 0, 0, range)));
        if (drift == null) {
            raw.get();
        }
        byte[] corrected = drift == null ? null : png(shifted(small, dw, dh, drift.getDxPx() / f, drift.getDyPx() / f, range));
        return new Rendered(raw, corrected, dw, dh, f, roi == null ? Double.NaN : roiMean(px, w, h, roi));
    }

    /** Grey image whose pixel (u, v) is {@code small} at (u + sx, v + sy), bilinear; black outside. */
    private static BufferedImage shifted(float[] small, int dw, int dh, double sx, double sy, float[] range) {
        BufferedImage img = new BufferedImage(dw, dh, BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        if (sx == 0 && sy == 0) {
            for (int i = 0; i < small.length; i++) {
                out[i] = (byte) Math.round(255 * stretch(small[i], range));
            }
            return img;
        }
        for (int v = 0; v < dh; v++) {
            double y = v + sy;
            int y0 = (int) Math.floor(y);
            double fy = y - y0;
            for (int u = 0; u < dw; u++) {
                double x = u + sx;
                int x0 = (int) Math.floor(x);
                double fx = x - x0;
                if (x0 < 0 || y0 < 0 || x0 + 1 >= dw || y0 + 1 >= dh) {
                    continue; // outside the frame: black
                }
                int i = y0 * dw + x0;
                double value = (1 - fy) * ((1 - fx) * small[i] + fx * small[i + 1]) + fy * ((1 - fx) * small[i + dw] + fx * small[i + dw + 1]);
                out[v * dw + u] = (byte) Math.round(255 * stretch((float) value, range));
            }
        }
        return img;
    }

    /**
     * The optical frame mapped onto the displayed EM frame (see class doc); PNG with alpha. {@code emDrift} null maps
     * onto the drift-corrected EM frame, whose pixels are already in the registration's (anchor) coordinates.
     */
    public byte[] overlay(Frame em, Frame optical, Registration reg, DriftEstimate emDrift, DriftEstimate opticalDrift) {
        List<Double> a = reg.getAffine();
        if (a.size() != 6) {
            throw new IllegalArgumentException("Registration affine must have 6 entries [a b tx c d ty]. Got " + a.size());
        }
        double det = a.get(0) * a.get(4) - a.get(1) * a.get(3);
        if (!(Math.abs(det) > 1e-12)) {
            throw new IllegalArgumentException("Registration affine is singular (det " + det + "); cannot map EM to optical");
        }
        double ia = a.get(4) / det;
        double ib = -a.get(1) / det;
        double ic = -a.get(3) / det;
        double id = a.get(0) / det;
        float[] opt = FramePixels.toFloats(optical);
        int ow = optical.getWidth();
        int oh = optical.getHeight();
        float[] range = stretchRange(sample(opt, 65536));
        int f = factor(em);
        int dw = Math.max(1, em.getWidth() / f);
        int dh = Math.max(1, em.getHeight() / f);
        double emDx = emDrift == null ? 0 : emDrift.getDxPx();
        double emDy = emDrift == null ? 0 : emDrift.getDyPx();
        double oDx = opticalDrift == null ? 0 : opticalDrift.getDxPx();
        double oDy = opticalDrift == null ? 0 : opticalDrift.getDyPx();
        BufferedImage img = new BufferedImage(dw, dh, BufferedImage.TYPE_INT_ARGB);
        for (int v = 0; v < dh; v++) {
            for (int u = 0; u < dw; u++) {
                double x = f * u + (f - 1) / 2.0 - emDx - a.get(2);
                double y = f * v + (f - 1) / 2.0 - emDy - a.get(5);
                long xo = Math.round(ia * x + ib * y + oDx);
                long yo = Math.round(ic * x + id * y + oDy);
                if (xo < 0 || yo < 0 || xo >= ow || yo >= oh) {
                    continue;
                }
                int level = (int) Math.round(255 * stretch(opt[(int) (yo * ow + xo)], range));
                img.setRGB(u, v, (level << 24) | (0x20 << 16) | (0xFF << 8) | 0x40);
            }
        }
        return png(img);
    }

    static float[] downsample(float[] px, int w, int h, int f, int dw, int dh) {
        float[] out = new float[dw * dh];
        float norm = 1f / (f * f);
        for (int v = 0; v < dh; v++) {
            for (int u = 0; u < dw; u++) {
                float sum = 0;
                for (int y = v * f; y < v * f + f && y < h; y++) {
                    int row = y * w;
                    for (int x = u * f; x < u * f + f && x < w; x++) {
                        sum += px[row + x];
                    }
                }
                out[v * dw + u] = sum * norm;
            }
        }
        return out;
    }

    /** The 0.5th and 99.5th percentiles; equal ends widened by one unit so the stretch is defined. */
    static float[] stretchRange(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        float lo = sorted[(int) Math.floor(0.005 * (sorted.length - 1))];
        float hi = sorted[(int) Math.ceil(0.995 * (sorted.length - 1))];
        return hi > lo ? new float[] {lo, hi} : new float[] {lo, lo + 1};
    }

    static double stretch(float value, float[] range) {
        return Math.min(1, Math.max(0, (value - range[0]) / (range[1] - range[0])));
    }

    static double roiMean(float[] px, int w, int h, Roi roi) {
        int x1 = Math.min(w, roi.x() + roi.width());
        int y1 = Math.min(h, roi.y() + roi.height());
        double sum = 0;
        long n = 0;
        for (int y = roi.y(); y < y1; y++) {
            for (int x = roi.x(); x < x1; x++) {
                sum += px[y * w + x];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static float[] sample(float[] values, int max) {
        if (values.length <= max) {
            return values;
        }
        int stride = (values.length + max - 1) / max;
        float[] out = new float[(values.length + stride - 1) / stride];
        for (int i = 0, j = 0; i < values.length; i += stride, j++) {
            out[j] = values[i];
        }
        return out;
    }

    private static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(img, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
    }
}
