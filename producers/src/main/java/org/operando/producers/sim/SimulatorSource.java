package org.operando.producers.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.TreeMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;
import org.operando.producers.Acquired;
import org.operando.producers.AcquisitionSource;
import org.operando.schema.Compression;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.GroundTruth;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.Technique;
import org.operando.schema.TriggerMark;
import org.operando.schema.TruthKind;
import org.operando.schemas.FramePixels;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;
import org.operando.simulator.ClockTruth;
import org.operando.simulator.Delivery;
import org.operando.simulator.EcBlockEvent;
import org.operando.simulator.SimulationSettings;
import org.operando.simulator.FrameEvent;
import org.operando.simulator.InstrumentDescriptor;
import org.operando.simulator.SimEvent;
import org.operando.simulator.Simulation;
import org.operando.simulator.TriggerEvent;

/**
 * The simulator as an acquisition source: each simulated event becomes the Avro record a real instrument would
 * publish, followed by its ground truth on the ground-truth topic. A seeded fraction of records is corrupted
 * (fault profile) to exercise the dead-letter path.
 */
public final class SimulatorSource implements AcquisitionSource {
    private final Simulation simulation;
    private final Iterator<Delivery> deliveries;
    private final String runId;
    private final double malformedFraction;
    private final SplittableRandom faults;
    private final Map<String, Long> markSequence = new HashMap<>();
    private final Map<String, Modality> modality = new HashMap<>();
    private final Deque<Acquired> pending = new ArrayDeque<>();

    public SimulatorSource(Simulation simulation, String runId) {
        this.simulation = simulation;
        this.runId = runId;
        this.deliveries = simulation.withFaults();
        this.malformedFraction = simulation.settings().faults().malformedFraction();
        this.faults = new SplittableRandom(simulation.runSeed() ^ 0x5DEECE66DL);
        for (InstrumentDescriptor d : simulation.instruments()) {
            modality.put(d.id(), Modality.valueOf(d.modality().name()));
        }
    }

    public Simulation simulation() {
        return simulation;
    }

    @Override
    public List<Acquired> preamble() {
        SimulationSettings s = simulation.settings();
        long start = s.masterStartNs();
        List<InstrumentInfo> infos = new ArrayList<>();
        List<Acquired> out = new ArrayList<>();
        for (InstrumentDescriptor d : simulation.instruments()) {
            boolean imaging = d.modality().isImaging();
            infos.add(InstrumentInfo.newBuilder().setInstrumentId(d.id()).setModality(modality.get(d.id()))
                    .setClockDomain(d.modality() == org.operando.simulator.Modality.TIMING ? "master" : d.id())
                    .setPixelSizeNm(imaging ? d.pixelSizeNm() : null)
                    .setNominalMagnification(imaging ? d.nominalMagnification() : null)
                    .setTriggerLines(List.of(TriggerEvent.LINE)).build());
            StreamDescriptor descriptor = StreamDescriptor.newBuilder().setRunId(runId).setInstrumentId(d.id())
                    .setModality(modality.get(d.id())).setClockDomain(d.modality() == org.operando.simulator.Modality.TIMING ? "master" : d.id())
                    .setPixelType(imaging ? PixelType.U16 : null).setWidth(imaging ? d.width() : null).setHeight(imaging ? d.height() : null)
                    .setPixelSizeNm(imaging ? d.pixelSizeNm() : null).setStageOriginXNm(imaging ? centre(d.stageXNm(), d.width(), d.pixelSizeNm()) : null)
                    .setStageOriginYNm(imaging ? centre(d.stageYNm(), d.height(), d.pixelSizeNm()) : null)
                    .setFramesPerS(imaging && d.framePeriodNs() > 0 ? 1e9 / d.framePeriodNs() : null)
                    .setSampleRateHz(d.modality() == org.operando.simulator.Modality.ELECTROCHEM && d.samplePeriodNs() > 0 ? 1e9 / d.samplePeriodNs() : null)
                    .setIntensityUnit(d.modality() == org.operando.simulator.Modality.ELECTROCHEM ? "A" : "counts").build();
            out.add(Acquired.of(Topics.RUNS, runId, d.id(), modality.get(d.id()), descriptor, start));
            if (!d.id().equals("timing") || d.modality() != org.operando.simulator.Modality.TIMING) {
                ClockTruth clock = simulation.clockTruth(d.id());
                out.add(truth(d.id(), GroundTruth.newBuilder().setRunId(runId).setInstrumentId(d.id()).setKind(TruthKind.CLOCK)
                        .setClockOffsetNs(clock.offsetNs()).setClockSkew(clock.skew()).build(), start));
            }
        }
        Map<String, String> parameters = new TreeMap<>();
        parameters.put("seed", Long.toString(simulation.runSeed()));
        parameters.put("durationNs", Long.toString(s.durationNs()));
        RunStart runStart = RunStart.newBuilder().setRunId(runId).setInstrumentId("timing").setStartMasterTimeNs(start)
                .setWallClockEpochNs(start).setSpecimen("simulated electrode with nanoparticles, gold fiducials and fluorescent beads")
                .setOperator("simulator").setSimulated(true).setInstruments(infos).setTriggerPeriodNs(s.triggerPeriodNs())
                .setParameters(parameters).build();
        out.add(0, Acquired.of(Topics.RUNS, runId, "timing", Modality.TIMING, runStart, start));
        Map<String, Double> values = new TreeMap<>();
        values.put("jitterSigmaNs", s.clocks().jitterNs());
        values.put("trueLagS", simulation.trueLagS());
        if (s.pumpProbe().enabled()) {
            values.put("trueTauS", simulation.trueTauS());
        }
        values.put("trueCathodicPeakV", simulation.trueCathodicPeakV());
        values.put("trueAnodicPeakV", simulation.trueAnodicPeakV());
        values.put("runStartMasterNs", (double) start);
        values.put("durationNs", (double) s.durationNs());
        out.add(truth("timing", GroundTruth.newBuilder().setRunId(runId).setInstrumentId("timing").setKind(TruthKind.RUN)
                .setValues(values).build(), start));
        return out;
    }

