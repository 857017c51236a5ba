package org.operando.streams.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RobustScaleTest {

    @Test
    void shouldGiveTheSameOrderStatisticsAsSortingForOddEvenAndTiedSamples() {
        Random random = new Random(7);
        for (int n : new int[] {1, 2, 3, 10, 101, 4096, 65_537}) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                // ties: integer grey values, as camera counts are
                values[i] = i % 3 == 0 ? Math.rint(random.nextGaussian() * 20 + 100) : random.nextGaussian() * 20 + 100;
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            double median = sorted[n / 2];
            double[] deviation = new double[n];
            for (int i = 0; i < n; i++) {
                deviation[i] = Math.abs(values[i] - median);
            }
            Arrays.sort(deviation);

            double[] robust = RobustScale.medianAndSigma(values.clone());

            assertThat(robust[0]).as("median of %d values", n).isEqualTo(median);
            assertThat(robust[1]).as("sigma of %d values", n).isEqualTo(RobustScale.MAD_TO_SIGMA * deviation[n / 2]);
        }
    }

    @Test
    void shouldEstimateGaussianNoiseDespiteOutliers() {
        Random random = new Random(11);
        double[] values = new double[20_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 20 == 0 ? 1e6 : 50 + 3 * random.nextGaussian(); // 5 % bright outliers
        }
        double[] robust = RobustScale.medianAndSigma(values);
        assertThat(robust[0]).isCloseTo(50, org.assertj.core.data.Offset.offset(0.3));
        assertThat(robust[1]).isCloseTo(3, org.assertj.core.data.Offset.offset(0.3));
    }

    @Test
    void shouldRefuseAnEmptySample() {
        assertThatThrownBy(() -> RobustScale.medianAndSigma(new double[0])).hasMessageContaining("at least one value");
    }
}
