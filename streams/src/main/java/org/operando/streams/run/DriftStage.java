package org.operando.streams.run;

import org.operando.schema.DriftEstimate;
import org.operando.schema.DriftMeasure;
import org.operando.schema.FrameAnalysis;

/**
 * Drift correction of one run, on the master clock: each restamped frame whose drift the pixel stage measured yields
 * a {@code DriftEstimate} (cumulative drift against the stream's anchor frame, smoothed and raw, px and nm). The
 * correction is published as a transform, not as resampled frames (docs/decisions/010). The measurement itself is the
 * pixel stage's ({@link org.operando.streams.pixels.FrameAnalysisProcessor}).
 */
public final class DriftStage {
    private final String runId;
    private final Emitter emitter;

    public DriftStage(String runId, Emitter emitter) {
        this.runId = runId;
        this.emitter = emitter;
    }

    public void frame(Restamped r) {
        FrameAnalysis a = r.analysis();
        DriftMeasure s = a.getDrift();
        if (!a.getDriftMeasured() || s == null) {
            return;
        }
        double nm = a.getPixelSizeNm();
        emitter.emit(DriftEstimate.newBuilder().setRunId(runId).setInstrumentId(a.getInstrumentId()).setSequence(a.getSequence())
                .setMasterTimeNs(r.midNs()).setDxPx(s.getSmoothDxPx()).setDyPx(s.getSmoothDyPx())
                .setDxNm(s.getSmoothDxPx() * nm).setDyNm(s.getSmoothDyPx() * nm).setRawDxPx(s.getRawDxPx()).setRawDyPx(s.getRawDyPx())
                .setConfidence(s.getConfidence()).setJump(s.getJump()).setLowConfidence(s.getLowConfidence())
                .setReferenceSequence(s.getReferenceRenewed() ? a.getSequence() : -1L).build());
    }
}
