package org.operando.ops.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Resampling an optical frame onto a raw EM frame through the registration and both drifts. */
class OpticalResamplerTest {
    /** A linear image, which bilinear interpolation reproduces exactly: value = 3 x + 5 y + 7. */
    private static float[] ramp(int w, int h) {
        float[] px = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = 3 * x + 5 * y + 7;
            }
        }
        return px;
    }

    @Test
    void shouldSampleTheOpticalPixelThatTheInverseAffineAndBothDriftsGive() {
        // EM = 2 R(30 deg) opt + (10, 20); EM frame drifted by (1.5, -2), optical frame by (0.25, 0.5)
        double c = 2 * Math.cos(Math.toRadians(30));
        double s = 2 * Math.sin(Math.toRadians(30));
        OpticalResampler r = new OpticalResampler(List.of(c, -s, 10.0, s, c, 20.0));
        int w = 64;
        int h = 48;
        float[] optical = ramp(w, h);
        float[] out = new float[80 * 60];
        r.resample(optical, w, h, 0.25, 0.5, 80, 60, 1.5, -2, -1f, out);
        int inside = 0;
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 80; x++) {
                // invert by hand: M^-1 = R(-30) / 2
                double rx = x - 1.5 - 10;
                double ry = y + 2 - 20;
                double xo = (Math.cos(Math.toRadians(30)) * rx + Math.sin(Math.toRadians(30)) * ry) / 2 + 0.25;
                double yo = (-Math.sin(Math.toRadians(30)) * rx + Math.cos(Math.toRadians(30)) * ry) / 2 + 0.5;
                if (xo >= 0 && yo >= 0 && xo <= w - 1 && yo <= h - 1) {
                    assertThat(out[y * 80 + x]).as("(%d, %d)", x, y).isCloseTo((float) (3 * xo + 5 * yo + 7), within(1e-3f));
                    inside++;
                } else if (xo < -0.5 || yo < -0.5 || xo > w - 0.5 || yo > h - 0.5) {
                    assertThat(out[y * 80 + x]).as("(%d, %d) outside", x, y).isEqualTo(-1f);
                }
            }
        }
        assertThat(inside).isGreaterThan(1000);
    }

    @Test
    void shouldRejectASingularAffine() {
        assertThatThrownBy(() -> new OpticalResampler(List.of(1.0, 2.0, 0.0, 2.0, 4.0, 0.0)))
                .hasMessageContaining("singular");
        assertThatThrownBy(() -> new OpticalResampler(List.of(1.0, 0.0, 0.0))).hasMessageContaining("6 entries");
    }
}
