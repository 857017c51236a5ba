package org.operando.streams.drift;

import java.util.Objects;

/**
 * Follows the drift of one image stream, frame by frame: keyframe chaining with a long-term
 * anchor, a constant-velocity Kalman filter whose measurement and random-walk noise are estimated from
 * the measurements ({@link DriftNoise}), jump detection and rejection of frames that cannot be registered.
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
 *       across). Else a normal Kalman update, with the measurement variance r and the random walk q of
 *       this axis as {@link DriftNoise} estimates them from the measurements so far (the configured
 *       {@code measurementSigmaPx} only sets the first frame's variance, {@code randomWalkSigmaPx} q
 *       until thirty differences are in). A fixed r larger than the true noise lagged behind a random walk
 *       (published drift 5.7× worse than raw on real images); the estimate errs towards the raw value.</li>
 *   <li>The keyframe is renewed to this frame (offset z) when the match weakens below
 *       {@code renewBelowConfidence} or the shift against it exceeds {@code renewBeyondShiftPx}.</li>
 * </ol>
 *
 * <p>Not thread-safe; one tracker per stream (per run and instrument). Holds two cached reference
 * spectra (anchor, keyframe) of 16·W·H bytes each, plus a correlator's scratch buffers.
 */
public final class DriftTracker {

