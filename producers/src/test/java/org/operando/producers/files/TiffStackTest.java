package org.operando.producers.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.operando.producers.files.ImageStack.PlaneTime;
import org.operando.schema.PixelType;

/** TIFF, OME-TIFF and BigTIFF stacks written by tifffile (python3-tifffile) read back exactly. */
class TiffStackTest {
    private static final int W = 17;
    private static final int H = 11;
    private static final int PAGES = 4;
    /** Reads a raw little-endian array and writes it with tifffile; the keyword arguments come as a Python literal. */
    private static final String WRITE_TIFF = """
            import sys, ast, numpy as np, tifffile
            raw, dtype, pages, h, w, out, kwargs = sys.argv[1:8]
            data = np.fromfile(raw, dtype=np.dtype(dtype).newbyteorder('<')).reshape(int(pages), int(h), int(w))
            tifffile.imwrite(out, data, photometric='minisblack', **ast.literal_eval(kwargs))
            """;

    @TempDir
    Path tmp;

    @Test
    void shouldReadOmeTiffU16PixelsPixelSizeAndPlaneTimes() throws IOException {
        short[] values = u16Values();
        Path tif = write(PythonFixtures.rawU16(tmp.resolve("a.raw"), values), "uint16", "a.ome.tif",
                "{'ome': True, 'metadata': {'axes': 'TYX', 'PhysicalSizeX': 0.065, 'PhysicalSizeY': 0.065,"
                        + " 'Plane': {'DeltaT': [0.0, 0.5, 1.25, 2.0], 'ExposureTime': [0.1, 0.1, 0.1, 0.2]}}}");
        try (ImageStack stack = ImageStacks.open(tif)) {
            assertThat(stack).isInstanceOf(TiffStack.class);
            assertThat(stack.width()).isEqualTo(W);
            assertThat(stack.height()).isEqualTo(H);
            assertThat(stack.planes()).isEqualTo(PAGES);
            assertThat(stack.pixelType()).isEqualTo(PixelType.U16);
            assertThat(stack.pixelSizeNm()).isCloseTo(65.0, offset(1e-9));
            assertThat(stack.time(2)).isEqualTo(new PlaneTime(1.25, 0.1));
            assertThat(stack.time(3)).isEqualTo(new PlaneTime(2.0, 0.2));
            for (int p = 0; p < PAGES; p++) {
                assertThat(PythonFixtures.u16(stack.plane(p))).containsExactly(Arrays.copyOfRange(values, p * W * H, (p + 1) * W * H));
            }
        }
    }

