package org.operando.streams.registration;

/**
 * A measured drift of one modality's frame, in that modality's pixels.
 *
 * <p>Convention: a shift (dx, dy) means the specimen <em>appears</em> displaced by +(dx, dy) in the current frame
 * relative to the reference frame, i.e. a feature at pixel p in the reference frame is at p + (dx, dy) now.
 *
 * @param dx shift along x (columns), pixels
 * @param dy shift along y (rows), pixels
 */
public record PixelShift(double dx, double dy) {
    public static final PixelShift ZERO = new PixelShift(0, 0);

    public PixelShift {
        if (!Double.isFinite(dx) || !Double.isFinite(dy)) {
            throw new IllegalArgumentException("Shift must be finite. Got: (" + dx + ", " + dy + ")");
        }
    }
}
