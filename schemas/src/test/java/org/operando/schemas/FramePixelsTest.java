package org.operando.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.operando.schema.Compression;
import org.operando.schema.Frame;
import org.operando.schema.PixelType;
import org.operando.schema.ReasonCode;

class FramePixelsTest {
    private static short[] noise(int n, long seed) {
        Random random = new Random(seed);
        short[] px = new short[n];
        for (int i = 0; i < n; i++) {
            px[i] = (short) random.nextInt(4096);
        }
        return px;
    }

    private static Frame frame(int side, Compression compression, ByteBuffer pixels) {
        return Frame.newBuilder(SampleRecords.frame()).setWidth(side).setHeight(side).setCompression(compression).setPixels(pixels).build();
    }

    @Test
    void shouldAcceptDeflatedFrameThatInflatesToExactlyItsSize() {
        short[] px = noise(64 * 64, 1);
        Frame f = frame(64, Compression.DEFLATE, FramePixels.packU16(px, Compression.DEFLATE));
        assertThat(FramePixels.check(f)).isEmpty();
        assertThat(FramePixels.toFloats(f)[7]).isEqualTo(px[7]);
    }

    @Test
    void shouldRejectZipBombThatInflatesBeyondDeclaredSize() {
        // 64 MiB of a pattern compresses to ~64 KiB; the frame claims 64 x 64 u16 = 8 KiB
        byte[] huge = new byte[64 * 1024 * 1024];
        for (int i = 0; i < huge.length; i++) {
            huge[i] = (byte) (i % 7);
        }
        Frame bomb = frame(64, Compression.DEFLATE, FramePixels.deflate(huge));
        assertThat(bomb.getPixels().remaining()).isLessThan(1024 * 1024);
        assertThat(FramePixels.check(bomb)).hasValueSatisfying(i -> {
            assertThat(i.code()).isEqualTo(ReasonCode.INFLATES_BEYOND_SIZE);
            assertThat(i.reason()).contains("inflates beyond declared size").contains("8192");
        });
        assertThatThrownBy(() -> FramePixels.toFloats(bomb)).isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("inflates beyond declared size");
    }

    @Test
    void shouldRejectInvalidDeflateDataAtCheckTime() {
        byte[] garbage = new byte[100];
        new Random(3).nextBytes(garbage);
        Frame f = frame(64, Compression.DEFLATE, ByteBuffer.wrap(garbage));
        assertThat(FramePixels.check(f)).hasValueSatisfying(i -> {
            assertThat(i.code()).isEqualTo(ReasonCode.BAD_COMPRESSION);
            assertThat(i.reason()).contains("not valid deflate data");
        });
    }

    @Test
    void shouldRejectTruncatedAndShortAndTrailingDeflateStreams() {
        short[] px = noise(64 * 64, 2);
        ByteBuffer good = FramePixels.packU16(px, Compression.DEFLATE);
        ByteBuffer truncated = ByteBuffer.wrap(java.util.Arrays.copyOf(good.array(), good.remaining() / 2));
        assertThat(FramePixels.check(frame(64, Compression.DEFLATE, truncated))).hasValueSatisfying(i ->
                assertThat(i.code()).isEqualTo(ReasonCode.BAD_COMPRESSION));
        ByteBuffer shorter = FramePixels.packU16(noise(32 * 64, 2), Compression.DEFLATE);
        assertThat(FramePixels.check(frame(64, Compression.DEFLATE, shorter))).hasValueSatisfying(i -> {
            assertThat(i.code()).isEqualTo(ReasonCode.PAYLOAD_SIZE);
            assertThat(i.reason()).contains("inflates to 4096 bytes; expected 8192");
        });
        byte[] trailing = java.util.Arrays.copyOf(good.array(), good.remaining() + 3);
        assertThat(FramePixels.check(frame(64, Compression.DEFLATE, ByteBuffer.wrap(trailing)))).hasValueSatisfying(i -> {
            assertThat(i.code()).isEqualTo(ReasonCode.BAD_COMPRESSION);
            assertThat(i.reason()).contains("3 bytes after the end");
        });
    }

    @Test
    void shouldFlagConstantFramesAsBlankCompressedOrNot() {
        short[] constant = new short[64 * 64];
        java.util.Arrays.fill(constant, (short) 1234);
        assertThat(FramePixels.check(frame(64, Compression.NONE, FramePixels.packU16(constant, Compression.NONE))))
                .hasValueSatisfying(i -> assertThat(i.code()).isEqualTo(ReasonCode.BLANK_FRAME));
        assertThat(FramePixels.check(frame(64, Compression.DEFLATE, FramePixels.packU16(new short[64 * 64], Compression.DEFLATE))))
                .hasValueSatisfying(i -> assertThat(i.code()).isEqualTo(ReasonCode.BLANK_FRAME));
        constant[64 * 64 - 1] = 1235; // one differing pixel, at the very end, is an image
        assertThat(FramePixels.check(frame(64, Compression.DEFLATE, FramePixels.packU16(constant, Compression.DEFLATE)))).isEmpty();
    }

    @Test
    void shouldRejectNonFiniteFloatPixels() {
        ByteBuffer raw = ByteBuffer.allocate(4 * 4 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 16; i++) {
            raw.putFloat(i == 9 ? Float.NaN : i);
        }
        raw.rewind();
        Frame f = Frame.newBuilder(SampleRecords.frame()).setWidth(4).setHeight(4).setPixelType(PixelType.F32)
                .setCompression(Compression.NONE).setPixels(raw).build();
        assertThat(FramePixels.check(f)).hasValueSatisfying(i -> {
            assertThat(i.code()).isEqualTo(ReasonCode.OUT_OF_RANGE);
            assertThat(i.reason()).contains("pixel 9");
        });
    }
}
