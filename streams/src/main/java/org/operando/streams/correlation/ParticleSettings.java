package org.operando.streams.correlation;

/**
 * How particles are segmented in an EM frame.
 *
 * @param threshold   how the foreground level is chosen (Otsu or fixed)
 * @param polarity    whether particles are brighter or darker than the background
 * @param minSizePx   connected components with fewer pixels are discarded as noise (≥ 1)
 * @param pixelSizeNm edge length of one (square) pixel in nm, &gt; 0, used for areas in nm²
 */
public record ParticleSettings(Threshold threshold, Polarity polarity, int minSizePx, double pixelSizeNm) {

    public ParticleSettings {
        if (threshold == null || polarity == null) {
            throw new IllegalArgumentException("Threshold and polarity are required");
        }
        if (minSizePx < 1) {
            throw new IllegalArgumentException("Minimum particle size must be at least 1 px. Got: " + minSizePx);
        }
        if (!(pixelSizeNm > 0) || !Double.isFinite(pixelSizeNm)) {
            throw new IllegalArgumentException("Pixel size must be a positive finite number of nm. Got: " + pixelSizeNm);
        }
    }
}
