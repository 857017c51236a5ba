package org.operando.ops.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.operando.producers.Acquired;
import org.operando.producers.AcquisitionSource;
import org.operando.schema.ClockModel;
import org.operando.schema.Compression;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.DriftEstimate;
import org.operando.schema.EcSummary;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schema.Registration;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.Technique;
import org.operando.schemas.FramePixels;
import org.operando.schemas.Topics;

/**
 * A seeded synthetic run for the dashboard: EM frames (600 x 600 u16) with a bright disc that drifts on a Lissajous
 * path, a static optical frame (150 x 150) whose disc maps onto the EM disc through the affine x_em = 4 x_opt, one
 * registration, a drift estimate per EM frame (the true drift), CV blocks (triangle wave -0.2..0.8 V, period 8 s,
 * current = capacitive step plus a redox peak), clock models and correlated samples every EM frame.
 * Ticks are 125 ms of master time; the source never ends (the test stops it).
 */
final class SyntheticDashboardSource implements AcquisitionSource {
    static final String RUN = "run-dash";
    static final int EM = 600;
    static final int OPT = 150;
    private static final long TICK_NS = 125_000_000L;
    private static final int EC_PER_BLOCK = 125;

    private final SplittableRandom random = new SplittableRandom(42);
    private final List<Acquired> pending = new ArrayList<>();
    private long tick;

    @Override
    public List<Acquired> preamble() {
        return List.of(descriptor("em-1", Modality.EM), descriptor("opt-1", Modality.OPTICAL),
                descriptor("pstat-1", Modality.ELECTROCHEM));
    }

    @Override
    public Optional<Acquired> next() {
        if (pending.isEmpty()) {
            fill();
        }
        return Optional.of(pending.remove(0));
    }

    @Override
    public List<Acquired> epilogue(Map<String, Long> publishedPerInstrument) {
        return List.of();
    }

    static double[] drift(double tS) {
        return new double[] {40 * Math.sin(2 * Math.PI * tS / 10), 25 * Math.sin(4 * Math.PI * tS / 10)};
    }

    static double potential(double tS) {
        double phase = (tS % 8.0) / 8.0;
        return -0.2 + (phase < 0.5 ? 2 * phase : 2 - 2 * phase) * 1.0;
    }

    private void fill() {
        long t = tick * TICK_NS;
        double tS = t / 1e9;
        if (tick == 0) {
            pending.add(Acquired.of(Topics.FRAMES, RUN, "opt-1", Modality.OPTICAL, opticalFrame(), t));
            pending.add(Acquired.of(Topics.REGISTRATIONS, RUN, "em-1", Modality.EM, Registration.newBuilder().setRunId(RUN)
                    .setInstrumentId("em-1").setOpticalInstrumentId("opt-1").setEmSequence(0).setOpticalSequence(0)
                    .setMasterTimeNs(t).setAffine(List.of(4.0, 0.0, 0.0, 0.0, 4.0, 0.0)).setFreNm(3.2).setPredictedTreNm(4.1)
                    .setPredictedTreCornersNm(List.of(5.0, 5.0, 5.0, 5.0)).setFiducialsEm(6).setFiducialsOptical(6).setInliers(6)
                    .build(), t));
        }
        double[] d = drift(tS);
        pending.add(Acquired.of(Topics.FRAMES, RUN, "em-1", Modality.EM, emFrame(tick, t, d), t));
        pending.add(Acquired.of(Topics.DRIFT, RUN, "em-1", Modality.EM, DriftEstimate.newBuilder().setRunId(RUN)
                .setInstrumentId("em-1").setSequence(tick).setMasterTimeNs(t).setDxPx(d[0]).setDyPx(d[1]).setDxNm(d[0] * 2)
                .setDyNm(d[1] * 2).setRawDxPx(d[0]).setRawDyPx(d[1]).setConfidence(20).setJump(false).setLowConfidence(false)
                .setReferenceSequence(0).build(), t));
        pending.add(Acquired.of(Topics.ELECTROCHEM, RUN, "pstat-1", Modality.ELECTROCHEM, ecBlock(tick, t), t));
        double v = potential(tS);
        pending.add(Acquired.of(Topics.CORRELATED, RUN, "em-1", Modality.EM, CorrelatedSample.newBuilder().setRunId(RUN)
                .setInstrumentId("em-1").setEmSequence(tick).setMasterStartNs(t).setMasterEndNs(t + TICK_NS / 2)
                .setMasterTimeSigmaNs(15).setOptical(List.of())
                .setEc(EcSummary.newBuilder().setSamples(EC_PER_BLOCK).setMeanPotentialV(v).setMinPotentialV(v).setMaxPotentialV(v)
                        .setMeanCurrentA(current(tS)).setMinCurrentA(current(tS)).setMaxCurrentA(current(tS)).setChargeC(0).build())
                .setFeatures(Map.of("particleAreaNm2", 5000 + 3000 * Math.max(0, v - 0.3))).setRevision(0).build(), t));
        if (tick % 4 == 0) {
            pending.add(Acquired.of(Topics.CLOCK_MODELS, RUN, "em-1", Modality.EM, ClockModel.newBuilder().setRunId(RUN)
                    .setInstrumentId("em-1").setReferenceInstrumentTimeNs(t).setReferenceMasterTimeNs(t + 1000).setReferenceMasterFractionNs(0).setSkew(2e-5)
                    .setResidualSigmaNs(40 + 30 * Math.exp(-tS / 3) + random.nextDouble() * 5).setOffsetSigmaNs(3).setSkewSigma(1e-8)
                    .setMarksUsed((int) tick + 1).setMarksRejected(0).setValidFromInstrumentTimeNs(0).setValidToInstrumentTimeNs(t)
                    .build(), t));
        }
        tick++;
    }

