package org.operando.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.fitting.GaussianCurveFitter;
import org.apache.commons.math3.fitting.WeightedObservedPoints;
import org.junit.jupiter.api.Test;

class OpticalPsfTest {

    private static SimulationSettings opticalOnly(OpticalSettings optical) {
        SimulationSettings d = SimulationSettings.defaults();
        SpecimenSettings sp = d.specimen();
        SpecimenSettings noRegions = new SpecimenSettings(sp.particles(), sp.particleRadiusMinNm(),
                sp.particleRadiusMaxNm(), sp.growthPerCharge(), sp.trueLagS(), sp.sharedFiducials(),
                sp.emOnlyFiducials(), sp.opticalOnlyBeads(), sp.fiducialDiameterNm(), 0, 0.0);
        return d.withEm(d.em().withCount(0)).withOptical(optical)
                .withElectrochem(d.electrochem().withEnabled(false)).withSpecimen(noRegions)
                .withDurationNs(1_000_000_000L);
    }

    /** Mean FWHM (nm) of isolated optical-only beads, each from a Gaussian fit to its background-free x and y profiles. */
    private static double measuredFwhmNm(SimulationSettings settings) {
        Simulation sim = Simulation.create(settings);
        FrameEvent frame = null;
        while (frame == null) {
            if (sim.next() instanceof FrameEvent f) {
                frame = f;
            }
        }
        Affine2D toOpt = sim.geometry().specimenToOpticalPx();
        List<Double> fwhms = new ArrayList<>();
        int half = 7;
        for (Fiducial bead : sim.fiducials()) {
            if (bead.inEm()) {
                continue;
            }
            double u = toOpt.applyX(bead.xNm(), bead.yNm()) + frame.driftXPx();
            double v = toOpt.applyY(bead.xNm(), bead.yNm()) + frame.driftYPx();
            int cu = (int) Math.round(u);
            int cv = (int) Math.round(v);
            if (cu < half || cv < half || cu >= frame.width() - half || cv >= frame.height() - half) {
                continue;
            }
            double border = 0;
            int nb = 0;
            for (int j = -half; j <= half; j++) {
                for (int i = -half; i <= half; i++) {
                    if (Math.abs(i) == half || Math.abs(j) == half) {
                        border += frame.pixel(cu + i, cv + j);
                        nb++;
                    }
                }
            }
            double bg = border / nb;
            WeightedObservedPoints px = new WeightedObservedPoints();
            WeightedObservedPoints py = new WeightedObservedPoints();
            for (int k = -half; k <= half; k++) {
                double sx = 0;
                double sy = 0;
                for (int m = -half; m <= half; m++) {
                    sx += frame.pixel(cu + k, cv + m) - bg;
                    sy += frame.pixel(cu + m, cv + k) - bg;
                }
                px.add(cu + k, sx);
                py.add(cv + k, sy);
            }
            double sigmaX = GaussianCurveFitter.create().fit(px.toList())[2];
            double sigmaY = GaussianCurveFitter.create().fit(py.toList())[2];
            fwhms.add(2.0 * Math.sqrt(2.0 * Math.log(2.0)) * 0.5 * (sigmaX + sigmaY) * frame.pixelSizeNm());
        }
        assertThat(fwhms).as("isolated beads inside the optical frame").hasSizeGreaterThan(10);
        return fwhms.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    @Test
    void shouldRenderBeadsWithFwhmOfLambdaOverTwoNaWithinTenPercent() {
        OpticalSettings optics = OpticalSettings.defaults().withOptics(520.0, 1.3);
        double expected = 520.0 / (2 * 1.3);

        assertThat(measuredFwhmNm(opticalOnly(optics))).isCloseTo(expected, org.assertj.core.data.Percentage
                .withPercentage(10));
    }

    @Test
    void shouldWidenPsfWhenNumericalApertureDrops() {
        OpticalSettings optics = OpticalSettings.defaults().withOptics(650.0, 0.8);
        double expected = 650.0 / (2 * 0.8);

        assertThat(measuredFwhmNm(opticalOnly(optics))).isCloseTo(expected, org.assertj.core.data.Percentage
                .withPercentage(10));
    }
}
