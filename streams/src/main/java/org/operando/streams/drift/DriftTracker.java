package org.operando.streams.drift;

import java.util.Objects;

/**
 * Follows the drift of one image stream, frame by frame: keyframe chaining with a long-term
 * anchor, a constant-velocity Kalman filter, jump detection and rejection of frames that cannot be
 * registered.
 *
 * <p>Per frame at sequence s:
 * <ol>
 *   <li>The filter is predicted over Δ = s − s<sub>prev</sub> frames (gaps are allowed).</li>
 *   <li>The frame is registered against the current keyframe: cumulative drift
 *       z = keyframe offset + shift. Every {@code anchorCheckInterval} frames, or whenever the
 *       keyframe match is below {@code minConfidence}, it is also registered against the anchor
 *       (the first usable frame, drift 0 by definition). A confident anchor match is an absolute
 *       measurement: it replaces z (its wrap-around alias nearest the keyframe estimate or the
 *       prediction) and re-bases the keyframe offset, so chaining errors stay bounded instead of
 *       accumulating as a random walk.</li>
 *   <li>No confident match: the frame is flagged {@code lowConfidence} and the trajectory holds
 *       the prediction (no step in the output).</li>
 *   <li>Otherwise, if the innovation ν = z − prediction has Mahalanobis length
 *       √(ν<sub>x</sub>²/S<sub>x</sub> + ν<sub>y</sub>²/S<sub>y</sub>) &gt; {@code jumpSigma} and
 *       |ν| &gt; {@code minJumpPx}, it is a {@code jump}: the filter is reset to z (not smoothed
 *       across). Else a normal Kalman update.</li>
 *   <li>The keyframe is renewed to this frame (offset z) when the match weakens below
 *       {@code renewBelowConfidence} or the shift against it exceeds {@code renewBeyondShiftPx}.</li>
 * </ol>
 *
 * <p>Not thread-safe; one tracker per stream (per run and instrument). Holds two cached reference
 * spectra (anchor, keyframe) of 16·W·H bytes each, plus a correlator's scratch buffers.
 */
public final class DriftTracker {

    private final DriftSettings settings;
    private final PhaseCorrelator correlator;
    private final double measurementVariance;
    private ReferenceSpectrum anchor;
    private ReferenceSpectrum keyframe;
    private double keyOffsetX;
    private double keyOffsetY;
    private ConstantVelocityAxis filterX;
    private ConstantVelocityAxis filterY;
    private long lastSequence;
    private int framesSinceAnchorCheck;

    private DriftTracker(DriftSettings settings, PhaseCorrelator correlator) {
        this.settings = settings;
        this.correlator = correlator;
        this.measurementVariance = settings.measurementSigmaPx() * settings.measurementSigmaPx();
    }

    /** A tracker for frames of {@code width} × {@code height} pixels, row-major. */
    public static DriftTracker create(DriftSettings settings, int width, int height) {
        Objects.requireNonNull(settings, "settings");
        return new DriftTracker(settings, PhaseCorrelator.create(width, height, settings.correlator()));
    }

    /**
     * A correlation peak this many standard deviations above the correlation surface's background cannot be noise:
     * the largest of ~10⁶ Gaussian background values is about 5σ. Sparse specimens (few small particles in a large
     * frame) give a low normalized peak but a clear one, and are accepted on this criterion.
     */
    static final double MIN_PEAK_TO_BACKGROUND = 12.0;

    private boolean accepted(ShiftEstimate e) {
        return !e.featureless() && (e.confidence() >= settings.minConfidence() || e.peakToBackground() >= MIN_PEAK_TO_BACKGROUND);
    }

    public DriftSettings settings() {
        return settings;
    }

    /** Unsigned 16-bit frame; see {@link Pixels#fromUnsigned16}. */
    public DriftState update(long sequence, short[] unsigned16) {
        return update(sequence, Pixels.fromUnsigned16(unsigned16));
    }

