package org.operando.streams.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.operando.simulator.FrameEvent;
import org.operando.simulator.Modality;
import org.operando.simulator.Profile;
import org.operando.simulator.SimEvent;
import org.operando.simulator.Simulation;
import org.operando.streams.OperandoStreamsConfig;

/**
 * Co-registration of the simulator's first EM frame with its first optical frame (both nearly drift-free) by the
 * kernels the run stage calls, with the processors' default settings, scored as the demo's summary scores it: RMS over
 * a 16 × 16 grid on the EM field of the distance between where the fitted and the true optical → EM map put a point,
 * against the RMS of the predicted TRE at the centre and corners.
 */
class SimulatorRegistrationAccuracyTest {
    private static final int SEEDS = 20;

    @ParameterizedTest
    @ValueSource(strings = {"default", "coregistration"})
    void shouldPairEveryFiducialAndRegisterWithinThePredictedErrorForEverySeed(String profile) {
        Simulation sim = Simulation.create(Profile.byName(profile).settings().withDurationNs(1_000_000_000L));
        FrameEvent em = null;
        FrameEvent optical = null;
        while (sim.hasNext() && (em == null || optical == null)) {
            SimEvent e = sim.next();
            if (e instanceof FrameEvent f && f.modality() == Modality.EM && em == null) {
                em = f;
            } else if (e instanceof FrameEvent f && f.modality() == Modality.OPTICAL && optical == null) {
                optical = f;
            }
        }
        OperandoStreamsConfig config = new OperandoStreamsConfig(Map.of());
        NominalTransform guess = NominalTransform.fromStage(geometry(optical), geometry(em), 0.0,
                config.getDouble(OperandoStreamsConfig.STAGE_UNCERTAINTY_NM),
                Math.toRadians(config.getDouble(OperandoStreamsConfig.ROTATION_UNCERTAINTY_DEG)), 0.05);
        RegistrationSettings base = settings(config, optical, em, 0);
        List<Spot> opticalSpots = new SpotDetector(base.optical()).detect(ImageView.ofUnsigned16(optical.width(), optical.height(), optical.pixels()));
        List<Spot> emSpots = new SpotDetector(base.em()).detect(ImageView.ofUnsigned16(em.width(), em.height(), em.pixels()));
        double[] t = optical.trueOpticalToEmPx();
        Affine2D truth = new Affine2D(t[0], t[1], t[2], t[3], t[4], t[5]);
        int shared = (int) sim.fiducials().stream().filter(f -> f.shared()).count();
        double worstRatio = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            // the run stage seeds RANSAC with the EM frame's sequence, one registration every 25th frame
            RegistrationResult fit = CoRegistration.fromSpots(opticalSpots, emSpots, em.width(), em.height(), guess,
                    settings(config, optical, em, seed * 25));
            double treNm = treOverField(fit.opticalToEm(), truth, em.width(), em.height()) * em.pixelSizeNm();
            double predicted2 = 0;
            for (TargetError e : fit.tre()) {
                predicted2 += e.treNm() * e.treNm();
            }
            double predictedNm = Math.sqrt(predicted2 / fit.tre().size());
            if (seed == 0) {
                System.out.printf("%s: %d optical / %d EM spots, %d shared fiducials, %d inliers, FRE %.2f nm, TRE %.2f nm vs %.2f nm predicted%n",
                        profile, opticalSpots.size(), emSpots.size(), shared, fit.inliers().size(), fit.freNm(), treNm, predictedNm);
            }
            assertThat(fit.inliers()).as("seed %d: every shared fiducial paired", seed).hasSize(shared);
            worstRatio = Math.max(worstRatio, treNm / predictedNm);
        }
        System.out.printf("%s: worst TRE / predicted over %d seeds %.2f%n", profile, SEEDS, worstRatio);
        assertThat(worstRatio).as("TRE over the EM field vs predicted, worst seed").isLessThanOrEqualTo(1.2);
    }

    private static RegistrationSettings settings(OperandoStreamsConfig config, FrameEvent optical, FrameEvent em, long seed) {
        return RegistrationSettings.forClem(optical.pixelSizeNm(), config.getDouble(OperandoStreamsConfig.PSF_FWHM_NM), em.pixelSizeNm(),
                config.getDouble(OperandoStreamsConfig.FIDUCIAL_DIAMETER_NM),
                config.getBoolean(OperandoStreamsConfig.FIDUCIAL_DARK) ? Polarity.DARK : Polarity.BRIGHT, seed);
    }

    /** RMS distance (EM px) over a 16 × 16 grid on the EM field between where {@code fit} and the truth put a point. */
    private static double treOverField(Affine2D fit, Affine2D truth, int width, int height) {
        Affine2D inverse = truth.inverse();
        double sum = 0;
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                double xe = (i + 0.5) * width / 16.0 - 0.5;
                double ye = (j + 0.5) * height / 16.0 - 0.5;
                double xo = inverse.applyX(xe, ye);
                double yo = inverse.applyY(xe, ye);
                double dx = fit.applyX(xo, yo) - xe;
                double dy = fit.applyY(xo, yo) - ye;
                sum += dx * dx + dy * dy;
            }
        }
        return Math.sqrt(sum / 256);
    }

    /** The frame's stage position as the producers publish it: the specimen point of the image centre. */
    private static ImageGeometry geometry(FrameEvent f) {
        return new ImageGeometry(f.width(), f.height(), f.pixelSizeNm(), f.stageXNm() + (f.width() - 1) * f.pixelSizeNm() / 2.0,
                f.stageYNm() + (f.height() - 1) * f.pixelSizeNm() / 2.0);
    }
}
