package org.operando.streams.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.operando.schema.Frame;
import org.operando.schema.Registration;
import org.operando.schema.StreamDescriptor;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.drift.DriftState;
import org.operando.streams.registration.Affine2D;
import org.operando.streams.registration.CoRegistration;
import org.operando.streams.registration.ImageGeometry;
import org.operando.streams.registration.ImageView;
import org.operando.streams.registration.NominalTransform;
import org.operando.streams.registration.PixelShift;
import org.operando.streams.registration.Polarity;
import org.operando.streams.registration.RegistrationException;
import org.operando.streams.registration.RegistrationResult;
import org.operando.streams.registration.RegistrationSettings;
import org.operando.streams.registration.TargetError;

/**
 * Co-registration of one run: every {@code interval} EM frames the newest EM frame is registered with the newest
 * optical frame (fiducials detected in both, RANSAC correspondence from the stage readouts, affine least squares),
 * the fit is referred back to the drift-free anchor frames by composing with both streams' measured drift, and a
 * {@code Registration} record is published when it moves by more than half its predicted TRE anywhere in the field.
 * A consumer overlays the current optical frame with {@code affine} composed with the current drifts.
 */
public final class RegistrationStage {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RegistrationStage.class);
    private final String runId;
    private final OperandoStreamsConfig config;
    private final Emitter emitter;
    private final Map<String, StreamDescriptor> descriptors;
    private final DriftStage drift;
    private final Map<String, Restamped> latestOptical = new HashMap<>();
    private final Map<String, Integer> emFramesSinceFit = new HashMap<>();
    private final Map<String, Affine2D> published = new HashMap<>();
    private final java.util.Set<String> warned = new java.util.HashSet<>();

    public RegistrationStage(String runId, OperandoStreamsConfig config, Map<String, StreamDescriptor> descriptors,
                             DriftStage drift, Emitter emitter) {
        this.runId = runId;
        this.config = config;
        this.descriptors = descriptors;
        this.drift = drift;
        this.emitter = emitter;
    }

    public void optical(Restamped r) {
        latestOptical.put(r.frame().getInstrumentId(), r);
    }

    public void em(Restamped em) {
        String emId = em.frame().getInstrumentId();
        // the first EM frame with an optical partner is tried at once; after that every interval frames, whether the
        // previous attempt succeeded or not (a failing fit must not cost a detection on every frame)
        Integer since = emFramesSinceFit.get(emId);
        if (latestOptical.isEmpty()) {
            return;
        }
        if (since != null && since + 1 < config.getInt(OperandoStreamsConfig.REGISTRATION_INTERVAL)) {
            emFramesSinceFit.put(emId, since + 1);
            return;
        }
        emFramesSinceFit.put(emId, 0);
        for (Restamped optical : latestOptical.values()) {
            register(em, optical);
        }
    }

    private void register(Restamped em, Restamped optical) {
        Frame e = em.frame();
        Frame o = optical.frame();
        try {
            RegistrationSettings settings = RegistrationSettings.forClem(o.getPixelSizeNm(), config.getDouble(OperandoStreamsConfig.PSF_FWHM_NM),
                    e.getPixelSizeNm(), config.getDouble(OperandoStreamsConfig.FIDUCIAL_DIAMETER_NM),
                    config.getBoolean(OperandoStreamsConfig.FIDUCIAL_DARK) ? Polarity.DARK : Polarity.BRIGHT, e.getSequence());
            NominalTransform guess = NominalTransform.fromStage(geometry(o), geometry(e), 0.0,
                    config.getDouble(OperandoStreamsConfig.STAGE_UNCERTAINTY_NM),
                    Math.toRadians(config.getDouble(OperandoStreamsConfig.ROTATION_UNCERTAINTY_DEG)), 0.05);
            RegistrationResult fit = CoRegistration.register(ImageView.ofFloats(o.getWidth(), o.getHeight(), optical.pixels()),
                    ImageView.ofFloats(e.getWidth(), e.getHeight(), em.pixels()), guess, settings);
            // the fit maps this optical frame onto this EM frame; refer it to the drift-free anchor frames
            Affine2D anchor = fit.compose(negated(drift.latest(e.getInstrumentId())), negated(drift.latest(o.getInstrumentId())));
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
            // the first failure of a pair is a warning; the retries every interval frames are debug detail
            boolean first = warned.add(e.getInstrumentId() + "|" + o.getInstrumentId());
            (first ? LOG.atWarn() : LOG.atDebug()).log("Run {}: no registration of {} frame {} with {} frame {}: {}", runId, e.getInstrumentId(), e.getSequence(),
                    o.getInstrumentId(), o.getSequence(), ex.getMessage());
        }
    }

    private ImageGeometry geometry(Frame f) {
        return new ImageGeometry(f.getWidth(), f.getHeight(), f.getPixelSizeNm(), f.getStageXNm(), f.getStageYNm());
    }

    private static PixelShift negated(DriftState s) {
        return s == null ? PixelShift.ZERO : new PixelShift(-s.smoothDxPx(), -s.smoothDyPx());
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
