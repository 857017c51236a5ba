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
 * up to the Nyquist column's sign ambiguity. It is evaluated on an S × S grid of spacing 1/U as two
 * small matrix products (cost H·(W/2)·S + H·S², instead of an FFT of size (U·H) × (U·W)).
 * A parabola through the grid maximum and its two neighbours on each axis then places the peak
 * to a small fraction of 1/U.
 *
 * <p>Departure from the paper, for speed: the paper's grid spans 1.5 × 1.5 px around the integer
 * peak (S = ⌈1.5 U⌉ = 30 at U = 20). Here the grid spans only ±{@value #HALF_SPAN_PX} px
 * (S = 2⌈0.15 U⌉ + 1 = 7 at U = 20) around a starting point the caller takes from a parabola
 * through the integer-grid peak; if the grid maximum lands on the grid's border the grid is
 * re-centred there and evaluated again (at most {@value #MAX_RECENTRES} times). The maximum found
 * is the same; the refinement costs 7/30 of the paper's.
 *
 * <p>Holds scratch buffers: one instance per thread.
 */
final class UpsampledDft {

    static final double HALF_SPAN_PX = 0.15;
    static final int MAX_RECENTRES = 6;

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
        this.size = 2 * (int) Math.ceil(HALF_SPAN_PX * factor) + 1;
        this.halfColumns = width / 2 + 1;
        this.colCos = new double[halfColumns * size];
        this.colSin = new double[halfColumns * size];
        this.tRe = new double[height * size];
        this.tIm = new double[height * size];
        this.surface = new double[size * size];
    }

    /**
     * The refined peak: {x, y, value}, value the unnormalized correlation sum at the peak.
     * {@code crossPower} is the half spectrum, H rows × (W/2 + 1) interleaved complex columns.
     *
     * @param startX first guess of the peak's x, pixels (signed shift)
     * @param startY first guess of the peak's y
     */
    double[] refine(double[] crossPower, double startX, double startY) {
        double gridX = Math.rint(startX * factor) / factor;
        double gridY = Math.rint(startY * factor) / factor;
        double[] result = null;
        for (int attempt = 0; attempt <= MAX_RECENTRES; attempt++) {
            result = refineOnGrid(crossPower, gridX, gridY);
            if (result[3] == 0) {
                break;
            }
            gridX = result[4];
            gridY = result[5];
        }
        return new double[] {result[0], result[1], result[2]};
    }

    /** {x, y, value, onBorder (0/1), best grid x, best grid y} for a grid centred on (peakX, peakY). */
    private double[] refineOnGrid(double[] crossPower, double peakX, double peakY) {
        int centre = size / 2;
        fillColumnKernel(peakX, centre);
        int rowStride = 2 * halfColumns;
        for (int r = 0; r < height; r++) {
            int rowBase = r * rowStride;
            int tBase = r * size;
            for (int j = 0; j < size; j++) {
                int eBase = j * halfColumns;
                double sumRe = 0;
                double sumIm = 0;
                for (int c = 0; c < halfColumns; c++) {
                    double a = crossPower[rowBase + 2 * c];
                    double b = crossPower[rowBase + 2 * c + 1];
                    double ec = colCos[eBase + c];
                    double es = colSin[eBase + c];
                    sumRe += a * ec - b * es;
                    sumIm += a * es + b * ec;
                }
                tRe[tBase + j] = sumRe;
                tIm[tBase + j] = sumIm;
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
        boolean onBorder = bi == 0 || bj == 0 || bi == size - 1 || bj == size - 1;
        return new double[] {x, y, surface[best], onBorder ? 1 : 0,
            peakX + (double) (bj - centre) / factor, peakY + (double) (bi - centre) / factor};
    }

    /** Kernel w(c)·e^{2πi f(c) x_j / W}, stored j-major so the inner sum over c runs contiguously. */
    private void fillColumnKernel(double peakX, int centre) {
        for (int j = 0; j < size; j++) {
            double x = peakX + (double) (j - centre) / factor;
            int eBase = j * halfColumns;
            for (int c = 0; c < halfColumns; c++) {
                boolean nyquist = 2 * c == width;
                int freq = nyquist ? -c : c;
                double weight = (c == 0 || nyquist) ? 1.0 : 2.0;
                double theta = 2 * Math.PI * freq * x / width;
                colCos[eBase + c] = weight * Math.cos(theta);
                colSin[eBase + c] = weight * Math.sin(theta);
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
