package org.operando.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.operando.simulator.EcBlockEvent;
import org.operando.simulator.FrameEvent;
import org.operando.simulator.Modality;
import org.operando.simulator.Profile;
import org.operando.simulator.SimEvent;
import org.operando.simulator.Simulation;
import org.operando.simulator.SimulationSettings;

/**
 * The delay estimate judged against the simulator's ground truth on its operando profile, using the same features
 * the correlation stage computes (particle area above a robust background threshold, connected components) and the
 * charge passed, with the potential as nuisance input for the double-layer charge.
 */
class OperandoLagAccuracyTest {
    @Test
    void shouldRecoverParticleResponseDelayWithinTenPercentOnOperandoProfile() {
        SimulationSettings settings = Profile.byName("operando").settings().withDurationNs(150_000_000_000L);
        Simulation sim = Simulation.create(settings);
        long origin = settings.masterStartNs();
        List<double[]> charge = new ArrayList<>();
        List<double[]> area = new ArrayList<>();
        double q = 0;
        while (sim.hasNext()) {
            SimEvent e = sim.next();
            double t = (e.trueMasterTimeNs() - origin) * 1e-9;
            if (e instanceof EcBlockEvent b) {
                double dt = b.samplePeriodNs() * 1e-9;
                for (int i = 1; i < b.currentA().length; i++) {
                    q += 0.5 * (b.currentA()[i - 1] + b.currentA()[i]) * dt;
                }
                charge.add(new double[] {t + (b.currentA().length - 1) * dt, q, b.potentialV()[b.potentialV().length - 1]});
            } else if (e instanceof FrameEvent f && f.modality() == Modality.EM) {
                FloatImage image = FloatImage.fromUnsignedShorts(f.width(), f.height(), f.pixels());
                ParticleStats p = ImageFeatures.particles(image, new ParticleSettings(
                        new Threshold.Fixed(RobustThreshold.level(image, Polarity.DARK, 4)), Polarity.DARK, 8, f.pixelSizeNm()));
                // √area is linear in the particles' radius scale, which the simulator ties to the lagged charge
                area.add(new double[] {t + f.exposureNs() * 0.5e-9, Math.sqrt(p.areaNm2())});
            }
        }
        TimeSeries drive = new TimeSeries(charge.stream().mapToDouble(c -> c[0]).toArray(), charge.stream().mapToDouble(c -> c[1]).toArray());
        TimeSeries potential = new TimeSeries(drive.timeS(), charge.stream().mapToDouble(c -> c[2]).toArray());
        TimeSeries response = new TimeSeries(area.stream().mapToDouble(a -> a[0]).toArray(), area.stream().mapToDouble(a -> a[1]).toArray());
        FirstOrderLagFit.Result fit = FirstOrderLagFit.fit(drive, potential, response, 0.02, 60);
        double truth = sim.trueLagS();
        System.out.printf("operando lag: fitted %.3f ± %.3f s, true %.3f s (%d frames)%n", fit.tauS(), fit.sigmaS(), truth, fit.n());
        assertThat(Math.abs(fit.tauS() - truth)).isLessThan(0.1 * truth);
    }
}
