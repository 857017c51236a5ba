package org.operando.schemas;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.operando.schema.ClockModel;
import org.operando.schema.Compression;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.CorrelationKind;
import org.operando.schema.CorrelationResult;
import org.operando.schema.DriftEstimate;
import org.operando.schema.EcSummary;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.FrameRef;
import org.operando.schema.GroundTruth;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schema.Registration;
import org.operando.schema.Rejected;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.Technique;
import org.operando.schema.TriggerMark;
import org.operando.schema.TruthKind;

/** One fully populated example of every record type, for round-trip and interoperability tests. */
final class SampleRecords {
    private SampleRecords() {
    }

    static Frame frame() {
        short[] pixels = new short[4 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (short) (1000 + 977 * i);
        }
        return Frame.newBuilder().setRunId("run-1").setInstrumentId("em-1").setSequence(17)
                .setInstrumentTimeNs(9_876_543_210L).setExposureNs(50_000_000L).setWidth(4).setHeight(3)
                .setPixelType(PixelType.U16).setPixelSizeNm(2.0).setStageXNm(100.5).setStageYNm(-20.25)
                .setPumpDelayFs(1_500L).setPumpOn(true).setCompression(Compression.NONE)
                .setPixels(FramePixels.packU16(pixels, Compression.NONE)).build();
    }

