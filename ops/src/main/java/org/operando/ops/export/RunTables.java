package org.operando.ops.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.operando.schema.ClockModel;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.CorrelationResult;
import org.operando.schema.DriftEstimate;
import org.operando.schema.EcSummary;
import org.operando.schema.Registration;

/**
 * The processors' results as tables, field for field from the records (names in snake case, units in
 * {@code units}): drift, registrations, clock models, aligned windows and correlation results. Times are also
 * given as seconds since the run start on the master clock ({@code *_s}).
 */
public final class RunTables {
    private RunTables() {
    }

    public static List<Table> of(RunMetadata meta) {
        List<Table> tables = new ArrayList<>();
        long origin = meta.start().getStartMasterTimeNs();
        meta.drift().forEach((id, estimates) -> tables.add(drift(id, estimates, origin)));
        Map<String, List<Registration>> pairs = new java.util.LinkedHashMap<>();
        meta.registrations().forEach(g -> pairs.computeIfAbsent(g.getInstrumentId() + "__" + g.getOpticalInstrumentId(),
                k -> new ArrayList<>()).add(g));
        pairs.forEach((name, list) -> tables.add(registrations(name, list, origin)));
        meta.clockModels().forEach((id, models) -> tables.add(clock(id, models, origin)));
        meta.correlated().forEach((id, windows) -> tables.add(correlated(id, windows, origin)));
        for (CorrelationResult r : meta.results()) {
            tables.add(result(r, origin));
        }
        return tables;
    }

    static Table drift(String id, TreeMap<Long, DriftEstimate> estimates, long origin) {
        int n = estimates.size();
        long[] seq = new long[n];
        double[] t = new double[n];
        double[][] v = new double[7][n];
        long[] jump = new long[n];
        long[] low = new long[n];
        long[] ref = new long[n];
        int i = 0;
        for (DriftEstimate d : estimates.values()) {
            seq[i] = d.getSequence();
            t[i] = (d.getMasterTimeNs() - origin) / 1e9;
            v[0][i] = d.getDxPx();
            v[1][i] = d.getDyPx();
            v[2][i] = d.getDxNm();
            v[3][i] = d.getDyNm();
            v[4][i] = d.getRawDxPx();
            v[5][i] = d.getRawDyPx();
            v[6][i] = d.getConfidence();
            jump[i] = d.getJump() ? 1 : 0;
            low[i] = d.getLowConfidence() ? 1 : 0;
            ref[i] = d.getReferenceSequence();
            i++;
        }
        return new Table.Builder("drift/" + id, "NXtransformations")
                .attr("description", "Cumulative specimen drift of each frame of " + id + " relative to the run's anchor frame "
                        + "(DriftEstimate). The exported stack is raw: to correct frame t, shift it by (-dx_px, -dy_px).")
                .column("sequence", "", seq)
                .column("master_time_s", "s", t)
                .column("dx_px", "pixel", v[0])
                .column("dy_px", "pixel", v[1])
                .column(Table.Column.of("dx_nm", "nm", v[2]).withAttrs(Map.of("transformation_type", "translation",
                        "vector", new double[] {1, 0, 0}, "depends_on", ".")))
                .column(Table.Column.of("dy_nm", "nm", v[3]).withAttrs(Map.of("transformation_type", "translation",
                        "vector", new double[] {0, 1, 0}, "depends_on", "dx_nm")))
                .column("raw_dx_px", "pixel", v[4])
                .column("raw_dy_px", "pixel", v[5])
                .column("confidence", "", v[6])
                .column("jump", "", jump)
                .column("low_confidence", "", low)
                .column("reference_sequence", "", ref)
                .build();
    }

