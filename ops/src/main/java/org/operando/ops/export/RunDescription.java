package org.operando.ops.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.operando.schema.ClockModel;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;

/**
 * The run's description as JSON-like maps, written as the root attributes {@code operando} (Zarr) or as attributes
 * and a JSON string of the NeXus entry: what the run was, how its times are placed, what each image holds, and
 * whether the export has every record the run announced.
 */
final class RunDescription {
    /** Version of the export layout (bumped when a name or a meaning changes). */
    static final int LAYOUT_VERSION = 1;

    private RunDescription() {
    }

    static Map<String, Object> of(RunMetadata meta, Map<String, Long> seen, FrameExport frames, Map<String, EcLog> ec, String source,
                                  ExportFormat format, Instant exportedAt) {
        RunStart start = meta.start();
        RunStop stop = meta.stop();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("layoutVersion", LAYOUT_VERSION);
        run.put("exportedBy", "operando export --format " + format.cliName());
        run.put("exportedAt", exportedAt.toString());
        run.put("source", source);
        run.put("runId", meta.runId());
        run.put("specimen", start.getSpecimen());
        run.put("operator", start.getOperator());
        run.put("simulated", start.getSimulated());
        run.put("startMasterTimeNs", start.getStartMasterTimeNs());
        run.put("startTime", Instant.ofEpochSecond(0, start.getWallClockEpochNs()).toString());
        if (stop != null) {
            run.put("stopMasterTimeNs", stop.getStopMasterTimeNs());
            run.put("stopTime", Instant.ofEpochSecond(0, stop.getWallClockEpochNs()).toString());
            run.put("stopReason", stop.getReason());
        }
        if (start.getTriggerPeriodNs() != null) {
            run.put("triggerPeriodNs", start.getTriggerPeriodNs());
        }
        run.put("parameters", new TreeMap<>(start.getParameters()));
        run.put("time", "every time is seconds since startMasterTimeNs on the master clock, placed with each instrument's last "
                + "clock model (tables clocks/<instrument>); *_ns times are master-clock nanoseconds");
        run.put("tables", "table paths (drift/ID, frames/ID, ...) are under tables/ in OME-Zarr and under the entry in NeXus, "
                + "where ids have characters other than letters, digits and _ replaced by _");
        run.put("instruments", instruments(meta));
        Map<String, Object> images = new LinkedHashMap<>();
        for (ImageStack s : frames.stacks()) {
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("modality", s.modality().toString());
            image.put("stack", "raw");
            image.put("driftCorrected", false);
            image.put("driftTable", "drift/" + s.instrumentId());
            image.put("frameTable", "frames/" + s.instrumentId());
            image.put("channels", s.channels());
            image.put("pixelType", s.type().toString());
            image.put("sourcePixelType", s.sourceType().toString());
            if (!s.registeredOptical().isEmpty()) {
                image.put("registeredChannels", "channel c > 0 is registeredOptical[c - 1] resampled (bilinear) onto this raw frame "
                        + "with the pair's last registration (fitted on EM frame registrationEmSequence) and both frames' drift; "
                        + "0 outside the optical field");
                image.put("registeredOptical", s.registeredOptical());
                image.put("registrationEmSequence", s.registrations());
            }
            images.put(s.instrumentId(), image);
        }
        run.put("images", images);
        Map<String, Object> electrochem = new TreeMap<>();
        ec.forEach((id, log) -> electrochem.put(id, Map.of("samples", log.samples(), "blocks", log.blocks())));
        run.put("electrochem", electrochem);
        run.put("completeness", completeness(meta, seen, frames));
        return run;
    }

    private static List<Object> instruments(RunMetadata meta) {
        List<Object> list = new ArrayList<>();
        for (InstrumentInfo i : meta.start().getInstruments()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("instrumentId", i.getInstrumentId());
            m.put("modality", i.getModality().toString());
            m.put("clockDomain", i.getClockDomain());
            if (i.getPixelSizeNm() != null) {
                m.put("pixelSizeNm", i.getPixelSizeNm());
            }
            if (i.getNominalMagnification() != null) {
                m.put("nominalMagnification", i.getNominalMagnification());
            }
            m.put("triggerLines", List.copyOf(i.getTriggerLines()));
            StreamDescriptor d = meta.descriptors().get(i.getInstrumentId());
            if (d != null) {
                Map<String, Object> dm = new LinkedHashMap<>();
                d.getSchema().getFields().forEach(f -> {
                    Object v = d.get(f.pos());
                    if (v != null && !f.name().equals("runId") && !f.name().equals("instrumentId")) {
                        dm.put(f.name(), v instanceof CharSequence || v instanceof Enum<?> ? v.toString() : v);
                    }
                });
                m.put("stream", dm);
            }
            List<ClockModel> models = meta.clockModels().get(i.getInstrumentId());
            if (models != null && !models.isEmpty()) {
                ClockModel last = models.get(models.size() - 1);
                m.put("clock", Map.of("placedWith", "last of " + models.size() + " clock models", "skew", last.getSkew(),
                        "offsetSigmaNs", last.getOffsetSigmaNs(), "residualSigmaNs", last.getResidualSigmaNs(), "marksUsed",
                        last.getMarksUsed()));
            } else {
                m.put("clock", Map.of("placedWith", "master".equals(i.getClockDomain())
                        ? "its own clock, which is the master clock"
                        : "its own clock, unmapped: no clock model in the source (record with --include-results, or process the run)"));
            }
            list.add(m);
        }
        return list;
    }

    private static Map<String, Object> completeness(RunMetadata meta, Map<String, Long> seen, FrameExport frames) {
        Map<String, Object> c = new LinkedHashMap<>();
        Map<String, Long> announced = meta.stop() == null ? Map.of() : new TreeMap<>(meta.stop().getRecordsPublished());
        boolean complete = meta.stop() != null;
        for (var e : announced.entrySet()) {
            complete &= seen.getOrDefault(e.getKey(), 0L) >= e.getValue();
        }
        c.put("complete", complete);
        c.put("recordsPublished", announced);
        c.put("recordsRead", new TreeMap<>(seen));
        c.put("framesSkipped", new TreeMap<>(frames.skipped()));
        c.put("resultRecordsUndecodable", meta.undecodable());
        return c;
    }
}
