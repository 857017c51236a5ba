package org.operando.ops.export.zarr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.operando.ops.export.ImageStack;
import org.operando.ops.export.RunWriter;
import org.operando.ops.export.Table;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;

/**
 * Writes a run as OME-Zarr (NGFF 0.4 on a Zarr v2 directory store):
 * <pre>
 * RUN.ome.zarr/                 .zattrs {"operando": run description}
 *   EM-ID/                      multiscale image, axes t c y x (second, -, nanometer, nanometer); level "0"
 *     0/T/C/0/0                 one chunk per plane: the raw EM frame (c = 0), registered optical frames (c = 1..)
 *   OPTICAL-ID/0/T/0/0          multiscale image, axes t y x
 *   electrochem/PSTAT-ID/       time_s, potential_V, current_A (1-D, chunks of 65536 samples)
 *   tables/KIND/ID/COLUMN       frames, drift, registrations, clocks, correlated, correlation, electrochem/ID/blocks
 * </pre>
 * Each image's {@code coordinateTransformations} are a scale (fitted frame interval in s, 1 per channel, pixel size in
 * nm) and a translation (the first plane's time); exact per-frame times are in {@code tables/frames/ID}.
 */
public final class OmeZarrWriter implements RunWriter {
    private static final int EC_CHUNK = 65536;
    private static final Map<PixelType, ZarrStore.Dtype> DTYPES = Map.of(PixelType.U8, ZarrStore.Dtype.U1, PixelType.U16,
            ZarrStore.Dtype.U2, PixelType.F32, ZarrStore.Dtype.F4);
    private final ZarrStore store;
    private final Map<String, ZarrStore.Series[]> ec = new TreeMap<>();

    public OmeZarrWriter(Path output, int zlibLevel) {
        this.store = new ZarrStore(output, zlibLevel);
    }

    @Override
    public Path output() {
        return store.root();
    }

    @Override
    public void image(ImageStack stack) {
        store.group(stack.instrumentId(), Map.of());
    }

    @Override
    public void frame(ImageStack stack, long t, List<byte[]> channels) {
        boolean withChannels = stack.modality() == Modality.EM;
        for (int c = 0; c < channels.size(); c++) {
            long[] index = withChannels ? new long[] {t, c, 0, 0} : new long[] {t, 0, 0};
            store.compressedChunk(stack.instrumentId() + "/0", index, channels.get(c));
        }
    }

    @Override
    public void ecBlock(String instrumentId, double[] timeS, List<Double> potentialV, List<Double> currentA) {
        ZarrStore.Series[] s = ec.computeIfAbsent(instrumentId, id -> {
            store.group("electrochem/" + id, Map.of());
            return new ZarrStore.Series[] {store.series("electrochem/" + id + "/time_s", ZarrStore.Dtype.F8, EC_CHUNK),
                    store.series("electrochem/" + id + "/potential_V", ZarrStore.Dtype.F8, EC_CHUNK),
                    store.series("electrochem/" + id + "/current_A", ZarrStore.Dtype.F8, EC_CHUNK)};
        });
        for (int i = 0; i < timeS.length; i++) {
            s[0].append(timeS[i]);
            s[1].append(potentialV.get(i));
            s[2].append(currentA.get(i));
        }
    }

    @Override
    public void finish(List<ImageStack> stacks, List<Table> tables, Map<String, Object> run) {
        store.group("", Map.of("operando", run));
        for (ImageStack s : stacks) {
            finishImage(s, run);
        }
        ec.forEach((id, series) -> {
            for (ZarrStore.Series s : series) {
                s.close();
            }
            String base = "electrochem/" + id + "/";
            store.attrs(base + "time_s", Map.of("units", "second", "description", "sample time, seconds since the run start (master clock)"));
            store.attrs(base + "potential_V", Map.of("units", "volt", "description", "electrode potential vs the reference electrode"));
            store.attrs(base + "current_A", Map.of("units", "ampere", "description", "current, anodic positive"));
            store.attrs("electrochem/" + id, Map.of("instrument", id, "samples", series[0].length(),
                    "blocks", "tables/electrochem/" + id + "/blocks"));
        });
        store.group("tables", Map.of("description", "the processors' results and per-frame facts, one group of columns per table"));
        for (Table t : tables) {
            writeTable(t);
        }
    }

