package org.operando.producers.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.operando.producers.files.BadFileException;
import org.operando.schema.Modality;
import org.operando.schema.Technique;

/**
 * What {@code operando ingest} publishes as one run: the instruments, where their files are, what the files do not
 * say (pixel size, technique), and how each is timed. JSON or YAML (docs/ingest.md has an example); paths are relative
 * to the manifest's folder. Unknown keys are errors, so a misspelt setting is not silently ignored.
 *
 * @param runId       the run's id (default: the manifest's file name without extension)
 * @param triggers    a shared trigger recorded by the instruments, or null for a run without a timing generator, in
 *                    which each instrument's own clock plus its declared offset is the master clock
 * @param parameters  free-form run parameters passed into {@code RunStart.parameters}
 */
public record IngestManifest(String runId, String specimen, String operator, List<Instrument> instruments, Triggers triggers,
                             Map<String, String> parameters) {

    /**
     * One instrument.
     *
     * @param path        a file, or a folder whose files (matching {@code pattern}, in name order) are the stream
     * @param pattern     glob of the files in a folder (default: the modality's file types)
     * @param pixelSizeNm pixel size at the specimen, nm, for files that do not state one (a file that does wins)
     * @param technique   what the potentiostat ran (CV, CA, OCP): required for CSV, checked against the others
     * @param columns     CSV column names of time, potential and current when they are not the usual ones
     */
    public record Instrument(String id, Modality modality, String path, String pattern, Double pixelSizeNm,
                             Double stageXNm, Double stageYNm, Technique technique, Double scanRateVPerS, Columns columns,
                             Timing timing) {
    }

    /** CSV column names. */
    public record Columns(String time, String potential, String current) {
    }

    /**
     * How an instrument's data are placed in time.
     *
     * @param source       {@code file}: times the files state (OME-TIFF DeltaT, ImageJ finterval, the export's time
     *                     column); {@code period}: frame k at startS + k·framePeriodS; {@code modified}: each file's
     *                     modification time (one frame per file, e.g. a folder being written). Default: period when
     *                     framePeriodS is given, else file.
     * @param framePeriodS seconds between frames, for {@code period}
     * @param startS       instrument time of the first frame, s (default 0)
     * @param exposureS    exposure per frame, s, when the files do not state it (default: the frame interval)
     * @param offsetS      declared offset of this instrument's clock: master = instrument + offset, s (default 0);
     *                     the master clock of a run without triggers
     * @param triggerLog   file of this instrument's timestamps of the shared trigger's edges (instrument clock, s, one
     *                     per line), when the run has {@code triggers}
     */
    public record Timing(String source, Double framePeriodS, Double startS, Double exposureS, Double offsetS, String triggerLog) {
    }

    /**
     * A shared trigger (timing generator): its period and its own log of edge times, which are master clock.
     *
     * @param periodS   nominal trigger period, s
     * @param masterLog file of the generator's edge times (master clock, s, one per line)
     * @param line      trigger line name (default ttl0)
     */
    public record Triggers(Double periodS, String masterLog, String line) {
    }

    /** Reads a manifest (.json, .yaml or .yml); every problem is one line naming the manifest. */
    public static IngestManifest read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        IngestManifest m;
        try {
            m = mapper.readValue(Files.readString(file), IngestManifest.class);
        } catch (UnrecognizedPropertyException e) {
            throw new BadFileException(file, line(e) + "unknown setting '" + e.getPropertyName() + "'; expected one of "
                    + e.getKnownPropertyIds());
        } catch (JsonProcessingException e) {
            throw new BadFileException(file, line(e) + e.getOriginalMessage().split("\n")[0]);
        } catch (IOException e) {
            throw new BadFileException(file, "cannot read: " + e.getMessage(), e);
        }
        if (m == null || m.instruments() == null || m.instruments().isEmpty()) {
            throw new BadFileException(file, "the manifest names no instruments; expected an 'instruments' list");
        }
        for (int i = 0; i < m.instruments().size(); i++) {
            Instrument in = m.instruments().get(i);
            if (in.id() == null || in.id().isBlank() || in.modality() == null || in.path() == null) {
                throw new BadFileException(file, "instrument " + (i + 1) + " needs id, modality (EM, OPTICAL, ELECTROCHEM) and path");
            }
            if (in.modality() == Modality.TIMING) {
                throw new BadFileException(file, in.id() + ": modality TIMING is declared with 'triggers', not as an instrument");
            }
        }
        long distinct = m.instruments().stream().map(Instrument::id).distinct().count();
        if (distinct != m.instruments().size()) {
            throw new BadFileException(file, "instrument ids must be distinct");
        }
        if (m.triggers() != null && (m.triggers().periodS() == null || m.triggers().masterLog() == null)) {
            throw new BadFileException(file, "triggers needs periodS and masterLog (the timing generator's edge times)");
        }
        String runId = m.runId() != null ? m.runId() : file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        return new IngestManifest(runId, m.specimen() == null ? "" : m.specimen(), m.operator() == null ? "" : m.operator(),
                m.instruments(), m.triggers(), m.parameters() == null ? Map.of() : m.parameters());
    }

    /** The instrument's timing, with an empty one when the manifest gives none. */
    static Timing timing(Instrument in) {
        return in.timing() != null ? in.timing() : new Timing(null, null, null, null, null, null);
    }

    private static String line(JsonProcessingException e) {
        return e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
    }
}