    static List<SpecificRecord> all() {
        InstrumentInfo em = InstrumentInfo.newBuilder().setInstrumentId("em-1").setModality(Modality.EM)
                .setClockDomain("em-1").setPixelSizeNm(2.0).setNominalMagnification(50_000.0).setTriggerLines(List.of("ttl0")).build();
        return List.of(
                RunStart.newBuilder().setRunId("run-1").setInstrumentId("timing").setStartMasterTimeNs(1L)
                        .setWallClockEpochNs(1_700_000_000_000_000_000L).setSpecimen("Cu on Au electrode").setOperator("sim")
                        .setSimulated(true).setInstruments(List.of(em)).setTriggerPeriodNs(100_000_000L)
                        .setParameters(Map.of("profile", "default")).build(),
                RunStop.newBuilder().setRunId("run-1").setInstrumentId("timing").setStopMasterTimeNs(2L)
                        .setWallClockEpochNs(3L).setReason("completed").setRecordsPublished(Map.of("em-1", 12L)).build(),
                StreamDescriptor.newBuilder().setRunId("run-1").setInstrumentId("em-1").setModality(Modality.EM)
                        .setClockDomain("em-1").setPixelType(PixelType.U16).setWidth(512).setHeight(512).setPixelSizeNm(2.0)
                        .setStageOriginXNm(0.0).setStageOriginYNm(0.0).setFramesPerS(5.0).build(),
                frame(),
                ElectrochemBlock.newBuilder().setRunId("run-1").setInstrumentId("pstat-1").setSequence(3)
                        .setFirstSampleInstrumentTimeNs(42L).setSamplePeriodNs(100_000L).setTechnique(Technique.CV)
                        .setScanRateVPerS(0.1).setCycle(1).setPotentialV(List.of(0.1, 0.2)).setCurrentA(List.of(1e-6, 2e-6)).build(),
                TriggerMark.newBuilder().setRunId("run-1").setInstrumentId("opt-1").setTriggerLine("ttl0").setSequence(5)
                        .setInstrumentTimeNs(-7L).build(),
                ClockModel.newBuilder().setRunId("run-1").setInstrumentId("opt-1").setReferenceInstrumentTimeNs(10L)
                        .setReferenceMasterTimeNs(1_763_769_600_000_000_123L).setReferenceMasterFractionNs(0.25).setSkew(5e-5).setResidualSigmaNs(1000).setOffsetSigmaNs(150).setSkewSigma(1e-9)
                        .setMarksUsed(300).setMarksRejected(3).setValidFromInstrumentTimeNs(0L).setValidToInstrumentTimeNs(30L).build(),
                DriftEstimate.newBuilder().setRunId("run-1").setInstrumentId("em-1").setSequence(17).setMasterTimeNs(99L)
                        .setDxPx(1.25).setDyPx(-0.5).setDxNm(2.5).setDyNm(-1.0).setRawDxPx(1.3).setRawDyPx(-0.45)
                        .setConfidence(40.0).setJump(false).setLowConfidence(false).setReferenceSequence(0L).build(),
                Registration.newBuilder().setRunId("run-1").setInstrumentId("em-1").setOpticalInstrumentId("opt-1")
                        .setEmSequence(17).setOpticalSequence(30).setMasterTimeNs(99L).setAffine(List.of(40.0, 0.5, 10.0, -0.5, 40.0, 20.0))
                        .setFreNm(8.0).setPredictedTreNm(12.0).setPredictedTreCornersNm(List.of(15.0, 15.0, 16.0, 14.0))
                        .setFiducialsEm(24).setFiducialsOptical(26).setInliers(20).build(),
                CorrelatedSample.newBuilder().setRunId("run-1").setInstrumentId("em-1").setEmSequence(17).setMasterStartNs(100L)
                        .setMasterEndNs(200L).setMasterTimeSigmaNs(500.0)
                        .setOptical(List.of(FrameRef.newBuilder().setInstrumentId("opt-1").setSequence(30).setMasterStartNs(90L)
                                .setMasterEndNs(190L).setOverlapFraction(0.9).build()))
                        .setEc(EcSummary.newBuilder().setSamples(10).setMeanPotentialV(0.1).setMinPotentialV(0.0).setMaxPotentialV(0.2)
                                .setMeanCurrentA(1e-6).setMinCurrentA(0.0).setMaxCurrentA(2e-6).setChargeC(1e-9).build())
                        .setFeatures(Map.of("particleAreaNm2", 1234.5)).setRevision(1).build(),
                GroundTruth.newBuilder().setRunId("run-1").setInstrumentId("opt-1").setKind(TruthKind.FRAME).setSequence(30L)
                        .setTrueMasterTimeNs(90L).setDriftXNm(3.0).setDriftYNm(-4.0).setDriftXPx(0.03).setDriftYPx(-0.04)
                        .setAffineOpticalToEm(List.of(40.0, 0.5, 10.0, -0.5, 40.0, 20.0)).setValues(Map.of("trueLagS", 2.5)).build(),
                CorrelationResult.newBuilder().setRunId("run-1").setInstrumentId("em-1").setKind(CorrelationKind.LAG)
                        .setFeature("particleAreaNm2").setMasterTimeNs(5L).setRevision(2)
                        .setValues(Map.of("lagS", 2.4, "lagSigmaS", 0.1)).setX(List.of(0.1)).setY(List.of(2.0)).setLabels(List.of("c0")).build(),
                Rejected.newBuilder().setRunId("run-1").setInstrumentId("em-1").setStage("decode").setReason("corrupt")
                        .setSourceTopic("operando.frames").setSourcePartition(0).setSourceOffset(12L)
                        .setKey(ByteBuffer.wrap(new byte[] {1})).setValue(ByteBuffer.wrap(new byte[] {2, 3})).build(),
                org.operando.schema.FrameAnalysis.newBuilder().setRunId("run-1").setInstrumentId("em-1").setSequence(7)
                        .setRunPartition(2).setSourceTopic("operando.frames").setSourcePartition(1).setSourceOffset(70L)
                        .setInstrumentTimeNs(123L).setExposureNs(50L).setWidth(64).setHeight(32).setPixelSizeNm(2.0)
                        .setStageXNm(1.0).setStageYNm(-1.0).setDriftMeasured(true)
                        .setDrift(new org.operando.schema.DriftMeasure(7L, 0.5, -0.25, 0.4, -0.2, 0.9, false, false, true))
                        .setFeatures(Map.of("particleCount", 3.0))
                        .setSpots(List.of(new org.operando.schema.SpotFit(10.0, 12.0, 100.0, 1.5, 0.05))).build());
    }
}