    /**
     * Registers the next frame and returns its drift relative to the anchor frame.
     *
     * @param sequence frame sequence number, strictly increasing along the stream
     * @param pixels   width × height values, row-major
     * @throws IllegalArgumentException if the sequence does not increase or the frame has the wrong size
     */
    public DriftState update(long sequence, float[] pixels) {
        Objects.requireNonNull(pixels, "pixels");
        if (filterX != null && sequence <= lastSequence) {
            throw new IllegalArgumentException("Frame sequence must increase. Got " + sequence
                    + " after " + lastSequence);
        }
        if (anchor == null) {
            return start(sequence, pixels);
        }
        double frames = sequence - lastSequence;
        lastSequence = sequence;
        filterX = filterX.predict(frames, settings.accelerationSigmaPx(), settings.randomWalkSigmaPx());
        filterY = filterY.predict(frames, settings.accelerationSigmaPx(), settings.randomWalkSigmaPx());
        framesSinceAnchorCheck++;

        ShiftEstimate vsKey = correlator.estimate(keyframe, pixels);
        boolean keyOk = accepted(vsKey);
        double zx = keyOffsetX + vsKey.dxPx();
        double zy = keyOffsetY + vsKey.dyPx();
        double confidence = vsKey.confidence();
        boolean measured = keyOk;
        if (!keyOk || framesSinceAnchorCheck >= settings.anchorCheckInterval()) {
            framesSinceAnchorCheck = 0;
            ShiftEstimate vsAnchor = correlator.estimate(anchor, pixels);
            if (accepted(vsAnchor)) {
                double guessX = keyOk ? zx : filterX.position();
                double guessY = keyOk ? zy : filterY.position();
                zx = nearestAlias(vsAnchor.dxPx(), guessX, correlator.width());
                zy = nearestAlias(vsAnchor.dyPx(), guessY, correlator.height());
                confidence = keyOk ? Math.max(confidence, vsAnchor.confidence()) : vsAnchor.confidence();
                if (keyOk) {
                    keyOffsetX = zx - vsKey.dxPx();
                    keyOffsetY = zy - vsKey.dyPx();
                }
                measured = true;
            }
        }
        if (!measured) {
            return new DriftState(sequence, filterX.position(), filterY.position(), filterX.position(),
                    filterY.position(), confidence, false, true, false);
        }
        boolean jump = isJump(zx, zy);
        if (jump) {
            filterX = filterX.resetTo(zx, measurementVariance);
            filterY = filterY.resetTo(zy, measurementVariance);
        } else {
            filterX = filterX.update(zx, measurementVariance);
            filterY = filterY.update(zy, measurementVariance);
        }
        // a weak match renews the keyframe, but a sparse specimen's match is weak by nature: when its peak stands
        // clearly out of the background it is kept, or every frame would become a keyframe and errors would chain
        boolean weak = vsKey.confidence() < settings.renewBelowConfidence()
                && vsKey.peakToBackground() < 2 * MIN_PEAK_TO_BACKGROUND;
        boolean renew = !keyOk || weak || vsKey.magnitudePx() > settings.renewBeyondShiftPx();
        if (renew) {
            keyframe = correlator.reference(pixels);
            keyOffsetX = zx;
            keyOffsetY = zy;
        }
        return new DriftState(sequence, zx, zy, filterX.position(), filterY.position(), confidence, jump, false, renew);
    }

    private DriftState start(long sequence, float[] pixels) {
        ReferenceSpectrum first = correlator.reference(pixels);
        lastSequence = sequence;
        if (first.featureless()) {
            return new DriftState(sequence, 0, 0, 0, 0, 0, false, true, false);
        }
        anchor = first;
        keyframe = first;
        keyOffsetX = 0;
        keyOffsetY = 0;
        double velocityVariance = 1.0;
        filterX = ConstantVelocityAxis.start(0, measurementVariance, velocityVariance);
        filterY = ConstantVelocityAxis.start(0, measurementVariance, velocityVariance);
        framesSinceAnchorCheck = 0;
        return new DriftState(sequence, 0, 0, 0, 0, 1, false, false, true);
    }

    private boolean isJump(double zx, double zy) {
        double nx = filterX.innovation(zx);
        double ny = filterY.innovation(zy);
        double mahalanobis2 = nx * nx / filterX.innovationVariance(measurementVariance)
                + ny * ny / filterY.innovationVariance(measurementVariance);
        double k = settings.jumpSigma();
        return mahalanobis2 > k * k && Math.hypot(nx, ny) > settings.minJumpPx();
    }

    /** The value v + m·n (integer m) closest to {@code guess}: undoes the FFT's wrap-around. */
    static double nearestAlias(double value, double guess, int period) {
        return value + period * Math.rint((guess - value) / period);
    }
}
