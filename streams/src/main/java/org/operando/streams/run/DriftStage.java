package org.operando.streams.run;

import java.util.HashMap;
import java.util.Map;
import org.operando.schema.DriftEstimate;
import org.operando.schema.Frame;
import org.operando.streams.drift.DriftSettings;
import org.operando.streams.drift.DriftState;
import org.operando.streams.drift.DriftTracker;

/**
 * Drift correction of one run: a {@link DriftTracker} per imaging stream; each restamped frame yields a
 * {@code DriftEstimate} (cumulative drift against the stream's anchor frame, smoothed and raw, px and nm). The
 * correction is published as a transform, not as resampled frames (docs/decisions/010).
 */
public final class DriftStage {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DriftStage.class);
    private final String runId;
    private final DriftSettings settings;
    private final Emitter emitter;
    private final Map<String, DriftTracker> trackers = new HashMap<>();
    private final Map<String, Long> lastSequence = new HashMap<>();
    private final Map<String, DriftState> latest = new HashMap<>();

    public DriftStage(String runId, DriftSettings settings, Emitter emitter) {
        this.runId = runId;
        this.settings = settings;
        this.emitter = emitter;
    }

    /** Measures one frame's drift; frames older than the stream's newest measured frame are not measured (logged). */
    public void frame(Restamped r) {
        Frame f = r.frame();
        String key = f.getInstrumentId() + "/" + f.getWidth() + "x" + f.getHeight();
        long last = lastSequence.getOrDefault(key, -1L);
        if (f.getSequence() == last) {
            LOG.debug("Run {}: {} frame {} delivered again; measured once", runId, f.getInstrumentId(), last);
            return;
        }
        if (f.getSequence() < last) {
            LOG.warn("Run {}: {} frame {} arrived after frame {}; its drift is not measured", runId, f.getInstrumentId(),
                    f.getSequence(), last);
            return;
        }
        lastSequence.put(key, f.getSequence());
        DriftTracker tracker = trackers.computeIfAbsent(key, k -> DriftTracker.create(settings, f.getWidth(), f.getHeight()));
        DriftState s = tracker.update(f.getSequence(), r.pixels());
        latest.put(f.getInstrumentId(), s);
        double nm = f.getPixelSizeNm();
        emitter.emit(DriftEstimate.newBuilder().setRunId(runId).setInstrumentId(f.getInstrumentId()).setSequence(f.getSequence())
                .setMasterTimeNs(r.midNs()).setDxPx(s.smoothDxPx()).setDyPx(s.smoothDyPx())
                .setDxNm(s.smoothDxPx() * nm).setDyNm(s.smoothDyPx() * nm).setRawDxPx(s.rawDxPx()).setRawDyPx(s.rawDyPx())
                .setConfidence(s.confidence()).setJump(s.jump()).setLowConfidence(s.lowConfidence())
                .setReferenceSequence(s.referenceRenewed() ? f.getSequence() : -1L).build());
    }

    /** The newest drift state of an instrument, or null before its first frame. */
    public DriftState latest(String instrumentId) {
        return latest.get(instrumentId);
    }
}
