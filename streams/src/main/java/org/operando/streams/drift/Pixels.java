package org.operando.streams.drift;

/** Conversions of detector pixel buffers to the floating-point arrays the drift kernel takes. */
public final class Pixels {

    private Pixels() {
    }

    /**
     * Unsigned 16-bit pixels (Java {@code short} holds them with the sign bit as bit 15) to
     * {@code float}, value = {@code s & 0xFFFF}, so 0xFFFF becomes 65535, not −1.
     */
    public static float[] fromUnsigned16(short[] u16) {
        float[] out = new float[u16.length];
        for (int i = 0; i < u16.length; i++) {
            out[i] = u16[i] & 0xFFFF;
        }
        return out;
    }

    /** Unsigned 8-bit pixels to {@code float}, value = {@code b & 0xFF}. */
    public static float[] fromUnsigned8(byte[] u8) {
        float[] out = new float[u8.length];
        for (int i = 0; i < u8.length; i++) {
            out[i] = u8[i] & 0xFF;
        }
        return out;
    }
}
