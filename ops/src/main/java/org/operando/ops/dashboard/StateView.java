package org.operando.ops.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.operando.schema.Modality;
import org.operando.schema.Registration;

/**
 * Builds the JSON the page draws for one selection (runs, the focused run's imaging instrument): the run list to
 * pick from, the focused frame and overlay image addresses with their versions, the plot series of every selected
 * run with every time in run seconds ({@link RunClock}), the health table and the banners. Pure: reads run states
 * and the renders already made, returns a tree.
 */
final class StateView {
    static final ObjectMapper JSON = new ObjectMapper();

    private StateView() {
    }

    /** What the page shows of the focused frame, if any. */
    record FrameInfo(long version, long sequence, long newestSequence, boolean corrected, double dxPx, double dyPx, int width,
                     int height, int rawWidth, int rawHeight, int factor, long superseded) {
    }

    /** One request: the run list, the selected runs (the first is focused), the focused instrument and its render. */
    record Selection(List<RunCatalog.Entry> index, List<RunState> runs, String instrument, FrameInfo frame, boolean overlayDrawn,
                     FrameRenderer.Roi roi) {
    }

    /** Per run and stream: records per second. */
    interface Rates {
        Map<String, Double> of(RunState run);
    }

    static ObjectNode build(Selection sel, Map<String, Object> health, Rates rates, Alerts alerts, long nowMs, long lagRecords) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode index = root.putArray("runs");
        for (RunCatalog.Entry e : sel.index()) {
            index.addObject().put("id", e.runId()).put("specimen", e.specimen()).put("startWallMs", e.startWallMs())
                    .put("open", e.open()).put("loaded", e.loaded());
        }
        ArrayNode selected = root.putArray("selected");
        sel.runs().forEach(r -> selected.add(r.runId));
        ArrayNode banners = root.putArray("alerts");
        ObjectNode series = root.putObject("series");
        ArrayNode table = root.putArray("health");
        for (RunState run : sel.runs()) {
            alerts.add(banners, run, nowMs, lagRecords);
            putRun(series.putObject(run.runId), run);
            putHealth(table, run, rates.of(run), nowMs, health);
        }
        root.put("lag", lagRecords);
        root.set("pipeline", JSON.valueToTree(health));
        if (sel.runs().isEmpty()) {
            root.putNull("run");
            return root;
        }
        RunState run = sel.runs().get(0);
        String instrument = sel.instrument();
        root.put("run", run.runId);
        ArrayNode instruments = root.putArray("instruments");
        for (String id : DashboardFeed.instruments(run)) {
            Modality m = run.modalities.get(id);
            instruments.addObject().put("id", id).put("modality", m == null ? "unknown" : m.name())
                    .put("imaging", run.frames.containsKey(id));
        }
        root.put("instrument", instrument);
        FrameInfo frame = sel.frame();
        if (frame != null) {
            ObjectNode f = root.putObject("frame");
            String q = "run=" + enc(run.runId) + "&instrument=" + enc(instrument) + "&v=" + frame.version();
            f.put("url", "/api/frame.png?" + q).put("rawUrl", "/api/frame.png?" + q + "&raw=1").put("version", frame.version())
                    .put("sequence", frame.sequence()).put("newestSequence", frame.newestSequence())
                    .put("corrected", frame.corrected()).put("dxPx", frame.dxPx()).put("dyPx", frame.dyPx())
                    .put("width", frame.width()).put("height", frame.height()).put("rawWidth", frame.rawWidth())
                    .put("rawHeight", frame.rawHeight()).put("factor", frame.factor()).put("superseded", frame.superseded());
            Registration reg = run.registrations.get(instrument);
            if (reg != null && sel.overlayDrawn()) {
                ObjectNode o = root.putObject("overlay");
                o.put("url", "/api/overlay.png?" + q).put("rawUrl", "/api/overlay.png?" + q + "&raw=1")
                        .put("optical", reg.getOpticalInstrumentId().toString()).put("freNm", reg.getFreNm())
                        .put("treNm", reg.getPredictedTreNm()).put("inliers", reg.getInliers());
            } else {
                root.put("overlayNote", reg == null ? "no registration yet: EM only" : "registration found but optical frame not yet seen");
            }
        }
        if (sel.roi() != null) {
            FrameRenderer.Roi roi = sel.roi();
            root.putObject("roi").put("x", roi.x()).put("y", roi.y()).put("w", roi.width()).put("h", roi.height());
        }
        return root;
    }

    /** The plot series of one run; {@code timeBase} says whether every time is on the master clock. */
    private static void putRun(ObjectNode o, RunState run) {
        boolean[] master = {true};
        RunClock clock = run.clock;
        o.put("specimen", run.specimen()).put("open", !run.stopped());
        double stop = run.stopS();
        if (Double.isFinite(stop)) {
            o.put("stopS", stop);
        }
        ObjectNode ec = o.putObject("ec");
        double[][] cycleLookup = null;
        for (Map.Entry<String, InstrumentTrace> e : new java.util.TreeMap<>(run.ec).entrySet()) {
            double[][] c = e.getValue().columns(clock, master);
            putColumns(ec.putObject(e.getKey()), c, "t", "v", "i", "cycle");
            if (cycleLookup == null) {
                cycleLookup = c;
            }
        }
        ObjectNode drift = o.putObject("drift");
        run.driftHistory.forEach((id, s) -> {
            double[][] c = s.columns();
            for (int k = 0; k < c[0].length; k++) {
                c[0][k] = clock.runS((long) c[0][k]);
            }
            putColumns(drift.putObject(id), c, "t", "dx", "dy", "rawDx", "rawDy", "sequence");
        });
        ObjectNode residuals = o.putObject("clock");
        run.clockResiduals.forEach((id, s) -> putColumns(residuals.putObject(id), s.columns(clock, master), "t", "sigmaNs"));
        ObjectNode roi = o.putObject("roiSeries");
        run.roiHistory.forEach((id, s) -> putColumns(roi.putObject(id), s.columns(clock, master), "t", "mean"));
        ObjectNode features = o.putObject("features");
        ObjectNode pump = o.putObject("pumpProbe");
        double[][] lookup = cycleLookup;
        run.features.forEach((id, fh) -> {
            ObjectNode perInstrument = features.putObject(id);
            fh.versusPotential().forEach((name, rows) -> {
                ObjectNode f = perInstrument.putObject(name);
                ArrayNode v = f.putArray("v");
                ArrayNode y = f.putArray("y");
                ArrayNode t = f.putArray("t");
                ArrayNode cycle = f.putArray("cycle");
                for (double[] r : rows) {
                    double ts = clock.runS((long) r[2]);
                    num(v, r[0]);
                    num(y, r[1]);
                    num(t, ts);
                    cycle.add(cycleAt(lookup, ts));
                }
            });
            ObjectNode pp = pump.putObject(id);
            fh.pumpProbe().forEach((name, pts) -> {
                ArrayNode a = pp.putArray(name);
                pts.forEach(p -> a.addArray().add(p[0]).add(p[1]));
            });
        });
        o.put("timeBase", master[0] ? "master" : "mixed");
    }

    /** The CV cycle of the potentiostat at run time {@code t}: the cycle of the last EC point at or before it. */
    static int cycleAt(double[][] ec, double t) {
        if (ec == null || ec[0].length == 0) {
            return 0;
        }
        double[] ts = ec[0];
        int lo = 0;
        int hi = ts.length - 1;
        if (t <= ts[0]) {
            return (int) ec[3][0];
        }
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (ts[mid] <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return (int) ec[3][lo];
    }

    private static void putHealth(ArrayNode table, RunState run, Map<String, Double> perS, long nowMs, Map<String, Object> health) {
        Map<String, Long> received = run.receivedCounts();
        Map<String, Long> dead = run.deadLetterCounts();
        java.util.TreeSet<String> ids = new java.util.TreeSet<>(received.keySet());
        ids.addAll(dead.keySet());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Number>> latency = (Map<String, Map<String, Number>>) health.getOrDefault("latencyMs", Map.of());
        for (String id : ids) {
            ObjectNode row = table.addObject().put("run", run.runId).put("open", !run.stopped()).put("stream", id)
                    .put("received", received.getOrDefault(id, 0L))
                    .put("ratePerS", Math.round(perS.getOrDefault(id, 0.0) * 10) / 10.0)
                    .put("deadLetters", dead.getOrDefault(id, 0L));
            Long last = run.lastInputMs.get(id);
            if (last != null) {
                row.put("silentS", Math.max(0, nowMs - last) / 1e3);
            }
            Map<String, Number> l = latency.get(id);
            if (l != null) {
                row.put("p50Ms", l.get("p50").doubleValue()).put("p99Ms", l.get("p99").doubleValue());
            }
        }
    }

    private static void putColumns(ObjectNode o, double[][] cols, String... names) {
        for (int c = 0; c < names.length; c++) {
            ArrayNode a = o.putArray(names[c]);
            for (double v : cols[c]) {
                num(a, v);
            }
        }
    }

    /** JSON has no NaN: a value not yet known (no run start) is null, and the page skips it. */
    private static void num(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add((float) v);
        } else {
            a.addNull();
        }
    }

    static FrameInfo info(CorrectedFrames.Pair pair, long version, long newestSequence, FrameRenderer.Rendered r, long superseded) {
        var f = pair.frame();
        boolean corrected = pair.drift() != null;
        return new FrameInfo(version, f.getSequence(), newestSequence, corrected, corrected ? pair.drift().getDxPx() : 0,
                corrected ? pair.drift().getDyPx() : 0, r.width(), r.height(), f.getWidth(), f.getHeight(), r.factor(), superseded);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
