package org.operando.simulator;

/**
 * EM instruments ("em-1", "em-2", ...): bright-field image formation with Poisson shot noise.
 * Pixel value = gain · Poisson(dose · transmission) + offset, clamped to u16.
 *
 * @param count            number of EM instruments (0..8), all looking at the same field
 * @param width            px, 256..4096
 * @param height           px, 256..4096
 * @param pixelSizeNm      nm at the specimen, 1..5
 * @param framesPerSecond  frame rate in the instrument clock
 * @param exposureFraction exposure / frame period, (0, 1]
 * @param dosePerPixel     electrons per pixel per frame through vacuum
 * @param gain             counts per electron
 * @param offsetCounts     detector offset, counts
 * @param detectorPitchUm  physical detector pixel pitch (sets the nominal magnification), µm
 */
public record EmSettings(int count, int width, int height, double pixelSizeNm, double framesPerSecond,
                         double exposureFraction, double dosePerPixel, double gain, double offsetCounts,
                         double detectorPitchUm) {
    public EmSettings {
        Check.range("em.count", count, 0, 8);
        Check.range("em.width", width, 256, 4096);
        Check.range("em.height", height, 256, 4096);
        Check.range("em.pixelSizeNm", pixelSizeNm, 1.0, 5.0);
        Check.range("em.framesPerSecond", framesPerSecond, 0.01, 10_000.0);
        Check.range("em.exposureFraction", exposureFraction, 1e-6, 1.0);
        Check.range("em.dosePerPixel", dosePerPixel, 0.01, 1e5);
        Check.positive("em.gain", gain);
        Check.range("em.offsetCounts", offsetCounts, 0.0, 60_000.0);
        Check.positive("em.detectorPitchUm", detectorPitchUm);
    }

    public static EmSettings defaults() {
        return new EmSettings(1, 512, 512, 2.0, 5.0, 0.8, 100.0, 4.0, 100.0, 15.0);
    }

    public long framePeriodNs() {
        return Math.round(1e9 / framesPerSecond);
    }

    public long exposureNs() {
        return Math.max(1, Math.round(framePeriodNs() * exposureFraction));
    }

    public double nominalMagnification() {
        return detectorPitchUm * 1000.0 / pixelSizeNm;
    }

    public EmSettings withCount(int value) {
        return new EmSettings(value, width, height, pixelSizeNm, framesPerSecond, exposureFraction, dosePerPixel,
                gain, offsetCounts, detectorPitchUm);
    }

    public EmSettings withSize(int w, int h) {
        return new EmSettings(count, w, h, pixelSizeNm, framesPerSecond, exposureFraction, dosePerPixel, gain,
                offsetCounts, detectorPitchUm);
    }

    public EmSettings withPixelSizeNm(double value) {
        return new EmSettings(count, width, height, value, framesPerSecond, exposureFraction, dosePerPixel, gain,
                offsetCounts, detectorPitchUm);
    }

    public EmSettings withFramesPerSecond(double value) {
        return new EmSettings(count, width, height, pixelSizeNm, value, exposureFraction, dosePerPixel, gain,
                offsetCounts, detectorPitchUm);
    }

    public EmSettings withDosePerPixel(double value) {
        return new EmSettings(count, width, height, pixelSizeNm, framesPerSecond, exposureFraction, value, gain,
                offsetCounts, detectorPitchUm);
    }
}
