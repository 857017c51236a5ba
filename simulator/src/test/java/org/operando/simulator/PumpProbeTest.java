package org.operando.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PumpProbeTest {

    @Test
    void shouldAlternatePumpAndScanLogSpacedDelays() {
        PumpProbeSettings pp = PumpProbeSettings.on();

        assertThat(pp.pumpOn(0)).isTrue();
        assertThat(pp.pumpOn(1)).isFalse();
        assertThat(pp.delayFs(0)).isEqualTo(100L);
        assertThat(pp.delayFs(2L * pp.framesPerDelay() * (pp.delaySteps() - 1))).isEqualTo(2_000_000L);
        double ratio = (double) pp.delayFs(2L * pp.framesPerDelay()) / pp.delayFs(0);
        assertThat(ratio).isCloseTo(Math.pow(2e4, 1.0 / (pp.delaySteps() - 1)), within(0.01));
    }

    @Test
    void shouldBrightenPumpRegionByTrueResponseAtEachDelay() {
        SimulationSettings s = Profile.PUMP_PROBE.settings().withOptical(OpticalSettings.defaults().withCount(0))
                .withElectrochem(ElectrochemSettings.defaults().withEnabled(false)).withDurationNs(8_000_000_000L);
        Simulation sim = Simulation.create(s);
        PumpProbeSettings pp = s.pumpProbe();
        List<FrameEvent> frames = new ArrayList<>();
        sim.forEachRemaining(e -> {
            if (e instanceof FrameEvent f) {
                frames.add(f);
            }
        });
        double p = s.em().pixelSizeNm();
        double r = 0.8 * pp.regionRadiusNm() / p;
        int checked = 0;
        for (int k = 0; k + 1 < frames.size(); k += 2) {
            FrameEvent on = frames.get(k);
            FrameEvent off = frames.get(k + 1);
            assertThat(on.pumpOn()).isTrue();
            assertThat(off.pumpOn()).isFalse();
            assertThat(off.pumpDelayFs()).isEqualTo(on.pumpDelayFs());
            double cu = (sim.geometry().emCentreXNm() - sim.geometry().emStageXNm()) / p;
            double ratio = (regionMean(on, cu + on.driftXPx(), cu + on.driftYPx(), r, s.em())
                    / regionMean(off, cu + off.driftXPx(), cu + off.driftYPx(), r, s.em()));
            // particles inside the region darken both frames alike; the ratio is 1 + ΔI(τ)
            assertThat(ratio - 1.0).as("delay " + on.pumpDelayFs() + " fs")
                    .isCloseTo(pp.response(on.pumpDelayFs()), within(0.01));
            checked++;
        }
        assertThat(checked).isGreaterThan(100);
        assertThat(sim.trueTauS()).isEqualTo(pp.trueTauS());
    }

    /** Mean electrons per pixel inside a disc. */
    private static double regionMean(FrameEvent f, double cx, double cy, double r, EmSettings em) {
        double sum = 0;
        int n = 0;
        for (int j = (int) (cy - r); j <= cy + r; j++) {
            for (int i = (int) (cx - r); i <= cx + r; i++) {
                if ((i - cx) * (i - cx) + (j - cy) * (j - cy) <= r * r) {
                    sum += (f.pixel(i, j) - em.offsetCounts()) / em.gain();
                    n++;
                }
            }
        }
        return sum / n;
    }
}
