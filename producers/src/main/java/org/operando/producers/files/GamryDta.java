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
 * Gamry Framework's data file ({@code .DTA}, the "EXPLAIN" format): tab-separated lines {@code KEY TYPE VALUE [label]},
 * starting with {@code EXPLAIN} and {@code TAG <technique>} (CV, CHRONOA, CORPOT); {@code SCANRATE QUANT v Scan Rate
 * (mV/s)}; then tables: a line {@code CURVE[n] TABLE}, a line of column names ({@code Pt T Vf Im ...}), a line of units
 * ({@code # s V vs. Ref. A ...}), and rows, each beginning with a tab. A CV has one table per cycle ({@code CURVE1},
 * {@code CURVE2}, ...), taken as cycles 0, 1, ... Columns: T time (s), Vf potential (V vs reference), Im current (A;
 * absent at open circuit).
 */
public final class GamryDta {
    private GamryDta() {
    }

    public static EcSeries read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new BadFileException(file, "cannot read: " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).trim().equals("EXPLAIN")) {
            throw new BadFileException(file, "not a Gamry data file: expected 'EXPLAIN' on line 1");
        }
        Technique technique = null;
        Double scanRate = null;
        List<double[]> rows = new ArrayList<>();
        List<Integer> cycles = new ArrayList<>();
        int curve = -1;
        for (int k = 1; k < lines.size(); k++) {
            String[] cells = lines.get(k).split("\t", -1);
            if (cells[0].equals("TAG") && cells.length > 1) {
                technique = technique(file, cells[1].trim());
            } else if (cells[0].equals("SCANRATE") && cells.length > 2) {
                scanRate = EcText.number(file, k + 1, "SCANRATE", cells[2]) * 1e-3;
            } else if (cells.length > 1 && cells[0].startsWith("CURVE") && cells[1].trim().equals("TABLE")) {
                curve++;
                k = table(file, lines, k + 1, curve, rows, cycles);
            }
        }
        if (technique == null) {
            throw new BadFileException(file, "Gamry file has no 'TAG' line naming its technique");
        }
        if (rows.isEmpty()) {
            throw new BadFileException(file, "Gamry file has no CURVE table with data rows");
        }
        int n = rows.size();
        double[] t = new double[n];
        double[] v = new double[n];
        double[] i = new double[n];
        for (int r = 0; r < n; r++) {
            t[r] = rows.get(r)[0];
            v[r] = rows.get(r)[1];
            i[r] = rows.get(r)[2];
        }
        int[] cycle = technique == Technique.CV ? cycles.stream().mapToInt(Integer::intValue).toArray() : null;
        return new EcSeries(technique, technique == Technique.CV ? scanRate : null, t, v, i, cycle);
    }

    /** Reads one table from its column-name line; returns the index of its last line. */
    private static int table(Path file, List<String> lines, int namesAt, int curve, List<double[]> rows, List<Integer> cycles) {
        if (namesAt + 1 >= lines.size()) {
            throw new BadFileException(file, "line " + namesAt + ": CURVE table ends before its column names and units");
        }
        List<String> names = Arrays.asList(lines.get(namesAt).split("\t", -1));
        List<String> units = Arrays.asList(lines.get(namesAt + 1).split("\t", -1));
        int t = names.indexOf("T");
        int v = names.indexOf("Vf");
        int im = names.indexOf("Im");
        if (t < 0 || v < 0) {
            throw new BadFileException(file, "line " + (namesAt + 1) + ": CURVE table lacks column " + (t < 0 ? "T" : "Vf")
                    + "; expected Pt, T, Vf, Im, ...");
        }
        double ft = unitFactor(file, units, t, "s");
        double fi = im >= 0 ? unitFactor(file, units, im, "A") : 0;
        int k = namesAt + 2;
        for (; k < lines.size() && lines.get(k).startsWith("\t"); k++) {
            String[] cells = lines.get(k).split("\t", -1);
            int needed = Math.max(Math.max(t, v), im) + 1;
            if (cells.length < needed) {
                throw new BadFileException(file, "line " + (k + 1) + " has " + cells.length + " columns; expected " + names.size()
                        + " (truncated row?)");
            }
            rows.add(new double[] {EcText.number(file, k + 1, "T", cells[t]) * ft, EcText.number(file, k + 1, "Vf", cells[v]),
                    im >= 0 ? EcText.number(file, k + 1, "Im", cells[im]) * fi : 0.0});
            cycles.add(curve);
        }
        return k - 1;
    }

    private static double unitFactor(Path file, List<String> units, int column, String base) {
        String unit = column < units.size() ? units.get(column).trim() : base;
        Double f = EcText.factor(unit, base);
        if (f == null) {
            throw new BadFileException(file, "CURVE column unit '" + unit + "'; expected " + base);
        }
        return f;
    }

    private static Technique technique(Path file, String tag) {
        return switch (tag) {
            case "CV" -> Technique.CV;
            case "CHRONOA" -> Technique.CA;
            case "CORPOT" -> Technique.OCP;
            default -> throw new BadFileException(file, "Gamry technique TAG '" + tag + "' is not supported; expected CV, CHRONOA or CORPOT");
        };
    }
}
