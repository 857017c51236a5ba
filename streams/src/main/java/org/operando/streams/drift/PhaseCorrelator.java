package org.operando.streams.drift;

import java.util.Objects;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Measures the translation between a cached reference frame and a moving frame by windowed phase
 * correlation with upsampled-DFT sub-pixel refinement.
 *
 * <p>For a frame I (W × H, row-major) the kernel forms the zero-mean windowed image
 * g = w · (I − μ<sub>w</sub>), μ<sub>w</sub> = Σ w I / Σ w (see {@link Apodization}), and its 2-D
 * FFT G. With R the reference's transform and M the moving frame's, the whitened cross-power
 * spectrum is P(k) = M(k) R*(k) / |M(k) R*(k)|^β (0 where the product vanishes), scaled so that
 * Σ|P| = W·H. If moving(x) = reference(x − d), then P(k) ∝ |R(k)|^{2(1−β)} e^{−2πi k·d} and its
 * inverse FFT c(x) peaks at x = d, with height 1 for identical frames. The integer argmax of c
 * gives d to a pixel (wrapped into (−W/2, W/2] as numpy does); {@link UpsampledDft} refines it to
 * sub-pixel precision. The reference's transform is computed once ({@link #reference}), so each
 * moving frame costs one forward FFT, one inverse FFT and the refinement.
 *
 * <p>β = 1 is classic phase correlation (every frequency weighs the same). At electron doses of
 * tens of counts per pixel the high frequencies are pure Poisson noise, and β = 0 (plain
 * cross-correlation, the matched filter for white noise) is ~10× more precise there
 * (docs/bench/drift.md), so it is the default ({@link CorrelatorSettings#whitening()}).
 *
 * <p>The confidence is the peak value c(d) (for β = 0 the normalized cross-correlation
 * coefficient of the windowed frames). A constant frame (blank, fully saturated) has no spectrum
 * after mean subtraction; it gives {@link ShiftEstimate#none()}, never an exception or NaN.
 *
 * <p>Not thread-safe (holds FFT scratch buffers); one instance per stream thread. The
 * {@link ReferenceSpectrum}s it makes are immutable and may be shared by correlators of the same size.
 */
public final class PhaseCorrelator {

    /** Relative variation below which a frame is treated as constant. */
    private static final double FEATURELESS_RELATIVE_STD = 1e-9;
    private static final int PEAK_EXCLUSION_HALF_WIDTH = 2;
    /**
     * Beyond this shift the moving frame is windowed again with the window moved by the first
     * estimate, w(x − d), and correlated once more (twice the cost for that frame): a fixed window
     * on both frames biases the peak toward zero by ≈ 0.08 % of the shift at 512² (−0.007 px at
     * 8 px, −0.03 px at 40 px; docs/bench/drift.md); the moved window covers the same specimen
     * area as the reference's and removes that bias (≤ 0.001 px up to 40 px).
     */
    static final double REWINDOW_BEYOND_PX = 8.0;

    private final int width;
    private final int height;
    private final CorrelatorSettings settings;
    private final double[] windowX;
    private final double[] windowY;
    private final DoubleFFT_2D fft;
    /** Power-of-two sizes use JTransforms' packed real transforms (half the work), others the full complex ones. */
    private final boolean packed;
    private final int halfColumns;
    private final double[] input;
    private final double[] work;
    private final double[] spectrum;
    private final double[] crossPower;
    private final UpsampledDft refiner;

    private PhaseCorrelator(int width, int height, CorrelatorSettings settings) {
        this.width = width;
        this.height = height;
        this.settings = settings;
        this.windowX = settings.window().weights(width, settings.tukeyAlpha());
        this.windowY = settings.window().weights(height, settings.tukeyAlpha());
        this.fft = new DoubleFFT_2D(height, width);
        this.packed = Integer.bitCount(width) == 1 && Integer.bitCount(height) == 1;
        this.halfColumns = HalfSpectrum.columns(width);
        this.input = new double[width * height];
        this.work = new double[(packed ? 1 : 2) * width * height];
        this.spectrum = new double[2 * height * halfColumns];
        this.crossPower = new double[2 * height * halfColumns];
        this.refiner = settings.upsampleFactor() > 1 ? new UpsampledDft(width, height, settings.upsampleFactor()) : null;
    }

    /**
     * @param width  frame width in pixels (columns), at least 8
     * @param height frame height in pixels (rows), at least 8
     */
    public static PhaseCorrelator create(int width, int height, CorrelatorSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (width < 8 || height < 8) {
            throw new IllegalArgumentException("Frame must be at least 8 x 8 pixels. Got: " + width + " x " + height);
        }
        if ((long) width * height > (1L << 26)) {
            throw new IllegalArgumentException("Frame must have at most 2^26 pixels. Got: " + width + " x " + height);
        }
        return new PhaseCorrelator(width, height, settings);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public CorrelatorSettings settings() {
        return settings;
    }

    /** Windows and transforms a reference frame once, for reuse with many moving frames. */
    public ReferenceSpectrum reference(float[] pixels) {
        checkLength(pixels.length);
        for (int i = 0; i < pixels.length; i++) {
            input[i] = pixels[i];
        }
        return transformReference(loadWindowed(input));
    }

    /** As {@link #reference(float[])}, for {@code double} pixels. */
    public ReferenceSpectrum reference(double[] pixels) {
        checkLength(pixels.length);
        return transformReference(loadWindowed(pixels));
    }

    /** The shift of {@code moving} relative to the reference; see {@link ShiftEstimate} for the sign. */
    public ShiftEstimate estimate(ReferenceSpectrum reference, float[] moving) {
        checkReference(reference);
        checkLength(moving.length);
        for (int i = 0; i < moving.length; i++) {
            input[i] = moving[i];
        }
        return estimateLoaded(reference, input, loadWindowed(input));
    }

    /** As {@link #estimate(ReferenceSpectrum, float[])}, for {@code double} pixels. */
    public ShiftEstimate estimate(ReferenceSpectrum reference, double[] moving) {
        checkReference(reference);
        checkLength(moving.length);
        return estimateLoaded(reference, moving, loadWindowed(moving));
    }

    private ReferenceSpectrum transformReference(boolean featureless) {
        if (featureless) {
            return new ReferenceSpectrum(width, height, new double[0], true);
        }
        forward();
        return new ReferenceSpectrum(width, height, spectrum.clone(), false);
    }

    /** FFT of the loaded frame in {@link #work} into the half spectrum {@link #spectrum}. */
    private void forward() {
        if (packed) {
            fft.realForward(work);
            HalfSpectrum.unpack(work, width, height, spectrum);
            return;
        }
        fft.realForwardFull(work);
        for (int r = 0; r < height; r++) {
            System.arraycopy(work, 2 * r * width, spectrum, 2 * r * halfColumns, 2 * halfColumns);
        }
    }

    /** Inverse FFT of the half spectrum {@link #crossPower} into the real surface held in {@link #work}. */
    private void inverse() {
        if (packed) {
            HalfSpectrum.pack(crossPower, width, height, work);
            fft.realInverse(work, true);
            return;
        }
        for (int r = 0; r < height; r++) {
            System.arraycopy(crossPower, 2 * r * halfColumns, work, 2 * r * width, 2 * halfColumns);
            int mirrorRow = (height - r) % height;
            for (int c = halfColumns; c < width; c++) {
                int k = 2 * (mirrorRow * halfColumns + (width - c));
                work[2 * (r * width + c)] = crossPower[k];
                work[2 * (r * width + c) + 1] = -crossPower[k + 1];
            }
        }
        fft.complexInverse(work, true);
    }

    private ShiftEstimate estimateLoaded(ReferenceSpectrum reference, double[] pixels, boolean featureless) {
        if (featureless || reference.featureless()) {
            return ShiftEstimate.none();
        }
        ShiftEstimate first = correlateLoaded(reference);
        if (first.featureless() || first.magnitudePx() <= REWINDOW_BEYOND_PX
                || settings.window() == Apodization.NONE) {
            return first;
        }
        double[] wx = settings.window().shiftedWeights(width, settings.tukeyAlpha(), first.dxPx());
        double[] wy = settings.window().shiftedWeights(height, settings.tukeyAlpha(), first.dyPx());
        loadWindowed(pixels, wx, wy);
        ShiftEstimate second = correlateLoaded(reference);
        return second.featureless() ? first : second;
    }

    private ShiftEstimate correlateLoaded(ReferenceSpectrum reference) {
        forward();
        if (!normalizedCrossPower(reference.spectrum())) {
            return ShiftEstimate.none();
        }
        inverse();
        return locatePeak();
    }

    /** Fills {@link #crossPower} with M R* / |M R*|; false if every product vanished. */
    private boolean normalizedCrossPower(double[] ref) {
        double maxMagnitude = 0;
        for (int k = 0; k < spectrum.length; k += 2) {
            double mr = spectrum[k];
            double mi = spectrum[k + 1];
            double rr = ref[k];
            double ri = ref[k + 1];
            double pr = mr * rr + mi * ri;
            double pi = mi * rr - mr * ri;
            crossPower[k] = pr;
            crossPower[k + 1] = pi;
            maxMagnitude = Math.max(maxMagnitude, Math.abs(pr) + Math.abs(pi));
        }
        if (!(maxMagnitude > 0) || !Double.isFinite(maxMagnitude)) {
            return false;
        }
        double floor = maxMagnitude * 1e-14;
        double weightSum = 0;
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < halfColumns; c++) {
                int k = 2 * (r * halfColumns + c);
                double pr = crossPower[k];
                double pi = crossPower[k + 1];
                double mag = Math.sqrt(pr * pr + pi * pi);
                if (mag > floor) {
                    double scale = whitening(mag);
                    crossPower[k] = pr * scale;
                    crossPower[k + 1] = pi * scale;
                    boolean selfConjugateColumn = c == 0 || 2 * c == width;
                    weightSum += (selfConjugateColumn ? 1 : 2) * mag * scale;
                } else {
                    crossPower[k] = 0;
                    crossPower[k + 1] = 0;
                }
            }
        }
        if (!(weightSum > 0)) {
            return false;
        }
        double normalization = (double) width * height / weightSum;
        for (int k = 0; k < crossPower.length; k++) {
            crossPower[k] *= normalization;
        }
        return true;
    }

    /** 1 / |P|^β: β = 1 is phase correlation, β = 0 plain cross-correlation. */
    private double whitening(double magnitude) {
        double beta = settings.whitening();
        if (beta == 1) {
            return 1 / magnitude;
        }
        if (beta == 0.5) {
            return 1 / Math.sqrt(magnitude);
        }
        if (beta == 0) {
            return 1;
        }
        return Math.pow(magnitude, -beta);
    }

    private ShiftEstimate locatePeak() {
        int n = width * height;
        int stride = packed ? 1 : 2;
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double sumSq = 0;
        for (int p = 0; p < n; p++) {
            double v = work[stride * p];
            sum += v;
            sumSq += v * v;
            if (v > bestValue) {
                bestValue = v;
                best = p;
            }
        }
        int py = best / width;
        int px = best % width;
        int excluded = 0;
        for (int dy = -PEAK_EXCLUSION_HALF_WIDTH; dy <= PEAK_EXCLUSION_HALF_WIDTH; dy++) {
            for (int dx = -PEAK_EXCLUSION_HALF_WIDTH; dx <= PEAK_EXCLUSION_HALF_WIDTH; dx++) {
                int y = Math.floorMod(py + dy, height);
                int x = Math.floorMod(px + dx, width);
                double v = work[stride * (y * width + x)];
                sum -= v;
                sumSq -= v * v;
                excluded++;
            }
        }
        int rest = n - excluded;
        double mean = sum / rest;
        double variance = Math.max(sumSq / rest - mean * mean, 0);
        double peakToBackground = variance > 0 ? Math.max(0, (bestValue - mean) / Math.sqrt(variance)) : 0;
        int shiftX = px > width / 2 ? px - width : px;
        int shiftY = py > height / 2 ? py - height : py;
        double dx = shiftX;
        double dy = shiftY;
        double peak = bestValue;
        if (refiner != null) {
            double startX = shiftX + UpsampledDft.vertex(surfaceAt(px - 1, py), bestValue, surfaceAt(px + 1, py));
            double startY = shiftY + UpsampledDft.vertex(surfaceAt(px, py - 1), bestValue, surfaceAt(px, py + 1));
            double[] refined = refiner.refine(crossPower, startX, startY);
            dx = refined[0];
            dy = refined[1];
            peak = Math.max(peak, refined[2] / n);
        }
        double confidence = Double.isFinite(peak) ? Math.max(0, Math.min(1, peak)) : 0;
        return new ShiftEstimate(dx, dy, confidence,
                Double.isFinite(peakToBackground) ? peakToBackground : 0, false);
    }

    private double surfaceAt(int x, int y) {
        return work[(packed ? 1 : 2) * (Math.floorMod(y, height) * width + Math.floorMod(x, width))];
    }

    /** Loads w·(I − μ_w) into the first W·H slots of {@link #work}; true if the frame is constant. */
    private boolean loadWindowed(double[] pixel) {
        return loadWindowed(pixel, windowX, windowY);
    }

    private boolean loadWindowed(double[] pixel, double[] windowX, double[] windowY) {
        double weightedSum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int y = 0; y < height; y++) {
            double wy = windowY[y];
            int row = y * width;
            for (int x = 0; x < width; x++) {
                double v = pixel[row + x];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("Pixel values must be finite. Got: " + v
                            + " at (x=" + x + ", y=" + y + ")");
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
                weightedSum += wy * windowX[x] * v;
            }
        }
        if (max - min <= FEATURELESS_RELATIVE_STD * Math.max(1, Math.abs(max))) {
            return true;
        }
        double mean = weightedSum / (sum(windowX) * sum(windowY));
        for (int y = 0; y < height; y++) {
            double wy = windowY[y];
            int row = y * width;
            for (int x = 0; x < width; x++) {
                work[row + x] = wy * windowX[x] * (pixel[row + x] - mean);
            }
        }
        if (!packed) {
            java.util.Arrays.fill(work, width * height, work.length, 0);
        }
        return false;
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }

    private void checkLength(int length) {
        if (length != width * height) {
            throw new IllegalArgumentException("Frame must have width x height = " + width + " x " + height
                    + " = " + (width * height) + " pixels. Got: " + length);
        }
    }

    private void checkReference(ReferenceSpectrum reference) {
        Objects.requireNonNull(reference, "reference");
        if (reference.width() != width || reference.height() != height) {
            throw new IllegalArgumentException("Reference is " + reference.width() + " x " + reference.height()
                    + ", expected " + width + " x " + height);
        }
    }
}