    static Table registrations(String name, List<Registration> list, long origin) {
        int n = list.size();
        double[] affine = new double[n * 6];
        double[] corners = new double[n * 4];
        long[] em = new long[n];
        long[] opt = new long[n];
        double[] t = new double[n];
        double[] fre = new double[n];
        double[] tre = new double[n];
        long[][] counts = new long[3][n];
        for (int i = 0; i < n; i++) {
            Registration g = list.get(i);
            for (int k = 0; k < 6; k++) {
                affine[6 * i + k] = g.getAffine().get(k);
            }
            for (int k = 0; k < 4; k++) {
                corners[4 * i + k] = k < g.getPredictedTreCornersNm().size() ? g.getPredictedTreCornersNm().get(k) : Double.NaN;
            }
            em[i] = g.getEmSequence();
            opt[i] = g.getOpticalSequence();
            t[i] = (g.getMasterTimeNs() - origin) / 1e9;
            fre[i] = g.getFreNm();
            tre[i] = g.getPredictedTreNm();
            counts[0][i] = g.getFiducialsEm();
            counts[1][i] = g.getFiducialsOptical();
            counts[2][i] = g.getInliers();
        }
        Registration first = list.get(0);
        return new Table.Builder("registrations/" + name, "NXtransformations")
                .attr("em_instrument", first.getInstrumentId())
                .attr("optical_instrument", first.getOpticalInstrumentId())
                .attr("description", "Registrations (affine 2x3 [[a, b, tx], [c, d, ty]]: x_em = a x_opt + b y_opt + tx, in pixels "
                        + "of drift-free anchor frames), in the order published; the last is the one used for the registered channel")
                .column(new Table.Column("affine", "pixel", Map.of("description", "row-major 2x3 per registration"),
                        new long[] {n, 2, 3}, affine, null))
                .column("em_sequence", "", em)
                .column("optical_sequence", "", opt)
                .column("master_time_s", "s", t)
                .column("fre_nm", "nm", fre)
                .column("predicted_tre_nm", "nm", tre)
                .column(new Table.Column("predicted_tre_corners_nm", "nm", Map.of(), new long[] {n, 4}, corners, null))
                .column("fiducials_em", "", counts[0])
                .column("fiducials_optical", "", counts[1])
                .column("inliers", "", counts[2])
                .build();
    }

    static Table clock(String id, List<ClockModel> models, long origin) {
        int n = models.size();
        long[][] l = new long[6][n];
        double[][] d = new double[7][n];
        for (int i = 0; i < n; i++) {
            ClockModel m = models.get(i);
            l[0][i] = m.getReferenceInstrumentTimeNs();
            l[1][i] = m.getReferenceMasterTimeNs();
            l[2][i] = m.getMarksUsed();
            l[3][i] = m.getMarksRejected();
            l[4][i] = m.getValidFromInstrumentTimeNs();
            l[5][i] = m.getValidToInstrumentTimeNs();
            d[0][i] = m.getReferenceMasterFractionNs();
            d[1][i] = m.getSkew();
            d[2][i] = m.getResidualSigmaNs();
            d[3][i] = m.getOffsetSigmaNs();
            d[4][i] = m.getSkewSigma();
            d[5][i] = (m.getReferenceMasterTimeNs() - origin + m.getReferenceMasterFractionNs()) / 1e9;
            d[6][i] = (double) (m.getReferenceMasterTimeNs() - m.getReferenceInstrumentTimeNs()) + m.getReferenceMasterFractionNs();
        }
        return new Table.Builder("clocks/" + id, "NXlog")
                .attr("description", "Clock models of " + id + " in the order fitted: master = reference_master_time_ns + "
                        + "reference_master_fraction_ns + (1 + skew) (t - reference_instrument_time_ns); the last one places its data")
                .column(Table.Column.of("time", "s", d[5]).withAttrs(Map.of("description", "master time of the reference point, "
                        + "seconds since the run start")))
                .column(Table.Column.of("value", "ns", d[6]).withAttrs(Map.of("description", "offset: master minus instrument time "
                        + "at the reference point")))
                .column("reference_instrument_time_ns", "ns", l[0])
                .column("reference_master_time_ns", "ns", l[1])
                .column("reference_master_fraction_ns", "ns", d[0])
                .column("skew", "", d[1])
                .column("residual_sigma_ns", "ns", d[2])
                .column("offset_sigma_ns", "ns", d[3])
                .column("skew_sigma", "", d[4])
                .column("marks_used", "", l[2])
                .column("marks_rejected", "", l[3])
                .column("valid_from_instrument_time_ns", "ns", l[4])
                .column("valid_to_instrument_time_ns", "ns", l[5])
                .build();
    }

