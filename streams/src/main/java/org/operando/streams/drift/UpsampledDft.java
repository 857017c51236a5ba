package org.operando.streams.drift;

/**
 * Sub-pixel refinement of a phase-correlation peak by the matrix-multiply upsampled DFT of
 * Guizar-Sicairos, Thurman &amp; Fienup, "Efficient subpixel image registration algorithms",
 * Opt. Lett. 33, 156 (2008).
 *
 * <p>Given the normalized cross-power spectrum P(k<sub>y</sub>, k<sub>x</sub>) of two real images
 * (Hermitian: P(−k) = P(k)*), the correlation at any continuous (x, y) is
 * <pre>  c(x, y) = Re Σ_ky e^{2πi k_y y / H} Σ_kx w(k_x) P(k_y, k_x) e^{2πi k_x x / W}</pre>
 * where the inner sum runs over the non-negative half k<sub>x</sub> = 0 … ⌊W/2⌋ with weight
 * w = 2 (1 at k<sub>x</sub> = 0 and at the Nyquist column), which is exact by the Hermitian symmetry
 * up to the Nyquist column's sign ambiguity. It is evaluated on an S × S grid of spacing 1/U,
 * S = ⌈1.5 U⌉, centred on the integer peak, as two small matrix products (cost H·(W/2)·S + H·S²,
 * instead of an FFT of size (U·H) × (U·W)). A parabola through the grid maximum and its two
 * neighbours on each axis then places the peak to a small fraction of 1/U.
 *
 * <p>Holds scratch buffers: one instance per thread.
 */
final class UpsampledDft {

    private final int width;
    private final int height;
    private final int factor;
    private final int size;
    private final int halfColumns;
    private final double[] colCos;
    private final double[] colSin;
    private final double[] tRe;
    private final double[] tIm;
    private final double[] surface;

    UpsampledDft(int width, int height, int factor) {
        this.width = width;
        this.height = height;
        this.factor = factor;
        this.size = (int) Math.ceil(1.5 * factor);
        this.halfColumns = width / 2 + 1;
        this.colCos = new double[halfColumns * size];
        this.colSin = new double[halfColumns * size];
        this.tRe = new double[height * size];
        this.tIm = new double[height * size];
        this.surface = new double[size * size];
    }

    /** The refined peak: {x, y, value}, value the unnormalized correlation sum at the peak. */
    double[] refine(double[] crossPower, int peakX, int peakY) {
        int centre = size / 2;
        fillColumnKernel(peakX, centre);
        java.util.Arrays.fill(tRe, 0);
        java.util.Arrays.fill(tIm, 0);
        int rowStride = 2 * width;
        for (int r = 0; r < height; r++) {
            int rowBase = r * rowStride;
            int tBase = r * size;
            for (int c = 0; c < halfColumns; c++) {
                double weight = (c == 0 || 2 * c == width) ? 1.0 : 2.0;
                double a = weight * crossPower[rowBase + 2 * c];
                double b = weight * crossPower[rowBase + 2 * c + 1];
                int eBase = c * size;
                for (int j = 0; j < size; j++) {
                    double ec = colCos[eBase + j];
                    double es = colSin[eBase + j];
                    tRe[tBase + j] += a * ec - b * es;
                    tIm[tBase + j] += a * es + b * ec;
                }
            }
        }
        java.util.Arrays.fill(surface, 0);
        for (int i = 0; i < size; i++) {
            double y = peakY + (double) (i - centre) / factor;
            int sBase = i * size;
            for (int r = 0; r < height; r++) {
                double theta = 2 * Math.PI * signedFrequency(r, height) * y / height;
                double cs = Math.cos(theta);
                double sn = Math.sin(theta);
                int tBase = r * size;
                for (int j = 0; j < size; j++) {
                    surface[sBase + j] += cs * tRe[tBase + j] - sn * tIm[tBase + j];
                }
            }
        }
        int best = 0;
        for (int k = 1; k < surface.length; k++) {
            if (surface[k] > surface[best]) {
                best = k;
            }
        }
        int bi = best / size;
        int bj = best % size;
        double di = bi > 0 && bi < size - 1
                ? vertex(surface[best - size], surface[best], surface[best + size]) : 0;
        double dj = bj > 0 && bj < size - 1
                ? vertex(surface[best - 1], surface[best], surface[best + 1]) : 0;
        double x = peakX + (bj - centre + dj) / factor;
        double y = peakY + (bi - centre + di) / factor;
        return new double[] {x, y, surface[best]};
    }

    private void fillColumnKernel(int peakX, int centre) {
        for (int c = 0; c < halfColumns; c++) {
            int freq = (2 * c == width) ? -c : c;
            int eBase = c * size;
            for (int j = 0; j < size; j++) {
                double x = peakX + (double) (j - centre) / factor;
                double theta = 2 * Math.PI * freq * x / width;
                colCos[eBase + j] = Math.cos(theta);
                colSin[eBase + j] = Math.sin(theta);
            }
        }
    }

    /** Offset in (−½, ½) of the vertex of the parabola through (−1, a), (0, b), (1, c). */
    static double vertex(double a, double b, double c) {
        double curvature = a - 2 * b + c;
        if (!(curvature < 0)) {
            return 0;
        }
        double offset = 0.5 * (a - c) / curvature;
        return Math.max(-0.5, Math.min(0.5, offset));
    }

    /** FFT index → signed frequency, numpy's fftfreq convention (Nyquist negative). */
    static int signedFrequency(int index, int n) {
        return index < (n + 1) / 2 ? index : index - n;
    }
}
