package org.operando.streams.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.FrameRef;
import org.operando.schema.DriftMeasure;
import org.operando.schema.FrameAnalysis;
import org.operando.schema.Registration;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.pixels.FrameAnalyzer;
import org.operando.streams.registration.Affine2D;
import org.operando.streams.registration.CoRegistration;
import org.operando.streams.registration.ImageGeometry;
import org.operando.streams.registration.NominalTransform;
import org.operando.streams.registration.PixelShift;
import org.operando.streams.registration.Polarity;
import org.operando.streams.registration.RegistrationException;
import org.operando.streams.registration.RegistrationResult;
import org.operando.streams.registration.RegistrationSettings;
import org.operando.streams.registration.TargetError;

/**
 * Co-registration of one run: every {@code interval}-th EM frame of a stream (the first, then by its count in the
 * stream; the pixel stage detects its fiducials) is registered with the optical frame that overlaps its exposure most,
 * as the EM frame's aligned window names it (fiducials detected in both by the pixel stage, RANSAC correspondence
 * from the stage readouts, affine least squares). The fit is
 * referred back to the drift-free anchor frames by composing with both frames' own measured drift, and a
 * {@code Registration} record is published when it moves by more than half its predicted TRE anywhere in the field.
 * Pairing through the aligned window, which is emitted once every partner stream has passed it, makes the result
 * independent of how the streams interleave. A consumer overlays the current optical frame with {@code affine}
 * composed with the current drifts.
 */
