package org.operando.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * End-to-end check of the conventions (pixel centres, drift sign, optical → EM affine): a shared fiducial located
 * in a drifted optical frame and in a drifted EM frame must coincide after removing each frame's drift and
 * mapping with the frame's {@code trueOpticalToEmPx}.
 */
class CoregistrationTruthTest {

    @Test
    void shouldMapBeadCentroidsOntoGoldCentroidsWithTheTrueAffine() {
        SimulationSettings base = Profile.COREGISTRATION.settings();
        SpecimenSettings sp = base.specimen();
        // no diffuse fluorescent regions: their gradients would bias a plain centroid, which is not what is tested
        SpecimenSettings beadsOnly = new SpecimenSettings(sp.particles(), sp.particleRadiusMinNm(),
                sp.particleRadiusMaxNm(), sp.growthPerCharge(), sp.trueLagS(), sp.sharedFiducials(),
                sp.emOnlyFiducials(), sp.opticalOnlyBeads(), sp.fiducialDiameterNm(), 0, 0.0);
        SimulationSettings s = base.withEm(base.em().withDosePerPixel(2000.0)).withSpecimen(beadsOnly)
                .withElectrochem(ElectrochemSettings.defaults().withEnabled(false)).withDurationNs(2_000_000_000L);
        Simulation sim = Simulation.create(s);
        FrameEvent em = null;
        FrameEvent opt = null;
        while (sim.hasNext() && (em == null || opt == null)) {
            if (sim.next() instanceof FrameEvent f) {
                if (f.modality() == Modality.EM && em == null) {
                    em = f;
                } else if (f.modality() == Modality.OPTICAL && opt == null) {
                    opt = f;
                }
            }
        }
        Affine2D optToEm = new Affine2D(opt.trueOpticalToEmPx());
        Affine2D specToOpt = sim.geometry().specimenToOpticalPx();
        Affine2D specToEm = sim.geometry().specimenToEmPx();
        double emBackground = s.em().dosePerPixel() * s.em().gain() + s.em().offsetCounts();
        int checked = 0;
        double sumError = 0;
        for (Fiducial f : sim.fiducials()) {
            if (!f.shared() || !isolated(sim, f, 12.0 * s.em().pixelSizeNm(), 6.0 * s.optical().pixelSizeNm())) {
                continue;
            }
            double[] o = centroid(opt, specToOpt.applyX(f.xNm(), f.yNm()) + opt.driftXPx(),
                    specToOpt.applyY(f.xNm(), f.yNm()) + opt.driftYPx(), 3, false, Double.NaN);
            double[] e = centroid(em, specToEm.applyX(f.xNm(), f.yNm()) + em.driftXPx(),
                    specToEm.applyY(f.xNm(), f.yNm()) + em.driftYPx(), 6, true, emBackground);
            double ou = o[0] - opt.driftXPx();
            double ov = o[1] - opt.driftYPx();
            double predictedU = optToEm.applyX(ou, ov) + em.driftXPx();
            double predictedV = optToEm.applyY(ou, ov) + em.driftYPx();
            double error = Math.hypot(predictedU - e[0], predictedV - e[1]);
            // one optical px is ~20 EM px here; bead localisation is ~0.05 optical px
            assertThat(error).as("fiducial " + f.id() + " EM px").isLessThan(3.0);
            sumError += error;
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(6);
        assertThat(sumError / checked).as("mean EM px error").isLessThan(1.5);
    }

    /** No particle edge within {@code emNm} and no other bead within {@code optNm} of the fiducial. */
    private static boolean isolated(Simulation sim, Fiducial f, double emNm, double optNm) {
        for (Particle p : sim.specimen().particles()) {
            if (Math.hypot(p.xNm() - f.xNm(), p.yNm() - f.yNm()) - 1.5 * p.baseRadiusNm() < emNm) {
                return false;
            }
        }
        for (Fiducial o : sim.fiducials()) {
            if (o != f && Math.hypot(o.xNm() - f.xNm(), o.yNm() - f.yNm()) < (o.inOptical() ? optNm : emNm)) {
                return false;
            }
        }
        return true;
    }

    /** Intensity centroid in a window; EM: of darkness against a known background; optical: above the border mean. */
    private static double[] centroid(FrameEvent f, double u, double v, int half, boolean dark, double background) {
        int cu = (int) Math.round(u);
        int cv = (int) Math.round(v);
        double bg = background;
        if (!dark) {
            double sum = 0;
            int n = 0;
            for (int k = -half - 1; k <= half + 1; k++) {
                sum += f.pixel(cu + k, cv - half - 1) + f.pixel(cu + k, cv + half + 1)
                        + f.pixel(cu - half - 1, cv + k) + f.pixel(cu + half + 1, cv + k);
                n += 4;
            }
            bg = sum / n;
        }
        double sw = 0;
        double sx = 0;
        double sy = 0;
        for (int j = cv - half; j <= cv + half; j++) {
            for (int i = cu - half; i <= cu + half; i++) {
                double w = dark ? bg - f.pixel(i, j) : f.pixel(i, j) - bg;
                sw += w;
                sx += w * i;
                sy += w * j;
            }
        }
        return new double[] {sx / sw, sy / sw};
    }
}
