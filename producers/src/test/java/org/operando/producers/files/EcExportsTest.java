package org.operando.producers.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.operando.schema.Technique;

/**
 * Potentiostat exports written here from the published format descriptions (EC-Lab's "EC-Lab ASCII FILE", Gamry's
 * EXPLAIN .DTA, a semicolon CSV) read back sample for sample: times, potentials and currents in SI units.
 */
class EcExportsTest {
    private static final int N = 25;
    @TempDir
    Path tmp;

    /** Time k ms, potential a triangle in V, current in mA, as the file prints them. */
    private static String t(int k) {
        return String.format(Locale.ROOT, "%.6E", k * 1e-3);
    }

    private static String e(int k) {
        return String.format(Locale.ROOT, "%.7E", -0.2 + 0.01 * (k < 12 ? k : 24 - k));
    }

    private static String i(int k) {
        return String.format(Locale.ROOT, "%.7E", 0.5 * Math.sin(k * 0.3));
    }

    @Test
    void shouldReadEcLabMptWithDecimalCommasAndScanRate() throws IOException {
        StringBuilder b = new StringBuilder();
        List<String> header = List.of("EC-Lab ASCII FILE", "Nb header lines : 9", "", "Cyclic Voltammetry", "",
                "Run on channel : 1 (SN 0001)", "dE/dt               50,000", "dE/dt unit          mV/s",
                "mode\tox/red\terror\tcontrol changes\tcounter inc.\ttime/s\tcontrol/V\tEwe/V\t<I>/mA\tcycle number\t(Q-Qo)/C\tI Range\tP/W");
        header.forEach(l -> b.append(l).append("\r\n"));
        for (int k = 0; k < N; k++) {
            b.append(String.join("\t", "2", "1", "0", "0", "0", t(k), e(k), e(k), i(k), k < 20 ? "0,000000000000000E+000" : "1,000000000000000E+000",
                    "0", "41", "0").replace('.', ',')).append("\r\n");
        }
        Path mpt = Files.write(tmp.resolve("cv.mpt"), b.toString().getBytes(StandardCharsets.ISO_8859_1));
        EcSeries s = EcExports.read(mpt, EcCsv.Columns.AUTO, null, null);
        assertThat(s.technique()).isEqualTo(Technique.CV);
        assertThat(s.scanRateVPerS()).isEqualTo(0.05);
        assertThat(s.size()).isEqualTo(N);
        for (int k = 0; k < N; k++) {
            assertThat(s.timeS()[k]).isEqualTo(Double.parseDouble(t(k)));
            assertThat(s.potentialV()[k]).isEqualTo(Double.parseDouble(e(k)));
            assertThat(s.currentA()[k]).isEqualTo(Double.parseDouble(i(k)) * 1e-3);
            assertThat(s.cycle()[k]).isEqualTo(k < 20 ? 0 : 1);
        }
        List<EcBlocks.Block> blocks = EcBlocks.split(s, 8);
        assertThat(blocks).containsExactly(new EcBlocks.Block(0, 8, 0, 1_000_000), new EcBlocks.Block(8, 16, 8_000_000, 1_000_000),
                new EcBlocks.Block(16, 20, 16_000_000, 1_000_000), new EcBlocks.Block(20, 25, 20_000_000, 1_000_000));
    }

    @Test
    void shouldReadGamryDtaCurvesAsCycles() throws IOException {
        StringBuilder b = new StringBuilder("EXPLAIN\r\nTAG\tCV\r\nTITLE\tLABEL\tCyclic Voltammetry\tTest &Identifier\r\n"
                + "DATE\tLABEL\t3/5/2023\tDate\r\nTIME\tLABEL\t10:05:33\tTime\r\nSCANRATE\tQUANT\t1.00000E+002\tScan Rate (mV/s)\r\n");
        for (int curve = 1; curve <= 2; curve++) {
            b.append("CURVE").append(curve).append("\tTABLE\r\n\tPt\tT\tVf\tIm\tVu\tSig\tAch\tIERange\tOver\r\n")
                    .append("\t#\ts\tV vs. Ref.\tA\tV\tV\tV\t#\tbits\r\n");
            for (int k = (curve - 1) * 13; k < Math.min(N, curve * 13); k++) {
                b.append(String.join("\t", "", Integer.toString(k), t(k), e(k), i(k), "0", e(k), "0", "7", "...........")).append("\r\n");
            }
        }
        b.append("EXPERIMENTABORTED\tTOGGLE\tF\tExperiment Aborted\r\n");
        Path dta = Files.writeString(tmp.resolve("cv.DTA"), b, StandardCharsets.ISO_8859_1);
        EcSeries s = EcExports.read(dta, EcCsv.Columns.AUTO, Technique.CV, null);
        assertThat(s.scanRateVPerS()).isEqualTo(0.1);
        assertThat(s.size()).isEqualTo(N);
        for (int k = 0; k < N; k++) {
            assertThat(s.timeS()[k]).isEqualTo(Double.parseDouble(t(k)));
            assertThat(s.potentialV()[k]).isEqualTo(Double.parseDouble(e(k)));
            assertThat(s.currentA()[k]).isEqualTo(Double.parseDouble(i(k)));
            assertThat(s.cycle()[k]).isEqualTo(k < 13 ? 0 : 1);
        }
    }