    private void finishImage(ImageStack s, Map<String, Object> run) {
        boolean withChannels = s.modality() == Modality.EM;
        double[] axis = s.timeAxis();
        List<Map<String, Object>> axes = new ArrayList<>();
        axes.add(Map.of("name", "t", "type", "time", "unit", "second"));
        if (withChannels) {
            axes.add(Map.of("name", "c", "type", "channel"));
        }
        axes.add(Map.of("name", "y", "type", "space", "unit", "nanometer"));
        axes.add(Map.of("name", "x", "type", "space", "unit", "nanometer"));
        double[] scale = withChannels ? new double[] {axis[1], 1, s.pixelSizeNm(), s.pixelSizeNm()}
                : new double[] {axis[1], s.pixelSizeNm(), s.pixelSizeNm()};
        double[] translation = new double[scale.length];
        translation[0] = axis[0];
        Map<String, Object> dataset = Map.of("path", "0", "coordinateTransformations", List.of(
                Map.of("type", "scale", "scale", scale), Map.of("type", "translation", "translation", translation)));
        Map<String, Object> multiscale = new LinkedHashMap<>();
        multiscale.put("version", "0.4");
        multiscale.put("name", s.instrumentId());
        multiscale.put("axes", axes);
        multiscale.put("datasets", List.of(dataset));
        multiscale.put("metadata", Map.of("description", "raw frames (not drift-corrected), one plane per frame sequence number; "
                + "drift in tables/drift/" + s.instrumentId() + ", exact times in tables/frames/" + s.instrumentId()));
        List<Map<String, Object>> channels = new ArrayList<>();
        String[] colours = {"FFFFFF", "00FF00", "FF00FF", "00FFFF"};
        for (int c = 0; c < s.channels().size(); c++) {
            channels.add(Map.of("label", s.channels().get(c), "color", colours[c % colours.length], "active", true));
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("multiscales", List.of(multiscale));
        attrs.put("omero", Map.of("name", s.instrumentId(), "version", "0.4", "channels", channels));
        Object image = run.get("images") instanceof Map<?, ?> images ? images.get(s.instrumentId()) : null;
        attrs.put("operando", image == null ? Map.of() : image);
        store.group(s.instrumentId(), attrs);
        long[] shape = withChannels ? new long[] {s.frames(), s.channels().size(), s.height(), s.width()}
                : new long[] {s.frames(), s.height(), s.width()};
        int[] chunks = withChannels ? new int[] {1, 1, s.height(), s.width()} : new int[] {1, s.height(), s.width()};
        store.arrayMetadata(s.instrumentId() + "/0", DTYPES.get(s.type()), shape, chunks);
    }

    private void writeTable(Table t) {
        String base = "tables/" + t.path();
        Map<String, Object> attrs = new LinkedHashMap<>(t.attrs());
        attrs.put("columns", t.columns().stream().map(Table.Column::name).toList());
        attrs.put("NX_class", t.nxClass());
        store.group(base, attrs);
        for (Table.Column c : t.columns()) {
            String path = base + "/" + c.name();
            if (c.f64() != null) {
                store.array(path, c.f64(), c.shape());
            } else {
                store.array(path, c.i64(), c.shape());
            }
            Map<String, Object> a = new LinkedHashMap<>(c.attrs());
            a.put("units", c.unit());
            store.attrs(path, a);
        }
    }

    @Override
    public long bytesWritten() {
        return store.bytesWritten();
    }

    @Override
    public void close() {
        store.close();
    }
}
