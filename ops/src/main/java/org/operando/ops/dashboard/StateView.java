package org.operando.ops.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.operando.schema.DriftEstimate;
import org.operando.schema.Frame;
import org.operando.schema.Modality;
import org.operando.schema.Registration;

/**
 * Builds the JSON the page draws for one selection (run, EM instrument): lists to pick from, the frame and overlay
 * image addresses with their versions, the plot series, and pipeline health. Pure: reads a {@link RunState} and the
 * renders already made, returns a tree.
 */
final class StateView {
    static final ObjectMapper JSON = new ObjectMapper();

    private StateView() {
    }

    /** What the page shows beside the plots: the rendered frame of the selection, if any. */
    record FrameInfo(long version, long sequence, int width, int height, int rawWidth, int rawHeight, int factor,
                     long received, long superseded) {
    }

    static ObjectNode build(List<String> runs, RunState run, String instrument, FrameInfo frame, boolean overlayDrawn,
                            FrameRenderer.Roi roi, Map<String, Object> health) {
        ObjectNode root = JSON.createObjectNode();
        runs.forEach(root.putArray("runs")::add);
        if (run == null) {
            root.putNull("run");
            return root;
        }
        root.put("run", run.runId);
        ArrayNode instruments = root.putArray("instruments");
        for (String id : DashboardFeed.instruments(run)) {
            Modality m = run.modalities.get(id);
            ObjectNode i = instruments.addObject().put("id", id).put("modality", m == null ? "unknown" : m.name());
            i.put("imaging", run.frames.containsKey(id));
        }
        root.put("instrument", instrument);
        if (frame != null) {
            ObjectNode f = root.putObject("frame");
            String q = "run=" + enc(run.runId) + "&instrument=" + enc(instrument) + "&v=" + frame.version();
            f.put("url", "/api/frame.png?" + q).put("version", frame.version()).put("sequence", frame.sequence())
                    .put("width", frame.width()).put("height", frame.height()).put("rawWidth", frame.rawWidth())
                    .put("rawHeight", frame.rawHeight()).put("factor", frame.factor()).put("received", frame.received())
                    .put("superseded", frame.superseded());
            Registration reg = run.registrations.get(instrument);
            if (reg != null && overlayDrawn) {
                ObjectNode o = root.putObject("overlay");
                o.put("url", "/api/overlay.png?" + q).put("optical", reg.getOpticalInstrumentId().toString())
                        .put("freNm", reg.getFreNm()).put("treNm", reg.getPredictedTreNm()).put("inliers", reg.getInliers());
                DriftEstimate d = run.drift.get(instrument);
                o.put("driftCorrected", d != null);
            } else {
                root.put("overlayNote", reg == null ? "no registration yet: EM only" : "registration found but optical frame not yet seen");
            }
        }
        if (roi != null) {
            root.putObject("roi").put("x", roi.x()).put("y", roi.y()).put("w", roi.width()).put("h", roi.height());
        }
        putSeries(root, "roiSeries", run.roiHistory.get(instrument), "t", "mean");
        ObjectNode ec = root.putObject("ec");
        run.ec.forEach((id, s) -> putSeries(ec, id, s, "t", "v", "i"));
        putSeries(root, "drift", run.driftHistory.get(instrument), "t", "dx", "dy");
        ObjectNode clock = root.putObject("clock");
        run.clockResiduals.forEach((id, s) -> putSeries(clock, id, s, "t", "sigmaNs"));
        FeatureHistory fh = run.features.get(instrument);
        ObjectNode features = root.putObject("features");
        ObjectNode pump = root.putObject("pumpProbe");
        if (fh != null) {
            fh.versusPotential().forEach((name, pts) -> putPairs(features, name, pts));
            fh.pumpProbe().forEach((name, pts) -> putPairs(pump, name, pts));
        }
        root.set("health", JSON.valueToTree(health));
        return root;
    }

    private static void putSeries(ObjectNode parent, String name, Series s, String... columns) {
        if (s == null) {
            return;
        }
        double[][] cols = s.columns();
        ObjectNode o = parent.putObject(name);
        for (int c = 0; c < columns.length; c++) {
            ArrayNode a = o.putArray(columns[c]);
            for (double v : cols[c]) {
                a.add((float) v);
            }
        }
    }

    private static void putPairs(ObjectNode parent, String name, List<double[]> pts) {
        ArrayNode a = parent.putArray(name);
        for (double[] p : pts) {
            a.addArray().add(p[0]).add(p[1]);
        }
    }

    static FrameInfo info(Frame frame, long version, FrameRenderer.Rendered r, long received, long superseded) {
        return new FrameInfo(version, frame.getSequence(), r.width(), r.height(), frame.getWidth(), frame.getHeight(),
                r.factor(), received, superseded);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
