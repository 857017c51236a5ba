package org.operando.schemas;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.operando.schema.Compression;
import org.operando.schema.Frame;

/** Packs pixel arrays into {@code Frame.pixels} and unpacks them as floats, whatever the pixel type. */
public final class FramePixels {
    private FramePixels() {
    }

    /** u16 pixels as little-endian bytes, optionally deflated. */
    public static ByteBuffer packU16(short[] pixels, Compression compression) {
        ByteBuffer raw = ByteBuffer.allocate(pixels.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        raw.asShortBuffer().put(pixels);
        raw.rewind();
        if (compression == Compression.NONE) {
            return raw;
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setInput(raw.array());
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(pixels.length);
        byte[] chunk = new byte[64 * 1024];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return ByteBuffer.wrap(out.toByteArray());
    }

    /** The frame's pixels as floats, row-major, width*height values. */
    public static float[] toFloats(Frame frame) {
        ByteBuffer raw = rawBytes(frame).order(ByteOrder.LITTLE_ENDIAN);
        int n = frame.getWidth() * frame.getHeight();
        float[] out = new float[n];
        switch (frame.getPixelType()) {
            case U8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = raw.get(i) & 0xFF;
                }
            }
            case U16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = raw.getShort(2 * i) & 0xFFFF;
                }
            }
            case F32 -> raw.asFloatBuffer().get(out);
        }
        return out;
    }

    private static ByteBuffer rawBytes(Frame frame) {
        ByteBuffer payload = frame.getPixels().duplicate();
        long expected = (long) frame.getWidth() * frame.getHeight() * Validation.bytesPerPixel(frame.getPixelType());
        if (frame.getCompression() == Compression.NONE) {
            if (payload.remaining() != expected) {
                throw new IllegalArgumentException("Frame payload has " + payload.remaining() + " bytes; expected " + expected);
            }
            return payload.slice();
        }
        byte[] in = new byte[payload.remaining()];
        payload.get(in);
        Inflater inflater = new Inflater();
        inflater.setInput(in);
        byte[] out = new byte[(int) expected];
        try {
            int n = inflater.inflate(out);
            if (n != expected || !inflater.finished()) {
                throw new IllegalArgumentException("Deflated frame payload expands to " + n + " bytes; expected " + expected);
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("Frame payload is not valid deflate data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        return ByteBuffer.wrap(out);
    }
}
