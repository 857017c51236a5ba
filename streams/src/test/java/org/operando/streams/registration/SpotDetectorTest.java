package org.operando.streams.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpotDetectorTest {
    private static final double PSF_SIGMA = 250.0 / SpotDetectorSettings.FWHM_PER_SIGMA / 100.0; // 250 nm, 100 nm px

    @Test
    void shouldLocalizePoissonBeadsWithinTwentiethOfPixelAndReportMatchingErrors() {
        Random rng = new Random(11);
        List<double[]> truth = SyntheticImages.scatter(rng, 40, 8, 247, 8, 247, 12, List.of());
        double[] img = SyntheticImages.beads(256, 256, truth, 5000, PSF_SIGMA, 20, 12);
        List<Spot> spots = new SpotDetector(SpotDetectorSettings.forGaussianPsf(250, 100, Polarity.BRIGHT))
                .detect(ImageView.ofDoubles(256, 256, img));

        assertThat(spots).hasSize(truth.size());
        double[] stats = nearestErrors(truth, spots);
        assertThat(stats[0]).as("max error px").isLessThan(0.2);
        assertThat(stats[1]).as("RMS per-axis error px").isLessThan(0.05);
        double meanReported = spots.stream().mapToDouble(Spot::localizationErrorPx).average().orElseThrow();
        assertThat(meanReported / stats[1]).as("reported / measured localization error").isBetween(0.6, 1.6);
        assertThat(spots).allSatisfy(s -> assertThat(s.sigma()).isBetween(0.9 * PSF_SIGMA, 1.3 * PSF_SIGMA));
    }

    @Test
    void shouldLocalizeDarkGoldDiscsFromUnsigned16WithinSixHundredthsOfPixel() {
        Random rng = new Random(21);
        List<double[]> truth = SyntheticImages.scatter(rng, 25, 12, 499, 12, 499, 40, List.of());
        double[] img = SyntheticImages.discs(512, 512, truth, 3.75, 3000, -1200, 60, 22); // 15 nm gold, 2 nm px
        SpotDetectorSettings settings = SpotDetectorSettings.forDisc(15, 2, Polarity.DARK);
        List<Spot> spots = new SpotDetector(settings)
                .detect(ImageView.ofUnsigned16(512, 512, SyntheticImages.toUnsigned16(img)));

        assertThat(spots).hasSize(truth.size());
        double[] stats = nearestErrors(truth, spots);
        assertThat(stats[0]).as("max error px").isLessThan(0.3);
        assertThat(stats[1]).as("RMS per-axis error px").isLessThan(0.06);
        double meanReported = spots.stream().mapToDouble(Spot::localizationErrorPx).average().orElseThrow();
        assertThat(meanReported).as("disc vs Gaussian model mismatch makes the EM error estimate conservative")
                .isGreaterThan(stats[1]);
    }

    @Test
    void shouldFindNothingWhenPolarityIsWrong() {
        Random rng = new Random(31);
        List<double[]> truth = SyntheticImages.scatter(rng, 10, 12, 243, 12, 243, 40, List.of());
        double[] img = SyntheticImages.discs(256, 256, truth, 3.75, 3000, -1200, 60, 32);
        List<Spot> bright = new SpotDetector(SpotDetectorSettings.forDisc(15, 2, Polarity.BRIGHT))
                .detect(ImageView.ofDoubles(256, 256, img));
        List<Spot> dark = new SpotDetector(SpotDetectorSettings.forDisc(15, 2, Polarity.DARK))
                .detect(ImageView.ofDoubles(256, 256, img));

        assertThat(dark).hasSize(10);
        assertThat(bright).as("dark discs seen as bright spots").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void shouldReportAtMostOneFalseSpotInPureNoise() {
        double[] img = SyntheticImages.beads(512, 512, List.of(), 0, PSF_SIGMA, 50, 41);
        List<Spot> spots = new SpotDetector(SpotDetectorSettings.forGaussianPsf(250, 100, Polarity.BRIGHT))
                .detect(ImageView.ofDoubles(512, 512, img));

        assertThat(spots).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void shouldEstimateGaussianNoiseSigmaFromMad() {
        Random rng = new Random(51);
        double[] v = new double[100_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 3.0 * rng.nextGaussian() + (i % 100 == 0 ? 1000 : 0); // 1 % gross outliers
        }
        assertThat(SpotDetector.robustSigma(v)).isBetween(2.85, 3.15);
    }

    /** [max distance, RMS per-axis error] between each true point and its nearest spot. */
    static double[] nearestErrors(List<double[]> truth, List<Spot> spots) {
        double max = 0;
        double ss = 0;
        for (double[] p : truth) {
            double best = Double.POSITIVE_INFINITY;
            for (Spot s : spots) {
                best = Math.min(best, Math.hypot(s.x() - p[0], s.y() - p[1]));
            }
            max = Math.max(max, best);
            ss += best * best;
        }
        return new double[] {max, Math.sqrt(ss / (2.0 * truth.size()))};
    }
}
