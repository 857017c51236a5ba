package org.operando.streams.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PhaseCorrelatorTest {

    private static final int N = 512;
    private static final SyntheticSpecimen SPECIMEN = SyntheticSpecimen.create(N, N, 42);

    @Test
    void shouldRecoverSubPixelShiftWithinTwoHundredthsOfPixelWithoutNoise() {
        PhaseCorrelator correlator = PhaseCorrelator.create(N, N, CorrelatorSettings.defaults());
        ReferenceSpectrum reference = correlator.reference(SPECIMEN.render(N, N, 0, 0));
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 6; i++) {
            double dx = random.nextDouble(-12, 12);
            double dy = random.nextDouble(-12, 12);
            ShiftEstimate estimate = correlator.estimate(reference, SPECIMEN.render(N, N, dx, dy));
            assertThat(estimate.dxPx()).as("dx for true shift (%s, %s)", dx, dy).isCloseTo(dx, within(0.02));
            assertThat(estimate.dyPx()).as("dy for true shift (%s, %s)", dx, dy).isCloseTo(dy, within(0.02));
            assertThat(estimate.confidence()).isGreaterThan(0.9);
        }
    }

    @Test
    void shouldStayWithinFiveHundredthsPixelRmsUnderPoissonNoiseAtFiftyAndTwoHundredCounts() {
        PhaseCorrelator correlator = PhaseCorrelator.create(N, N, CorrelatorSettings.defaults());
        for (double dose : new double[] {50, 200}) {
            ReferenceSpectrum reference = correlator.reference(
                    SyntheticSpecimen.poisson(SPECIMEN.render(N, N, 0, 0), dose, 7));
            SplittableRandom random = new SplittableRandom(2);
            double sumSq = 0;
            int frames = 6;
            for (int i = 0; i < frames; i++) {
                double dx = random.nextDouble(-10, 10);
                double dy = random.nextDouble(-10, 10);
                float[] moving = SyntheticSpecimen.poisson(SPECIMEN.render(N, N, dx, dy), dose, 100 + i);
                ShiftEstimate estimate = correlator.estimate(reference, moving);
                sumSq += sq(estimate.dxPx() - dx) + sq(estimate.dyPx() - dy);
            }
            double rms = Math.sqrt(sumSq / (2 * frames));
            assertThat(rms).as("RMS error per axis at %s counts/px", dose).isLessThan(0.05);
        }
    }

    @Test
    void shouldReportNegativeOfScikitImageShiftInSwappedOrder() {
        // tools/drift/skimage_fixture.py: phase_cross_correlation(ref, mov, upsample_factor=100)
        // on this pair prints (row, col) = (1.72, -2.28); true content shift (dx, dy) = (2.3, -1.7).
        double skimageRow = 1.72;
        double skimageCol = -2.28;
        // skimage's algorithm: no window, phase normalization (beta = 1), upsample 100.
        CorrelatorSettings likeSkimage = new CorrelatorSettings(Apodization.NONE, 0, 1, 100);
        PhaseCorrelator correlator = PhaseCorrelator.create(64, 64, likeSkimage);
        ShiftEstimate estimate = correlator.estimate(correlator.reference(fixture(0, 0)), fixture(2.3, -1.7));
        assertThat(estimate.dxPx()).isCloseTo(-skimageCol, within(0.015));
        assertThat(estimate.dyPx()).isCloseTo(-skimageRow, within(0.015));
    }

    @Test
    void shouldRemoveWindowBiasOnLargeShiftByRewindowingAtFirstEstimate() {
        // Without re-windowing this 40 px shift comes out ~0.03 px short (window bias toward zero).
        PhaseCorrelator correlator = PhaseCorrelator.create(N, N, CorrelatorSettings.defaults());
        ShiftEstimate estimate = correlator.estimate(correlator.reference(SPECIMEN.render(N, N, 0, 0)),
                SPECIMEN.render(N, N, 40.3, -20.15));
        assertThat(estimate.dxPx()).isCloseTo(40.3, within(0.005));
        assertThat(estimate.dyPx()).isCloseTo(-20.15, within(0.005));
    }

    @Test
    void shouldRecoverLargeShiftWithPhaseCorrelationWhitening() {
        PhaseCorrelator correlator = PhaseCorrelator.create(N, N, CorrelatorSettings.defaults().withWhitening(1));
        ShiftEstimate estimate = correlator.estimate(correlator.reference(SPECIMEN.render(N, N, 0, 0)),
                SPECIMEN.render(N, N, 40.25, -30.6));
        assertThat(estimate.dxPx()).isCloseTo(40.25, within(0.03));
        assertThat(estimate.dyPx()).isCloseTo(-30.6, within(0.03));
    }

    @Test
    void shouldRecoverShiftOnFrameWhoseSidesAreNotPowersOfTwoIncludingOdd() {
        int w = 301;
        int h = 200;
        SyntheticSpecimen specimen = SyntheticSpecimen.create(w, h, 8);
        for (double beta : new double[] {0, 1}) {
            PhaseCorrelator correlator = PhaseCorrelator.create(w, h, CorrelatorSettings.defaults().withWhitening(beta));
            ShiftEstimate estimate = correlator.estimate(correlator.reference(specimen.render(w, h, 0, 0)),
                    specimen.render(w, h, -7.37, 6.81));
            assertThat(estimate.dxPx()).as("dx, beta %s", beta).isCloseTo(-7.37, within(0.02));
            assertThat(estimate.dyPx()).as("dy, beta %s", beta).isCloseTo(6.81, within(0.02));
        }
    }

    @Test
    void shouldGiveZeroConfidenceWithoutExceptionForBlankAndSaturatedFrames() {
        PhaseCorrelator correlator = PhaseCorrelator.create(N, N, CorrelatorSettings.defaults());
        ReferenceSpectrum reference = correlator.reference(SPECIMEN.render(N, N, 0, 0));
        short[] saturated = new short[N * N];
        Arrays.fill(saturated, (short) 0xFFFF);
        for (float[] frame : new float[][] {new float[N * N], Pixels.fromUnsigned16(saturated)}) {
            ShiftEstimate estimate = correlator.estimate(reference, frame);
            assertThat(estimate.confidence()).isZero();
            assertThat(estimate.featureless()).isTrue();
            assertThat(estimate.dxPx()).isZero();
        }
        assertThat(correlator.reference(new float[N * N]).featureless()).isTrue();
    }

    @Test
    void shouldGiveConfidenceBelowRejectionThresholdForNoiseUnrelatedToReference() {
        PhaseCorrelator correlator = PhaseCorrelator.create(N, N, CorrelatorSettings.defaults());
        ReferenceSpectrum reference = correlator.reference(SPECIMEN.render(N, N, 0, 0));
        double[] flat = new double[N * N];
        Arrays.fill(flat, 1.0);
        ShiftEstimate estimate = correlator.estimate(reference, SyntheticSpecimen.poisson(flat, 20, 5));
        assertThat(estimate.confidence()).isLessThan(DriftSettings.defaults().minConfidence());
        assertThat(Double.isNaN(estimate.dxPx())).isFalse();
    }

    @Test
    void shouldConvertUnsigned16WithoutSignExtension() {
        assertThat(Pixels.fromUnsigned16(new short[] {(short) 0xFFFF, 0, 1000})).containsExactly(65535f, 0f, 1000f);
    }

    @Test
    void shouldRejectFrameOfWrongSizeAndNonFinitePixels() {
        PhaseCorrelator correlator = PhaseCorrelator.create(64, 32, CorrelatorSettings.defaults());
        assertThatThrownBy(() -> correlator.reference(new float[64 * 64]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 x 32");
        float[] bad = new float[64 * 32];
        bad[70] = Float.NaN;
        assertThatThrownBy(() -> correlator.reference(bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(x=6, y=1)");
        assertThatThrownBy(() -> PhaseCorrelator.create(4, 64, CorrelatorSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 8 x 8");
    }

    /** Same image as tools/drift/skimage_fixture.py. */
    static double[] fixture(double dx, double dy) {
        int n = 64;
        double[] image = new double[n * n];
        for (int i = 0; i < 24; i++) {
            double cx = 12 + (i * 37) % 40;
            double cy = 12 + (i * 23) % 40;
            double s = 1.5 + (i % 3) * 0.7;
            double a = 0.5 + (i % 4) * 0.25;
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    image[y * n + x] += a * Math.exp(-(sq(x - cx - dx) + sq(y - cy - dy)) / (2 * s * s));
                }
            }
        }
        return image;
    }

    private static double sq(double v) {
        return v * v;
    }
}
