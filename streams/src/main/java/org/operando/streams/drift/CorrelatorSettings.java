package org.operando.streams.drift;

import java.util.Objects;

/**
 * How {@link PhaseCorrelator} measures a shift.
 *
 * @param window         apodization applied to both images before the FFT
 * @param tukeyAlpha     taper fraction of the Tukey window, in [0, 1] (ignored by other windows)
 * @param upsampleFactor sub-pixel refinement factor U of the upsampled DFT: the correlation is
 *                       re-evaluated on a grid of spacing 1/U px over a 1.5 × 1.5 px neighbourhood
 *                       of the integer peak, then a parabola through the grid maximum and its
 *                       neighbours gives the final position. 1 disables refinement.
 */
public record CorrelatorSettings(Apodization window, double tukeyAlpha, int upsampleFactor) {

    public CorrelatorSettings {
        Objects.requireNonNull(window, "window");
        if (!(tukeyAlpha >= 0 && tukeyAlpha <= 1)) {
            throw new IllegalArgumentException("Tukey alpha must be in [0, 1]. Got: " + tukeyAlpha);
        }
        if (upsampleFactor < 1 || upsampleFactor > 1000) {
            throw new IllegalArgumentException("Upsample factor must be in [1, 1000]. Got: " + upsampleFactor);
        }
    }

    /** Tukey window with α = 0.5, upsample factor 20 (as scikit-image's usual setting). */
    public static CorrelatorSettings defaults() {
        return new CorrelatorSettings(Apodization.TUKEY, 0.5, 20);
    }

    public CorrelatorSettings withWindow(Apodization newWindow, double newAlpha) {
        return new CorrelatorSettings(newWindow, newAlpha, upsampleFactor);
    }

    public CorrelatorSettings withUpsampleFactor(int newFactor) {
        return new CorrelatorSettings(window, tukeyAlpha, newFactor);
    }
}
