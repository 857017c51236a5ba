package org.operando.producers.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.operando.schema.PixelType;

/** MRC files written by mrcfile (python3-mrcfile) read back exactly: sizes, mode, pixel size, every pixel. */
class MrcStackTest {
    private static final int NX = 13;
    private static final int NY = 7;
    private static final int NZ = 3;
    /** Reads raw little-endian data of a numpy dtype and writes it as an MRC stack with a voxel size in Å. */
    private static final String WRITE_MRC = """
            import sys, numpy as np, mrcfile
            raw, dtype, nz, ny, nx, voxel, out, ext = sys.argv[1:9]
            data = np.fromfile(raw, dtype=np.dtype(dtype).newbyteorder('<')).reshape(int(nz), int(ny), int(nx))
            with mrcfile.new(out, overwrite=True) as m:
                m.set_data(data)
                m.voxel_size = float(voxel)
                if int(ext) > 0:
                    m.set_extended_header(np.full(int(ext), 0xAB, dtype=np.uint8))
                print(m.header.mode, m.header.nsymbt)
            """;

    @TempDir
    Path tmp;

    @Test
    void shouldReadMode2FloatStackWithPixelSizeFromCellAndMx() throws IOException {
        float[] values = new float[NX * NY * NZ];
        Random random = new Random(42);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * 100;
        }
        Path mrc = write(PythonFixtures.rawF32(tmp.resolve("f.raw"), values), "float32", 2.5, 0, "f.mrc", "2 0");
        try (MrcStack stack = MrcStack.open(mrc)) {
            assertThat(stack.mode()).isEqualTo(2);
            assertThat(stack.width()).isEqualTo(NX);
            assertThat(stack.height()).isEqualTo(NY);
            assertThat(stack.planes()).isEqualTo(NZ);
            assertThat(stack.pixelType()).isEqualTo(PixelType.F32);
            assertThat(stack.pixelSizeNm()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-7));
            for (int z = 0; z < NZ; z++) {
                assertThat(PythonFixtures.f32(stack.plane(z))).containsExactly(Arrays.copyOfRange(values, z * NX * NY, (z + 1) * NX * NY));
            }
        }
    }

    @Test
    void shouldReadMode6Uint16AsU16AndSkipTheExtendedHeader() throws IOException {
        short[] values = new short[NX * NY * NZ];
        for (int i = 0; i < values.length; i++) {
            values[i] = (short) (i * 997 % 65536);
        }
        Path mrc = write(PythonFixtures.rawU16(tmp.resolve("u.raw"), values), "uint16", 10.0, 2 * 1024, "u.mrcs", "6 2048");
        try (MrcStack stack = MrcStack.open(mrc)) {
            assertThat(stack.extendedHeaderBytes()).isEqualTo(2048);
            assertThat(stack.pixelType()).isEqualTo(PixelType.U16);
            assertThat(stack.pixelSizeNm()).isEqualTo(1.0);
            for (int z = 0; z < NZ; z++) {
                assertThat(PythonFixtures.u16(stack.plane(z))).containsExactly(Arrays.copyOfRange(values, z * NX * NY, (z + 1) * NX * NY));
            }
        }
    }

    @Test
    void shouldReadSignedModes0And1AsExactFloats() throws IOException {
        short[] shorts = new short[NX * NY * NZ];
        byte[] bytes = new byte[NX * NY * NZ];
        for (int i = 0; i < shorts.length; i++) {
            shorts[i] = (short) (i * 331 - 20_000);
            bytes[i] = (byte) (i * 7 - 128);
        }
        Path mode1 = write(PythonFixtures.rawU16(tmp.resolve("s.raw"), shorts), "int16", 1.0, 0, "s.mrc", "1 0");
        Path mode0 = write(PythonFixtures.rawBytes(tmp.resolve("b.raw"), bytes), "int8", 1.0, 0, "b.mrc", "0 0");
        try (MrcStack s = MrcStack.open(mode1); MrcStack b = MrcStack.open(mode0)) {
            assertThat(s.pixelType()).isEqualTo(PixelType.F32);
            assertThat(b.pixelType()).isEqualTo(PixelType.F32);
            float[] planeS = PythonFixtures.f32(s.plane(2));
            float[] planeB = PythonFixtures.f32(b.plane(2));
            for (int i = 0; i < NX * NY; i++) {
                assertThat(planeS[i]).isEqualTo(shorts[2 * NX * NY + i]);
                assertThat(planeB[i]).isEqualTo(bytes[2 * NX * NY + i]);
            }
        }
    }

    @Test
    void shouldRejectTruncatedFileNamingItAndTheMissingBytes() throws IOException {
        Path mrc = write(PythonFixtures.rawU16(tmp.resolve("u.raw"), new short[NX * NY * NZ]), "uint16", 1.0, 0, "t.mrc", "6 0");
        truncate(mrc, Files.size(mrc) - 10);
        assertThatThrownBy(() -> MrcStack.open(mrc)).isInstanceOf(BadFileException.class)
                .hasMessageStartingWith(mrc.toString())
                .hasMessageContaining("truncated MRC: the header promises 3 sections of 13x7 mode 6")
                .hasMessageContaining("(2 complete sections)");
    }

    @Test
    void shouldRejectUnsupportedModeAndNonsenseHeader() throws IOException {
        Path complex = tmp.resolve("c.mrc");
        PythonFixtures.run("""
                import sys, numpy as np, mrcfile
                with mrcfile.new(sys.argv[1], overwrite=True) as m:
                    m.set_data(np.zeros((2, 4, 4), dtype=np.complex64))
                """, complex);
        assertThatThrownBy(() -> MrcStack.open(complex)).hasMessageContaining("MRC mode 4 is not supported");
        Path junk = Files.write(tmp.resolve("junk.mrc"), new byte[2048]);
        assertThatThrownBy(() -> MrcStack.open(junk)).hasMessage(junk + ": MRC header has NX=0 NY=0 NZ=0; expected positive sizes (is it an MRC file?)");
        Path tiny = Files.write(tmp.resolve("tiny.mrc"), new byte[100]);
        assertThatThrownBy(() -> ImageStacks.open(tiny)).hasMessageContaining("too short for an MRC file: 100 bytes");
    }

    @Test
    void shouldCountSectionsOfAGrowingStackAsTheyAreCompleted() throws IOException {
        Path mrc = write(PythonFixtures.rawU16(tmp.resolve("u.raw"), new short[NX * NY * NZ]), "uint16", 1.0, 0, "g.mrc", "6 0");
        byte[] whole = Files.readAllBytes(mrc);
        int section = NX * NY * 2;
        Files.write(mrc, Arrays.copyOf(whole, 1024 + section + 5));
        try (MrcStack stack = MrcStack.openGrowing(mrc)) {
            assertThat(stack.planes()).isEqualTo(1);
            Files.write(mrc, whole);
            assertThat(stack.refresh()).isEqualTo(NZ);
        }
    }

    private Path write(Path raw, String dtype, double voxelAngstrom, int extendedBytes, String name, String expectModeAndExt) {
        Path out = tmp.resolve(name);
        String printed = PythonFixtures.run(WRITE_MRC, raw, dtype, NZ, NY, NX, voxelAngstrom, out, extendedBytes);
        assertThat(printed.trim()).as("mode and NSYMBT mrcfile wrote").isEqualTo(expectModeAndExt);
        return out;
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

}
