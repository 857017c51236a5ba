package org.operando.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FirstOrderLagFitTest {
    /** Charge-like drive: smooth steps up and down every 10 s (CV peaks), sampled at 20 Hz. */
    private static TimeSeries drive(double durationS) {
        int n = (int) (durationS * 20) + 1;
        double[] t = new double[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 0.05;
            double phase = t[i] % 20.0;
            x[i] = 1 / (1 + Math.exp(-(phase - 5) / 0.3)) - 1 / (1 + Math.exp(-(phase - 15) / 0.3));
        }
        return new TimeSeries(t, x);
    }

    /** The exact first-order response, integrated finely and independently of the fit's stepping. */
    private static double[] respond(TimeSeries drive, double tau, double[] at) {
        double dt = 1e-3;
        double y = drive.values()[0];
        double[] out = new double[at.length];
        int k = 0;
        for (double t = drive.startS(); t <= drive.endS() && k < at.length; t += dt) {
            double x = drive.interpolate(t);
            y += dt * (x - y) / tau;
            while (k < at.length && at[k] <= t) {
                out[k++] = y;
            }
        }
        return out;
    }

    @Test
    void shouldRecoverTimeConstantWithinFivePercentFromNoisyIrregularFrames() {
        Random random = new Random(11);
        TimeSeries x = drive(120);
        double tau = 1.5;
        int n = 500;
        double[] t = new double[n];
        double acc = 1;
        for (int i = 0; i < n; i++) {
            acc += 0.15 + 0.2 * random.nextDouble(); // ~4 frames/s, irregular
            t[i] = acc;
        }
        double[] y = respond(x, tau, t);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = 5_000 + 1_200 * y[i] + 25 * random.nextGaussian(); // e.g. particle area in nm²
        }
        FirstOrderLagFit.Result fit = FirstOrderLagFit.fit(x, new TimeSeries(t, r), 0.05, 20);
        assertThat(fit.tauS()).isCloseTo(tau, within(0.05 * tau));
        assertThat(fit.sigmaS()).isPositive().isLessThan(0.1);
        assertThat(Math.abs(fit.tauS() - tau)).as("error within 4 sigma").isLessThan(4 * fit.sigmaS() + 0.01);
        assertThat(fit.gain()).isCloseTo(1_200, within(60.0));
    }

    @Test
    void shouldShowWhyCrossCorrelationPeakUnderstatesFirstOrderDelay() {
        TimeSeries x = drive(200);
        double[] t = x.timeS().clone();
        double[] y = respond(x, 2.0, t);
        LagResult xcorr = LaggedCrossCorrelation.estimate(x, new TimeSeries(t, y), LagSettings.of(0.05, 6));
        FirstOrderLagFit.Result fit = FirstOrderLagFit.fit(x, new TimeSeries(t, y), 0.05, 20);
        assertThat(fit.tauS()).isCloseTo(2.0, within(0.05));
        assertThat(xcorr.lagS()).as("cross-correlation peak of a first-order response").isBetween(0.9, 1.8);
    }

    @Test
    void shouldSeparateDoubleLayerChargeWithPotentialAsNuisanceInput() {
        Random random = new Random(5);
        TimeSeries faradaic = drive(160);
        double[] t = faradaic.timeS();
        double[] potential = new double[t.length];
        double[] measured = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            double phase = (t[i] % 20.0) / 20.0;
            potential[i] = phase < 0.5 ? -0.4 + 2 * phase : 0.6 - 2 * (phase - 0.5); // triangle sweep, V
            measured[i] = faradaic.values()[i] + 0.8 * potential[i]; // double-layer charge rides on the measured charge
        }
        double[] frames = new double[600];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = 2 + i * 0.25;
        }
        double[] y = respond(faradaic, 1.5, frames);
        double[] r = new double[frames.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = 800 + 400 * y[i] + 5 * random.nextGaussian();
        }
        FirstOrderLagFit.Result fit = FirstOrderLagFit.fit(new TimeSeries(t, measured), new TimeSeries(t, potential),
                new TimeSeries(frames, r), 0.05, 20);
        assertThat(fit.tauS()).isCloseTo(1.5, within(0.075));
    }

    @Test
    void shouldRefuseTooFewSamples() {
        TimeSeries x = drive(20);
        assertThatThrownBy(() -> FirstOrderLagFit.fit(x, new TimeSeries(new double[] {1, 2, 3}, new double[] {1, 2, 3}), 0.1, 10))
                .isInstanceOf(NotEnoughDataException.class).hasMessageContaining("at least 10");
    }

    @Test
    void shouldFailWhenFeatureDoesNotFollowDrive() {
        Random random = new Random(3);
        TimeSeries x = drive(100);
        double[] t = new double[200];
        double[] r = new double[200];
        for (int i = 0; i < 200; i++) {
            t[i] = 1 + i * 0.45;
            r[i] = random.nextGaussian();
        }
        assertThatThrownBy(() -> FirstOrderLagFit.fit(x, new TimeSeries(t, r), 0.5, 5)).isInstanceOf(CorrelationException.class);
    }
}
