package org.operando.streams.drift;

import java.util.Objects;

/**
 * How {@link PhaseCorrelator} measures a shift.
 *
 * @param window         apodization applied to both images before the FFT
 * @param tukeyAlpha     taper fraction of the Tukey window, in [0, 1] (ignored by other windows)
 * @param whitening      exponent β of the spectral normalization P = M R* / |M R*|^β, in [0, 1]:
 *                       1 is classic phase correlation (every frequency weighs the same, sharpest
 *                       peak, but noise-only high frequencies weigh as much as signal), 0 is plain
 *                       cross-correlation (matched filter for white noise, broad peak); ½ keeps the
 *                       peak sharp while letting the strong low-frequency signal dominate the noise
 * @param upsampleFactor sub-pixel refinement factor U of the upsampled DFT: the correlation is
 *                       re-evaluated on a grid of spacing 1/U px over a 1.5 × 1.5 px neighbourhood
 *                       of the integer peak, then a parabola through the grid maximum and its
 *                       neighbours gives the final position. 1 disables refinement.
 */
public record CorrelatorSettings(Apodization window, double tukeyAlpha, double whitening, int upsampleFactor) {

    public CorrelatorSettings {
        Objects.requireNonNull(window, "window");
        if (!(tukeyAlpha >= 0 && tukeyAlpha <= 1)) {
            throw new IllegalArgumentException("Tukey alpha must be in [0, 1]. Got: " + tukeyAlpha);
        }
        if (!(whitening >= 0 && whitening <= 1)) {
            throw new IllegalArgumentException("Whitening exponent must be in [0, 1]. Got: " + whitening);
        }
        if (upsampleFactor < 1 || upsampleFactor > 1000) {
            throw new IllegalArgumentException("Upsample factor must be in [1, 1000]. Got: " + upsampleFactor);
        }
    }

    /** Tukey window α = 0.5, whitening β = 0 (best at low dose, see docs/bench/drift.md), upsample factor 20. */
    public static CorrelatorSettings defaults() {
        return new CorrelatorSettings(Apodization.TUKEY, 0.5, 0.0, 20);
    }

    public CorrelatorSettings withWindow(Apodization newWindow, double newAlpha) {
        return new CorrelatorSettings(newWindow, newAlpha, whitening, upsampleFactor);
    }

    public CorrelatorSettings withWhitening(double newWhitening) {
        return new CorrelatorSettings(window, tukeyAlpha, newWhitening, upsampleFactor);
    }

    public CorrelatorSettings withUpsampleFactor(int newFactor) {
        return new CorrelatorSettings(window, tukeyAlpha, whitening, newFactor);
    }
}
