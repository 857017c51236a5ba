package org.operando.ops.scoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.operando.schema.ClockModel;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.DriftEstimate;
import org.operando.schema.FrameRef;
import org.operando.schema.GroundTruth;
import org.operando.schema.Registration;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.TruthKind;

/**
 * Scores a run's results against the simulator's ground truth: the summary's {@code sync}, {@code drift},
 * {@code registration} and {@code correlation} sections. Works from records alone, so a replayed run is scored the
 * same way as a live one.
 */
public final class Scoreboard {
    /**
     * Frames in the first part of a run are excluded from sync scoring while the clock fits converge: 30 s, or a
     * third of a shorter run.
     */
    public static final long SYNC_WARMUP_NS = 30_000_000_000L;

    private final Map<String, Map<Long, GroundTruth>> frameTruth = new HashMap<>();
    private final Map<String, Double> runValues = new HashMap<>();
    private final Map<String, StreamDescriptor> descriptors = new HashMap<>();
    private double[] trueAffine;

    public Scoreboard(List<SpecificRecord> truth, List<SpecificRecord> runs) {
        for (SpecificRecord r : truth) {
            GroundTruth g = (GroundTruth) r;
            if (g.getKind() == TruthKind.FRAME && g.getSequence() != null) {
                frameTruth.computeIfAbsent(g.getInstrumentId(), k -> new HashMap<>()).put(g.getSequence(), g);
                if (g.getAffineOpticalToEm() != null && trueAffine == null) {
                    trueAffine = g.getAffineOpticalToEm().stream().mapToDouble(Double::doubleValue).toArray();
                }
            } else if (g.getKind() == TruthKind.RUN) {
                runValues.putAll(g.getValues());
            }
        }
        for (SpecificRecord r : runs) {
            if (r instanceof StreamDescriptor d) {
                descriptors.put(d.getInstrumentId(), d);
            }
        }
    }

    public Map<String, Double> runValues() {
        return runValues;
    }

    /**
     * Master-time error of restamped frames after the warm-up, per imaging instrument, with the statistical bound:
     * for a line fitted to N marks over [from, to] (instrument time) with jitter σ, evaluated at x,
     * var = σ²(1/N + (x − x̄)²/Sxx), Sxx ≈ N·L²/12 for evenly spaced marks; plus the frame stamp's own jitter σ² —
     * per frame with the model in force when it was restamped. See docs/decisions/020.
     */
    public Map<String, Object> sync(List<SpecificRecord> correlated, List<SpecificRecord> clockModels, long runStartMasterNs) {
        long durationNs = runValues.getOrDefault("durationNs", 0.0).longValue();
        long warmupNs = durationNs > 0 ? Math.min(SYNC_WARMUP_NS, durationNs / 3) : SYNC_WARMUP_NS;
        double sigma = runValues.getOrDefault("jitterSigmaNs", Double.NaN);
        Map<String, TreeMap<Long, ClockModel>> models = new HashMap<>();
        for (SpecificRecord r : clockModels) {
            ClockModel m = (ClockModel) r;
            models.computeIfAbsent(m.getInstrumentId(), k -> new TreeMap<>()).put(m.getValidToInstrumentTimeNs(), m);
        }
        Map<String, double[]> acc = new TreeMap<>(); // sumSqErr, sumSqBound, n, marks
        int windows = 0;
        int matched = 0;
        Map<String, Boolean> seen = new HashMap<>();
        for (SpecificRecord r : latestRevisions(correlated)) {
            CorrelatedSample s = (CorrelatedSample) r;
            windows++;
            if (!s.getOptical().isEmpty() && s.getEc() != null && s.getEc().getSamples() > 0) {
                matched++;
            }
            score(acc, models, s.getInstrumentId(), s.getEmSequence(), s.getMasterStartNs(), runStartMasterNs + warmupNs, sigma, seen);
            for (FrameRef ref : s.getOptical()) {
                score(acc, models, ref.getInstrumentId(), ref.getSequence(), ref.getMasterStartNs(), runStartMasterNs + warmupNs, sigma, seen);
            }
        }
        Map<String, Object> instruments = new TreeMap<>();
        acc.forEach((id, a) -> instruments.put(id, Map.of(
                "rmsErrorNs", round(Math.sqrt(a[0] / a[2])),
                "boundNs", round(Math.sqrt(a[1] / a[2])),
                "frames", (long) a[2],
                "marksUsed", (long) a[3])));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instruments", instruments);
        out.put("matchedFraction", windows == 0 ? 0.0 : round4(matched / (double) windows));
        out.put("emWindows", windows);
        out.put("warmupS", warmupNs / 1e9);
        return out;
    }

