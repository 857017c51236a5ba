package org.operando.streams.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The test helper's own checks: its Poisson sampler must have Poisson mean and variance. */
class SyntheticSpecimenTest {

    @Test
    void shouldDrawPoissonCountsWithMeanAndVarianceEqualToDose() {
        for (double mean : new double[] {3, 50, 200}) {
            SplittableRandom random = new SplittableRandom(11);
            int n = 200_000;
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                long k = SyntheticSpecimen.poisson(mean, random);
                sum += k;
                sumSq += (double) k * k;
            }
            double m = sum / n;
            double variance = sumSq / n - m * m;
            assertThat(m).as("mean at %s", mean).isCloseTo(mean, within(5 * Math.sqrt(mean / n)));
            assertThat(variance / mean).as("variance/mean at %s", mean).isCloseTo(1.0, within(0.02));
        }
    }

    @Test
    void shouldRenderFrameWhoseContentMovesWithTheShift() {
        SyntheticSpecimen specimen = SyntheticSpecimen.create(64, 64, 3);
        double[] base = specimen.render(64, 64, 0, 0);
        double[] shifted = specimen.render(64, 64, 5, 2);
        assertThat(shifted[(20 + 2) * 64 + 30 + 5]).isCloseTo(base[20 * 64 + 30], within(1e-12));
    }
}
