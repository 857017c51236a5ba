package org.operando.producers.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.operando.schema.Technique;

/**
 * BioLogic EC-Lab's text export ({@code .mpt}, "EC-Lab ASCII FILE"), as EC-Lab's manual describes it: line 1
 * {@code EC-Lab ASCII FILE}, line 2 {@code Nb header lines : N} (N counts every line up to and including the column
 * names), the technique's name on line 4 ({@code Cyclic Voltammetry}, {@code Chronoamperometry / Chronocoulometry},
 * {@code Open Circuit Voltage}), the settings (e.g. {@code dE/dt} with {@code dE/dt unit}), then tab-separated columns
 * named with their unit: {@code time/s}, {@code Ewe/V}, {@code <I>/mA} or {@code I/mA}, {@code cycle number}. Numbers
 * use the decimal separator of the Windows locale (a comma in much of Europe); the file is Windows-1252 text.
 */
public final class EcLabMpt {
    private EcLabMpt() {
    }

    public static EcSeries read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new BadFileException(file, "cannot read: " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).trim().equals("EC-Lab ASCII FILE")) {
            throw new BadFileException(file, "not an EC-Lab text export: expected 'EC-Lab ASCII FILE' on line 1");
        }
        int headerLines = headerLines(file, lines);
        if (headerLines > lines.size()) {
            throw new BadFileException(file, "header says " + headerLines + " header lines, the file has " + lines.size() + " lines");
        }
        Technique technique = technique(file, headerLines >= 4 ? lines.get(3).trim() : "");
        Double scanRate = technique == Technique.CV ? scanRate(file, lines.subList(0, headerLines - 1)) : null;
        List<String> columns = Arrays.asList(lines.get(headerLines - 1).split("\t", -1));
        int t = EcText.find(columns, "time");
        int e = EcText.find(columns, "Ewe", "<Ewe>");
        int i = EcText.find(columns, "<I>", "I");
        int c = EcText.find(columns, "cycle number");
        if (t < 0 || e < 0 || i < 0) {
            throw new BadFileException(file, "EC-Lab columns on line " + headerLines + " lack " + (t < 0 ? "time/s" : e < 0 ? "Ewe/V" : "<I>/mA")
                    + "; expected time/s, Ewe/V and <I>/mA (or I/mA)");
        }
        double ft = EcText.columnFactor(file, columns.get(t), "s", "s");
        double fe = EcText.columnFactor(file, columns.get(e), "V", "V");
        double fi = EcText.columnFactor(file, columns.get(i), "A", "mA");
        int n = 0;
        int rows = lines.size() - headerLines;
        double[] time = new double[rows];
        double[] potential = new double[rows];
        double[] current = new double[rows];
        int[] cycle = c >= 0 ? new int[rows] : null;
        for (int r = 0; r < rows; r++) {
            int lineNo = headerLines + r + 1;
            String line = lines.get(headerLines + r);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            int needed = Math.max(Math.max(t, e), Math.max(i, c)) + 1;
            if (cells.length < needed) {
                throw new BadFileException(file, "line " + lineNo + " has " + cells.length + " columns; expected " + columns.size()
                        + " (truncated row?)");
            }
            time[n] = EcText.number(file, lineNo, "time", cells[t]) * ft;
            potential[n] = EcText.number(file, lineNo, "Ewe", cells[e]) * fe;
            current[n] = EcText.number(file, lineNo, "I", cells[i]) * fi;
            if (cycle != null) {
                cycle[n] = (int) Math.round(EcText.number(file, lineNo, "cycle number", cells[c]));
            }
            n++;
        }
        if (n == 0) {
            throw new BadFileException(file, "EC-Lab export has no data rows after its " + headerLines + " header lines");
        }
        return new EcSeries(technique, scanRate, Arrays.copyOf(time, n), Arrays.copyOf(potential, n), Arrays.copyOf(current, n),
                cycle == null ? null : Arrays.copyOf(cycle, n));
    }

    private static int headerLines(Path file, List<String> lines) {
        if (lines.size() < 2 || !lines.get(1).startsWith("Nb header lines")) {
            throw new BadFileException(file, "EC-Lab export lacks 'Nb header lines : N' on line 2");
        }
        String v = lines.get(1).substring(lines.get(1).indexOf(':') + 1).trim();
        try {
            int n = Integer.parseInt(v);
            if (n < 2) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException ex) {
            throw new BadFileException(file, "line 2: 'Nb header lines' is '" + v + "'; expected a count of at least 2");
        }
    }

    private static Technique technique(Path file, String name) {
        String n = EcText.lower(name);
        if (n.startsWith("cyclic voltammetry")) {
            return Technique.CV;
        } else if (n.startsWith("chronoamperometry")) {
            return Technique.CA;
        } else if (n.startsWith("open circuit voltage")) {
            return Technique.OCP;
        }
        throw new BadFileException(file, "EC-Lab technique '" + name + "' on line 4 is not supported; expected Cyclic Voltammetry, "
                + "Chronoamperometry or Open Circuit Voltage");
    }

    /** {@code dE/dt  value} (and {@code dE/dt unit  mV/s}, the default) in V/s, or null when the header does not say. */
    private static Double scanRate(Path file, List<String> header) {
        Double value = null;
        double factor = 1e-3;
        for (int k = 0; k < header.size(); k++) {
            String line = header.get(k).trim();
            if (line.startsWith("dE/dt unit")) {
                String unit = line.substring("dE/dt unit".length()).trim();
                factor = unit.startsWith("mV") ? 1e-3 : unit.startsWith("V") ? 1.0 : unit.startsWith("uV") || unit.startsWith("\u00b5V") ? 1e-6 : factor;
            } else if (line.startsWith("dE/dt")) {
                String[] parts = line.substring("dE/dt".length()).trim().split("\\s+");
                value = EcText.number(file, k + 1, "dE/dt", parts[0]);
            }
        }
        return value == null ? null : value * factor;
    }
}
