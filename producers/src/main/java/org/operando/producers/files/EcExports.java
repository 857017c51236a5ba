package org.operando.producers.files;

import java.nio.file.Path;
import java.util.Locale;
import org.operando.schema.Technique;

/** Reads a potentiostat export by its extension: {@code .mpt} (EC-Lab), {@code .dta} (Gamry), {@code .csv}/{@code .txt}/{@code .tsv}. */
public final class EcExports {
    private EcExports() {
    }

    /**
     * @param technique     what the manifest says was run (required for CSV; checked against what the file says otherwise)
     * @param scanRateVPerS the manifest's CV scan rate, used where the file gives none
     */
    public static EcSeries read(Path file, EcCsv.Columns columns, Technique technique, Double scanRateVPerS) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        EcSeries series;
        if (name.endsWith(".mpt")) {
            series = EcLabMpt.read(file);
        } else if (name.endsWith(".dta")) {
            series = GamryDta.read(file);
        } else if (name.endsWith(".csv") || name.endsWith(".txt") || name.endsWith(".tsv")) {
            return EcCsv.read(file, columns, technique, scanRateVPerS);
        } else {
            throw new BadFileException(file, "unknown potentiostat export; expected .mpt (EC-Lab), .DTA (Gamry) or .csv");
        }
        if (technique != null && technique != series.technique()) {
            throw new BadFileException(file, "the file holds a " + series.technique() + " run; the manifest says " + technique);
        }
        return series.scanRateVPerS() == null ? series.withTechnique(series.technique(), scanRateVPerS) : series;
    }
}
