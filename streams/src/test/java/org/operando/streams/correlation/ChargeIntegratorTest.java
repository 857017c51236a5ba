package org.operando.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ChargeIntegratorTest {

    @Test
    void shouldIntegratePiecewiseLinearCurrentExactly() {
        // 0 A at 0 s, ramps to 2 mA at 1 s, holds to 3 s, falls to -1 mA at 3.5 s
        TimeSeries current = new TimeSeries(new double[] {0, 1, 3, 3.5}, new double[] {0, 2e-3, 2e-3, -1e-3});

        double q = ChargeIntegrator.totalCharge(current);

        double exact = 0.5 * 2e-3 * 1 + 2e-3 * 2 + 0.5 * (2e-3 - 1e-3) * 0.5;
        assertThat(q).isCloseTo(exact, within(1e-18));
    }

    @Test
    void shouldMatchAnalyticChargeOfSinusoidalCurrentWithinTrapezoidErrorBound() {
        Random rnd = new Random(41);
        int n = 5001;
        double[] t = new double[n];
        double[] i = new double[n];
        double w = 2 * Math.PI / 3.0;
        for (int k = 0; k < n; k++) {
            t[k] = k * 1e-3 + (k > 0 && k < n - 1 ? 2e-4 * (rnd.nextDouble() - 0.5) : 0);
            i[k] = 1e-3 + 5e-3 * Math.sin(w * t[k]);
        }

        TimeSeries q = ChargeIntegrator.cumulativeCharge(new TimeSeries(t, i));

        double end = t[n - 1];
        double exact = 1e-3 * end + 5e-3 * (1 - Math.cos(w * end)) / w;
        // |error| <= (T/12)·h_max²·max|I''| = (5/12)·(1.2e-3)²·5e-3·w²
        double bound = 5.0 / 12 * 1.2e-3 * 1.2e-3 * 5e-3 * w * w;
        assertThat(q.values()[n - 1]).isCloseTo(exact, within(bound));
        assertThat(q.values()[0]).isZero();
    }

    @Test
    void shouldRecoverAreaPerChargeFromFrames() {
        Random rnd = new Random(42);
        int n = 2001;
        double[] t = new double[n];
        double[] i = new double[n];
        for (int k = 0; k < n; k++) {
            t[k] = k * 0.01;
            i[k] = 2e-6 * (1 + Math.sin(t[k]));
        }
        TimeSeries current = new TimeSeries(t, i);
        double nm2PerC = 5e9; // 5 nm² per nC
        int frames = 40;
        double[] ft = new double[frames];
        double[] area = new double[frames];
        for (int j = 0; j < frames; j++) {
            ft[j] = 0.2 + j * 0.5;
            double q = 2e-6 * (ft[j] + 1 - Math.cos(ft[j]));
            area[j] = 1000 + nm2PerC * q + 0.5 * rnd.nextGaussian();
        }

        ChargeAreaRelation rel = ChargeIntegrator.chargeVsArea(current, new TimeSeries(ft, area));

        assertThat(rel.slopeNm2PerC()).isCloseTo(nm2PerC, within(0.01 * nm2PerC));
        assertThat(Math.abs(rel.slopeNm2PerC() - nm2PerC)).isLessThan(4 * rel.slopeSigmaNm2PerC());
        assertThat(rel.pearsonR()).isGreaterThan(0.99);
        assertThat(rel.chargeC()).hasSize(frames);
        assertThat(rel.chargeC()[0]).isZero();
    }

    @Test
    void shouldRefuseChargeVsAreaWithFewerThanThreeFramesInsideCurrentRecord() {
        TimeSeries current = new TimeSeries(new double[] {0, 1, 2}, new double[] {1, 1, 1});
        TimeSeries area = new TimeSeries(new double[] {0.5, 1.5, 5}, new double[] {1, 2, 3});

        assertThatThrownBy(() -> ChargeIntegrator.chargeVsArea(current, area)).isInstanceOf(NotEnoughDataException.class);
    }
}
