package org.operando.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.Technique;

class ValidationTest {
    @Test
    void shouldAcceptWellFormedFrame() {
        assertThat(Validation.check(SampleRecords.frame())).isEmpty();
    }

    @Test
    void shouldRejectFrameWhenPayloadShorterThanDimensions() {
        Frame frame = Frame.newBuilder(SampleRecords.frame()).setPixels(ByteBuffer.wrap(new byte[10])).build();
        assertThat(Validation.check(frame)).hasValueSatisfying(reason ->
                assertThat(reason).contains("10 bytes").contains("expected 24"));
    }

    @Test
    void shouldRejectFrameWithNonPositivePixelSize() {
        Frame frame = Frame.newBuilder(SampleRecords.frame()).setPixelSizeNm(0).build();
        assertThat(Validation.check(frame)).hasValueSatisfying(reason -> assertThat(reason).contains("pixel size"));
    }

    @Test
    void shouldRejectElectrochemBlockWithMismatchedArrays() {
        ElectrochemBlock block = ElectrochemBlock.newBuilder().setRunId("r").setInstrumentId("p").setSequence(0)
                .setFirstSampleInstrumentTimeNs(0).setSamplePeriodNs(100).setTechnique(Technique.CA)
                .setPotentialV(List.of(0.1, 0.2)).setCurrentA(List.of(1e-6)).build();
        assertThat(Validation.check(block)).hasValueSatisfying(reason -> assertThat(reason).contains("2 potentials but 1 currents"));
    }

    @Test
    void shouldRejectElectrochemBlockWithNaNCurrent() {
        ElectrochemBlock block = ElectrochemBlock.newBuilder().setRunId("r").setInstrumentId("p").setSequence(0)
                .setFirstSampleInstrumentTimeNs(0).setSamplePeriodNs(100).setTechnique(Technique.CA)
                .setPotentialV(List.of(0.1)).setCurrentA(List.of(Double.NaN)).build();
        assertThat(Validation.check(block)).isPresent();
    }
}