    @Override
    public Optional<Acquired> next() {
        while (pending.isEmpty()) {
            if (!deliveries.hasNext()) {
                return Optional.empty();
            }
            Delivery d = deliveries.next();
            convert(d.event(), d.deliverAtMasterNs());
        }
        return Optional.of(pending.poll());
    }

    @Override
    public List<Acquired> epilogue(Map<String, Long> publishedPerInstrument) {
        long end = simulation.settings().masterStartNs() + simulation.settings().durationNs();
        RunStop stop = RunStop.newBuilder().setRunId(runId).setInstrumentId("timing").setStopMasterTimeNs(end).setWallClockEpochNs(end)
                .setReason("completed").setRecordsPublished(new TreeMap<>(publishedPerInstrument)).build();
        return List.of(Acquired.of(Topics.RUNS, runId, "timing", Modality.TIMING, stop, end));
    }

    private void convert(SimEvent event, long deliverAtNs) {
        if (event instanceof FrameEvent f) {
                Frame frame = Frame.newBuilder().setRunId(runId).setInstrumentId(f.instrumentId()).setSequence(f.sequence())
                        .setInstrumentTimeNs(f.instrumentTimeNs()).setExposureNs(f.exposureNs()).setWidth(f.width())
                        .setHeight(f.height()).setPixelType(PixelType.U16).setPixelSizeNm(f.pixelSizeNm())
                        .setStageXNm(centre(f.stageXNm(), f.width(), f.pixelSizeNm()))
                        .setStageYNm(centre(f.stageYNm(), f.height(), f.pixelSizeNm())).setPumpDelayFs(f.pumpDelayFs()).setPumpOn(f.pumpOn())
                        .setCompression(Compression.NONE).setPixels(FramePixels.packU16(f.pixels(), Compression.NONE)).build();
                publish(Topics.FRAMES, f.instrumentId(), frame, deliverAtNs);
                pending.add(truth(f.instrumentId(), GroundTruth.newBuilder().setRunId(runId).setInstrumentId(f.instrumentId())
                        .setKind(TruthKind.FRAME).setSequence(f.sequence()).setTrueMasterTimeNs(f.trueMasterTimeNs())
                        .setDriftXNm(f.driftXNm()).setDriftYNm(f.driftYNm()).setDriftXPx(f.driftXPx()).setDriftYPx(f.driftYPx())
                        .setAffineOpticalToEm(f.trueOpticalToEmPx() == null ? null : Arrays.stream(f.trueOpticalToEmPx()).boxed().toList())
                        .build(), deliverAtNs));
        } else if (event instanceof EcBlockEvent e) {
                ElectrochemBlock block = ElectrochemBlock.newBuilder().setRunId(runId).setInstrumentId(e.instrumentId())
                        .setSequence(e.sequence()).setFirstSampleInstrumentTimeNs(e.firstSampleInstrumentTimeNs())
                        .setSamplePeriodNs(e.samplePeriodNs())
                        .setTechnique(e.technique() == org.operando.simulator.Technique.CV ? Technique.CV : Technique.CA)
                        .setScanRateVPerS(e.technique() == org.operando.simulator.Technique.CV
                                ? simulation.settings().electrochem().scanRateVPerS() : null)
                        .setPotentialV(Arrays.stream(e.potentialV()).boxed().toList())
                        .setCurrentA(Arrays.stream(e.currentA()).boxed().toList()).build();
                publish(Topics.ELECTROCHEM, e.instrumentId(), block, deliverAtNs);
                pending.add(truth(e.instrumentId(), GroundTruth.newBuilder().setRunId(runId).setInstrumentId(e.instrumentId())
                        .setKind(TruthKind.EC_BLOCK).setSequence(e.sequence()).setTrueMasterTimeNs(e.trueMasterTimeNs()).build(),
                        deliverAtNs));
        } else if (event instanceof TriggerEvent t) {
                long seq = markSequence.merge(t.instrumentId(), 1L, Long::sum) - 1;
                TriggerMark mark = TriggerMark.newBuilder().setRunId(runId).setInstrumentId(t.instrumentId())
                        .setTriggerLine(t.triggerLine()).setSequence(seq).setInstrumentTimeNs(t.instrumentTimeNs()).build();
                publish(Topics.TRIGGERS, t.instrumentId(), mark, deliverAtNs);
                pending.add(truth(t.instrumentId(), GroundTruth.newBuilder().setRunId(runId).setInstrumentId(t.instrumentId())
                        .setKind(TruthKind.TRIGGER).setSequence(seq).setTrueMasterTimeNs(t.trueMasterTimeNs())
                        .setEdgeIndex(t.trueEdgeIndex()).build(), deliverAtNs));
        }
    }