    private void score(Map<String, double[]> acc, Map<String, TreeMap<Long, ClockModel>> models, String instrument, long sequence,
                       long masterStartNs, long scoreFromMasterNs, double sigma, Map<String, Boolean> seen) {
        if (seen.put(instrument + "#" + sequence, Boolean.TRUE) != null) {
            return;
        }
        GroundTruth truth = frameTruth.getOrDefault(instrument, Map.of()).get(sequence);
        if (truth == null || truth.getTrueMasterTimeNs() == null || truth.getTrueMasterTimeNs() < scoreFromMasterNs) {
            return;
        }
        double err = masterStartNs - truth.getTrueMasterTimeNs();
        TreeMap<Long, ClockModel> byEnd = models.get(instrument);
        double instrumentTime = instrumentTimeOf(truth, byEnd);
        var entry = byEnd == null ? null : byEnd.floorEntry((long) instrumentTime);
        double bound2 = Double.NaN;
        int marks = 0;
        if (entry != null) {
            ClockModel m = entry.getValue();
            marks = m.getMarksUsed();
            double length = m.getValidToInstrumentTimeNs() - m.getValidFromInstrumentTimeNs();
            double mean = 0.5 * (m.getValidToInstrumentTimeNs() + m.getValidFromInstrumentTimeNs());
            double sxx = marks * length * length / 12.0 * (marks + 1.0) / Math.max(1, marks - 1);
            double dx = instrumentTime - mean;
            bound2 = sigma * sigma * (1.0 / marks + dx * dx / sxx) + sigma * sigma;
        }
        double[] a = acc.computeIfAbsent(instrument, k -> new double[4]);
        a[0] += err * err;
        a[1] += bound2;
        a[2] += 1;
        a[3] = Math.max(a[3], marks);
    }

    /** The frame's instrument time is not in the truth record; invert the model in force (close enough for the bound). */
    private static double instrumentTimeOf(GroundTruth truth, TreeMap<Long, ClockModel> models) {
        if (models == null || models.isEmpty()) {
            return Double.NaN;
        }
        ClockModel last = models.lastEntry().getValue();
        double sinceReference = (truth.getTrueMasterTimeNs() - last.getReferenceMasterTimeNs()) - last.getReferenceMasterFractionNs();
        return last.getReferenceInstrumentTimeNs() + sinceReference / (1 + last.getSkew());
    }

    /**
     * Drift error per imaging stream, relative to the anchor frame: {@code rmsErrorPx} is the RMS per axis (as
     * scikit-image comparisons report it), {@code rmsErrorEuclideanPx} the RMS of the 2-D distance (√2 larger for
     * isotropic errors), {@code maxErrorPx} the largest 2-D distance; {@code rawRmsErrorPx} the RMS per axis of the
     * unfiltered measurement ({@code rawDxPx}, {@code rawDyPx}) beside the published one.
     */
    public Map<String, Object> drift(List<SpecificRecord> estimates) {
        Map<String, List<DriftEstimate>> byStream = new TreeMap<>();
        for (SpecificRecord r : estimates) {
            DriftEstimate d = (DriftEstimate) r;
            byStream.computeIfAbsent(d.getInstrumentId(), k -> new ArrayList<>()).add(d);
        }
        Map<String, Object> out = new TreeMap<>();
        byStream.forEach((id, list) -> {
            list.sort(java.util.Comparator.comparingLong(DriftEstimate::getSequence));
            Map<Long, GroundTruth> truth = frameTruth.getOrDefault(id, Map.of());
            GroundTruth anchor = truth.get(list.get(0).getSequence());
            if (anchor == null) {
                return;
            }
            double sum = 0;
            double rawSum = 0;
            double max = 0;
            int n = 0;
            for (DriftEstimate d : list) {
                GroundTruth t = truth.get(d.getSequence());
                if (t == null) {
                    continue;
                }
                double ex = d.getDxPx() - (t.getDriftXPx() - anchor.getDriftXPx());
                double ey = d.getDyPx() - (t.getDriftYPx() - anchor.getDriftYPx());
                double e2 = ex * ex + ey * ey;
                double rx = d.getRawDxPx() - (t.getDriftXPx() - anchor.getDriftXPx());
                double ry = d.getRawDyPx() - (t.getDriftYPx() - anchor.getDriftYPx());
                rawSum += rx * rx + ry * ry;
                sum += e2;
                max = Math.max(max, Math.sqrt(e2));
                n++;
            }
            if (n > 0) {
                out.put(id, Map.of("rmsErrorPx", round4(Math.sqrt(sum / n / 2)), "rmsErrorEuclideanPx", round4(Math.sqrt(sum / n)),
                        "maxErrorPx", round4(max), "rawRmsErrorPx", round4(Math.sqrt(rawSum / n / 2)), "frames", n));
            }
        });
        return out;
    }