    @Test
    void shouldReadBigTiffFloatPagesDeflated() throws IOException {
        float[] values = new float[W * H * PAGES];
        Random random = new Random(7);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 1e3);
        }
        Path tif = write(PythonFixtures.rawF32(tmp.resolve("f.raw"), values), "float32", "big.tif", "{'bigtiff': True, 'compression': 'zlib'}");
        assertThat(Files.readAllBytes(tif)[2]).as("BigTIFF version 43").isEqualTo((byte) 43);
        try (ImageStack stack = ImageStacks.open(tif)) {
            assertThat(stack.planes()).isEqualTo(PAGES);
            assertThat(stack.pixelType()).isEqualTo(PixelType.F32);
            assertThat(stack.pixelSizeNm()).isNull();
            assertThat(stack.time(0)).isEqualTo(PlaneTime.UNKNOWN);
            for (int p = 0; p < PAGES; p++) {
                assertThat(PythonFixtures.f32(stack.plane(p))).containsExactly(Arrays.copyOfRange(values, p * W * H, (p + 1) * W * H));
            }
        }
    }

    @Test
    void shouldReadImageJU8WithPixelSizeAndFrameInterval() throws IOException {
        byte[] values = new byte[W * H * PAGES];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) (i * 13);
        }
        Path tif = write(PythonFixtures.rawBytes(tmp.resolve("b.raw"), values), "uint8", "ij.tif",
                "{'imagej': True, 'resolution': (5.0, 5.0), 'metadata': {'axes': 'TYX', 'unit': 'um', 'finterval': 0.25}}");
        try (ImageStack stack = ImageStacks.open(tif)) {
            assertThat(stack.pixelType()).isEqualTo(PixelType.U8);
            assertThat(stack.pixelSizeNm()).isCloseTo(200.0, offset(1e-6));
            assertThat(stack.time(3).deltaS()).isEqualTo(0.75);
            assertThat(stack.plane(1)).containsExactly(Arrays.copyOfRange(values, W * H, 2 * W * H));
        }
    }

    @Test
    void shouldReadSigned16AsExactFloatsAndCentimetreResolution() throws IOException {
        short[] values = u16Values();
        Path tif = write(PythonFixtures.rawU16(tmp.resolve("s.raw"), values), "int16", "s.tif",
                "{'resolution': (1e4, 1e4), 'resolutionunit': 'CENTIMETER'}");
        try (ImageStack stack = ImageStacks.open(tif)) {
            assertThat(stack.pixelType()).isEqualTo(PixelType.F32);
            assertThat(stack.pixelSizeNm()).isCloseTo(1000.0, offset(1e-9));
            float[] plane = PythonFixtures.f32(stack.plane(3));
            for (int i = 0; i < W * H; i++) {
                assertThat(plane[i]).isEqualTo(values[3 * W * H + i]);
            }
        }
    }

    @Test
    void shouldRejectRgbTruncatedAndUnknownFilesWithOneClearLine() throws IOException {
        Path rgb = tmp.resolve("rgb.tif");
        PythonFixtures.run("import sys, numpy as np, tifffile; tifffile.imwrite(sys.argv[1], np.zeros((8, 8, 3), np.uint8), photometric='rgb')", rgb);
        assertThatThrownBy(() -> ImageStacks.open(rgb)).isInstanceOf(BadFileException.class)
                .hasMessageStartingWith(rgb + ": TIFF pages have 3 samples per pixel");

        Path tif = write(PythonFixtures.rawU16(tmp.resolve("a.raw"), u16Values()), "uint16", "t.tif", "{}");
        byte[] whole = Files.readAllBytes(tif);
        Files.write(tif, Arrays.copyOf(whole, whole.length - 40));
        assertThatThrownBy(() -> ImageStacks.open(tif)).isInstanceOf(BadFileException.class).hasMessageStartingWith(tif + ": ")
                .hasMessageContaining("truncated TIFF: directory 3 at byte").hasMessageEndingWith("; 3 complete pages");

        Path text = Files.writeString(tmp.resolve("notes.tif"), "hello");
        assertThatThrownBy(() -> ImageStacks.open(text)).hasMessage(text + ": unknown image format (starts with 68 65 6c 6c); "
                + "expected a TIFF/OME-TIFF/BigTIFF (II*/MM*) or an MRC file named .mrc, .mrcs, .st, .ali or .map");
    }

    @Test
    void shouldCountPagesOfAGrowingTiffAsTheyAreCompleted() throws IOException {
        Path tif = write(PythonFixtures.rawU16(tmp.resolve("a.raw"), u16Values()), "uint16", "g.tif", "{}");
        byte[] whole = Files.readAllBytes(tif);
        try (TiffStack complete = TiffStack.open(tif)) {
            assertThat(complete.planes()).isEqualTo(PAGES);
        }
        Files.write(tif, Arrays.copyOf(whole, whole.length - 40));
        try (TiffStack stack = TiffStack.openGrowing(tif)) {
            assertThat(stack.planes()).isBetween(1, PAGES - 1);
            Files.write(tif, whole);
            assertThat(stack.refresh()).isEqualTo(PAGES);
            assertThat(PythonFixtures.u16(stack.plane(PAGES - 1))).containsExactly(Arrays.copyOfRange(u16Values(), (PAGES - 1) * W * H, PAGES * W * H));
        }
    }

    private static short[] u16Values() {
        short[] values = new short[W * H * PAGES];
        for (int i = 0; i < values.length; i++) {
            values[i] = (short) (i * 211 % 65536);
        }
        return values;
    }

    private Path write(Path raw, String dtype, String name, String kwargs) {
        Path out = tmp.resolve(name);
        PythonFixtures.run(WRITE_TIFF, raw, dtype, PAGES, H, W, out, kwargs);
        return out;
    }
}
