package org.operando.ops.export.nexus;

import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.WritableNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.operando.ops.export.ImageStack;
import org.operando.ops.export.Table;

/** The NeXus groups, fields and attributes of an export (see {@link NexusWriter} for the tree). */
final class NexusLayout {
    private NexusLayout() {
    }

    static WritableGroup group(WritableGroup parent, String name, String nxClass) {
        WritableGroup g = parent.putGroup(name);
        g.putAttribute("NX_class", nxClass);
        return g;
    }

    static void entry(WritableGroup entry, Map<String, Object> run, String description) {
        entry.putDataset("title", "Operando run " + run.get("runId"));
        entry.putDataset("experiment_identifier", String.valueOf(run.get("runId")));
        entry.putDataset("start_time", String.valueOf(run.get("startTime")));
        if (run.get("stopTime") != null) {
            entry.putDataset("end_time", String.valueOf(run.get("stopTime")));
        }
        entry.putDataset("program_name", "operando");
        entry.putDataset("operando_description", description);
        entry.putDataset("start_master_time_ns", ((Number) run.get("startMasterTimeNs")).longValue())
                .putAttribute("units", "ns");
        group(entry, "sample", "NXsample").putDataset("name", String.valueOf(run.get("specimen")));
        group(entry, "user", "NXuser").putDataset("name", String.valueOf(run.get("operator")));
    }

    /** An image's NXdata group with its axes; the signal datasets are attached by the caller. */
    static WritableGroup image(WritableGroup entry, String name, ImageStack s, Map<String, Object> run) {
        WritableGroup data = group(entry, name, "NXdata");
        data.putAttribute("instrument_id", s.instrumentId());
        data.putAttribute("modality", s.modality().toString());
        data.putAttribute("signal", "data");
        data.putAttribute("axes", new String[] {"time", "y", "x"});
        data.putAttribute("time_indices", 0);
        data.putAttribute("y_indices", 1);
        data.putAttribute("x_indices", 2);
        if (!s.registeredOptical().isEmpty()) {
            data.putAttribute("auxiliary_signals", s.registeredOptical().stream().map(o -> "registered_" + NexusWriter.name(o))
                    .toArray(String[]::new));
        }
        data.putAttribute("stack", "raw");
        data.putAttribute("drift_corrected", 0);
        data.putAttribute("drift", "../drift/" + NexusWriter.name(s.instrumentId()));
        units(data.putDataset("time", s.planeTimes()), "s", "exposure start of each plane, seconds since the run start "
                + "(master clock); fitted for a lost frame");
        double[] axis = s.timeAxis();
        data.putAttribute("frame_interval_s", axis[1]);
        units(data.putDataset("x", centres(s.width(), s.pixelSizeNm())), "nm", "pixel centre");
        units(data.putDataset("y", centres(s.height(), s.pixelSizeNm())), "nm", "pixel centre");
        return data;
    }

    static void imageData(WritableDataset data, ImageStack s, Map<String, Object> run) {
        if (data == null) {
            return;
        }
        units(data, "counts", "raw frames of " + s.instrumentId() + " as acquired (not drift-corrected), plane t = frame sequence t");
        data.putAttribute("interpretation", "image");
        data.putAttribute("long_name", s.instrumentId());
    }

    static void registeredData(WritableDataset data, String optical) {
        if (data == null) {
            return;
        }
        units(data, "counts", optical + " resampled onto each raw frame with the pair's last registration and both frames' "
                + "drift (bilinear; 0 outside the optical field)");
        data.putAttribute("interpretation", "image");
        data.putAttribute("long_name", optical + " registered");
    }

    static WritableGroup electrochem(WritableGroup entry, String name, String id) {
        WritableGroup data = group(entry, name, "NXdata");
        data.putAttribute("instrument_id", id);
        data.putAttribute("signal", "current");
        data.putAttribute("auxiliary_signals", new String[] {"potential"});
        data.putAttribute("axes", new String[] {"time"});
        data.putAttribute("time_indices", 0);
        return data;
    }

