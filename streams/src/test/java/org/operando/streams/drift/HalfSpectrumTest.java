package org.operando.streams.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.jtransforms.fft.DoubleFFT_2D;
import org.junit.jupiter.api.Test;

/** The packed-layout bookkeeping, checked against JTransforms' own full complex transform. */
class HalfSpectrumTest {

    @Test
    void shouldUnpackRealForwardToSameValuesAsRealForwardFull() {
        int w = 16;
        int h = 8;
        double[] image = random(w * h);
        double[] packed = image.clone();
        new DoubleFFT_2D(h, w).realForward(packed);
        double[] full = new double[2 * w * h];
        System.arraycopy(image, 0, full, 0, w * h);
        new DoubleFFT_2D(h, w).realForwardFull(full);
        int cols = HalfSpectrum.columns(w);
        double[] half = new double[2 * h * cols];
        HalfSpectrum.unpack(packed, w, h, half);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < cols; c++) {
                assertThat(half[2 * (r * cols + c)]).as("re(%s,%s)", r, c).isCloseTo(full[2 * (r * w + c)], within(1e-9));
                assertThat(half[2 * (r * cols + c) + 1]).as("im(%s,%s)", r, c)
                        .isCloseTo(full[2 * (r * w + c) + 1], within(1e-9));
            }
        }
    }

    @Test
    void shouldPackHalfSpectrumBackSoRealInverseRestoresImage() {
        int w = 8;
        int h = 16;
        double[] image = random(w * h);
        double[] packed = image.clone();
        DoubleFFT_2D fft = new DoubleFFT_2D(h, w);
        fft.realForward(packed);
        double[] half = new double[2 * h * HalfSpectrum.columns(w)];
        HalfSpectrum.unpack(packed, w, h, half);
        double[] repacked = new double[w * h];
        HalfSpectrum.pack(half, w, h, repacked);
        fft.realInverse(repacked, true);
        for (int i = 0; i < image.length; i++) {
            assertThat(repacked[i]).isCloseTo(image[i], within(1e-9));
        }
    }

    private static double[] random(int n) {
        SplittableRandom random = new SplittableRandom(4);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble();
        }
        return v;
    }
}
