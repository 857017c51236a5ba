package org.operando.simulator;

import java.util.Arrays;
import java.util.Objects;

/**
 * One image from an EM or optical instrument, with its ground truth.
 *
 * <p>Pixel (i, j) is {@code pixels[j·width + i]} as unsigned 16-bit ({@code Short.toUnsignedInt}); the array is
 * owned by the event and must not be modified (not copied, for speed).
 *
 * <p>Drift convention: {@code driftXPx > 0} means the specimen appears shifted by +x in this frame compared with
 * the undrifted frame, i.e. a specimen point at undrifted pixel (u, v) is imaged at (u + driftXPx, v + driftYPx).
 * Drift is given in the frame's own pixel axes; {@code driftXNm = driftXPx · pixelSizeNm}. It is the position at the
 * exposure midpoint (frames are rendered without motion blur).
 *
 * @param instrumentId      the camera/detector
 * @param modality          EM or OPTICAL
 * @param sequence          frame number, from 0, without gaps before fault injection
 * @param instrumentTimeNs  exposure start, instrument clock (jittered), ns
 * @param exposureNs        exposure duration, ns
 * @param width             px
 * @param height            px
 * @param pixels            u16 row-major
 * @param pixelSizeNm       nominal pixel size at the specimen, nm
 * @param stageXNm          stage x: specimen coordinate of the centre of pixel (0,0) when undrifted, nm
 * @param stageYNm          stage y, nm
 * @param pumpDelayFs       pump-probe delay, fs, or null outside pump-probe mode
 * @param pumpOn            whether the pump fired for this frame, or null outside pump-probe mode
 * @param trueMasterTimeNs  truth: master time of exposure start, ns
 * @param driftXNm          truth: drift along the frame's x axis, nm
 * @param driftYNm          truth: drift along the frame's y axis, nm
 * @param driftXPx          truth: drift along x, px
 * @param driftYPx          truth: drift along y, px
 * @param trueOpticalToEmPx truth, optical frames only (else null): the affine optical px → EM px of the undrifted
 *                          frames, row-major 2×3
 */
public record FrameEvent(String instrumentId, Modality modality, long sequence, long instrumentTimeNs,
                         long exposureNs, int width, int height, short[] pixels, double pixelSizeNm,
                         double stageXNm, double stageYNm, Long pumpDelayFs, Boolean pumpOn,
                         long trueMasterTimeNs, double driftXNm, double driftYNm, double driftXPx, double driftYPx,
                         double[] trueOpticalToEmPx) implements SimEvent {
    public FrameEvent {
        Check.notNull("instrumentId", instrumentId);
        if (modality != Modality.EM && modality != Modality.OPTICAL) {
            throw new IllegalArgumentException("A frame's modality must be EM or OPTICAL. Got: " + modality);
        }
        Check.range("sequence", sequence, 0, Long.MAX_VALUE);
        Check.range("exposureNs", exposureNs, 1, Long.MAX_VALUE);
        if (width <= 0 || height <= 0 || pixels == null || pixels.length != width * height) {
            throw new IllegalArgumentException("pixels must hold width*height = " + width + "*" + height
                    + " values. Got: " + (pixels == null ? "null" : pixels.length));
        }
        Check.positive("pixelSizeNm", pixelSizeNm);
        if ((pumpDelayFs == null) != (pumpOn == null)) {
            throw new IllegalArgumentException("pumpDelayFs and pumpOn must be both set or both null");
        }
        if (trueOpticalToEmPx != null && trueOpticalToEmPx.length != 6) {
            throw new IllegalArgumentException("trueOpticalToEmPx must have 6 values. Got: "
                    + trueOpticalToEmPx.length);
        }
    }

    /** Unsigned value of pixel (x, y). */
    public int pixel(int x, int y) {
        return Short.toUnsignedInt(pixels[y * width + x]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameEvent f && instrumentId.equals(f.instrumentId) && modality == f.modality
                && sequence == f.sequence && instrumentTimeNs == f.instrumentTimeNs && exposureNs == f.exposureNs
                && width == f.width && height == f.height && Double.compare(pixelSizeNm, f.pixelSizeNm) == 0
                && Double.compare(stageXNm, f.stageXNm) == 0 && Double.compare(stageYNm, f.stageYNm) == 0
                && Objects.equals(pumpDelayFs, f.pumpDelayFs) && Objects.equals(pumpOn, f.pumpOn)
                && trueMasterTimeNs == f.trueMasterTimeNs && Double.compare(driftXNm, f.driftXNm) == 0
                && Double.compare(driftYNm, f.driftYNm) == 0 && Double.compare(driftXPx, f.driftXPx) == 0
                && Double.compare(driftYPx, f.driftYPx) == 0 && Arrays.equals(trueOpticalToEmPx, f.trueOpticalToEmPx)
                && Arrays.equals(pixels, f.pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(instrumentId, modality, sequence, instrumentTimeNs, exposureNs, width, height,
                pixelSizeNm, stageXNm, stageYNm, pumpDelayFs, pumpOn, trueMasterTimeNs, driftXNm, driftYNm,
                driftXPx, driftYPx, Arrays.hashCode(trueOpticalToEmPx), Arrays.hashCode(pixels));
    }

    @Override
    public String toString() {
        return "FrameEvent[" + instrumentId + " " + modality + " #" + sequence + " t=" + instrumentTimeNs + " "
                + width + "x" + height + " drift=(" + driftXPx + ", " + driftYPx + ") px]";
    }
}
