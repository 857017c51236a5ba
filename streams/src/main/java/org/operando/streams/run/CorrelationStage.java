package org.operando.streams.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.operando.schema.CorrelationKind;
import org.operando.schema.CorrelationResult;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.FrameAnalysis;
import org.operando.streams.pixels.FrameAnalyzer;
import org.operando.streams.correlation.CorrelationException;
import org.operando.streams.correlation.CvBinning;
import org.operando.streams.correlation.CvBranch;
import org.operando.streams.correlation.CvCurve;
import org.operando.streams.correlation.CvCycle;
import org.operando.streams.correlation.DelayBins;
import org.operando.streams.correlation.DelaySample;
import org.operando.streams.correlation.FirstOrderLagFit;
import org.operando.streams.correlation.LagResult;
import org.operando.streams.correlation.LagSettings;
import org.operando.streams.correlation.LaggedCrossCorrelation;
import org.operando.streams.correlation.PumpProbeAnalysis;
import org.operando.streams.correlation.TauFit;
import org.operando.streams.correlation.TauModel;
import org.operando.streams.correlation.TimeSeries;

/**
 * Correlation of one run. Per EM frame: particle count and projected area (robust background threshold, dark
 * particles, 8-connected components) and the mean counts in a central ROI that follows the measured drift. Per run, recomputed every
 * {@code every} EM frames and at run end: the delay of the particle-area response behind the charge passed (fitted
 * first-order time constant, with the cross-correlation peak beside it), the CV-resolved feature-vs-potential curve,
 * and for pump-probe frames the pumped-minus-unpumped ROI signal binned by delay with a fitted time constant.
 */
