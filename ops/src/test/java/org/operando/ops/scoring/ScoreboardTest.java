package org.operando.ops.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.operando.schema.DriftEstimate;
import org.operando.schema.GroundTruth;
import org.operando.schema.Modality;
import org.operando.schema.Registration;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.TruthKind;

class ScoreboardTest {
    private static GroundTruth frameTruth(String id, long seq, double dx, double dy, List<Double> affine) {
        return GroundTruth.newBuilder().setRunId("r").setInstrumentId(id).setKind(TruthKind.FRAME).setSequence(seq)
                .setTrueMasterTimeNs(seq * 100_000_000L).setDriftXPx(dx).setDriftYPx(dy).setAffineOpticalToEm(affine).build();
    }

    private static DriftEstimate estimate(long seq, double dx, double dy) {
        return DriftEstimate.newBuilder().setRunId("r").setInstrumentId("em-1").setSequence(seq).setMasterTimeNs(0)
                .setDxPx(dx).setDyPx(dy).setDxNm(0).setDyNm(0).setRawDxPx(dx).setRawDyPx(dy).setConfidence(10)
                .setJump(false).setLowConfidence(false).setReferenceSequence(0).build();
    }

    @Test
    void shouldScoreDriftRelativeToAnchorFrame() {
        // truth starts at (5, -3): estimates are relative to frame 0, so a perfect tracker reports (t - t0)
        List<SpecificRecord> truth = List.of(frameTruth("em-1", 0, 5, -3, null), frameTruth("em-1", 1, 6, -3, null),
                frameTruth("em-1", 2, 7, -2, null));
        Scoreboard board = new Scoreboard(truth, List.of());
        Map<String, Object> drift = board.drift(List.of(estimate(0, 0, 0), estimate(1, 1.0, 0), estimate(2, 2.0, 1.3)));
        @SuppressWarnings("unchecked")
        Map<String, Object> em = (Map<String, Object>) drift.get("em-1");
        assertThat((double) em.get("maxErrorPx")).isCloseTo(0.3, within(1e-9));
        assertThat((double) em.get("rmsErrorEuclideanPx")).isCloseTo(Math.sqrt(0.09 / 3), within(1e-4));
        assertThat((double) em.get("rmsErrorPx")).as("per axis").isCloseTo(Math.sqrt(0.09 / 3 / 2), within(1e-4));
        assertThat(em.get("frames")).isEqualTo(3);
    }

    @Test
    void shouldMeasureRegistrationErrorAgainstTrueAffineInEmNanometres() {
        List<Double> trueAffine = List.of(30.0, 0.0, 10.0, 0.0, 30.0, 20.0);
        Scoreboard board = new Scoreboard(List.of(frameTruth("opt-1", 0, 0, 0, trueAffine)), List.of(
                StreamDescriptor.newBuilder().setRunId("r").setInstrumentId("opt-1").setModality(Modality.OPTICAL)
                        .setClockDomain("opt-1").setWidth(256).setHeight(256).setPixelSizeNm(80.0).build(),
                StreamDescriptor.newBuilder().setRunId("r").setInstrumentId("em-1").setModality(Modality.EM)
                        .setClockDomain("em-1").setWidth(512).setHeight(512).setPixelSizeNm(2.0).build()));
        // fitted affine off by a pure translation of (3, 4) EM px = 5 px = 10 nm everywhere
        Registration fitted = Registration.newBuilder().setRunId("r").setInstrumentId("em-1").setOpticalInstrumentId("opt-1")
                .setEmSequence(0).setOpticalSequence(0).setMasterTimeNs(0).setAffine(List.of(30.0, 0.0, 13.0, 0.0, 30.0, 24.0))
                .setFreNm(5).setPredictedTreNm(9).setPredictedTreCornersNm(List.of(9.0, 9.0, 9.0, 9.0)).setFiducialsEm(20).setFiducialsOptical(22).setInliers(20).build();
        Map<String, Object> reg = board.registration(List.of(fitted));
        assertThat((double) reg.get("treNm")).isCloseTo(10.0, within(1e-9));
        assertThat((double) reg.get("predictedTreNm")).isCloseTo(9.0, within(1e-9));
        assertThat(reg.get("inliers")).isEqualTo(20);
        assertThat(reg.get("fiducials")).isEqualTo(20);
    }
}
