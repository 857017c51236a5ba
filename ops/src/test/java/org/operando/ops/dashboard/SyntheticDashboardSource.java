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
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schema.ReasonCode;
import org.operando.schema.Registration;
import org.operando.schema.Rejected;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.Technique;
import org.operando.schemas.FramePixels;
import org.operando.schemas.Topics;

/**
 * A seeded synthetic run for the dashboard: EM frames (600 x 600 u16) with a bright disc that drifts on a Lissajous
 * path, a static optical frame (150 x 150) whose disc maps onto the EM disc through the affine x_em = 4 x_opt, one
 * registration, a drift estimate per EM frame (the true drift), CV blocks (triangle wave -0.2..0.8 V, period 8 s,
 * current = capacitive step plus a redox peak, cycle number per block), clock models of every instrument and
 * correlated samples every EM frame (with pump-probe features), one dead letter at tick 10.
 *
 * <p>Clocks as on a real rig: the master clock starts at an epoch-like {@link #MASTER_START_NS} (so a page that showed
 * master nanoseconds would show 1.65e9 s ticks); each instrument stamps with its own offset ({@link #offsetNs}), and
 * its clock models map that onto the master clock exactly. The RunStart comes first; no RunStop unless
 * {@link #stopAfter} ticks are given. While {@code pauseResults} is set, only acquisition (frames, EC) is emitted, as
 * if the processors were paused. Ticks are 125 ms of master time.
 */
final class SyntheticDashboardSource implements AcquisitionSource {
    static final String RUN = "run-dash";
    static final int EM = 600;
    static final int OPT = 150;
    static final long MASTER_START_NS = 1_650_000_000_000_000_000L;
    static final long TICK_NS = 125_000_000L;
    private static final int EC_PER_BLOCK = 125;

    private final String run;
    private final long stopAfter;
    private final java.util.concurrent.atomic.AtomicBoolean pauseResults;
    private final SplittableRandom random = new SplittableRandom(42);
    private final List<Acquired> pending = new ArrayList<>();
    private long tick;

    /** The endless run {@link #RUN}. */
    SyntheticDashboardSource() {
        this(RUN, Long.MAX_VALUE, new java.util.concurrent.atomic.AtomicBoolean());
    }

    /** Run {@code run}, ending with a RunStop after {@code stopAfter} ticks (Long.MAX_VALUE: never). */
    SyntheticDashboardSource(String run, long stopAfter, java.util.concurrent.atomic.AtomicBoolean pauseResults) {
        this.run = run;
        this.stopAfter = stopAfter;
        this.pauseResults = pauseResults;
    }

    /** The instrument clock of {@code instrument}: master time minus the run start plus this offset. */
    static long offsetNs(String instrument) {
        return switch (instrument) {
            case "em-1" -> 5_000_000_000L;
            case "opt-1" -> 3_600_000_000_000L;
            default -> 987_654_321_000L;
        };
    }

    static long instrumentTime(String instrument, long runNs) {
        return runNs + offsetNs(instrument);
    }

    @Override
    public List<Acquired> preamble() {
        List<InstrumentInfo> instruments = List.of(info("em-1", Modality.EM), info("opt-1", Modality.OPTICAL),
                info("pstat-1", Modality.ELECTROCHEM));
        RunStart start = RunStart.newBuilder().setRunId(run).setInstrumentId("timing").setStartMasterTimeNs(MASTER_START_NS)
                .setWallClockEpochNs(System.currentTimeMillis() * 1_000_000L).setSpecimen("synthetic disc on a drifting stage")
                .setOperator("test").setSimulated(true).setInstruments(instruments).setTriggerPeriodNs(TICK_NS).build();
        return List.of(Acquired.of(Topics.RUNS, run, "timing", Modality.EM, start, MASTER_START_NS),
                descriptor("em-1", Modality.EM), descriptor("opt-1", Modality.OPTICAL), descriptor("pstat-1", Modality.ELECTROCHEM));
    }

