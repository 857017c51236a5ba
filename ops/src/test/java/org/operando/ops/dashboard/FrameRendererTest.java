package org.operando.ops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.operando.schema.Compression;
import org.operando.schema.DriftEstimate;
import org.operando.schema.Frame;
import org.operando.schema.PixelType;
import org.operando.schema.Registration;
import org.operando.schemas.FramePixels;

class FrameRendererTest {
    private final FrameRenderer renderer = new FrameRenderer(512);

    @Test
    void shouldDownsampleToAtMost512PxAndStretchContrastToFullRange() throws Exception {
        short[] px = noise(1100, 700, 1000, 50, 1);
        for (int y = 100; y < 200; y++) {
            for (int x = 300; x < 400; x++) {
                px[y * 1100 + x] = 5000;
            }
        }
        FrameRenderer.Rendered r = renderer.render(frame(1100, 700, px), new FrameRenderer.Roi(300, 100, 100, 100));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.png()));
        assertThat(r.factor()).isEqualTo(3);
        assertThat(img.getWidth()).isEqualTo(366).isLessThanOrEqualTo(512);
        assertThat(img.getHeight()).isEqualTo(233);
        assertThat(img.getRaster().getSample(350 / 3, 150 / 3, 0)).as("bright square saturates").isEqualTo(255);
        assertThat(img.getRaster().getSample(10, 10, 0)).as("background sits low in the stretch").isLessThan(128);
        assertThat(r.roiMean()).as("ROI covers exactly the square").isEqualTo(5000.0);
    }

    @Test
    void shouldPlaceOpticalSpotWhereAffineAndDriftPutIt() throws Exception {
        short[] opt = noise(64, 64, 100, 1, 2); // flat background: only the spot is bright after the stretch
        opt[20 * 64 + 10] = 4000; // optical spot at (10, 20)
        Registration reg = Registration.newBuilder().setRunId("r").setInstrumentId("em").setOpticalInstrumentId("opt")
                .setEmSequence(0).setOpticalSequence(0).setMasterTimeNs(0).setAffine(List.of(4.0, 0.0, 5.0, 0.0, 4.0, 7.0))
                .setFreNm(1).setPredictedTreNm(1).setPredictedTreCornersNm(List.of()).setFiducialsEm(4).setFiducialsOptical(4)
                .setInliers(4).build();
        DriftEstimate drift = DriftEstimate.newBuilder().setRunId("r").setInstrumentId("em").setSequence(0).setMasterTimeNs(0)
                .setDxPx(3).setDyPx(-2).setDxNm(0).setDyNm(0).setRawDxPx(3).setRawDyPx(-2).setConfidence(10).setJump(false)
                .setLowConfidence(false).setReferenceSequence(0).build();
        Frame em = frame(1024, 1024, new short[1024 * 1024]);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(renderer.overlay(em, frame(64, 64, opt), reg, drift, null)));
        // optical (10, 20) -> EM anchor (4*10+5, 4*20+7) = (45, 87) -> raw with drift (48, 85) -> displayed (/2) (24, 42.5)
        int bestX = -1;
        int bestY = -1;
        int best = -1;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int alpha = img.getRGB(x, y) >>> 24;
                if (alpha > best) {
                    best = alpha;
                    bestX = x;
                    bestY = y;
                }
            }
        }
        assertThat(best).isEqualTo(255);
        assertThat(bestX).isBetween(23, 25);
        assertThat(bestY).isBetween(41, 44);
        assertThat(img.getRGB(500, 500) >>> 24).as("outside the optical field: transparent").isZero();
    }

    @Test
    void shouldRejectSingularRegistration() {
        Registration reg = Registration.newBuilder().setRunId("r").setInstrumentId("em").setOpticalInstrumentId("opt")
                .setEmSequence(0).setOpticalSequence(0).setMasterTimeNs(0).setAffine(List.of(1.0, 2.0, 0.0, 2.0, 4.0, 0.0))
                .setFreNm(1).setPredictedTreNm(1).setPredictedTreCornersNm(List.of()).setFiducialsEm(4).setFiducialsOptical(4)
                .setInliers(4).build();
        Frame f = frame(32, 32, new short[32 * 32]);
        assertThatThrownBy(() -> renderer.overlay(f, f, reg, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("singular");
    }

    @Test
    void shouldKeepOnlyNewestValueInLatestSlot() {
        Latest<String> slot = new Latest<>();
        assertThat(slot.get().version()).isZero();
        slot.set("a");
        slot.set("b");
        assertThat(slot.get()).isEqualTo(new Latest.Versioned<>(2, "b"));
    }

    private static short[] noise(int w, int h, int mean, int amplitude, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        short[] px = new short[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) (mean + random.nextInt(amplitude));
        }
        return px;
    }

    private static Frame frame(int w, int h, short[] px) {
        return Frame.newBuilder().setRunId("r").setInstrumentId("em").setSequence(0).setInstrumentTimeNs(0).setExposureNs(1)
                .setWidth(w).setHeight(h).setPixelType(PixelType.U16).setPixelSizeNm(1).setStageXNm(0).setStageYNm(0)
                .setCompression(Compression.NONE).setPixels(FramePixels.packU16(px, Compression.NONE)).build();
    }
}