    /**
     * Registration error of the last estimate against the true optical → EM transform, where the overlay is used: RMS
     * over a 16 × 16 grid spanning the EM field of the distance, in EM nm, between where the fitted and the true
     * affine put the optical point that truly lies there. The prediction is the RMS of the stage's predicted TRE at the
     * field centre and corners.
     */
    public Map<String, Object> registration(List<SpecificRecord> registrations) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (registrations.isEmpty() || trueAffine == null) {
            out.put("updates", registrations.size());
            return out;
        }
        Registration last = (Registration) registrations.get(registrations.size() - 1);
        StreamDescriptor em = descriptors.get(last.getInstrumentId());
        double[] a = last.getAffine().stream().mapToDouble(Double::doubleValue).toArray();
        int w = em == null || em.getWidth() == null ? 512 : em.getWidth();
        int h = em == null || em.getHeight() == null ? 512 : em.getHeight();
        double emPixelNm = em == null || em.getPixelSizeNm() == null ? 1.0 : em.getPixelSizeNm();
        double det = trueAffine[0] * trueAffine[4] - trueAffine[1] * trueAffine[3];
        double sum = 0;
        int n = 0;
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                double xe = (i + 0.5) * w / 16.0 - 0.5;
                double ye = (j + 0.5) * h / 16.0 - 0.5;
                // the optical point that the true transform maps onto (xe, ye)
                double u = xe - trueAffine[2];
                double v = ye - trueAffine[5];
                double xo = (trueAffine[4] * u - trueAffine[1] * v) / det;
                double yo = (-trueAffine[3] * u + trueAffine[0] * v) / det;
                double dx = a[0] * xo + a[1] * yo + a[2] - xe;
                double dy = a[3] * xo + a[4] * yo + a[5] - ye;
                sum += dx * dx + dy * dy;
                n++;
            }
        }
        double predicted2 = last.getPredictedTreNm() * last.getPredictedTreNm();
        for (double c : last.getPredictedTreCornersNm()) {
            predicted2 += c * c;
        }
        out.put("treNm", round4(Math.sqrt(sum / n) * emPixelNm));
        out.put("predictedTreNm", round4(Math.sqrt(predicted2 / (1 + last.getPredictedTreCornersNm().size()))));
        out.put("freNm", round4(last.getFreNm()));
        out.put("fiducials", Math.min(last.getFiducialsEm(), last.getFiducialsOptical()));
        out.put("inliers", last.getInliers());
        out.put("updates", registrations.size());
        return out;
    }

    /**
     * The newest lag and time-constant results against their true values: {@code lagS, trueLagS, lagErrorS} and, for
     * a pump-probe run, {@code tauS, trueTauS, tauErrorS}.
     */
    public Map<String, Object> correlation(List<SpecificRecord> results) {
        Map<String, Object> out = new LinkedHashMap<>();
        org.operando.schema.CorrelationResult lag = null;
        org.operando.schema.CorrelationResult tau = null;
        for (SpecificRecord r : results) {
            var c = (org.operando.schema.CorrelationResult) r;
            if (c.getKind() == org.operando.schema.CorrelationKind.LAG && (lag == null || c.getRevision() >= lag.getRevision())) {
                lag = c;
            } else if (c.getKind() == org.operando.schema.CorrelationKind.TAU && (tau == null || c.getRevision() >= tau.getRevision())) {
                tau = c;
            }
        }
        if (lag != null && lag.getValues().containsKey("lagS")) {
            double v = lag.getValues().get("lagS");
            Double truth = runValues.get("trueLagS");
            out.put("feature", lag.getFeature());
            out.put("lagS", round4(v));
            out.put("lagSigmaS", round4(lag.getValues().getOrDefault("lagSigmaS", Double.NaN)));
            if (truth != null) {
                out.put("trueLagS", round4(truth));
                out.put("lagErrorS", round4(Math.abs(v - truth)));
            }
        }
        if (tau != null && tau.getValues().containsKey("tauS")) {
            double v = tau.getValues().get("tauS");
            Double truth = runValues.get("trueTauS");
            out.put("tauS", v);
            out.put("tauSigmaS", tau.getValues().getOrDefault("tauSigmaS", Double.NaN));
            if (truth != null) {
                out.put("trueTauS", truth);
                out.put("tauErrorS", Math.abs(v - truth));
            }
        }
        return out;
    }

    /** Keeps the highest revision of each EM window. */
    public static List<SpecificRecord> latestRevisions(List<SpecificRecord> correlated) {
        Map<String, CorrelatedSample> latest = new LinkedHashMap<>();
        for (SpecificRecord r : correlated) {
            CorrelatedSample s = (CorrelatedSample) r;
            latest.merge(s.getInstrumentId() + "#" + s.getEmSequence(), s, (a, b) -> b.getRevision() >= a.getRevision() ? b : a);
        }
        return new ArrayList<>(latest.values());
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round4(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
