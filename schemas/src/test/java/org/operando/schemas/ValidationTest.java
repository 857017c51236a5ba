package org.operando.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schema.ReasonCode;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.Technique;
import org.operando.schema.TriggerMark;

class ValidationTest {
    private static ElectrochemBlock.Builder block() {
        return ElectrochemBlock.newBuilder().setRunId("r").setInstrumentId("p").setSequence(0)
                .setFirstSampleInstrumentTimeNs(0).setSamplePeriodNs(100).setTechnique(Technique.CA)
                .setPotentialV(List.of(0.1, 0.2)).setCurrentA(List.of(1e-6, 2e-6));
    }

    private static InstrumentInfo instrument(String id) {
        return InstrumentInfo.newBuilder().setInstrumentId(id).setModality(Modality.EM).setClockDomain(id).setPixelSizeNm(2.0).build();
    }

    private static RunStart.Builder runStart() {
        return RunStart.newBuilder().setRunId("run-1").setInstrumentId("timing").setStartMasterTimeNs(1_000L).setWallClockEpochNs(1L)
                .setSpecimen("s").setOperator("o").setSimulated(true).setInstruments(List.of(instrument("em-1"), instrument("opt-1")))
                .setTriggerPeriodNs(100_000_000L);
    }

    private static StreamDescriptor.Builder descriptor() {
        return StreamDescriptor.newBuilder().setRunId("run-1").setInstrumentId("em-1").setModality(Modality.EM).setClockDomain("em-1")
                .setPixelType(PixelType.U16).setWidth(512).setHeight(512).setPixelSizeNm(2.0).setFramesPerS(5.0);
    }

    private static void assertInvalid(Optional<Invalid> result, ReasonCode code, String... words) {
        assertThat(result).as("expected " + code).isPresent();
        assertThat(result.get().code()).as(result.get().reason()).isEqualTo(code);
        for (String word : words) {
            assertThat(result.get().reason()).contains(word);
        }
    }

    @Test
    void shouldAcceptWellFormedRecordsOfEveryCheckedType() {
        assertThat(Validation.check(SampleRecords.frame())).isEmpty();
        assertThat(Validation.check(block().build())).isEmpty();
        assertThat(Validation.check(runStart().build())).isEmpty();
        assertThat(Validation.check(descriptor().build())).isEmpty();
        assertThat(Validation.check(RunStop.newBuilder().setRunId("run-1").setInstrumentId("timing").setStopMasterTimeNs(5L)
                .setWallClockEpochNs(5L).setReason("completed").setRecordsPublished(Map.of("em-1", 3L)).build())).isEmpty();
        assertThat(Validation.check(TriggerMark.newBuilder().setRunId("r").setInstrumentId("t").setTriggerLine("ttl0").setSequence(0)
                .setInstrumentTimeNs(5L).build())).isEmpty();
    }

    @Test
    void shouldRejectFrameWhenPayloadShorterThanDimensions() {
        Frame frame = Frame.newBuilder(SampleRecords.frame()).setPixels(ByteBuffer.wrap(new byte[10])).build();
        assertInvalid(Validation.check(frame), ReasonCode.PAYLOAD_SIZE, "10 bytes", "expected 24");
    }

    @Test
    void shouldRejectFrameWithNonPositivePixelSize() {
        assertInvalid(Validation.check(Frame.newBuilder(SampleRecords.frame()).setPixelSizeNm(0).build()), ReasonCode.OUT_OF_RANGE, "pixel size");
        assertInvalid(Validation.check(Frame.newBuilder(SampleRecords.frame()).setPixelSizeNm(Double.NaN).build()), ReasonCode.OUT_OF_RANGE);
    }

    @Test
    void shouldRejectFrameWithEmptyIds() {
        assertInvalid(Validation.check(Frame.newBuilder(SampleRecords.frame()).setRunId("").build()), ReasonCode.MISSING_ID, "runId=''");
        assertInvalid(Validation.check(Frame.newBuilder(SampleRecords.frame()).setInstrumentId(" ").build()), ReasonCode.MISSING_ID);
    }