public final class RegistrationStage {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RegistrationStage.class);
    /** Optical frames kept per instrument for the windows still to come (a few seconds of frames). */
    private static final int MAX_OPTICAL_KEPT = 128;
    private final String runId;
    private final OperandoStreamsConfig config;
    private final Emitter emitter;
    private final long keepNs;
    /** Optical frames with their own drift, per instrument by sequence, until no window can name them any more. */
    private final Map<String, TreeMap<Long, Held>> optical = new HashMap<>();
    /** EM frames due for registration, by "instrument#sequence", until their window is emitted. */
    private final Map<String, Held> dueEm = new HashMap<>();
    private final Map<String, Affine2D> published = new HashMap<>();
    /** Pairs whose last registration failed, and those already warned about since they last registered. */
    private final java.util.Set<String> failing = new java.util.HashSet<>();
    private final java.util.Set<String> warned = new java.util.HashSet<>();

    /** A frame kept for registration with its stream's drift state (null when drift is not measured). */
    private record Held(Restamped frame, DriftMeasure drift) {
    }

    public RegistrationStage(String runId, OperandoStreamsConfig config, Emitter emitter) {
        this.runId = runId;
        this.config = config;
        this.emitter = emitter;
        this.keepNs = 2 * config.getLong(OperandoStreamsConfig.GRACE_MS) * 1_000_000L + 1_000_000_000L;
    }

    /** An optical frame with its fiducials. */
    public void optical(Restamped r) {
        if (r.analysis().getSpots() == null) {
            return;
        }
        TreeMap<Long, Held> frames = optical.computeIfAbsent(r.instrumentId(), k -> new TreeMap<>());
        frames.put(r.sequence(), new Held(r, r.analysis().getDrift()));
        if (frames.size() > MAX_OPTICAL_KEPT) {
            frames.pollFirstEntry();
        }
    }

    /** An EM frame: kept when it is due for registration (the pixel stage detected its fiducials). */
    public void em(Restamped em) {
        if (em.analysis().getSpots() != null) {
            dueEm.put(em.instrumentId() + "#" + em.sequence(), new Held(em, em.analysis().getDrift()));
        }
    }

    /**
     * An EM frame's aligned window: a due EM frame is registered with the optical frame (with fiducials) that overlaps
     * it most, else with the one whose exposure ended nearest before the window's end, within a second. When the window
     * is emitted, every partner stream has passed its end, so that choice does not depend on what came when. Both
     * frames' drifts refer the fit back to the anchor frames, so a frame taken a little earlier serves as well.
     */
    public void onWindow(CorrelatedSample window) {
        String key = window.getInstrumentId() + "#" + window.getEmSequence();
        Held em = dueEm.get(key);
        if (em != null) {
            Held partner = window.getOptical().stream().filter(ref -> heldOptical(ref) != null)
                    .max(java.util.Comparator.comparingDouble(FrameRef::getOverlapFraction)
                            .thenComparing(FrameRef::getInstrumentId, java.util.Comparator.reverseOrder())
                            .thenComparing(FrameRef::getSequence, java.util.Comparator.reverseOrder()))
                    .map(this::heldOptical).orElseGet(() -> nearestBefore(window.getMasterEndNs()));
            if (partner != null) {
                dueEm.remove(key);
                register(em, partner);
            }
        }
        long horizon = window.getMasterStartNs() - keepNs;
        dueEm.values().removeIf(h -> h.frame().masterEndNs() < horizon);
        optical.values().forEach(frames -> frames.values().removeIf(h -> h.frame().masterEndNs() < horizon));
    }

    private Held nearestBefore(long endNs) {
        Held best = null;
        for (var byInstrument : new TreeMap<>(optical).values()) {
            for (Held h : byInstrument.values()) {
                long end = h.frame().masterEndNs();
                if (end <= endNs && endNs - end <= 1_000_000_000L && (best == null || end > best.frame().masterEndNs())) {
                    best = h;
                }
            }
        }
        return best;
    }

    private Held heldOptical(FrameRef ref) {
        TreeMap<Long, Held> frames = optical.get(ref.getInstrumentId());
        return frames == null ? null : frames.get(ref.getSequence());
    }

    private void register(Held emHeld, Held opticalHeld) {
        Restamped em = emHeld.frame();
        Restamped optical = opticalHeld.frame();
        FrameAnalysis e = em.analysis();
        FrameAnalysis o = optical.analysis();
        try {
            RegistrationSettings settings = RegistrationSettings.forClem(o.getPixelSizeNm(), config.getDouble(OperandoStreamsConfig.PSF_FWHM_NM),
                    e.getPixelSizeNm(), config.getDouble(OperandoStreamsConfig.FIDUCIAL_DIAMETER_NM),
                    config.getBoolean(OperandoStreamsConfig.FIDUCIAL_DARK) ? Polarity.DARK : Polarity.BRIGHT, e.getSequence());
            NominalTransform guess = NominalTransform.fromStage(geometry(o), geometry(e), 0.0,
                    config.getDouble(OperandoStreamsConfig.STAGE_UNCERTAINTY_NM),
                    Math.toRadians(config.getDouble(OperandoStreamsConfig.ROTATION_UNCERTAINTY_DEG)), 0.05);
            RegistrationResult fit = CoRegistration.fromSpots(FrameAnalyzer.toSpots(o.getSpots()), FrameAnalyzer.toSpots(e.getSpots()),
                    e.getWidth(), e.getHeight(), guess, settings);
            failing.remove(e.getInstrumentId() + "|" + o.getInstrumentId());
            warned.remove(e.getInstrumentId() + "|" + o.getInstrumentId());
            // the fit maps this optical frame onto this EM frame; refer it to the drift-free anchor frames
            Affine2D anchor = fit.compose(negated(emHeld.drift()), negated(opticalHeld.drift()));
            String key = e.getInstrumentId() + "|" + o.getInstrumentId();
            Affine2D previous = published.get(key);
            double centreTrePx = fit.tre().get(0).treEmPx();
            if (previous != null && maxDisplacementPx(previous, anchor, o.getWidth(), o.getHeight()) < 0.5 * centreTrePx) {
                return;
            }
            published.put(key, anchor);
            published.put(e.getInstrumentId(), anchor);
            emitter.emit(Registration.newBuilder().setRunId(runId).setInstrumentId(e.getInstrumentId())
                    .setOpticalInstrumentId(o.getInstrumentId()).setEmSequence(e.getSequence()).setOpticalSequence(o.getSequence())
                    .setMasterTimeNs(em.midNs())
                    .setAffine(List.of(anchor.a(), anchor.b(), anchor.tx(), anchor.c(), anchor.d(), anchor.ty()))
                    .setFreNm(fit.freNm()).setPredictedTreNm(fit.tre().get(0).treNm())
                    .setPredictedTreCornersNm(fit.tre().stream().skip(1).map(TargetError::treNm).toList())
                    .setFiducialsEm(fit.emSpots()).setFiducialsOptical(fit.opticalSpots()).setInliers(fit.inliers().size()).build());
        } catch (RegistrationException ex) {
            // one failure is debug detail (a frame pair with a fiducial hidden or not yet bright enough); a pair that fails
            // at two registrations in a row is a warning, once, until it registers again
            String pair = e.getInstrumentId() + "|" + o.getInstrumentId();
            emitter.count(Emitter.REGISTRATION_FAILED);
            boolean persistent = !failing.add(pair);
            boolean warn = persistent && warned.add(pair);
            (warn ? LOG.atWarn() : LOG.atDebug()).log("Run {}: no registration of {} frame {} with {} frame {}{}: {}", runId, e.getInstrumentId(),
                    e.getSequence(), o.getInstrumentId(), o.getSequence(), persistent ? " (again)" : "", ex.getMessage());
        }
    }

    private ImageGeometry geometry(FrameAnalysis f) {
        return new ImageGeometry(f.getWidth(), f.getHeight(), f.getPixelSizeNm(), f.getStageXNm(), f.getStageYNm());
    }

    private static PixelShift negated(DriftMeasure s) {
        return s == null ? PixelShift.ZERO : new PixelShift(-s.getSmoothDxPx(), -s.getSmoothDyPx());
    }

    /** Largest distance (EM px) between where two affines put the optical field's corners and centre. */
    private static double maxDisplacementPx(Affine2D p, Affine2D q, int w, int h) {
        double max = 0;
        for (double[] pt : new double[][] {{0, 0}, {w - 1, 0}, {0, h - 1}, {w - 1, h - 1}, {(w - 1) / 2.0, (h - 1) / 2.0}}) {
            max = Math.max(max, Math.hypot(p.applyX(pt[0], pt[1]) - q.applyX(pt[0], pt[1]), p.applyY(pt[0], pt[1]) - q.applyY(pt[0], pt[1])));
        }
        return max;
    }
}
