package org.operando.schemas;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.operando.schema.Compression;
import org.operando.schema.Frame;
import org.operando.schema.PixelType;
import org.operando.schema.ReasonCode;

/**
 * Packs pixel arrays into {@code Frame.pixels} and unpacks them as floats, whatever the pixel type; checks that a payload
 * holds exactly the pixels its header declares.
 *
 * <p>Decompression is bounded: a {@code DEFLATE} payload is inflated into at most declared size + 1 bytes (the + 1 tells
 * a payload that inflates further), so a small record cannot make the processors allocate more than the frame it claims
 * to be ("zip bomb"); and the declared size itself is bounded by {@link #MAX_RAW_BYTES}.
 */
public final class FramePixels {
    /** Largest uncompressed frame accepted: 64 MiB, e.g. 4096 x 4096 f32 or 8192 x 4096 u16. */
    public static final long MAX_RAW_BYTES = 64L * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    private FramePixels() {
    }

    /** u16 pixels as little-endian bytes, optionally deflated. */
    public static ByteBuffer packU16(short[] pixels, Compression compression) {
        ByteBuffer raw = ByteBuffer.allocate(pixels.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        raw.asShortBuffer().put(pixels);
        raw.rewind();
        return compression == Compression.NONE ? raw : deflate(raw.array());
    }

    /** zlib-wrapped deflate (RFC 1950) of {@code raw}, as {@code Compression.DEFLATE} expects. */
    public static ByteBuffer deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 2));
        byte[] chunk = new byte[CHUNK];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return ByteBuffer.wrap(out.toByteArray());
    }

    /** Bytes the frame's pixels take uncompressed: width * height * bytes per pixel (long: cannot overflow for int sides). */
    public static long declaredBytes(Frame frame) {
        return (long) frame.getWidth() * frame.getHeight() * Validation.bytesPerPixel(frame.getPixelType());
    }

    /** The frame's pixels as floats, row-major, width*height values; {@link InvalidPayloadException} when the payload is not that. */
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

    /**
     * Checks the payload without keeping the pixels (a compressed one is inflated through a 64 KiB buffer): it must hold
     * exactly the declared number of bytes, be valid deflate data when compressed, not be one constant value (blank
     * detector output), and hold only finite values when f32. Empty when it is fine.
     */
    public static Optional<Invalid> check(Frame frame) {
        long expected = declaredBytes(frame);
        if (expected <= 0 || expected > MAX_RAW_BYTES) {
            return Invalid.of(ReasonCode.BAD_DIMENSIONS, "Frame of " + describe(frame) + " would take " + expected
                    + " bytes uncompressed; expected 1.." + MAX_RAW_BYTES);
        }
        Scan scan = new Scan(Validation.bytesPerPixel(frame.getPixelType()), frame.getPixelType() == PixelType.F32);
        try {
            if (frame.getCompression() == Compression.NONE) {
                ByteBuffer payload = frame.getPixels().duplicate();
                if (payload.remaining() != expected) {
                    return Invalid.of(ReasonCode.PAYLOAD_SIZE, "Frame payload has " + payload.remaining() + " bytes; expected "
                            + expected + " for " + describe(frame));
                }
                byte[] bytes = new byte[payload.remaining()];
                payload.get(bytes);
                scan.accept(bytes, 0, bytes.length);
            } else {
                inflate(frame, expected, new byte[(int) Math.min(CHUNK, expected + 1)], true, scan);
            }
        } catch (InvalidPayloadException e) {
            return Optional.of(e.invalid());
        }
        if (scan.constant && expected > scan.first.length) {
            return Invalid.of(ReasonCode.BLANK_FRAME, "Frame of " + describe(frame) + " has every pixel equal (first pixel bytes "
                    + java.util.HexFormat.of().formatHex(scan.first) + "): blank detector output; expected an image");
        }
        if (scan.nonFinite >= 0) {
            return Invalid.of(ReasonCode.OUT_OF_RANGE, "Frame pixel " + scan.nonFinite + " is not a finite number; expected finite f32 values");
        }
        return Optional.empty();
    }

    private static ByteBuffer rawBytes(Frame frame) {
        long expected = declaredBytes(frame);
        if (expected <= 0 || expected > MAX_RAW_BYTES) {
            throw new InvalidPayloadException(ReasonCode.BAD_DIMENSIONS, "Frame of " + describe(frame) + " would take " + expected
                    + " bytes uncompressed; expected 1.." + MAX_RAW_BYTES);
        }
        ByteBuffer payload = frame.getPixels().duplicate();
        if (frame.getCompression() == Compression.NONE) {
            if (payload.remaining() != expected) {
                throw new InvalidPayloadException(ReasonCode.PAYLOAD_SIZE, "Frame payload has " + payload.remaining()
                        + " bytes; expected " + expected);
            }
            return payload.slice();
        }
        byte[] out = new byte[(int) expected + 1];
        inflate(frame, expected, out, false, (b, off, len) -> { });
        return ByteBuffer.wrap(out, 0, (int) expected).slice();
    }

    /** Receives inflated bytes as they come. */
    private interface Chunks {
        void accept(byte[] buffer, int offset, int length);
    }

    /**
     * Inflates the payload into {@code buffer}: reused from its start for every chunk when {@code rolling}, else filled
     * in order (it must then hold expected + 1 bytes). Never produces more than expected + 1 bytes.
     */
    private static void inflate(Frame frame, long expected, byte[] buffer, boolean rolling, Chunks sink) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(frame.getPixels().duplicate());
            long total = 0;
            while (!inflater.finished()) {
                int offset = rolling ? 0 : (int) total;
                int n = inflater.inflate(buffer, offset, buffer.length - offset);
                total += n;
                if (total > expected) {
                    throw new InvalidPayloadException(ReasonCode.INFLATES_BEYOND_SIZE, "Compressed frame payload of "
                            + frame.getPixels().remaining() + " bytes inflates beyond declared size: more than " + expected
                            + " bytes for " + describe(frame));
                }
                if (n == 0) {
                    if (inflater.needsDictionary()) {
                        throw new InvalidPayloadException(ReasonCode.BAD_COMPRESSION,
                                "Frame payload needs a preset deflate dictionary; expected plain zlib data");
                    }
                    if (inflater.needsInput()) {
                        throw new InvalidPayloadException(ReasonCode.BAD_COMPRESSION, "Compressed frame payload ends after "
                                + total + " of " + expected + " bytes; expected a complete zlib stream");
                    }
                }
                sink.accept(buffer, offset, n);
            }
            if (total != expected) {
                throw new InvalidPayloadException(ReasonCode.PAYLOAD_SIZE, "Compressed frame payload inflates to " + total
                        + " bytes; expected " + expected + " for " + describe(frame));
            }
            if (inflater.getRemaining() > 0) {
                throw new InvalidPayloadException(ReasonCode.BAD_COMPRESSION, "Compressed frame payload has "
                        + inflater.getRemaining() + " bytes after the end of its zlib stream; expected none");
            }
        } catch (DataFormatException e) {
            throw new InvalidPayloadException(ReasonCode.BAD_COMPRESSION, "Frame payload is not valid deflate data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static String describe(Frame frame) {
        return frame.getWidth() + "x" + frame.getHeight() + " " + frame.getPixelType();
    }

    /** Tracks, over the raw bytes in order, whether every pixel equals the first and where the first non-finite f32 is. */
    private static final class Scan implements Chunks {
        final byte[] first;
        private final boolean f32;
        private final byte[] pixel;
        boolean constant = true;
        long nonFinite = -1;
        private long index;

        Scan(int bytesPerPixel, boolean f32) {
            this.first = new byte[bytesPerPixel];
            this.pixel = new byte[bytesPerPixel];
            this.f32 = f32;
        }

        @Override
        public void accept(byte[] buffer, int offset, int length) {
            int bpp = first.length;
            for (int i = offset; i < offset + length; i++, index++) {
                int within = (int) (index % bpp);
                byte b = buffer[i];
                if (index < bpp) {
                    first[within] = b;
                } else if (constant && first[within] != b) {
                    constant = false;
                }
                if (f32) {
                    pixel[within] = b;
                    if (within == bpp - 1 && nonFinite < 0) {
                        int bits = (pixel[0] & 0xFF) | (pixel[1] & 0xFF) << 8 | (pixel[2] & 0xFF) << 16 | (pixel[3] & 0xFF) << 24;
                        if (!Float.isFinite(Float.intBitsToFloat(bits))) {
                            nonFinite = index / bpp;
                        }
                    }
                } else if (!constant) {
                    index += offset + length - i; // nothing more to learn from this chunk
                    return;
                }
            }
        }
    }
}
