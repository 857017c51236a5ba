package org.operando.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class EmImageFormationTest {

    private static SimulationSettings emOnly(double dose) {
        // the EM defaults' 2 nm pixels and specimen, which these figures are stated for (the demo world has 4 nm)
        SimulationSettings d = SimulationSettings.defaults().withEm(EmSettings.defaults()).withSpecimen(SpecimenSettings.defaults());
        return d.withEm(d.em().withDosePerPixel(dose)).withOptical(d.optical().withCount(0))
                .withElectrochem(d.electrochem().withEnabled(false)).withDurationNs(5_000_000_000L);
    }

    private static FrameEvent frame(Simulation sim, long sequence) {
        while (sim.hasNext()) {
            if (sim.next() instanceof FrameEvent f && f.sequence() == sequence) {
                return f;
            }
        }
        throw new AssertionError("no frame " + sequence);
    }

    /** Mean and variance of the pixels at least 2·r + 4 px away from every particle and fiducial. */
    private static double[] backgroundStats(Simulation sim, FrameEvent f) {
        double p = f.pixelSizeNm();
        Geometry g = sim.geometry();
        boolean[] mask = new boolean[f.width() * f.height()];
        java.util.function.BiConsumer<double[], Double> block = (xy, rNm) -> {
            double u = (xy[0] - g.emStageXNm()) / p + f.driftXPx();
            double v = (xy[1] - g.emStageYNm()) / p + f.driftYPx();
            double r = 2 * rNm / p + 4;
            for (int j = (int) Math.max(0, v - r); j <= Math.min(f.height() - 1, v + r); j++) {
                for (int i = (int) Math.max(0, u - r); i <= Math.min(f.width() - 1, u + r); i++) {
                    mask[j * f.width() + i] = true;
                }
            }
        };
        sim.specimen().particles().forEach(q -> block.accept(new double[] {q.xNm(), q.yNm()}, q.baseRadiusNm()));
        sim.fiducials().forEach(q -> block.accept(new double[] {q.xNm(), q.yNm()}, q.diameterNm()));
        double sum = 0;
        double sum2 = 0;
        int n = 0;
        for (int k = 0; k < mask.length; k++) {
            if (!mask[k]) {
                double v = Short.toUnsignedInt(f.pixels()[k]);
                sum += v;
                sum2 += v * v;
                n++;
            }
        }
        assertThat(n).as("background pixels").isGreaterThan(mask.length / 3);
        double mean = sum / n;
        return new double[] {mean, sum2 / n - mean * mean};
    }

    @Test
    void shouldGiveBackgroundMeanOfDoseTimesGainPlusOffsetAndPoissonVariance() {
        Simulation sim = Simulation.create(emOnly(100.0));
        EmSettings em = sim.settings().em();

        double[] stats = backgroundStats(sim, frame(sim, 3));

        assertThat(stats[0]).isCloseTo(100.0 * em.gain() + em.offsetCounts(), Percentage.withPercentage(1));
        // gain·Poisson(dose): variance gain²·dose (+ gain²/12 from rounding the Gaussian approximation to counts)
        assertThat(stats[1]).isCloseTo(em.gain() * em.gain() * 100.0, Percentage.withPercentage(5));
    }

    @Test
    void shouldKeepExactPoissonStatisticsAtLowDose() {
        Simulation sim = Simulation.create(emOnly(4.0));
        EmSettings em = sim.settings().em();

        double[] stats = backgroundStats(sim, frame(sim, 0));

        assertThat(stats[0]).isCloseTo(4.0 * em.gain() + em.offsetCounts(), Percentage.withPercentage(1));
        assertThat(stats[1]).isCloseTo(em.gain() * em.gain() * 4.0, Percentage.withPercentage(5));
    }

    @Test
    void shouldDarkenGoldFiducialsByTheirContrast() {
        Simulation sim = Simulation.create(emOnly(1000.0));
        FrameEvent f = frame(sim, 0);
        EmSettings em = sim.settings().em();
        Fiducial gold = sim.fiducials().get(0);
        int u = (int) Math.round((gold.xNm() - sim.geometry().emStageXNm()) / f.pixelSizeNm() + f.driftXPx());
        int v = (int) Math.round((gold.yNm() - sim.geometry().emStageYNm()) / f.pixelSizeNm() + f.driftYPx());

        double centreElectrons = (f.pixel(u, v) - em.offsetCounts()) / em.gain();

        // full coverage at the centre of a 3.75 px radius disc: transmission 1 − 0.85
        assertThat(centreElectrons / 1000.0).isCloseTo(0.15, within(0.02));
    }

    @Test
    void shouldRenderLargeFramesIdenticallyWhenStripsRunInParallel() {
        SimulationSettings s = emOnly(100.0).withEmFrameSize(2048);
        Simulation sim = Simulation.create(s);
        EmRenderer a = new EmRenderer(s.em(), sim.geometry(), sim.specimen(), s.pumpProbe());
        EmRenderer b = new EmRenderer(s.em(), sim.geometry(), sim.specimen(), s.pumpProbe());

        short[] first = a.render(1.25, -0.5, 1.1, 0.0, 99L);
        short[] second = b.render(1.25, -0.5, 1.1, 0.0, 99L);

        assertThat(second).isEqualTo(first);
        assertThat(a.render(1.25, -0.5, 1.1, 0.0, 100L)).isNotEqualTo(first);
    }
}
