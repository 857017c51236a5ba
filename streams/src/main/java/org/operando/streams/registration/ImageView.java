package org.operando.streams.registration;

import java.util.Arrays;

/**
 * An immutable grey-level image, row-major (index = y * width + x), copied into doubles on construction.
 * Factories accept the wire pixel types: {@code double[]}, {@code float[]}, unsigned 16-bit {@code short[]} and
 * unsigned 8-bit {@code byte[]}.
 */
public final class ImageView {
    private final int width;
    private final int height;
    private final double[] pixels;

    private ImageView(int width, int height, double[] pixels) {
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    public static ImageView ofDoubles(int width, int height, double[] pixels) {
        checkShape(width, height, pixels.length);
        return new ImageView(width, height, Arrays.copyOf(pixels, pixels.length));
    }

    public static ImageView ofFloats(int width, int height, float[] pixels) {
        checkShape(width, height, pixels.length);
        double[] copy = new double[pixels.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = pixels[i];
        }
        return new ImageView(width, height, copy);
    }

    /** Unsigned 16-bit pixels (values 0..65535 stored in Java's signed short). */
    public static ImageView ofUnsigned16(int width, int height, short[] pixels) {
        checkShape(width, height, pixels.length);
        double[] copy = new double[pixels.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = pixels[i] & 0xFFFF;
        }
        return new ImageView(width, height, copy);
    }

    /** Unsigned 8-bit pixels (values 0..255 stored in Java's signed byte). */
    public static ImageView ofUnsigned8(int width, int height, byte[] pixels) {
        checkShape(width, height, pixels.length);
        double[] copy = new double[pixels.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = pixels[i] & 0xFF;
        }
        return new ImageView(width, height, copy);
    }

    private static void checkShape(int width, int height, int length) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "Image dimensions must be positive. Got: " + width + " x " + height);
        }
        if ((long) width * height != length) {
            throw new IllegalArgumentException("Pixel array length must equal width * height = "
                    + ((long) width * height) + ". Got: " + length);
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public double get(int x, int y) {
        return pixels[y * width + x];
    }

    /** A copy of the pixels. */
    public double[] toArray() {
        return Arrays.copyOf(pixels, pixels.length);
    }

    /** The backing array, for kernels in this package that only read it. */
    double[] pixelsUnsafe() {
        return pixels;
    }
}
