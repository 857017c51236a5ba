package org.operando.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DriftTruthTest {
    private static final long SEQUENCE = 15;

    private static SimulationSettings emOnly(DriftSettings drift) {
        // the EM defaults' 2 nm pixels and specimen, which these figures are stated for (the demo world has 4 nm)
        SimulationSettings d = SimulationSettings.defaults().withEm(EmSettings.defaults()).withSpecimen(SpecimenSettings.defaults());
        return d.withEm(d.em().withDosePerPixel(15000.0)).withOptical(d.optical().withCount(0))
                .withElectrochem(d.electrochem().withEnabled(false)).withEmDrift(drift)
                .withDurationNs(4_000_000_000L);
    }

    private static FrameEvent frame(SimulationSettings settings) {
        Simulation sim = Simulation.create(settings);
        while (sim.hasNext()) {
            if (sim.next() instanceof FrameEvent f && f.sequence() == SEQUENCE) {
                return f;
            }
        }
        throw new AssertionError("no frame " + SEQUENCE);
    }

    /** Centroid of the darkness (background − value) in a window around (u, v). */
    private static double[] darknessCentroid(FrameEvent f, double background, double u, double v, int half) {
        double sw = 0;
        double sx = 0;
        double sy = 0;
        int cu = (int) Math.round(u);
        int cv = (int) Math.round(v);
        for (int j = cv - half; j <= cv + half; j++) {
            for (int i = cu - half; i <= cu + half; i++) {
                double w = background - f.pixel(i, j);
                sw += w;
                sx += w * i;
                sy += w * j;
            }
        }
        return new double[] {sx / sw, sy / sw};
    }

    private static boolean inside(double u, double v, EmSettings em) {
        return u > 20 && v > 20 && u < em.width() - 20 && v < em.height() - 20;
    }

    /** Whether no other object comes within {@code px} EM pixels of the fiducial's centre. */
    private static boolean isolated(Simulation sim, Fiducial f, double px) {
        double p = sim.settings().em().pixelSizeNm();
        for (Particle q : sim.specimen().particles()) {
            if (Math.hypot(q.xNm() - f.xNm(), q.yNm() - f.yNm()) - 1.5 * q.baseRadiusNm() < px * p) {
                return false;
            }
        }
        for (Fiducial o : sim.fiducials()) {
            if (o != f && o.inEm() && Math.hypot(o.xNm() - f.xNm(), o.yNm() - f.yNm()) - o.diameterNm() < px * p) {
                return false;
            }
        }
        return true;
    }

    @Test
    void shouldMoveIsolatedParticleCentroidByTheStatedDriftInPixels() {
        DriftSettings strong = new DriftSettings(20.0, 3.0, 0.5, 10.0, 0.2);
        SimulationSettings drifting = emOnly(strong);
        FrameEvent moved = frame(drifting);
        FrameEvent still = frame(emOnly(DriftSettings.none()));
        Simulation sim = Simulation.create(drifting);
        EmSettings em = drifting.em();
        double background = em.dosePerPixel() * em.gain() + em.offsetCounts();

        assertThat(Math.hypot(moved.driftXPx(), moved.driftYPx())).as("drift is several px").isGreaterThan(3.0);
        assertThat(still.driftXPx()).isZero();
        int checked = 0;
        double errX = 0;
        double errY = 0;
        for (Fiducial gold : sim.fiducials()) {
            if (!gold.inEm()) {
                continue;
            }
            double u = (gold.xNm() - sim.geometry().emStageXNm()) / em.pixelSizeNm();
            double v = (gold.yNm() - sim.geometry().emStageYNm()) / em.pixelSizeNm();
            if (!inside(u, v, em) || !inside(u + moved.driftXPx(), v + moved.driftYPx(), em)
                    || !isolated(sim, gold, 12.0)) {
                continue;
            }
            double[] c0 = darknessCentroid(still, background, u, v, 7);
            double[] c1 = darknessCentroid(moved, background, u + moved.driftXPx(), v + moved.driftYPx(), 7);

            // shot noise on one centroid difference is ~0.02 px at this dose
            assertThat(c0[0]).as("undrifted centroid x").isCloseTo(u, within(0.1));
            assertThat(c1[0] - c0[0]).as("centroid shift x").isCloseTo(moved.driftXPx(), within(0.1));
            assertThat(c1[1] - c0[1]).as("centroid shift y").isCloseTo(moved.driftYPx(), within(0.1));
            errX += c1[0] - c0[0] - moved.driftXPx();
            errY += c1[1] - c0[1] - moved.driftYPx();
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
        assertThat(errX / checked).as("mean x error over the fiducials").isCloseTo(0.0, within(0.02));
        assertThat(errY / checked).as("mean y error over the fiducials").isCloseTo(0.0, within(0.02));
        assertThat(moved.driftXNm()).isCloseTo(moved.driftXPx() * em.pixelSizeNm(), within(1e-9));
    }

    @Test
    void shouldFollowLinearCreepWhenOnlyCreepIsOn() {
        DriftTrajectory d = new DriftTrajectory(new DriftSettings(3.0, 0.0, 0.0, 0.0, 1.0), new FastRandom(5));

        double[] a = d.at(1.0);
        double[] b = d.at(11.0);

        assertThat(Math.hypot(b[0] - a[0], b[1] - a[1])).isCloseTo(30.0, within(1e-9));
    }

    @Test
    void shouldRefuseToRunDriftBackwards() {
        DriftTrajectory d = new DriftTrajectory(DriftSettings.emDefaults(), new FastRandom(5));
        d.at(2.0);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.at(1.0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("backwards");
    }
}
