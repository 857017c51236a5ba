package org.operando.streams.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
    private static final Affine2D T = new Affine2D(24.9, -1.1, -2900, 1.3, 25.2, -3100);

    @Test
    void shouldInvertAffineToIdentity() {
        Affine2D id = T.inverse().after(T);
        assertThat(id.a()).isCloseTo(1, within(1e-12));
        assertThat(id.b()).isCloseTo(0, within(1e-12));
        assertThat(id.tx()).isCloseTo(0, within(1e-9));
        assertThat(id.d()).isCloseTo(1, within(1e-12));
        assertThat(id.ty()).isCloseTo(0, within(1e-9));
    }

    @Test
    void shouldMapTheSameSpecimenPointToBothImagesFromStagePositions() {
        ImageGeometry optical = new ImageGeometry(512, 512, 100, 10_000, -5_000);
        ImageGeometry em = new ImageGeometry(1024, 1024, 4, 12_000, -4_000);
        // Specimen point (12 500, -3 600) nm: optical px = c + (S - stage) / pix; EM px likewise.
        double[] opt = {255.5 + 2_500 / 100.0, 255.5 + 1_400 / 100.0};
        double[] emPx = {511.5 + 500 / 4.0, 511.5 + 400 / 4.0};
        NominalTransform n = NominalTransform.fromStage(optical, em, 0, 500, 0.05, 0.02);

        assertThat(n.opticalToEm().applyX(opt[0], opt[1])).isCloseTo(emPx[0], within(1e-9));
        assertThat(n.opticalToEm().applyY(opt[0], opt[1])).isCloseTo(emPx[1], within(1e-9));
        assertThat(n.translationUncertaintyEmPx()).isEqualTo(125);
    }

    @Test
    void shouldComposeDriftsSoThatTheSpecimenPointStaysMapped() {
        RegistrationResult r = new RegistrationResult(T, T.inverse(), 1, 4, List.of(), 20, 20, List.of(), 4,
                new TreModel(0, 0, 1, 0, 0, 0, 0, 0));
        PixelShift dEm = new PixelShift(12.5, -3);
        PixelShift dOpt = new PixelShift(-0.4, 0.7);
        Affine2D now = r.compose(dEm, dOpt);
        double[] p = {130, 140};
        // The feature at p in the optical reference is at p + dOpt now; its EM image was T(p), now T(p) + dEm.
        assertThat(now.applyX(p[0] + dOpt.dx(), p[1] + dOpt.dy())).isCloseTo(T.applyX(p[0], p[1]) + dEm.dx(),
                within(1e-9));
        assertThat(now.applyY(p[0] + dOpt.dx(), p[1] + dOpt.dy())).isCloseTo(T.applyY(p[0], p[1]) + dEm.dy(),
                within(1e-9));
    }

    @Test
    void shouldRejectMalformedValuesWithAMessageSayingWhatWasExpected() {
        assertThatThrownBy(() -> ImageView.ofFloats(10, 10, new float[99]))
                .hasMessageContaining("width * height = 100").hasMessageContaining("Got: 99");
        assertThatThrownBy(() -> new Spot(1, 2, -5, 1, 0.1)).hasMessageContaining("amplitude");
        assertThatThrownBy(() -> new FiducialPair(1, 2, 3, Double.NaN, 0, 0)).hasMessageContaining("finite");
        assertThatThrownBy(() -> new NominalTransform(T, 10, 0.9, 0)).hasMessageContaining("[0, 0.5]");
        assertThatThrownBy(() -> new RansacSettings(25, 100, 2, 1)).hasMessageContaining(">= 3");
        assertThatThrownBy(() -> new Affine2D(0, 0, 0, 0, 0, 0).inverse()).hasMessageContaining("singular");
    }

    @Test
    void shouldReadUnsignedPixelsAboveSignedMaxAsPositive() {
        ImageView v = ImageView.ofUnsigned16(2, 1, new short[] {(short) 65535, (short) 40000});
        assertThat(v.get(0, 0)).isEqualTo(65535);
        assertThat(v.get(1, 0)).isEqualTo(40000);
        ImageView b = ImageView.ofUnsigned8(1, 2, new byte[] {(byte) 255, (byte) 7});
        assertThat(b.get(0, 0)).isEqualTo(255);
        assertThat(b.get(0, 1)).isEqualTo(7);
    }
}
