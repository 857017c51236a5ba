package org.operando.producers.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.operando.schema.Technique;

/**
 * A plain delimited text export of potentiostat samples: one header line naming the columns with their units
 * ({@code time/s}, {@code E (V)}, {@code I [mA]}; no unit means s, V, A), then one sample per line. The separator is
 * a tab, a semicolon or a comma, whichever the header uses (tab first); with tabs or semicolons a decimal comma is read
 * as a decimal point. Lines starting with {@code #} are comments. The columns are found by name (time, t; potential,
 * E, Ewe, voltage; current, I) unless the manifest names them. CSV says nothing of the technique: the manifest does.
 */
public final class EcCsv {
    private EcCsv() {
    }

    /** Names of the time, potential and current columns, each null to find it by its usual names. */
    public record Columns(String time, String potential, String current) {
        public static final Columns AUTO = new Columns(null, null, null);
    }

    public static EcSeries read(Path file, Columns names, Technique technique, Double scanRateVPerS) {
        if (technique == null) {
            throw new BadFileException(file, "a CSV export does not say its technique; give technique: CV, CA or OCP in the manifest");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadFileException(file, "cannot read as UTF-8 text: " + e.getMessage(), e);
        }
        int headerAt = 0;
        while (headerAt < lines.size() && (lines.get(headerAt).isBlank() || lines.get(headerAt).startsWith("#"))) {
            headerAt++;
        }
        if (headerAt >= lines.size()) {
            throw new BadFileException(file, "CSV export is empty; expected a header line naming time, potential and current");
        }
        String header = lines.get(headerAt);
        String separator = header.contains("\t") ? "\t" : header.contains(";") ? ";" : ",";
        List<String> columns = Arrays.stream(header.split(separator, -1)).map(c -> c.trim().replace("\"", "")).toList();
        int t = column(file, columns, names.time(), "time", "time", "t", "elapsed time");
        int e = column(file, columns, names.potential(), "potential", "potential", "E", "Ewe", "voltage", "U");
        int i = column(file, columns, names.current(), "current", "current", "I");
        double ft = EcText.columnFactor(file, columns.get(t), "s", "s");
        double fe = EcText.columnFactor(file, columns.get(e), "V", "V");
        double fi = EcText.columnFactor(file, columns.get(i), "A", "A");
        List<double[]> rows = new ArrayList<>();
        for (int k = headerAt + 1; k < lines.size(); k++) {
            String line = lines.get(k);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(separator, -1);
            if (cells.length < columns.size()) {
                throw new BadFileException(file, "line " + (k + 1) + " has " + cells.length + " columns; expected " + columns.size()
                        + " (truncated row?)");
            }
            rows.add(new double[] {EcText.number(file, k + 1, columns.get(t), cells[t]) * ft,
                    EcText.number(file, k + 1, columns.get(e), cells[e]) * fe, EcText.number(file, k + 1, columns.get(i), cells[i]) * fi});
        }
        if (rows.isEmpty()) {
            throw new BadFileException(file, "CSV export has a header but no samples");
        }
        double[] time = rows.stream().mapToDouble(r -> r[0]).toArray();
        double[] potential = rows.stream().mapToDouble(r -> r[1]).toArray();
        double[] current = rows.stream().mapToDouble(r -> r[2]).toArray();
        return new EcSeries(technique, technique == Technique.CV ? scanRateVPerS : null, time, potential, current, null);
    }

    private static int column(Path file, List<String> columns, String given, String what, String... usual) {
        int index = given != null ? columns.indexOf(given) : EcText.find(columns, usual);
        if (index < 0) {
            throw new BadFileException(file, "CSV header " + columns + " has no " + what + " column"
                    + (given != null ? " named '" + given + "'" : "; expected one named " + String.join(", ", usual)
                    + " (with its unit), or name it in the manifest"));
        }
        return index;
    }
}
