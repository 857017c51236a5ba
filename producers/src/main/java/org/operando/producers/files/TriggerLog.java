package org.operando.producers.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A log of trigger edge times as an instrument (or the timing generator) stamped them: one time in seconds per line,
 * first column of a tab-, comma- or space-separated line; blank lines and lines starting with {@code #} are skipped.
 * Times must increase.
 */
public final class TriggerLog {
    private TriggerLog() {
    }

    /** The edge times in seconds; {@code dropLast}: leave out the last line (a log still being written may end mid-line). */
    public static double[] read(Path file, boolean dropLast) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadFileException(file, "cannot read: " + e.getMessage(), e);
        }
        int end = dropLast ? Math.max(0, lines.size() - 1) : lines.size();
        double[] out = new double[end];
        int n = 0;
        for (int k = 0; k < end; k++) {
            String line = lines.get(k).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String first = line.split("[\\s,;]+")[0];
            try {
                out[n] = Double.parseDouble(first);
            } catch (NumberFormatException e) {
                throw new BadFileException(file, "line " + (k + 1) + ": '" + first + "' is not a time in seconds");
            }
            if (n > 0 && out[n] <= out[n - 1]) {
                throw new BadFileException(file, "line " + (k + 1) + ": edge at " + first + " s is not after the one before; expected increasing times");
            }
            n++;
        }
        return Arrays.copyOf(out, n);
    }
}
