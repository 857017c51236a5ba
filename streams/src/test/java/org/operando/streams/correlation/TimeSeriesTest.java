package org.operando.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TimeSeriesTest {

    @Test
    void shouldDifferentiateQuadraticExactlyOnIrregularGrid() {
        double[] t = {0, 0.3, 0.35, 1.2, 2.0, 2.05};
        double[] v = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            v[i] = 3 * t[i] * t[i] - 2 * t[i] + 1;
        }

        double[] d = new TimeSeries(t, v).derivative().values();

        for (int i = 1; i < t.length - 1; i++) {
            assertThat(d[i]).isCloseTo(6 * t[i] - 2, within(1e-9));
        }
    }

    @Test
    void shouldResampleLinearSignalExactly() {
        TimeSeries s = new TimeSeries(new double[] {0, 0.7, 1.1, 3}, new double[] {1, 2.4, 3.2, 7});

        double[] g = s.resample(0.5, 0.25, 10);

        for (int k = 0; k < g.length; k++) {
            assertThat(g[k]).isCloseTo(1 + 2 * (0.5 + 0.25 * k), within(1e-12));
        }
        assertThat(s.interpolate(2.0)).isCloseTo(5.0, within(1e-12));
    }

    @Test
    void shouldRejectTimesThatDoNotIncrease() {
        assertThatThrownBy(() -> new TimeSeries(new double[] {0, 1, 1}, new double[] {0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increasing");
    }

    @Test
    void shouldRejectGridOutsideTheSeries() {
        TimeSeries s = new TimeSeries(new double[] {0, 1}, new double[] {0, 1});

        assertThatThrownBy(() -> s.resample(0.5, 0.5, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
