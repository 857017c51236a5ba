package org.operando.streams.correlation;

/**
 * A single-channel image, row-major: the pixel in column {@code x} and row {@code y} is
 * {@code pixels[y * width + x]}. Pixel centres sit at integer coordinates, so pixel (x, y) covers
 * [x − ½, x + ½) × [y − ½, y + ½); regions of interest are given in the same coordinates.
 *
 * <p>The array is not copied (frames are large and this record is a view used inside one
 * processing step); callers must not mutate it while a kernel reads it.
 *
 * @param width  number of columns, at least 1
 * @param height number of rows, at least 1
 * @param pixels width × height intensities
 */
public record FloatImage(int width, int height, float[] pixels) {

    public FloatImage {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException(
                    "Image dimensions must be at least 1x1. Got: " + width + "x" + height);
        }
        if (pixels == null || pixels.length != (long) width * height) {
            throw new IllegalArgumentException("Pixel array length must be width*height = "
                    + ((long) width * height) + ". Got: " + (pixels == null ? "null" : pixels.length));
        }
    }

    /** Wraps unsigned 16-bit pixels (as delivered by u16 detectors) into a float image, copying them. */
    public static FloatImage fromUnsignedShorts(int width, int height, short[] pixels) {
        if (pixels == null) {
            throw new IllegalArgumentException("Pixel array may not be null");
        }
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = pixels[i] & 0xFFFF;
        }
        return new FloatImage(width, height, out);
    }

    /** The intensity of the pixel at column {@code x}, row {@code y}. */
    public float at(int x, int y) {
        return pixels[y * width + x];
    }
}
