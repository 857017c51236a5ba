package org.operando.simulator;

import java.util.stream.IntStream;

/**
 * Bright-field EM image formation.
 *
 * <p>Transmission T(i, j) starts at 1; each object (particle of radius r·scale, gold fiducial) multiplies it by
 * 1 − c·coverage, where coverage = clamp(r − d + ½, 0, 1) is the analytic anti-aliased area fraction of a disc of
 * radius r (px) whose centre is at distance d from the pixel centre. Object centres are continuous:
 * u = (X − stageX)/p + driftXPx, so a sub-pixel drift moves the rendered centroid by exactly that amount. In
 * pumped frames the pump region multiplies T by 1 + ΔI·coverage. The detector then counts Poisson(dose·T)
 * electrons and outputs round(gain·counts + offset), clamped to [0, 65535].
 */
public final class EmRenderer {
    private static final int STRIP_ROWS = 64;
    private static final int PARALLEL_PIXELS = 1 << 20;
    private final EmSettings s;
    private final Geometry g;
    private final Specimen specimen;
    private final double pumpRadiusPx;
    private final float[] buffer;

    public EmRenderer(EmSettings settings, Geometry geometry, Specimen specimen, PumpProbeSettings pumpProbe) {
        this.s = Check.notNull("settings", settings);
        this.g = Check.notNull("geometry", geometry);
        this.specimen = Check.notNull("specimen", specimen);
        this.pumpRadiusPx = pumpProbe.regionRadiusNm() / settings.pixelSizeNm();
        this.buffer = new float[settings.width() * settings.height()];
    }

    /**
     * Noise-free transmission (0..1+) of the frame. The returned array is this renderer's buffer, overwritten by
     * the next call (one renderer per instrument, used by one thread).
     *
     * @param driftXPx    drift along x, px (specimen appears shifted by +driftXPx)
     * @param driftYPx    drift along y, px
     * @param radiusScale particle radius factor from the chemistry
     * @param pumpDeltaI  ΔI applied inside the pump region (0 for unpumped frames)
     */
    public float[] transmission(double driftXPx, double driftYPx, double radiusScale, double pumpDeltaI) {
        int w = s.width();
        int h = s.height();
        float[] t = buffer;
        java.util.Arrays.fill(t, 1.0f);
        double p = s.pixelSizeNm();
        for (Fiducial f : specimen.fiducials()) {
            if (f.inEm()) {
                disc(t, (f.xNm() - g.emStageXNm()) / p + driftXPx, (f.yNm() - g.emStageYNm()) / p + driftYPx,
                        f.diameterNm() / 2.0 / p, -0.85);
            }
        }
        for (Particle q : specimen.particles()) {
            disc(t, (q.xNm() - g.emStageXNm()) / p + driftXPx, (q.yNm() - g.emStageYNm()) / p + driftYPx,
                    q.baseRadiusNm() * radiusScale / p, -q.contrast());
        }
        if (pumpDeltaI != 0.0) {
            disc(t, (g.emCentreXNm() - g.emStageXNm()) / p + driftXPx,
                    (g.emCentreYNm() - g.emStageYNm()) / p + driftYPx, pumpRadiusPx, pumpDeltaI);
        }
        return t;
    }

    /** A noisy u16 frame: Poisson(dose·T) electrons, gain and offset, noise drawn from {@code noiseSeed}. */
    public short[] render(double driftXPx, double driftYPx, double radiusScale, double pumpDeltaI, long noiseSeed) {
        float[] t = transmission(driftXPx, driftYPx, radiusScale, pumpDeltaI);
        return detect(t, noiseSeed);
    }

    /**
     * The detector: counts = Poisson(dose·T), value = clamp(round(gain·counts + offset), 0, 65535). Noise is drawn
     * per strip of {@value #STRIP_ROWS} rows from {@code seedFor(noiseSeed, strip)}, so the result does not depend on
     * whether strips run in parallel (they do for frames of {@value #PARALLEL_PIXELS} pixels or more).
     */
    short[] detect(float[] transmission, long noiseSeed) {
        short[] out = new short[transmission.length];
        int w = s.width();
        int strips = (s.height() + STRIP_ROWS - 1) / STRIP_ROWS;
        IntStream range = IntStream.range(0, strips);
        (out.length >= PARALLEL_PIXELS ? range.parallel() : range).forEach(strip -> detectStrip(transmission, out,
                strip * STRIP_ROWS * w, Math.min(out.length, (strip + 1) * STRIP_ROWS * w),
                FastRandom.seedFor(noiseSeed, strip)));
        return out;
    }

    private void detectStrip(float[] transmission, short[] out, int from, int to, long seed) {
        FastRandom rng = new FastRandom(seed);
        double dose = s.dosePerPixel();
        double gain = s.gain();
        double offset = s.offsetCounts();
        float lastT = Float.NaN;
        double mean = 0;
        double root = 0;
        boolean gaussian = false;
        for (int i = from; i < to; i++) {
            float t = transmission[i];
            if (t != lastT) { // most pixels see vacuum (T = 1): reuse the mean and its square root
                lastT = t;
                mean = dose * t;
                root = Math.sqrt(mean);
                gaussian = mean >= FastRandom.GAUSSIAN_POISSON_THRESHOLD;
            }
            double counts = gaussian ? Math.max(0.0, Math.rint(mean + root * rng.nextGaussian()))
                    : rng.nextPoisson(mean);
            double v = Math.rint(gain * counts + offset);
            out[i] = (short) (v < 0 ? 0 : v > 65535 ? 65535 : (int) v);
        }
    }

    /** Multiplies T by (1 + amount·coverage) for a disc at (cx, cy) of radius r, all in px. */
    private static void disc(float[] t, int w, int h, double cx, double cy, double r, double amount) {
        int i0 = Math.max(0, (int) Math.floor(cx - r - 1));
        int i1 = Math.min(w - 1, (int) Math.ceil(cx + r + 1));
        int j0 = Math.max(0, (int) Math.floor(cy - r - 1));
        int j1 = Math.min(h - 1, (int) Math.ceil(cy + r + 1));
        for (int j = j0; j <= j1; j++) {
            double dy = j - cy;
            for (int i = i0; i <= i1; i++) {
                double dx = i - cx;
                double cov = r - Math.sqrt(dx * dx + dy * dy) + 0.5;
                if (cov > 0) {
                    t[j * w + i] *= (float) (1.0 + amount * Math.min(cov, 1.0));
                }
            }
        }
    }

    private void disc(float[] t, double cx, double cy, double r, double amount) {
        disc(t, s.width(), s.height(), cx, cy, r, amount);
    }
}