    @Override
    public Optional<Acquired> next() {
        if (pending.isEmpty()) {
            if (tick > stopAfter) {
                return Optional.empty();
            }
            if (tick == stopAfter) {
                tick++;
                return Optional.of(Acquired.of(Topics.RUNS, run, "timing", Modality.EM, RunStop.newBuilder().setRunId(run)
                        .setInstrumentId("timing").setStopMasterTimeNs(MASTER_START_NS + stopAfter * TICK_NS)
                        .setWallClockEpochNs(System.currentTimeMillis() * 1_000_000L).setReason("completed").build(),
                        MASTER_START_NS + stopAfter * TICK_NS));
            }
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
        long master = MASTER_START_NS + t;
        double tS = t / 1e9;
        boolean results = !pauseResults.get();
        if (tick % 8 == 0) { // the optical camera: a frame a second, the specimen static in it
            pending.add(Acquired.of(Topics.FRAMES, run, "opt-1", Modality.OPTICAL, opticalFrame(tick / 8, t), master));
        }
        if (tick == 0) {
            pending.add(Acquired.of(Topics.REGISTRATIONS, run, "em-1", Modality.EM, Registration.newBuilder().setRunId(run)
                    .setInstrumentId("em-1").setOpticalInstrumentId("opt-1").setEmSequence(0).setOpticalSequence(0)
                    .setMasterTimeNs(master).setAffine(List.of(4.0, 0.0, 0.0, 0.0, 4.0, 0.0)).setFreNm(3.2).setPredictedTreNm(4.1)
                    .setPredictedTreCornersNm(List.of(5.0, 5.0, 5.0, 5.0)).setFiducialsEm(6).setFiducialsOptical(6).setInliers(6)
                    .build(), master));
        }
        double[] d = drift(tS);
        pending.add(Acquired.of(Topics.FRAMES, run, "em-1", Modality.EM, emFrame(tick, instrumentTime("em-1", t), d), master));
        pending.add(Acquired.of(Topics.ELECTROCHEM, run, "pstat-1", Modality.ELECTROCHEM, ecBlock(tick, t), master));
        if (results) {
            pending.add(Acquired.of(Topics.DRIFT, run, "em-1", Modality.EM, DriftEstimate.newBuilder().setRunId(run)
                    .setInstrumentId("em-1").setSequence(tick).setMasterTimeNs(master).setDxPx(d[0]).setDyPx(d[1]).setDxNm(d[0] * 2)
                    .setDyNm(d[1] * 2).setRawDxPx(d[0] + 0.3 * random.nextGaussian()).setRawDyPx(d[1] + 0.3 * random.nextGaussian())
                    .setConfidence(20).setJump(false).setLowConfidence(false).setReferenceSequence(0).build(), master));
            double v = potential(tS);
            double delay = 100.0 * (tick % 20);
            pending.add(Acquired.of(Topics.CORRELATED, run, "em-1", Modality.EM, CorrelatedSample.newBuilder().setRunId(run)
                    .setInstrumentId("em-1").setEmSequence(tick).setMasterStartNs(master).setMasterEndNs(master + TICK_NS / 2)
                    .setMasterTimeSigmaNs(15).setOptical(List.of())
                    .setEc(EcSummary.newBuilder().setSamples(EC_PER_BLOCK).setMeanPotentialV(v).setMinPotentialV(v).setMaxPotentialV(v)
                            .setMeanCurrentA(current(tS)).setMinCurrentA(current(tS)).setMaxCurrentA(current(tS)).setChargeC(0).build())
                    .setFeatures(Map.of("particleAreaNm2", 5000 + 3000 * Math.max(0, v - 0.3) + 400 * Math.floor(tS / 8),
                            "pumpDelayFs", delay, "pumpProbeDeltaCounts", 50 * (1 - Math.exp(-delay / 600))))
                    .setRevision(0).build(), master));
            if (tick % 4 == 0) {
                for (String id : List.of("em-1", "opt-1", "pstat-1")) {
                    pending.add(Acquired.of(Topics.CLOCK_MODELS, run, id, Modality.EM, ClockModel.newBuilder().setRunId(run)
                            .setInstrumentId(id).setReferenceInstrumentTimeNs(instrumentTime(id, t)).setReferenceMasterTimeNs(master)
                            .setReferenceMasterFractionNs(0).setSkew(0)
                            .setResidualSigmaNs(40 + 30 * Math.exp(-tS / 3) + random.nextDouble() * 5 + 10 * id.length() % 7)
                            .setOffsetSigmaNs(3).setSkewSigma(1e-8).setMarksUsed((int) tick + 1).setMarksRejected(0)
                            .setValidFromInstrumentTimeNs(instrumentTime(id, 0)).setValidToInstrumentTimeNs(instrumentTime(id, t))
                            .build(), master));
                }
            }
        }
        if (tick == 10) {
            pending.add(Acquired.of(Topics.DEAD_LETTERS, run, "em-1", Modality.EM, Rejected.newBuilder().setRunId(run)
                    .setInstrumentId("em-1").setStage("validate").setReason("frame 10 of em-1: payload shorter than 600 x 600 u16")
                    .setReasonCode(ReasonCode.PAYLOAD_SIZE).setSourceTopic(Topics.FRAMES).setSourcePartition(0).setSourceOffset(42)
                    .build(), master));
        }
        tick++;
    }

    private static double current(double tS) {
        double v = potential(tS);
        boolean anodic = (tS % 8.0) < 4.0;
        double peak = 8e-6 * Math.exp(-Math.pow((v - (anodic ? 0.35 : 0.25)) / 0.06, 2));
        return (anodic ? 1 : -1) * (2e-6 + peak);
    }

    /** EC samples of run time {@code t} onwards, stamped in the potentiostat's clock. */
    private ElectrochemBlock ecBlock(long seq, long t) {
        List<Double> v = new ArrayList<>(EC_PER_BLOCK);
        List<Double> i = new ArrayList<>(EC_PER_BLOCK);
        long period = TICK_NS / EC_PER_BLOCK;
        for (int k = 0; k < EC_PER_BLOCK; k++) {
            double s = (t + k * period) / 1e9;
            v.add(potential(s));
            i.add(current(s) + random.nextGaussian() * 1e-7);
        }
        return ElectrochemBlock.newBuilder().setRunId(run).setInstrumentId("pstat-1").setSequence(seq)
                .setFirstSampleInstrumentTimeNs(instrumentTime("pstat-1", t)).setSamplePeriodNs(period).setTechnique(Technique.CV).setScanRateVPerS(0.25)
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
        return Frame.newBuilder().setRunId(run).setInstrumentId("em-1").setSequence(seq).setInstrumentTimeNs(t)
                .setExposureNs(TICK_NS / 2).setWidth(EM).setHeight(EM).setPixelType(PixelType.U16).setPixelSizeNm(2)
                .setStageXNm(0).setStageYNm(0).setCompression(Compression.NONE)
                .setPixels(FramePixels.packU16(px, Compression.NONE)).build();
    }

    private Frame opticalFrame(long seq, long t) {
        short[] px = new short[OPT * OPT];
        for (int y = 0; y < OPT; y++) {
            for (int x = 0; x < OPT; x++) {
                double disc = Math.exp(-((x - 75) * (x - 75) + (y - 75) * (y - 75)) / (2 * 8.0 * 8.0));
                double label = Math.exp(-((x - 110) * (x - 110) + (y - 40) * (y - 40)) / (2 * 5.0 * 5.0));
                px[y * OPT + x] = (short) (100 + 2000 * disc + 1500 * label + random.nextInt(50));
            }
        }
        return Frame.newBuilder().setRunId(run).setInstrumentId("opt-1").setSequence(seq).setInstrumentTimeNs(instrumentTime("opt-1", t))
                .setExposureNs(TICK_NS).setWidth(OPT).setHeight(OPT).setPixelType(PixelType.U16).setPixelSizeNm(80)
                .setStageXNm(0).setStageYNm(0).setCompression(Compression.NONE)
                .setPixels(FramePixels.packU16(px, Compression.NONE)).build();
    }

    private Acquired descriptor(String id, Modality m) {
        return Acquired.of(Topics.RUNS, run, id, m, StreamDescriptor.newBuilder().setRunId(run).setInstrumentId(id).setModality(m)
                .setClockDomain(id).build(), MASTER_START_NS);
    }

    private static InstrumentInfo info(String id, Modality m) {
        return InstrumentInfo.newBuilder().setInstrumentId(id).setModality(m).setClockDomain(id).build();
    }
}
