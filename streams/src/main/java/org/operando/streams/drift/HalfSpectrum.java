package org.operando.streams.drift;

/**
 * Index bookkeeping between JTransforms' packed in-place layout of a real 2-D FFT
 * ({@code DoubleFFT_2D.realForward(double[])}, {@code realInverse(double[], boolean)}) and a plain
 * half spectrum: H rows × (W/2 + 1) columns of interleaved (re, im), columns k<sub>x</sub> = 0 … W/2.
 * The other half follows from Hermitian symmetry X(−k) = X(k)* of a real image's transform.
 *
 * <p>Packed layout (H, W even), from the JTransforms documentation: for 0 &lt; k2 &lt; W/2 every
 * row holds (re, im) of column k2 at [k1·W + 2k2]; the first two slots of each row hold the purely
 * real or conjugate-paired columns 0 and W/2: a[0] = X(0,0), a[1] = X(0,W/2),
 * a[(H/2)W] = X(H/2,0), a[(H/2)W+1] = X(H/2,W/2), and for 0 &lt; k1 &lt; H/2:
 * a[k1·W] = Re X(k1,0), a[k1·W+1] = Im X(k1,0), a[(H−k1)W+1] = Re X(k1,W/2),
 * a[(H−k1)W] = −Im X(k1,W/2).
 */
final class HalfSpectrum {

    private HalfSpectrum() {
    }

    static int columns(int width) {
        return width / 2 + 1;
    }

    /** Packed {@code a} (H·W) → half spectrum {@code out} (H·(W/2+1)·2). */
    static void unpack(double[] a, int width, int height, double[] out) {
        int cols = columns(width);
        int half = width / 2;
        for (int k1 = 0; k1 < height; k1++) {
            int src = k1 * width;
            int dst = k1 * cols * 2;
            System.arraycopy(a, src + 2, out, dst + 2, 2 * (half - 1));
        }
        int mid = height / 2;
        set(out, cols, 0, 0, a[0], 0);
        set(out, cols, 0, half, a[1], 0);
        set(out, cols, mid, 0, a[mid * width], 0);
        set(out, cols, mid, half, a[mid * width + 1], 0);
        for (int k1 = 1; k1 < mid; k1++) {
            int mirror = height - k1;
            double re0 = a[k1 * width];
            double im0 = a[k1 * width + 1];
            double reN = a[mirror * width + 1];
            double imN = -a[mirror * width];
            set(out, cols, k1, 0, re0, im0);
            set(out, cols, mirror, 0, re0, -im0);
            set(out, cols, k1, half, reN, imN);
            set(out, cols, mirror, half, reN, -imN);
        }
    }

    /** Half spectrum {@code in} of a real image → packed {@code a}, for {@code realInverse}. */
    static void pack(double[] in, int width, int height, double[] a) {
        int cols = columns(width);
        int half = width / 2;
        for (int k1 = 0; k1 < height; k1++) {
            System.arraycopy(in, k1 * cols * 2 + 2, a, k1 * width + 2, 2 * (half - 1));
        }
        int mid = height / 2;
        a[0] = re(in, cols, 0, 0);
        a[1] = re(in, cols, 0, half);
        a[mid * width] = re(in, cols, mid, 0);
        a[mid * width + 1] = re(in, cols, mid, half);
        for (int k1 = 1; k1 < mid; k1++) {
            int mirror = height - k1;
            a[k1 * width] = re(in, cols, k1, 0);
            a[k1 * width + 1] = in[(k1 * cols) * 2 + 1];
            a[mirror * width + 1] = re(in, cols, k1, half);
            a[mirror * width] = -in[(k1 * cols + half) * 2 + 1];
        }
    }

    private static double re(double[] spectrum, int cols, int row, int col) {
        return spectrum[(row * cols + col) * 2];
    }

    private static void set(double[] spectrum, int cols, int row, int col, double re, double im) {
        int k = (row * cols + col) * 2;
        spectrum[k] = re;
        spectrum[k + 1] = im;
    }
}