    static Table correlated(String id, TreeMap<Long, CorrelatedSample> windows, long origin) {
        int n = windows.size();
        long[] seq = new long[n];
        long[] revision = new long[n];
        long[] opticalFrames = new long[n];
        long[] samples = new long[n];
        double[][] d = new double[10][n];
        TreeSet<String> features = new TreeSet<>();
        windows.values().forEach(w -> features.addAll(w.getFeatures().keySet()));
        Map<String, double[]> feature = new TreeMap<>();
        features.forEach(f -> feature.put(f, new double[n]));
        int i = 0;
        for (CorrelatedSample w : windows.values()) {
            seq[i] = w.getEmSequence();
            revision[i] = w.getRevision();
            opticalFrames[i] = w.getOptical().size();
            d[0][i] = (w.getMasterStartNs() - origin) / 1e9;
            d[1][i] = (w.getMasterEndNs() - origin) / 1e9;
            d[2][i] = w.getMasterTimeSigmaNs();
            EcSummary ec = w.getEc();
            samples[i] = ec == null ? 0 : ec.getSamples();
            double[] e = ec == null ? null : new double[] {ec.getMeanPotentialV(), ec.getMinPotentialV(), ec.getMaxPotentialV(),
                    ec.getMeanCurrentA(), ec.getMinCurrentA(), ec.getMaxCurrentA(), ec.getChargeC()};
            for (int k = 0; k < 7; k++) {
                d[3 + k][i] = e == null ? Double.NaN : e[k];
            }
            int row = i;
            feature.forEach((f, values) -> values[row] = w.getFeatures().getOrDefault(f, Double.NaN));
            i++;
        }
        Table.Builder t = new Table.Builder("correlated/" + id, "NXcollection")
                .attr("description", "Aligned EM exposure windows of " + id + " (CorrelatedSample, highest revision): the EC "
                        + "state inside each window and the image features; NaN where a window has no EC samples or feature")
                .column("em_sequence", "", seq)
                .column("master_start_s", "s", d[0])
                .column("master_end_s", "s", d[1])
                .column("master_time_sigma_ns", "ns", d[2])
                .column("revision", "", revision)
                .column("optical_frames", "", opticalFrames)
                .column("ec_samples", "", samples)
                .column("ec_mean_potential_v", "V", d[3])
                .column("ec_min_potential_v", "V", d[4])
                .column("ec_max_potential_v", "V", d[5])
                .column("ec_mean_current_a", "A", d[6])
                .column("ec_min_current_a", "A", d[7])
                .column("ec_max_current_a", "A", d[8])
                .column("ec_charge_c", "C", d[9]);
        feature.forEach((f, values) -> t.column(Table.Column.of("feature_" + f, "", values)
                .withAttrs(Map.of("description", "feature " + f + " (its unit is in its name)"))));
        return t.build();
    }

    static Table result(CorrelationResult r, long origin) {
        double[] x = r.getX().stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = r.getY().stream().mapToDouble(Double::doubleValue).toArray();
        return new Table.Builder("correlation/" + r.getInstrumentId() + "__" + r.getKind() + "__" + r.getFeature(), "NXcollection")
                .attr("instrument", r.getInstrumentId())
                .attr("kind", r.getKind().toString())
                .attr("feature", r.getFeature())
                .attr("revision", (long) r.getRevision())
                .attr("master_time_s", (r.getMasterTimeNs() - origin) / 1e9)
                .attr("values", new TreeMap<>(r.getValues()))
                .attr("labels", List.copyOf(r.getLabels()))
                .column("x", r.getKind().toString().equals("CV_CURVE") ? "V" : r.getKind().toString().equals("CHARGE_AREA") ? "C"
                        : r.getKind().toString().equals("TAU") ? "s" : "", x)
                .column("y", "", y)
                .build();
    }
}
