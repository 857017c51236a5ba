package org.operando.ops.export.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.WritableGroup;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spooled datasets written into a jhdf file read back, element for element, with jhdf's reader. */
class SpooledDatasetTest {
    @TempDir
    Path tmp;

    @Test
    void shouldReadBackFramesPutOutOfOrderWithAMissingFrameAsZeros() {
        Path file = tmp.resolve("f.h5");
        try (SpooledArray stack = SpooledArray.frames(tmp.resolve("s1"), SpooledDataset.Element.U16, 4, 5, 1)) {
            try (WritableHdfFile h5 = HdfFile.write(file)) {
                WritableGroup g = h5.putGroup("entry");
                g.putAttribute("NX_class", "NXentry");
                stack.putFrame(2, u16Frame(2, 20));
                stack.putFrame(0, u16Frame(0, 20));
                SpooledDataset ds = stack.attach(g, "data");
                ds.putAttribute("units", "counts");
            }
        }
        try (HdfFile h5 = new HdfFile(file)) {
            Dataset ds = h5.getDatasetByPath("entry/data");
            assertThat(ds.getDimensions()).containsExactly(3, 4, 5);
            int[][][] data = toInts(ds.getData());
            assertThat(data[0][1][2]).isEqualTo(7);
            assertThat(data[1][3][4]).as("missing frame is zero").isZero();
            assertThat(data[2][3][4]).isEqualTo(2 * 1000 + 19 + 40000);
            assertThat(ds.getAttribute("units").getData()).isEqualTo("counts");
            assertThat(h5.getByPath("entry").getAttribute("NX_class").getData()).isEqualTo("NXentry");
        }
    }

    @Test
    void shouldReadBackSeriesLongerAndShorterThanOneChunk() throws Exception {
        Path file = tmp.resolve("s.h5");
        try (SpooledArray longSeries = SpooledArray.series(tmp.resolve("s1"), SpooledDataset.Element.F64, 4, 1);
             SpooledArray shortSeries = SpooledArray.series(tmp.resolve("s2"), SpooledDataset.Element.I64, 4, 1)) {
            for (int i = 0; i < 10; i++) {
                longSeries.append(i * 0.5);
            }
            for (int i = 0; i < 3; i++) {
                shortSeries.append(1_000_000_000_000L + i);
            }
            try (WritableHdfFile h5 = HdfFile.write(file)) {
                longSeries.attach(h5.putGroup("a"), "v");
                shortSeries.attach(h5.putGroup("b"), "v");
            }
        }
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).as("spools deleted").containsExactly("s.h5");
        try (HdfFile h5 = new HdfFile(file)) {
            assertThat((double[]) h5.getDatasetByPath("a/v").getData()).containsExactly(0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5);
            assertThat((long[]) h5.getDatasetByPath("b/v").getData()).containsExactly(1_000_000_000_000L, 1_000_000_000_001L,
                    1_000_000_000_002L);
        }
    }

    private static byte[] u16Frame(int k, int n) {
        ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putShort((short) (k * 1000 + i + (k == 2 ? 40000 : 0)));
        }
        return b.array();
    }

    private static int[][][] toInts(Object data) {
        if (data instanceof int[][][] ints) {
            return ints;
        }
        short[][][] s = (short[][][]) data;
        int[][][] out = new int[s.length][s[0].length][s[0][0].length];
        for (int t = 0; t < s.length; t++) {
            for (int y = 0; y < s[t].length; y++) {
                for (int x = 0; x < s[t][y].length; x++) {
                    out[t][y][x] = s[t][y][x] & 0xFFFF;
                }
            }
        }
        return out;
    }
}