    /** Kalman values in a snapshot's filter array: position, velocity, p00, p01, p11 for x, then for y. */
    private static final int FILTER_VALUES = 10;
    private final DriftSettings settings;
    private final PhaseCorrelator correlator;
    private final double measurementVariance;
    private ReferenceSpectrum anchor;
    private ReferenceSpectrum keyframe;
    /** The pixels the two reference spectra were computed from, kept so the tracker can be saved and rebuilt. */
    private float[] anchorPixels;
    private float[] keyframePixels;
    private double keyOffsetX;
    private double keyOffsetY;
    private ConstantVelocityAxis filterX;
    private ConstantVelocityAxis filterY;
    private DriftNoise noiseX = DriftNoise.start();
    private DriftNoise noiseY = DriftNoise.start();
    private long lastSequence;
    private boolean started;
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
        double priorWalk = settings.randomWalkSigmaPx() * settings.randomWalkSigmaPx();
        filterX = filterX.predict(frames, settings.accelerationSigmaPx(), Math.sqrt(noiseX.processVariance(priorWalk)));
        filterY = filterY.predict(frames, settings.accelerationSigmaPx(), Math.sqrt(noiseY.processVariance(priorWalk)));
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
        double rx = noiseX.measurementVariance();
        double ry = noiseY.measurementVariance();
        boolean jump = isJump(zx, zy, rx, ry);
        if (jump) {
            filterX = filterX.resetTo(zx, rx);
            filterY = filterY.resetTo(zy, ry);
        } else {
            filterX = filterX.update(zx, rx);
            filterY = filterY.update(zy, ry);
        }
        noiseX = noiseX.measured(sequence, zx, jump);
        noiseY = noiseY.measured(sequence, zy, jump);
        // a weak match renews the keyframe, but a sparse specimen's match is weak by nature: when its peak stands
        // clearly out of the background it is kept, or every frame would become a keyframe and errors would chain
        boolean weak = vsKey.confidence() < settings.renewBelowConfidence()
                && vsKey.peakToBackground() < 2 * MIN_PEAK_TO_BACKGROUND;
        boolean renew = !keyOk || weak || vsKey.magnitudePx() > settings.renewBeyondShiftPx();
        if (renew) {
            keyframe = correlator.reference(pixels);
            keyframePixels = pixels.clone();
            keyOffsetX = zx;
            keyOffsetY = zy;
        }
        return new DriftState(sequence, zx, zy, filterX.position(), filterY.position(), confidence, jump, false, renew);
    }

    private DriftState start(long sequence, float[] pixels) {
        ReferenceSpectrum first = correlator.reference(pixels);
        lastSequence = sequence;
        started = true;
        if (first.featureless()) {
            return new DriftState(sequence, 0, 0, 0, 0, 0, false, true, false);
        }
        anchor = first;
        keyframe = first;
        anchorPixels = pixels.clone();
        keyframePixels = anchorPixels;
        keyOffsetX = 0;
        keyOffsetY = 0;
        double velocityVariance = 1.0;
        filterX = ConstantVelocityAxis.start(0, measurementVariance, velocityVariance);
        filterY = ConstantVelocityAxis.start(0, measurementVariance, velocityVariance);
        noiseX = DriftNoise.start().measured(sequence, 0, false);
        noiseY = DriftNoise.start().measured(sequence, 0, false);
        framesSinceAnchorCheck = 0;
        return new DriftState(sequence, 0, 0, 0, 0, 1, false, false, true);
    }

    /**
     * Everything but the reference frames that the next {@link #update} depends on. With the reference frames'
     * pixels ({@link #anchorPixels()}, {@link #keyframePixels()}) it rebuilds an identical tracker
     * ({@link #restore}): the spectra are recomputed from the same pixels by the same transform.
     *
     * @param started    a first frame was seen ({@code lastSequence} is meaningful)
     * @param filtering  the Kalman filters exist (the first usable frame was seen)
     * @param filters    x then y axis: position, velocity, p00, p01, p11; then x then y axis's noise estimate
     *                   ({@link DriftNoise}, {@value DriftNoise#SNAPSHOT_LENGTH} values each; absent in snapshots taken
     *                   before the noise was estimated, which restore with a fresh estimate)
     */
    public record Snapshot(boolean started, boolean filtering, long lastSequence, int framesSinceAnchorCheck,
                           double keyOffsetX, double keyOffsetY, double[] filters) {
    }

    public Snapshot snapshot() {
        double[] f = new double[0];
        if (filterX != null) {
            f = new double[FILTER_VALUES + 2 * DriftNoise.SNAPSHOT_LENGTH];
            double[] kalman = {filterX.position(), filterX.velocity(), filterX.p00(), filterX.p01(), filterX.p11(),
                filterY.position(), filterY.velocity(), filterY.p00(), filterY.p01(), filterY.p11()};
            System.arraycopy(kalman, 0, f, 0, FILTER_VALUES);
            noiseX.writeTo(f, FILTER_VALUES);
            noiseY.writeTo(f, FILTER_VALUES + DriftNoise.SNAPSHOT_LENGTH);
        }
        return new Snapshot(started, filterX != null, lastSequence, framesSinceAnchorCheck, keyOffsetX, keyOffsetY, f);
    }

    /** The anchor frame's pixels, or null before the first usable frame; not to be modified. */
    public float[] anchorPixels() {
        return anchorPixels;
    }

    /** The keyframe's pixels (the anchor's array while it is the keyframe), or null; not to be modified. */
    public float[] keyframePixels() {
        return keyframePixels;
    }

    /** Rebuilds a tracker from a {@link #snapshot()} and the reference frames' pixels it was taken with. */
    public static DriftTracker restore(DriftSettings settings, int width, int height, Snapshot s, float[] anchorPixels,
                                       float[] keyframePixels) {
        DriftTracker t = create(settings, width, height);
        t.started = s.started();
        t.lastSequence = s.lastSequence();
        t.framesSinceAnchorCheck = s.framesSinceAnchorCheck();
        t.keyOffsetX = s.keyOffsetX();
        t.keyOffsetY = s.keyOffsetY();
        if (anchorPixels != null) {
            t.anchorPixels = anchorPixels;
            t.anchor = t.correlator.reference(anchorPixels);
            t.keyframePixels = keyframePixels == null || java.util.Arrays.equals(keyframePixels, anchorPixels) ? anchorPixels : keyframePixels;
            t.keyframe = t.keyframePixels == anchorPixels ? t.anchor : t.correlator.reference(t.keyframePixels);
        }
        if (s.filtering()) {
            double[] f = s.filters();
            t.filterX = new ConstantVelocityAxis(f[0], f[1], f[2], f[3], f[4]);
            t.filterY = new ConstantVelocityAxis(f[5], f[6], f[7], f[8], f[9]);
            if (f.length >= FILTER_VALUES + 2 * DriftNoise.SNAPSHOT_LENGTH) {
                t.noiseX = DriftNoise.readFrom(f, FILTER_VALUES);
                t.noiseY = DriftNoise.readFrom(f, FILTER_VALUES + DriftNoise.SNAPSHOT_LENGTH);
            }
        }
        return t;
    }

    private boolean isJump(double zx, double zy, double rx, double ry) {
        double nx = filterX.innovation(zx);
        double ny = filterY.innovation(zy);
        double mahalanobis2 = nx * nx / filterX.innovationVariance(rx) + ny * ny / filterY.innovationVariance(ry);
        double k = settings.jumpSigma();
        return mahalanobis2 > k * k && Math.hypot(nx, ny) > settings.minJumpPx();
    }

    /** The value v + m·n (integer m) closest to {@code guess}: undoes the FFT's wrap-around. */
    static double nearestAlias(double value, double guess, int period) {
        return value + period * Math.rint((guess - value) / period);
    }
}
