package org.operando.streams.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoRegistrationTest {
    private static final RegistrationSettings SETTINGS = RegistrationSettings.forClem(100, 250, 4, 20,
            Polarity.DARK, 42);

    @Test
    void shouldRecoverTrueAffineFromRenderedImagesWithinThreeTimesPredictedTre() {
        ClemScene scene = new ClemScene(1);
        RegistrationResult r = CoRegistration.register(scene.optical(2, PixelShift.ZERO),
                scene.em(3, PixelShift.ZERO), ClemScene.guess(), SETTINGS);

        assertThat(r.opticalSpots()).isEqualTo(ClemScene.SHARED + ClemScene.OPTICAL_ONLY);
        assertThat(r.emSpots()).isEqualTo(ClemScene.SHARED + ClemScene.EM_ONLY);
        assertThat(r.inliers()).hasSize(ClemScene.SHARED);
        assertThat(r.tre()).hasSize(5);
        TargetError t0 = r.tre().get(4);
        for (TargetError t : r.tre()) {
            double trueError = PointSets.trueErrorEmPx(r.opticalToEm(), t.xEm(), t.yEm());
            assertThat(trueError).as("true error at %s, EM px", t.location())
                    .isLessThan(3 * t.treEmPx()).isLessThan(2.5);
        }
        assertThat(r.predictedTreNm(t0.xEm(), t0.yEm())).isCloseTo(t0.treNm(),
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.freNm()).isBetween(0.5, 8.0);
        assertThat(r.maxTreNm()).isBetween(1.0, 8.0);
        Affine2D roundTrip = r.emToOptical().after(r.opticalToEm());
        assertThat(roundTrip.applyX(100, 50)).isCloseTo(100, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void shouldKeepOverlayFixedWhenBothModalitiesDrift() {
        ClemScene scene = new ClemScene(4);
        PixelShift driftEm = new PixelShift(37.5, -22.25);
        PixelShift driftOptical = new PixelShift(-1.3, 2.7);
        RegistrationResult reference = CoRegistration.register(scene.optical(5, PixelShift.ZERO),
                scene.em(6, PixelShift.ZERO), ClemScene.guess(), SETTINGS);
        RegistrationResult drifted = CoRegistration.register(scene.optical(5, driftOptical),
                scene.em(6, driftEm), ClemScene.guess(), SETTINGS);

        Affine2D composed = reference.compose(driftEm, driftOptical);
        double tolerance = 3 * reference.tre().stream().mapToDouble(TargetError::treEmPx).max().orElseThrow();
        for (double[] q : new double[][] {{0, 0}, {1023, 0}, {0, 1023}, {1023, 1023}, {511.5, 511.5}}) {
            double[] p = SyntheticImages.apply(drifted.emToOptical(), q);
            double dx = composed.applyX(p[0], p[1]) - q[0];
            double dy = composed.applyY(p[0], p[1]) - q[1];
            assertThat(Math.hypot(dx, dy)).as("composed vs re-registered at (%s, %s)", q[0], q[1])
                    .isLessThan(tolerance);
        }
        assertThat(Math.hypot(reference.opticalToEm().tx() - composed.tx(), reference.opticalToEm().ty()
                - composed.ty())).as("the drift moved the map by much more than the tolerance").isGreaterThan(50);
    }

    @Test
    void shouldFailWithNotEnoughFiducialsOnAnEmptyEmImage() {
        ClemScene scene = new ClemScene(7);
        ImageView blank = ImageView.ofDoubles(256, 256, SyntheticImages.discs(256, 256, List.of(), 2.5, 3000, 0,
                60, 8));

        assertThatThrownBy(() -> CoRegistration.register(scene.optical(9, PixelShift.ZERO), blank,
                ClemScene.guess(), SETTINGS)).isInstanceOf(NotEnoughFiducialsException.class)
                .hasMessageContaining("EM spots");
    }
}
