package org.operando.streams.registration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.operando.streams.stats.RobustScale;

/**
 * Finds fiducial spots and localizes them to sub-pixel precision.
 *
 * <ol>
 *   <li>Polarity: dark spots are turned into bright ones by negating the image.</li>
 *   <li>Band-pass by a difference of Gaussians, D = G(s) * I - G(1.6 s) * I, with s the expected spot sigma;
 *       the DoG with ratio 1.6 approximates the scale-normalized Laplacian of Gaussian (Lowe 2004) and removes the
 *       slowly varying background.</li>
 *   <li>Robust noise: sigma_n = 1.4826 &times; median(|D - median(D)|) (MAD), over a regular subsample of at most
 *       2^16 pixels; spots occupy a small fraction of the image so they barely move it.</li>
 *   <li>Candidates: pixels with D &gt; k sigma_n that are the maximum of D in the (2q+1)^2 square around them
 *       (non-maximum suppression, ties broken by raster order).</li>
 *   <li>Refinement: {@link GaussianSpotFit} on the polarity-corrected image (not the band-passed one, so the
 *       fitted amplitude and the noise estimate are in image grey values).</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class SpotDetector {
    /** Ratio of the two DoG sigmas. */
    static final double DOG_RATIO = 1.6;
    private static final int MAD_SAMPLES = 1 << 16;
    private final SpotDetectorSettings settings;

    public SpotDetector(SpotDetectorSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("Spot detector settings are required. Got: null");
        }
        this.settings = settings;
    }

    public SpotDetectorSettings settings() {
        return settings;
    }

    /** Spots sorted by decreasing amplitude, at most {@code settings.maxSpots()}. */
    public List<Spot> detect(ImageView image) {
        int w = image.width();
        int h = image.height();
        double[] src = image.pixelsUnsafe();
        double sign = settings.polarity().sign();
        double[] signed = new double[src.length];
        for (int i = 0; i < src.length; i++) {
            signed[i] = sign * src[i];
        }
        double s = settings.spotSigmaPx();
        double[] g1 = GaussianFilter.blur(signed, w, h, s);
        double[] g2 = GaussianFilter.blur(signed, w, h, DOG_RATIO * s);
        double[] dog = new double[src.length];
        for (int i = 0; i < dog.length; i++) {
            dog[i] = g1[i] - g2[i];
        }
        double threshold = settings.thresholdNoiseSigmas() * robustSigma(dog);
        List<Spot> spots = new ArrayList<>();
        int q = settings.suppressionRadiusPx();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = dog[y * w + x];
                if (v > threshold && isLocalMaximum(dog, w, h, x, y, q)) {
                    GaussianSpotFit.fit(signed, w, h, x, y, settings.fitRadiusPx(), s).ifPresent(spots::add);
                }
            }
        }
        spots.sort(Comparator.comparingDouble(Spot::amplitude).reversed());
        return List.copyOf(spots.size() > settings.maxSpots() ? spots.subList(0, settings.maxSpots()) : spots);
    }

    private static boolean isLocalMaximum(double[] d, int w, int h, int x, int y, int q) {
        double v = d[y * w + x];
        int idx = y * w + x;
        for (int yy = Math.max(0, y - q); yy <= Math.min(h - 1, y + q); yy++) {
            for (int xx = Math.max(0, x - q); xx <= Math.min(w - 1, x + q); xx++) {
                int j = yy * w + xx;
                double u = d[j];
                if (u > v || (u == v && j < idx)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** 1.4826 MAD of a regular subsample; 1.4826 makes it the standard deviation for Gaussian noise. */
    static double robustSigma(double[] values) {
        int stride = Math.max(1, values.length / MAD_SAMPLES);
        double[] sample = new double[(values.length + stride - 1) / stride];
        for (int i = 0, k = 0; i < values.length; i += stride, k++) {
            sample[k] = values[i];
        }
        double mad = RobustScale.medianAndSigma(sample)[1];
        return mad > 0 ? mad : Double.MIN_NORMAL;
    }
}