    @Test
    void shouldRejectFrameWithExtremeTimes() {
        assertInvalid(Validation.check(Frame.newBuilder(SampleRecords.frame()).setInstrumentTimeNs(-1).build()), ReasonCode.OUT_OF_RANGE,
                "instrumentTimeNs");
        assertInvalid(Validation.check(Frame.newBuilder(SampleRecords.frame()).setInstrumentTimeNs(Long.MAX_VALUE).build()),
                ReasonCode.OUT_OF_RANGE);
        assertInvalid(Validation.check(Frame.newBuilder(SampleRecords.frame()).setExposureNs(0).build()), ReasonCode.OUT_OF_RANGE, "exposure");
        assertInvalid(Validation.check(Frame.newBuilder(SampleRecords.frame()).setExposureNs(Long.MAX_VALUE).build()),
                ReasonCode.OUT_OF_RANGE, "exposure");
        assertInvalid(Validation.check(Frame.newBuilder(SampleRecords.frame()).setSequence(-3).build()), ReasonCode.OUT_OF_RANGE, "sequence");
    }

    @Test
    void shouldRejectFrameWithNonFiniteStagePosition() {
        assertInvalid(Validation.check(Frame.newBuilder(SampleRecords.frame()).setStageXNm(Double.POSITIVE_INFINITY).build()),
                ReasonCode.OUT_OF_RANGE, "stage position");
        assertInvalid(Validation.check(Frame.newBuilder(SampleRecords.frame()).setStageYNm(Double.NaN).build()), ReasonCode.OUT_OF_RANGE);
    }

    @Test
    void shouldRejectFrameWhoseDimensionsAreOutOfRangeOrOverflow() {
        assertInvalid(Validation.check(Frame.newBuilder(SampleRecords.frame()).setWidth(0).build()), ReasonCode.BAD_DIMENSIONS);
        assertInvalid(Validation.check(Frame.newBuilder(SampleRecords.frame()).setWidth(Integer.MAX_VALUE).setHeight(Integer.MAX_VALUE)
                .build()), ReasonCode.BAD_DIMENSIONS);
        // within the side limit, but w*h*bpp = 1 GiB: more than any frame may inflate to
        assertInvalid(Validation.check(Frame.newBuilder(SampleRecords.frame()).setWidth(16384).setHeight(16384)
                .setPixelType(PixelType.F32).build()), ReasonCode.BAD_DIMENSIONS, "1073741824 bytes");
    }

    @Test
    void shouldRejectPumpDelayWithoutPumpFlagAndAbsurdDelay() {
        assertInvalid(Validation.check(Frame.newBuilder(SampleRecords.frame()).setPumpOn(null).build()), ReasonCode.INCONSISTENT);
        assertInvalid(Validation.check(Frame.newBuilder(SampleRecords.frame()).setPumpDelayFs(Long.MIN_VALUE).build()), ReasonCode.OUT_OF_RANGE);
    }

    @Test
    void shouldRejectBlankFrame() {
        Frame blank = Frame.newBuilder(SampleRecords.frame()).setPixels(FramePixels.packU16(new short[12], org.operando.schema.Compression.NONE))
                .build();
        assertInvalid(Validation.check(blank), ReasonCode.BLANK_FRAME, "every pixel equal");
    }

    @Test
    void shouldRejectElectrochemBlockWithMismatchedArrays() {
        assertInvalid(Validation.check(block().setCurrentA(List.of(1e-6)).build()), ReasonCode.INCONSISTENT, "2 potentials but 1 currents");
    }

    @Test
    void shouldRejectElectrochemBlockWithNonFiniteOrAbsurdSamples() {
        assertInvalid(Validation.check(block().setCurrentA(List.of(1e-6, Double.NaN)).build()), ReasonCode.OUT_OF_RANGE, "sample 1");
        assertInvalid(Validation.check(block().setPotentialV(List.of(Double.NEGATIVE_INFINITY, 0.0)).build()), ReasonCode.OUT_OF_RANGE);
        assertInvalid(Validation.check(block().setPotentialV(List.of(1e9, 0.0)).build()), ReasonCode.OUT_OF_RANGE);
        assertInvalid(Validation.check(block().setPotentialV(List.of()).setCurrentA(List.of()).build()), ReasonCode.INCONSISTENT, "0 samples");
    }