    static void units(WritableNode node, String unit, String description) {
        if (node == null) {
            return;
        }
        if (!unit.isEmpty()) {
            node.putAttribute("units", unit);
        }
        node.putAttribute("description", description);
    }

    /** Writes a table under the entry: frames into their image's group, EC blocks into theirs, others by kind. */
    static void table(WritableGroup entry, Map<String, WritableGroup> known, Table t, Function<Object, String> json) {
        String path = t.path();
        int slash = path.indexOf('/');
        String kind = path.substring(0, slash);
        String rest = path.substring(slash + 1);
        WritableGroup parent;
        String name;
        if (kind.equals("frames") && known.containsKey(path)) {
            parent = known.get(path);
            name = "frames";
        } else if (kind.equals("electrochem") && rest.endsWith("/blocks") && known.containsKey(path.substring(0, path.length() - 7))) {
            parent = known.get(path.substring(0, path.length() - 7));
            name = "blocks";
        } else {
            parent = known.computeIfAbsent(kind, k -> group(entry, k, "NXcollection"));
            name = NexusWriter.name(rest);
        }
        WritableGroup g = group(parent, name, t.nxClass());
        t.attrs().forEach((k, v) -> attribute(g, k, v, json));
        for (Table.Column c : t.columns()) {
            if (c.shape()[0] == 0) {
                continue; // HDF5 takes no empty dataset from jhdf; the table's group says it has no rows
            }
            WritableDataset ds = g.putDataset(c.name(), c.f64() != null ? shaped(c.f64(), c.shape()) : shaped(c.i64(), c.shape()));
            if (!c.unit().isEmpty()) {
                ds.putAttribute("units", c.unit());
            }
            c.attrs().forEach((k, v) -> attribute(ds, k, v, json));
        }
        g.putAttribute("rows", t.columns().isEmpty() ? 0L : t.columns().get(0).shape()[0]);
    }

    static void attribute(WritableNode node, String name, Object value, Function<Object, String> json) {
        if (value instanceof String s) {
            node.putAttribute(name, s.isEmpty() ? "." : s);
        } else if (value instanceof Number || value instanceof double[] || value instanceof long[]) {
            node.putAttribute(name, value);
        } else if (value instanceof Boolean b) {
            node.putAttribute(name, b ? 1 : 0);
        } else if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(String.class::isInstance)) {
            node.putAttribute(name, list.toArray(String[]::new));
        } else if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Number.class::isInstance)) {
            node.putAttribute(name, list.stream().mapToDouble(n -> ((Number) n).doubleValue()).toArray());
        } else {
            node.putAttribute(name, json.apply(value)); // maps, empty and mixed lists: as JSON text
        }
    }

    private static double[] centres(int n, double pixelSizeNm) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = i * pixelSizeNm;
        }
        return c;
    }

    private static Object shaped(double[] v, long[] shape) {
        return switch (shape.length) {
            case 1 -> v;
            case 2 -> {
                double[][] m = new double[(int) shape[0]][(int) shape[1]];
                for (int i = 0; i < m.length; i++) {
                    System.arraycopy(v, i * m[i].length, m[i], 0, m[i].length);
                }
                yield m;
            }
            case 3 -> {
                double[][][] m = new double[(int) shape[0]][(int) shape[1]][(int) shape[2]];
                int k = 0;
                for (double[][] plane : m) {
                    for (double[] row : plane) {
                        System.arraycopy(v, k, row, 0, row.length);
                        k += row.length;
                    }
                }
                yield m;
            }
            default -> throw new IllegalArgumentException("Tables hold columns of rank 1 to 3. Got " + shape.length);
        };
    }

    private static Object shaped(long[] v, long[] shape) {
        if (shape.length != 1) {
            throw new IllegalArgumentException("Integer columns are 1-D. Got rank " + shape.length);
        }
        return v;
    }
}