    /**
     * The simulator reports the specimen position of pixel (0, 0); the Frame schema carries the frame centre as a
     * stage readout would, assuming image axes along the stage axes (the rotation of the optical camera is unknown to
     * the stage, as at a real microscope).
     */
    private static double centre(double pixelZeroNm, int sizePx, double pixelNm) {
        return pixelZeroNm + (sizePx - 1) * pixelNm / 2.0;
    }

    private void publish(String topic, String instrumentId, SpecificRecord record, long deliverAtNs) {
        Acquired item = Acquired.of(topic, runId, instrumentId, modality.get(instrumentId), record, deliverAtNs);
        if (malformedFraction > 0 && faults.nextDouble() < malformedFraction) {
            item = item.withEncodedBytes(corrupt(SchemaRegistry.get().encode(record)));
        }
        pending.add(item);
    }

    /** Damages encoded bytes the way a faulty link or driver would: truncation, a flipped header or random bytes. */
    private byte[] corrupt(byte[] bytes) {
        return switch (faults.nextInt(3)) {
            case 0 -> Arrays.copyOf(bytes, Math.max(1, bytes.length / 3));
            case 1 -> {
                byte[] b = bytes.clone();
                b[0] = 0x7B; // '{': someone sent JSON
                yield b;
            }
            default -> {
                byte[] b = bytes.clone();
                for (int i = 10; i < Math.min(b.length, 40); i++) {
                    b[i] = (byte) faults.nextInt(256);
                }
                yield Arrays.copyOf(b, Math.min(b.length, 40));
            }
        };
    }

    private Acquired truth(String instrumentId, GroundTruth truth, long atNs) {
        return Acquired.of(Topics.GROUND_TRUTH, runId, instrumentId, modality.getOrDefault(instrumentId, Modality.TIMING), truth, atNs);
    }
}
