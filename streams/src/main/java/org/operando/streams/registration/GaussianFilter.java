package org.operando.streams.registration;

/**
 * Separable Gaussian smoothing of a row-major image, with edge pixels repeated beyond the border.
 * The kernel is the sampled Gaussian exp(-k^2 / (2 sigma^2)), k = -r..r with r = ceil(3 sigma), normalized to sum 1.
 */
final class GaussianFilter {
    private GaussianFilter() {
    }

    static double[] blur(double[] image, int width, int height, double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("Gaussian sigma must be positive. Got: " + sigma);
        }
        double[] kernel = kernel(sigma);
        int r = kernel.length / 2;
        double[] tmp = new double[image.length];
        double[] row = new double[width + 2 * r];
        for (int y = 0; y < height; y++) {
            int base = y * width;
            for (int i = 0; i < row.length; i++) {
                row[i] = image[base + clamp(i - r, width)];
            }
            for (int x = 0; x < width; x++) {
                double s = 0;
                for (int k = 0; k < kernel.length; k++) {
                    s += kernel[k] * row[x + k];
                }
                tmp[base + x] = s;
            }
        }
        double[] out = new double[image.length];
        double[] acc = new double[width];
        for (int y = 0; y < height; y++) {
            java.util.Arrays.fill(acc, 0);
            for (int k = 0; k < kernel.length; k++) {
                int src = clamp(y + k - r, height) * width;
                double w = kernel[k];
                for (int x = 0; x < width; x++) {
                    acc[x] += w * tmp[src + x];
                }
            }
            System.arraycopy(acc, 0, out, y * width, width);
        }
        return out;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }

    private static double[] kernel(double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-(double) i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }
}
