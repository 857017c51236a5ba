package org.operando.simulator;

import java.util.Arrays;
import org.apache.commons.math3.special.Erf;

/**
 * Fluorescence image formation. Every emitter (bead, fluorescent region) is a 2-D Gaussian in optical pixels
 * centred at o = A·X + drift (A = specimen → optical affine), σ = σ_PSF for beads (FWHM = λ/(2NA)) and
 * √(σ_PSF² + σ_region²) for regions, integrated exactly over each pixel's square (erf differences), so the expected
 * photon count is exact for continuous positions. Camera: electrons = Poisson(photons) + N(0, σ_read²),
 * value = round(gain·electrons + offset), clamped to [0, 65535].
 */
public final class OpticalRenderer {
    private static final double WINDOW_SIGMAS = 5.0;
    private final OpticalSettings s;
    private final Geometry g;
    private final Specimen specimen;
    private final double psfSigmaPx;

    public OpticalRenderer(OpticalSettings settings, Geometry geometry, Specimen specimen) {
        this.s = Check.notNull("settings", settings);
        this.g = Check.notNull("geometry", geometry);
        this.specimen = Check.notNull("specimen", specimen);
        this.psfSigmaPx = settings.psfSigmaPx();
    }

    /**
     * Expected photons per pixel.
     *
     * @param driftXPx     drift along the optical x axis, px
     * @param driftYPx     drift along y, px
     * @param bleachFactor exp(−accumulated exposure / bleach time), applied to every emitter
     * @param regionFactor 1 + chemistryGain·y(t), applied to fluorescent regions
     */
    public float[] photons(double driftXPx, double driftYPx, double bleachFactor, double regionFactor) {
        int w = s.width();
        int h = s.height();
        float[] img = new float[w * h];
        Arrays.fill(img, (float) s.backgroundPhotons());
        Affine2D a = g.specimenToOpticalPx();
        for (Fiducial f : specimen.fiducials()) {
            if (f.inOptical()) {
                gaussian(img, a.applyX(f.xNm(), f.yNm()) + driftXPx, a.applyY(f.xNm(), f.yNm()) + driftYPx,
                        psfSigmaPx, s.beadPhotons() * bleachFactor);
            }
        }
        for (FluorescentRegion r : specimen.regions()) {
            double sigma = Math.hypot(psfSigmaPx, r.sigmaNm() / s.pixelSizeNm());
            gaussian(img, a.applyX(r.xNm(), r.yNm()) + driftXPx, a.applyY(r.xNm(), r.yNm()) + driftYPx, sigma,
                    r.peakPhotons() * regionFactor * bleachFactor);
        }
        return img;
    }

    /** A noisy u16 frame drawn from {@code noiseSeed}. */
    public short[] render(double driftXPx, double driftYPx, double bleachFactor, double regionFactor,
                          long noiseSeed) {
        float[] photons = photons(driftXPx, driftYPx, bleachFactor, regionFactor);
        FastRandom rng = new FastRandom(noiseSeed);
        short[] out = new short[photons.length];
        double read = s.readNoiseElectrons();
        for (int i = 0; i < out.length; i++) {
            double electrons = rng.nextPoisson(photons[i]) + read * rng.nextGaussian();
            long v = Math.round(s.gain() * electrons + s.offsetCounts());
            out[i] = (short) (v < 0 ? 0 : Math.min(v, 65535));
        }
        return out;
    }

    /** Adds total·G(x − cx)·G(y − cy) integrated over each pixel [i − ½, i + ½] × [j − ½, j + ½]. */
    private void gaussian(float[] img, double cx, double cy, double sigma, double total) {
        int w = s.width();
        int h = s.height();
        double reach = WINDOW_SIGMAS * sigma + 1;
        int i0 = Math.max(0, (int) Math.floor(cx - reach));
        int i1 = Math.min(w - 1, (int) Math.ceil(cx + reach));
        int j0 = Math.max(0, (int) Math.floor(cy - reach));
        int j1 = Math.min(h - 1, (int) Math.ceil(cy + reach));
        if (i0 > i1 || j0 > j1) {
            return;
        }
        double[] gx = pixelIntegrals(i0, i1, cx, sigma);
        double[] gy = pixelIntegrals(j0, j1, cy, sigma);
        for (int j = j0; j <= j1; j++) {
            double wy = total * gy[j - j0];
            int row = j * w;
            for (int i = i0; i <= i1; i++) {
                img[row + i] += (float) (wy * gx[i - i0]);
            }
        }
    }

    private static double[] pixelIntegrals(int from, int to, double c, double sigma) {
        double k = 1.0 / (Math.sqrt(2.0) * sigma);
        double[] out = new double[to - from + 1];
        double prev = Erf.erf((from - 0.5 - c) * k);
        for (int i = from; i <= to; i++) {
            double next = Erf.erf((i + 0.5 - c) * k);
            out[i - from] = 0.5 * (next - prev);
            prev = next;
        }
        return out;
    }
}
