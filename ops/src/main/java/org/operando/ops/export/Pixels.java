package org.operando.ops.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.operando.schema.Compression;
import org.operando.schema.Frame;
import org.operando.schema.PixelType;
import org.operando.schemas.FramePixels;
import org.operando.schemas.Validation;

/** A frame's pixels as the chunk bytes of an exported image: raw little-endian elements, or a zlib stream of them. */
public final class Pixels {
    private Pixels() {
    }

    /**
     * The frame's pixels as a zlib stream of {@code type} elements. A frame already deflated (zlib, RFC 1950) in its
     * own type is passed through without recompressing.
     */
    public static byte[] zlibChunk(Frame frame, PixelType type, Zlib zlib) {
        if (frame.getPixelType() == type && frame.getCompression() == Compression.DEFLATE) {
            ByteBuffer p = frame.getPixels().duplicate();
            byte[] out = new byte[p.remaining()];
            p.get(out);
            return out;
        }
        return zlib.compress(frame.getPixelType() == type ? raw(frame) : encode(FramePixels.toFloats(frame), type));
    }

    /** The frame's pixels as raw little-endian bytes of its own pixel type, inflated if need be. */
    public static byte[] raw(Frame frame) {
        ByteBuffer p = frame.getPixels().duplicate();
        byte[] in = new byte[p.remaining()];
        p.get(in);
        if (frame.getCompression() == Compression.NONE) {
            return in;
        }
        int expected = Math.multiplyExact(Math.multiplyExact(frame.getWidth(), frame.getHeight()), Validation.bytesPerPixel(frame.getPixelType()));
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(in);
            byte[] out = new byte[expected];
            int n = inflater.inflate(out);
            if (n != expected || !inflater.finished()) {
                throw new IllegalArgumentException("Deflated frame payload expands to " + n + " bytes; expected " + expected);
            }
            return out;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("Frame payload is not valid deflate data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** Values as little-endian {@code type} elements: integers rounded and clamped to the type's range. */
    public static byte[] encode(float[] values, PixelType type) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Validation.bytesPerPixel(type)).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case U8 -> {
                for (float v : values) {
                    b.put((byte) clampRound(v, 255));
                }
            }
            case U16 -> {
                for (float v : values) {
                    b.putShort((short) clampRound(v, 65535));
                }
            }
            case F32 -> b.asFloatBuffer().put(values);
        }
        return b.array();
    }

    private static int clampRound(float v, int max) {
        if (!(v > 0)) {
            return 0;
        }
        return v >= max ? max : Math.round(v);
    }

    /** The pixel type that holds every channel of an image without loss: their common type, or F32 when they differ. */
    public static PixelType common(PixelType a, PixelType b) {
        return a == b ? a : PixelType.F32;
    }
}
