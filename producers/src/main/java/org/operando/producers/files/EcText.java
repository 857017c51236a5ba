package org.operando.producers.files;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Number and unit handling shared by the potentiostat export readers. */
final class EcText {
    private EcText() {
    }

    /**
     * A number as instrument software prints it, with a decimal point or (in European locales, as EC-Lab and Gamry do)
     * a decimal comma; the files' column separators are tabs or semicolons, so a comma is never a separator here.
     */
    static double number(Path file, int line, String column, String text) {
        String t = text.trim().replace(',', '.');
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new BadFileException(file, "line " + line + ": " + column + " '" + text.trim() + "' is not a number");
        }
    }

    /** Factor from a unit (as it follows "/" or stands in brackets in a column name) to the SI base: mA -> 1e-3. */
    static Double factor(String unit, String base) {
        String u = unit.trim().replace("\u00b5", "u").replace("\u03bc", "u");
        if (u.equals(base)) {
            return 1.0;
        }
        if (u.length() == base.length() + 1 && u.endsWith(base)) {
            return switch (u.charAt(0)) {
                case 'k' -> 1e3;
                case 'm' -> 1e-3;
                case 'u' -> 1e-6;
                case 'n' -> 1e-9;
                case 'p' -> 1e-12;
                default -> null;
            };
        }
        if (base.equals("s")) {
            return switch (u) {
                case "min" -> 60.0;
                case "h" -> 3600.0;
                default -> null;
            };
        }
        return null;
    }

    /** Index of the first column whose name (case-insensitive, without its unit) is one of {@code names}, or -1. */
    static int find(List<String> header, String... names) {
        for (String n : names) {
            for (int i = 0; i < header.size(); i++) {
                if (stem(header.get(i)).equalsIgnoreCase(n)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The name without its unit: "time/s" -> "time", "I (mA)" -> "I", "<I>/mA" -> "<I>". */
    static String stem(String column) {
        String c = column.trim();
        int slash = c.lastIndexOf('/');
        int bracket = Math.max(c.lastIndexOf('('), c.lastIndexOf('['));
        int cut = bracket > 0 ? bracket : slash > 0 ? slash : c.length();
        return c.substring(0, cut).trim();
    }

    /** The unit of a column name, "" when it has none. */
    static String unit(String column) {
        String c = column.trim();
        int bracket = Math.max(c.lastIndexOf('('), c.lastIndexOf('['));
        if (bracket > 0 && (c.endsWith(")") || c.endsWith("]"))) {
            return c.substring(bracket + 1, c.length() - 1).trim();
        }
        int slash = c.lastIndexOf('/');
        return slash > 0 ? c.substring(slash + 1).trim() : "";
    }

    /** SI factor of a column's unit; {@code defaultUnit} when the name has none; an error naming the column otherwise. */
    static double columnFactor(Path file, String column, String base, String defaultUnit) {
        String unit = unit(column);
        Double f = factor(unit.isEmpty() ? defaultUnit : unit, base);
        if (f == null) {
            throw new BadFileException(file, "column '" + column + "' has unit '" + unit + "'; expected " + base
                    + " or a prefixed " + base + " (m" + base + ", u" + base + ", ...)");
        }
        return f;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