    private static double current(double tS) {
        double v = potential(tS);
        boolean anodic = (tS % 8.0) < 4.0;
        double peak = 8e-6 * Math.exp(-Math.pow((v - (anodic ? 0.35 : 0.25)) / 0.06, 2));
        return (anodic ? 1 : -1) * (2e-6 + peak);
    }

    private ElectrochemBlock ecBlock(long seq, long t) {
        List<Double> v = new ArrayList<>(EC_PER_BLOCK);
        List<Double> i = new ArrayList<>(EC_PER_BLOCK);
        long period = TICK_NS / EC_PER_BLOCK;
        for (int k = 0; k < EC_PER_BLOCK; k++) {
            double s = (t + k * period) / 1e9;
            v.add(potential(s));
            i.add(current(s) + random.nextGaussian() * 1e-7);
        }
        return ElectrochemBlock.newBuilder().setRunId(RUN).setInstrumentId("pstat-1").setSequence(seq)
                .setFirstSampleInstrumentTimeNs(t).setSamplePeriodNs(period).setTechnique(Technique.CV).setScanRateVPerS(0.25)
                .setCycle((int) (t / 8_000_000_000L)).setPotentialV(v).setCurrentA(i).build();
    }

    private Frame emFrame(long seq, long t, double[] d) {
        short[] px = new short[EM * EM];
        double cx = 300 + d[0];
        double cy = 300 + d[1];
        for (int y = 0; y < EM; y++) {
            for (int x = 0; x < EM; x++) {
                double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                double grain = 200 * Math.sin(x / 17.0) * Math.cos(y / 23.0);
                px[y * EM + x] = (short) (1000 + grain + (r2 < 40 * 40 ? 3000 : 0) + random.nextInt(200));
            }
        }
        return Frame.newBuilder().setRunId(RUN).setInstrumentId("em-1").setSequence(seq).setInstrumentTimeNs(t)
                .setExposureNs(TICK_NS / 2).setWidth(EM).setHeight(EM).setPixelType(PixelType.U16).setPixelSizeNm(2)
                .setStageXNm(0).setStageYNm(0).setCompression(Compression.NONE)
                .setPixels(FramePixels.packU16(px, Compression.NONE)).build();
    }

    private Frame opticalFrame() {
        short[] px = new short[OPT * OPT];
        for (int y = 0; y < OPT; y++) {
            for (int x = 0; x < OPT; x++) {
                double disc = Math.exp(-((x - 75) * (x - 75) + (y - 75) * (y - 75)) / (2 * 8.0 * 8.0));
                double label = Math.exp(-((x - 110) * (x - 110) + (y - 40) * (y - 40)) / (2 * 5.0 * 5.0));
                px[y * OPT + x] = (short) (100 + 2000 * disc + 1500 * label + random.nextInt(50));
            }
        }
        return Frame.newBuilder().setRunId(RUN).setInstrumentId("opt-1").setSequence(0).setInstrumentTimeNs(0)
                .setExposureNs(TICK_NS).setWidth(OPT).setHeight(OPT).setPixelType(PixelType.U16).setPixelSizeNm(80)
                .setStageXNm(0).setStageYNm(0).setCompression(Compression.NONE)
                .setPixels(FramePixels.packU16(px, Compression.NONE)).build();
    }

    private static Acquired descriptor(String id, Modality m) {
        return Acquired.of(Topics.RUNS, RUN, id, m, StreamDescriptor.newBuilder().setRunId(RUN).setInstrumentId(id).setModality(m)
                .setClockDomain(id).build(), 0);
    }
}