public final class CorrelationStage {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CorrelationStage.class);
    public static final String AREA = FrameAnalyzer.AREA;
    public static final String COUNT = FrameAnalyzer.COUNT;
    public static final String ROI = FrameAnalyzer.ROI;
    private static final int MAX_POINTS = 20_000;

    private final String runId;
    private final int every;
    private final Emitter emitter;
    private final List<double[]> charge = new ArrayList<>();   // {t s, cumulative C}
    private final List<double[]> potential = new ArrayList<>(); // {t s, V} at block resolution
    private final TreeMap<Double, Double> area = new TreeMap<>(); // t s -> √(particle area) in nm, linear in radius
    private final List<DelaySample> delays = new ArrayList<>();
    private final List<Double> delayTimes = new ArrayList<>();
    private int windows;
    private long originNs = Long.MIN_VALUE;
    private double cumulativeC;
    private int lagRevision;
    private int tauRevision;
    private int cvRevision;
    private String emInstrument;

    public CorrelationStage(String runId, int every, Emitter emitter) {
        this.runId = runId;
        this.every = every;
        this.emitter = emitter;
    }

    /** An EM frame's features (measured by the pixel stage), recorded for the run-level correlations; returns them. */
    public Map<String, Double> em(Restamped r) {
        FrameAnalysis f = r.analysis();
        if (emInstrument == null) {
            emInstrument = f.getInstrumentId(); // a run whose RunStart lists no EM instrument: the first one seen
        }
        Map<String, Double> features = new TreeMap<>(f.getFeatures());
        if (!features.containsKey(AREA) || !emInstrument.equals(f.getInstrumentId())) {
            return features; // the feature step failed on this frame (dead-lettered by the pixel stage)
        }
        double t = seconds(r.midNs());
        if (f.getPumpDelayFs() != null && f.getPumpOn() != null) {
            delays.add(new DelaySample(f.getPumpDelayFs() * 1e-15, f.getPumpOn(), features.get(ROI)));
            delayTimes.add(t);
        } else {
            area.put(t, Math.sqrt(features.get(AREA)));
        }
        return features;
    }

    /** EC samples on the master clock: integrated into the charge passed. */
    public void electrochem(ElectrochemBlock block, long[] masterNs) {
        List<Double> current = block.getCurrentA();
        double q = 0;
        for (int i = 1; i < masterNs.length; i++) {
            q += 0.5 * (current.get(i - 1) + current.get(i)) * (masterNs[i] - masterNs[i - 1]) * 1e-9;
        }
        if (!charge.isEmpty()) {
            double[] last = charge.get(charge.size() - 1);
            double t0 = seconds(masterNs[0]);
            if (t0 <= last[0]) {
                return; // out of order: the charge series must increase in time
            }
            q += 0.5 * (current.get(0) + last[2]) * (t0 - last[0]);
        }
        cumulativeC += q;
        double t = seconds(masterNs[masterNs.length - 1]);
        charge.add(new double[] {t, cumulativeC, current.get(current.size() - 1)});
        potential.add(new double[] {t, block.getPotentialV().get(block.getPotentialV().size() - 1)});
        if (charge.size() > MAX_POINTS) {
            charge.remove(0);
            potential.remove(0);
        }
    }

    /**
     * The EM instrument whose frames the run-level correlations follow: the first the RunStart lists, so a run with
     * several EM streams (analysed in different tasks, arriving in any interleaving) always correlates the same one.
     */
    public void primaryEm(String instrumentId) {
        if (emInstrument == null) {
            emInstrument = instrumentId;
        }
    }

    /** The run's time origin (RunStart's master time), so results do not depend on which record came first. */
    public void origin(long masterNs) {
        if (originNs == Long.MIN_VALUE) {
            originNs = masterNs;
        }
    }

    /**
     * An EM window was emitted: every {@code every} windows the run-level results are recomputed from the data up to
     * that window's end, which every stream has passed when the window is emitted, so the result does not depend on
     * how the streams interleave.
     */
    public void onWindow(org.operando.schema.CorrelatedSample sample) {
        if (sample.getRevision() == 0 && sample.getInstrumentId().equals(emInstrument) && ++windows % every == 0) {
            update(sample.getMasterEndNs(), seconds(sample.getMasterEndNs()));
        }
    }

    /** Final results at the end of the run, from all data. */
    public void finish(long masterNs) {
        update(masterNs, Double.POSITIVE_INFINITY);
    }

    private void update(long masterNs, double untilS) {
        if (emInstrument == null) {
            return;
        }
        try {
            lag(masterNs, untilS);
        } catch (CorrelationException | IllegalArgumentException e) {
            LOG.info("Run {}: no {} result yet: {}", runId, "lag", e.getMessage());
        }
        try {
            cv(masterNs, untilS);
        } catch (CorrelationException | IllegalArgumentException e) {
            LOG.info("Run {}: no {} result yet: {}", runId, "cv", e.getMessage());
        }
        try {
            tau(masterNs, untilS);
        } catch (CorrelationException | IllegalArgumentException e) {
            LOG.info("Run {}: no {} result yet: {}", runId, "tau", e.getMessage());
        }
    }

    private void lag(long masterNs, double untilS) {
        List<double[]> chargeUntil = until(charge, untilS);
        var areaUntil = area.headMap(untilS, true);
        if (areaUntil.size() < 20 || chargeUntil.size() < 20) {
            return;
        }
        TimeSeries drive = series(chargeUntil, 1);
        TimeSeries response = new TimeSeries(areaUntil.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                areaUntil.values().stream().mapToDouble(Double::doubleValue).toArray());
        // the double-layer charge C_dl·E is inside the measured charge but grows no particles: potential as nuisance input
        FirstOrderLagFit.Result fit = FirstOrderLagFit.fit(drive, series(until(potential, untilS), 1), response, 0.02, 60);
        Map<String, Double> values = new TreeMap<>();
        values.put("lagS", fit.tauS());
        values.put("lagSigmaS", fit.sigmaS());
        values.put("gainNm2PerC", fit.gain());
        values.put("samples", (double) fit.n());
        try {
            LagResult x = LaggedCrossCorrelation.estimate(drive, response, LagSettings.of(0.1, 10));
            values.put("xcorrLagS", x.lagS());
            values.put("xcorrSigmaS", x.sigmaS());
            values.put("xcorrPeak", x.peakCorrelation());
        } catch (CorrelationException e) {
            // no usable cross-correlation peak (e.g. at the edge of the lag range): reported by its absence
        }
        emitter.emit(result(CorrelationKind.LAG, "sqrtParticleAreaNm", masterNs, lagRevision++, values, List.of(), List.of(), List.of()));
    }

    private void cv(long masterNs, double untilS) {
        List<double[]> potentialUntil = until(potential, untilS);
        if (area.size() < 20 || potentialUntil.size() < 20) {
            return;
        }
        TimeSeries pot = series(potentialUntil, 1);
        double min = pot.values()[0];
        double max = min;
        for (double v : pot.values()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (max - min < 0.05) {
            return; // not a sweep
        }
        double[] t = area.keySet().stream().mapToDouble(Double::doubleValue).filter(s -> s >= pot.startS() && s <= pot.endS()).toArray();
        double[] v = area.entrySet().stream().filter(e -> e.getKey() >= pot.startS() && e.getKey() <= pot.endS())
                .mapToDouble(Map.Entry::getValue).toArray();
        if (t.length < 20) {
            return;
        }
        CvCurve curve = CvCurve.of(pot, new TimeSeries(t, v), new CvBinning(min, max, 20), 0.02);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (CvCycle c : curve.cycles()) {
            addBranch(curve.binning(), c.anodic(), "cycle" + c.index() + "-anodic", xs, ys, labels);
            addBranch(curve.binning(), c.cathodic(), "cycle" + c.index() + "-cathodic", xs, ys, labels);
        }
        emitter.emit(result(CorrelationKind.CV_CURVE, AREA, masterNs, cvRevision++,
                Map.of("cycles", (double) curve.cycles().size(), "completeCycles", (double) curve.completeCycles()), xs, ys, labels));
    }

    private static void addBranch(CvBinning binning, CvBranch branch, String label, List<Double> xs, List<Double> ys, List<String> labels) {
        for (int b = 0; b < binning.bins(); b++) {
            var mean = branch.mean(b);
            if (mean.isPresent()) {
                xs.add(binning.centreV(b));
                ys.add(mean.getAsDouble());
                labels.add(label);
            }
        }
    }

    private void tau(long masterNs, double untilS) {
        List<DelaySample> delays = new ArrayList<>();
        for (int i = 0; i < this.delays.size(); i++) {
            if (delayTimes.get(i) <= untilS) {
                delays.add(this.delays.get(i));
            }
        }
        if (delays.size() < 24) {
            return;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (DelaySample s : delays) {
            if (s.delayS() > 0) {
                min = Math.min(min, s.delayS());
                max = Math.max(max, s.delayS());
            }
        }
        if (!(max > min)) {
            return;
        }
        DelayBins bins = DelayBins.logarithmic(min * 0.999, max * 1.001, 12);
        TauFit fit = PumpProbeAnalysis.analyse(delays, bins, TauModel.RISE, true);
        var binned = PumpProbeAnalysis.binDifferences(delays, bins);
        emitter.emit(result(CorrelationKind.TAU, ROI, masterNs, tauRevision++,
                Map.of("tauS", fit.tauS(), "tauSigmaS", fit.sigmaS(), "amplitude", fit.amplitude(), "bins", (double) fit.bins()),
                binned.stream().map(b -> b.delayS()).toList(), binned.stream().map(b -> b.deltaI()).toList(), List.of()));
    }

    private CorrelationResult result(CorrelationKind kind, String feature, long masterNs, int revision, Map<String, Double> values,
                                     List<Double> x, List<Double> y, List<String> labels) {
        return CorrelationResult.newBuilder().setRunId(runId).setInstrumentId(emInstrument).setKind(kind).setFeature(feature)
                .setMasterTimeNs(masterNs).setRevision(revision).setValues(new TreeMap<>(values)).setX(x).setY(y).setLabels(labels).build();
    }

    private double seconds(long masterNs) {
        if (originNs == Long.MIN_VALUE) {
            originNs = masterNs;
        }
        return (masterNs - originNs) * 1e-9;
    }

    private static List<double[]> until(List<double[]> points, double untilS) {
        int n = 0;
        while (n < points.size() && points.get(n)[0] <= untilS) {
            n++;
        }
        return points.subList(0, n);
    }

    private static TimeSeries series(List<double[]> points, int column) {
        double[] t = new double[points.size()];
        double[] v = new double[points.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = points.get(i)[0];
            v[i] = points.get(i)[column];
        }
        return new TimeSeries(t, v);
    }
}
