package org.operando.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.operando.simulator.FrameEvent;
import org.operando.simulator.Modality;
import org.operando.simulator.Profile;
import org.operando.simulator.SimEvent;
import org.operando.simulator.Simulation;
import org.operando.simulator.SimulationSettings;

/** The pump-probe time constant judged against the simulator's ground truth, with the correlation stage's ROI and bins. */
class PumpProbeAccuracyTest {
    @Test
    void shouldRecoverPumpProbeTimeConstantWithinTenPercent() {
        SimulationSettings settings = Profile.byName("pump-probe").settings().withDurationNs(20_000_000_000L);
        Simulation sim = Simulation.create(settings);
        List<DelaySample> samples = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        while (sim.hasNext()) {
            SimEvent e = sim.next();
            if (e instanceof FrameEvent f && f.modality() == Modality.EM && f.pumpDelayFs() != null) {
                FloatImage image = FloatImage.fromUnsignedShorts(f.width(), f.height(), f.pixels());
                // central ROI (a quarter of the side) moved by the drift, as the stage does with its measured drift
                double cx = (f.width() - 1) / 2.0 + f.driftXPx();
                double cy = (f.height() - 1) / 2.0 + f.driftYPx();
                double roi = ImageFeatures.meanIntensity(image, new Roi.Circle(cx, cy, 0.25 * Math.min(f.width(), f.height())));
                double delayS = f.pumpDelayFs() * 1e-15;
                samples.add(new DelaySample(delayS, f.pumpOn(), roi));
                min = Math.min(min, delayS);
                max = Math.max(max, delayS);
            }
        }
        TauFit fit = PumpProbeAnalysis.analyse(samples, DelayBins.logarithmic(min * 0.999, max * 1.001, 12), TauModel.RISE, true);
        double truth = sim.trueTauS();
        System.out.printf("pump-probe tau: fitted %.3g ± %.2g s, true %.3g s (%d frames)%n", fit.tauS(), fit.sigmaS(), truth, samples.size());
        assertThat(Math.abs(fit.tauS() - truth)).isLessThan(0.1 * truth);
    }
}