    @Test
    void shouldRejectElectrochemBlockWithExtremeTimes() {
        assertInvalid(Validation.check(block().setSamplePeriodNs(0).build()), ReasonCode.OUT_OF_RANGE, "sample period");
        assertInvalid(Validation.check(block().setSamplePeriodNs(Long.MAX_VALUE).build()), ReasonCode.OUT_OF_RANGE);
        assertInvalid(Validation.check(block().setFirstSampleInstrumentTimeNs(Long.MIN_VALUE).build()), ReasonCode.OUT_OF_RANGE);
        assertInvalid(Validation.check(block().setFirstSampleInstrumentTimeNs(Validation.MAX_TIME_NS).setSamplePeriodNs(1000).build()),
                ReasonCode.OUT_OF_RANGE, "last sample");
    }

    @Test
    void shouldRejectTriggerMarkWithoutLineOrWithNegativeTime() {
        TriggerMark.Builder mark = TriggerMark.newBuilder().setRunId("r").setInstrumentId("t").setTriggerLine("ttl0").setSequence(0)
                .setInstrumentTimeNs(5L);
        assertInvalid(Validation.check(TriggerMark.newBuilder(mark.build()).setTriggerLine("").build()), ReasonCode.MISSING_ID, "trigger line");
        assertInvalid(Validation.check(TriggerMark.newBuilder(mark.build()).setInstrumentTimeNs(-5).build()), ReasonCode.OUT_OF_RANGE);
        assertInvalid(Validation.check(TriggerMark.newBuilder(mark.build()).setRunId("").build()), ReasonCode.MISSING_ID);
    }

    @Test
    void shouldRejectRunStartWithEmptyRunIdBadPeriodOrDuplicateInstruments() {
        assertInvalid(Validation.check(runStart().setRunId("").build()), ReasonCode.MISSING_ID, "RunStart");
        assertInvalid(Validation.check(runStart().setTriggerPeriodNs(0L).build()), ReasonCode.OUT_OF_RANGE, "trigger period");
        assertInvalid(Validation.check(runStart().setTriggerPeriodNs(-100L).build()), ReasonCode.OUT_OF_RANGE, "trigger period");
        assertInvalid(Validation.check(runStart().setInstruments(List.of(instrument("em-1"), instrument("em-1"))).build()),
                ReasonCode.INCONSISTENT, "em-1 more than once");
        assertInvalid(Validation.check(runStart().setInstruments(List.of()).build()), ReasonCode.INCONSISTENT, "no instruments");
        assertInvalid(Validation.check(runStart().setInstruments(List.of(instrument(""))).build()), ReasonCode.MISSING_ID);
        assertInvalid(Validation.check(runStart().setStartMasterTimeNs(-1).build()), ReasonCode.OUT_OF_RANGE);
        assertThat(Validation.check(runStart().setTriggerPeriodNs(null).build())).as("period may be absent").isEmpty();
    }

    @Test
    void shouldRejectRunStopWithNegativeCounts() {
        RunStop stop = RunStop.newBuilder().setRunId("run-1").setInstrumentId("timing").setStopMasterTimeNs(5L)
                .setWallClockEpochNs(5L).setReason("completed").setRecordsPublished(Map.of("em-1", -3L)).build();
        assertInvalid(Validation.check(stop), ReasonCode.OUT_OF_RANGE, "-3");
        assertInvalid(Validation.check(RunStop.newBuilder(stop).setRecordsPublished(Map.of()).setRunId("").build()), ReasonCode.MISSING_ID);
    }

    @Test
    void shouldRejectImagingDescriptorWithoutShapeOrWithAbsurdOne() {
        assertInvalid(Validation.check(descriptor().setWidth(null).build()), ReasonCode.INCONSISTENT, "needs pixelType, width");
        assertInvalid(Validation.check(descriptor().setWidth(-4).build()), ReasonCode.BAD_DIMENSIONS);
        assertInvalid(Validation.check(descriptor().setPixelSizeNm(Double.POSITIVE_INFINITY).build()), ReasonCode.OUT_OF_RANGE);
        assertInvalid(Validation.check(descriptor().setFramesPerS(Double.NaN).build()), ReasonCode.OUT_OF_RANGE);
        assertInvalid(Validation.check(descriptor().setClockDomain("").build()), ReasonCode.MISSING_ID);
        assertThat(Validation.check(descriptor().setModality(Modality.ELECTROCHEM).setPixelType(null).setWidth(null).setHeight(null)
                .setPixelSizeNm(null).setSampleRateHz(1000.0).build())).as("non-imaging streams have no shape").isEmpty();
    }
}