    @Test
    void shouldReadSemicolonCsvWithDecimalCommaAndUnitsInTheHeader() throws IOException {
        StringBuilder b = new StringBuilder("# exported by a potentiostat\n\"time (s)\";\"E (V)\";\"I (uA)\"\n");
        for (int k = 0; k < N; k++) {
            b.append((t(k) + ";" + e(k) + ";" + i(k)).replace('.', ',')).append('\n');
        }
        Path csv = Files.writeString(tmp.resolve("ca.csv"), b);
        EcSeries s = EcExports.read(csv, EcCsv.Columns.AUTO, Technique.CA, null);
        assertThat(s.technique()).isEqualTo(Technique.CA);
        assertThat(s.scanRateVPerS()).isNull();
        for (int k = 0; k < N; k++) {
            assertThat(s.timeS()[k]).isEqualTo(Double.parseDouble(t(k)));
            assertThat(s.currentA()[k]).isEqualTo(Double.parseDouble(i(k)) * 1e-6);
        }
        Path named = Files.writeString(tmp.resolve("named.csv"), "elapsed,Vwe,Iwe\n0,0.1,1e-6\n0.5,0.2,2e-6\n");
        EcSeries n = EcExports.read(named, new EcCsv.Columns("elapsed", "Vwe", "Iwe"), Technique.CV, 0.02);
        assertThat(n.timeS()).containsExactly(0, 0.5);
        assertThat(n.scanRateVPerS()).isEqualTo(0.02);
    }

    @Test
    void shouldSayWhatIsWrongWithABadExport() throws IOException {
        Path cut = Files.writeString(tmp.resolve("cut.csv"), "time/s,E/V,I/A\n0,0.1,1e-6\n0.5,0.2\n");
        assertThatThrownBy(() -> EcExports.read(cut, EcCsv.Columns.AUTO, Technique.CV, null))
                .hasMessage(cut + ": line 3 has 2 columns; expected 3 (truncated row?)");
        Path noTechnique = Files.writeString(tmp.resolve("x.csv"), "time/s,E/V,I/A\n0,0.1,1e-6\n");
        assertThatThrownBy(() -> EcExports.read(noTechnique, EcCsv.Columns.AUTO, null, null)).hasMessageContaining("give technique:");
        Path wrong = Files.writeString(tmp.resolve("w.mpt"), "EC-Lab ASCII FILE\nNb header lines : 5\n\nLinear Sweep Voltammetry\ntime/s\tEwe/V\tI/mA\n");
        assertThatThrownBy(() -> EcExports.read(wrong, EcCsv.Columns.AUTO, null, null))
                .hasMessageContaining("EC-Lab technique 'Linear Sweep Voltammetry' on line 4 is not supported");
        Path garbage = Files.writeString(tmp.resolve("g.mpt"), "hello\n");
        assertThatThrownBy(() -> EcExports.read(garbage, EcCsv.Columns.AUTO, null, null))
                .isInstanceOf(BadFileException.class).hasMessage(garbage + ": not an EC-Lab text export: expected 'EC-Lab ASCII FILE' on line 1");
        Path unknown = Files.writeString(tmp.resolve("data.xlsx"), "PK");
        assertThatThrownBy(() -> EcExports.read(unknown, EcCsv.Columns.AUTO, null, null)).hasMessageContaining("unknown potentiostat export");
    }

    @Test
    void shouldStartANewBlockWhereSamplingIsUneven() {
        double[] time = {0, 0.001, 0.002, 0.003, 0.0035, 0.004, 0.0045, 0.010};
        EcSeries s = new EcSeries(Technique.CA, null, time, new double[8], new double[8], null);
        assertThat(EcBlocks.split(s, 1000)).containsExactly(new EcBlocks.Block(0, 4, 0, 1_000_000),
                new EcBlocks.Block(4, 7, 3_500_000, 500_000), new EcBlocks.Block(7, 8, 10_000_000, 500_000));
    }
}
