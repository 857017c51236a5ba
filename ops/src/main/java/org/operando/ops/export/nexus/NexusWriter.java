package org.operando.ops.export.nexus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.operando.ops.export.ImageStack;
import org.operando.ops.export.RunWriter;
import org.operando.ops.export.Table;
import org.operando.schema.PixelType;

/**
 * Writes a run as NeXus in HDF5 with jhdf:
 * <pre>
 * RUN.nxs                       NXroot (default: the entry)
 *   RUN/                        NXentry: title, start_time, end_time, sample (NXsample), user (NXuser),
 *                               operando_description (the run's description as JSON)
 *     EM_ID/                    NXdata: data (t, y, x), registered_OPTICAL_ID (t, y, x), time (s), y, x (nm); frames/
 *     OPTICAL_ID/               NXdata: data (t, y, x), time, y, x; frames/
 *     PSTAT_ID/                 NXdata: current (A) against time (s, master clock), potential (V); blocks/
 *     drift/ID                  NXtransformations: dx_nm, dy_nm translations per frame, and the rest of DriftEstimate
 *     registrations/EM__OPT     NXtransformations: affine (n, 2, 3) and FRE, TRE, inliers
 *     clocks/ID                 NXlog: time, value (offset), and every ClockModel field
 *     correlated/ID, correlation/...  NXcollection
 * </pre>
 * Names are instrument ids with characters other than letters, digits and {@code _} replaced by {@code _}; the
 * groups carry the original id in {@code instrument_id}. jhdf writes the whole file when it is closed, so frames and
 * samples wait compressed in spool files beside the output ({@link SpooledArray}) and the heap holds one chunk.
 */
public final class NexusWriter implements RunWriter {
    private static final int EC_CHUNK = 65536;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<PixelType, SpooledDataset.Element> ELEMENTS = Map.of(PixelType.U8, SpooledDataset.Element.U8,
            PixelType.U16, SpooledDataset.Element.U16, PixelType.F32, SpooledDataset.Element.F32);
    private final Path output;
    private final String runId;
    private final int level;
    private final Map<String, List<SpooledArray>> images = new LinkedHashMap<>();
    private final Map<String, SpooledArray[]> ec = new TreeMap<>();
    private final List<SpooledArray> spools = new ArrayList<>();
    private boolean finished;

    public NexusWriter(Path output, String runId, int zlibLevel) {
        if (Files.exists(output)) {
            throw new IllegalArgumentException("Output " + output + " already exists; choose a new directory or remove it");
        }
        this.output = output;
        this.runId = runId;
        this.level = zlibLevel;
    }

    static String name(String id) {
        return id.replaceAll("[^A-Za-z0-9_]", "_");
    }

    @Override
    public Path output() {
        return output;
    }

    private SpooledArray spool(java.util.function.Function<Path, SpooledArray> create) {
        SpooledArray s = create.apply(output.resolveSibling("." + output.getFileName() + ".spool-" + spools.size()));
        spools.add(s);
        return s;
    }

    @Override
    public void image(ImageStack stack) {
        List<SpooledArray> channels = new ArrayList<>();
        for (int c = 0; c < stack.channels().size(); c++) {
            channels.add(spool(p -> SpooledArray.frames(p, ELEMENTS.get(stack.type()), stack.height(), stack.width(), level)));
        }
        images.put(stack.instrumentId(), channels);
    }

    @Override
    public void frame(ImageStack stack, long t, List<byte[]> channels) {
        List<SpooledArray> spooled = images.get(stack.instrumentId());
        for (int c = 0; c < channels.size(); c++) {
            spooled.get(c).putCompressedFrame(t, channels.get(c));
        }
    }

    @Override
    public void ecBlock(String instrumentId, double[] timeS, List<Double> potentialV, List<Double> currentA) {
        SpooledArray[] s = ec.computeIfAbsent(instrumentId, id -> new SpooledArray[] {
                spool(p -> SpooledArray.series(p, SpooledDataset.Element.F64, EC_CHUNK, level)),
                spool(p -> SpooledArray.series(p, SpooledDataset.Element.F64, EC_CHUNK, level)),
                spool(p -> SpooledArray.series(p, SpooledDataset.Element.F64, EC_CHUNK, level))});
        for (int i = 0; i < timeS.length; i++) {
            s[0].append(timeS[i]);
            s[1].append(potentialV.get(i));
            s[2].append(currentA.get(i));
        }
    }

    @Override
    public void finish(List<ImageStack> stacks, List<Table> tables, Map<String, Object> run) {
        try (WritableHdfFile file = HdfFile.write(output)) {
            String entryName = name(runId);
            file.putAttribute("NX_class", "NXroot");
            file.putAttribute("default", entryName);
            file.putAttribute("file_name", output.getFileName().toString());
            file.putAttribute("file_time", String.valueOf(run.get("exportedAt")));
            file.putAttribute("creator", "operando export");
            WritableGroup entry = NexusLayout.group(file, entryName, "NXentry");
            NexusLayout.entry(entry, run, json(run));
            Map<String, WritableGroup> groups = new TreeMap<>();
            for (ImageStack s : stacks) {
                WritableGroup data = NexusLayout.image(entry, name(s.instrumentId()), s, run);
                List<SpooledArray> channels = images.get(s.instrumentId());
                NexusLayout.imageData(channels.get(0).attach(data, "data"), s, run);
                for (int c = 1; c < channels.size(); c++) {
                    String optical = s.registeredOptical().get(c - 1);
                    NexusLayout.registeredData(channels.get(c).attach(data, "registered_" + name(optical)), optical);
                }
                groups.put("frames/" + s.instrumentId(), data);
            }
            if (!stacks.isEmpty()) {
                entry.putAttribute("default", name(stacks.get(0).instrumentId()));
            }
            ec.forEach((id, series) -> {
                WritableGroup data = NexusLayout.electrochem(entry, name(id), id);
                NexusLayout.units(series[0].attach(data, "time"), "s", "sample time, seconds since the run start (master clock)");
                NexusLayout.units(series[1].attach(data, "potential"), "V", "electrode potential vs the reference electrode");
                NexusLayout.units(series[2].attach(data, "current"), "A", "current, anodic positive");
                groups.put("electrochem/" + id, data);
            });
            for (Table t : tables) {
                NexusLayout.table(entry, groups, t, NexusWriter::json);
            }
        }
        finished = true;
        closeSpools();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot encode attribute as JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public long bytesWritten() {
        if (finished) {
            try {
                return Files.size(output);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the size of " + output, e);
            }
        }
        return spools.stream().mapToLong(SpooledArray::compressedBytes).sum();
    }

    private void closeSpools() {
        spools.forEach(SpooledArray::close);
        spools.clear();
    }

    @Override
    public void close() {
        closeSpools();
    }
}
