package org.operando.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class ElectrochemistryTest {

    /** One CV cycle of potentiostat samples, concatenated. */
    private static double[][] oneCycle(ElectrochemSettings ec) {
        SimulationSettings d = SimulationSettings.defaults();
        long cycleNs = (long) (ec.cyclePeriodS() * 1e9);
        Simulation sim = Simulation.create(d.withInstrumentCounts(0, 0).withElectrochem(ec).withDurationNs(cycleNs));
        List<double[]> e = new ArrayList<>();
        List<double[]> i = new ArrayList<>();
        while (sim.hasNext()) {
            if (sim.next() instanceof EcBlockEvent b) {
                e.add(b.potentialV());
                i.add(b.currentA());
            }
        }
        int n = e.stream().mapToInt(a -> a.length).sum();
        double[] pe = new double[n];
        double[] pi = new double[n];
        int k = 0;
        for (int b = 0; b < e.size(); b++) {
            System.arraycopy(e.get(b), 0, pe, k, e.get(b).length);
            System.arraycopy(i.get(b), 0, pi, k, i.get(b).length);
            k += e.get(b).length;
        }
        return new double[][] {pe, pi};
    }

    /** Potential at the extreme (min if cathodic) of the 51-sample moving average of current over [from, to). */
    private static double peakPotential(double[][] cv, int from, int to, boolean cathodic) {
        int half = 25;
        double best = cathodic ? Double.MAX_VALUE : -Double.MAX_VALUE;
        double at = Double.NaN;
        for (int k = from + half; k < to - half; k++) {
            double s = 0;
            for (int m = -half; m <= half; m++) {
                s += cv[1][k + m];
            }
            if (cathodic ? s < best : s > best) {
                best = s;
                at = cv[0][k];
            }
        }
        return at;
    }

    @Test
    void shouldPutCvCurrentPeaksAtTheTruePeakPotentials() {
        ElectrochemSettings ec = ElectrochemSettings.defaults().withScanRateVPerS(0.2);
        double[][] cv = oneCycle(ec);
        int n = cv[0].length;

        // the sweep starts at the upper vertex: first half down (cathodic), second half up (anodic)
        double cathodic = peakPotential(cv, 0, n / 2, true);
        double anodic = peakPotential(cv, n / 2, n, false);

        // tolerance: 3 mV, i.e. 15 ms of sweep at 0.2 V/s (the moving average is 5 ms wide)
        assertThat(cathodic).isCloseTo(ec.cathodicPeakV(), within(0.003));
        assertThat(anodic).isCloseTo(ec.anodicPeakV(), within(0.003));
    }

    @Test
    void shouldAddDoubleLayerChargingCurrentOfCapacitanceTimesScanRate() {
        ElectrochemSettings ec = ElectrochemSettings.defaults();
        Electrochemistry model = new Electrochemistry(ec);
        double t = 0.1 / ec.scanRateVPerS(); // 0.1 V below the upper vertex, far from both peaks

        assertThat(model.current(t)).isCloseTo(-ec.doubleLayerCapacitanceF() * ec.scanRateVPerS(),
                Percentage.withPercentage(0.1));
        assertThat(model.potential(t)).isCloseTo(ec.upperVertexV() - 0.1, within(1e-12));
    }

    @Test
    void shouldStepPotentialAndDecayCurrentInChronoamperometry() {
        ElectrochemSettings ec = ElectrochemSettings.defaults().withTechnique(Technique.CHRONOAMPEROMETRY);
        Electrochemistry model = new Electrochemistry(ec);
        double half = ec.stepPeriodS() / 2;

        assertThat(model.potential(0.5 * half)).isEqualTo(ec.stepLowV());
        assertThat(model.potential(1.5 * half)).isEqualTo(ec.stepHighV());
        assertThat(model.faradaicCurrent(ec.caTimeConstantS()))
                .isCloseTo(-ec.peakCurrentA() / Math.E, Percentage.withPercentage(1e-6));
    }

    @Test
    void shouldRelaxLaggedStateWithTheTrueTimeConstant() {
        // one CV cycle, then a hold: x is constant after the cycle, so y − x must decay as exp(−Δt/τ)
        double lag = 1.5;
        ElectrochemSettings ec = ElectrochemSettings.defaults().withScanRateVPerS(0.5);
        ElectrochemSettings oneCycle = new ElectrochemSettings(true, ec.technique(), ec.sampleRateHz(),
                ec.blockSize(), ec.scanRateVPerS(), ec.lowerVertexV(), ec.upperVertexV(), 1, ec.cathodicPeakV(),
                ec.anodicPeakV(), ec.peakWidthV(), ec.peakCurrentA(), ec.doubleLayerCapacitanceF(),
                ec.currentNoiseA(), ec.potentialNoiseV(), ec.stepLowV(), ec.stepHighV(), ec.stepPeriodS(),
                ec.caTimeConstantS(), ec.uncompensatedResistanceOhm());
        DepositionState state = new DepositionState(new Electrochemistry(oneCycle), lag);
        double tEnd = oneCycle.cyclePeriodS();

        assertThat(state.charge(0.5 * tEnd)).as("a full cathodic peak deposited at the lower vertex")
                .isCloseTo(1.0, within(0.01));
        double x = state.charge(tEnd + 1);
        double d0 = state.lagged(tEnd + 1) - x;
        double d1 = state.lagged(tEnd + 1 + lag) - x;

        assertThat(Math.abs(d0)).isGreaterThan(0.01);
        assertThat(d1 / d0).isCloseTo(Math.exp(-1), within(1e-3));
    }
}
