package org.operando.streams.drift;

import java.util.Objects;

/**
 * Settings of a {@link DriftTracker}. All distances in pixels, all rates per frame.
 *
 * @param correlator             how each shift is measured
 * @param minConfidence          a frame whose best correlation peak is below this is rejected: the
 *                               trajectory holds the prediction and the frame is flagged low-confidence
 * @param renewBelowConfidence   the keyframe is replaced by the current frame when its match falls below
 *                               this (specimen changing, overlap shrinking); ≥ minConfidence
 * @param renewBeyondShiftPx     ... or when the shift against the keyframe exceeds this
 * @param anchorCheckInterval    every this many frames the frame is also registered against the first
 *                               (anchor) frame; a confident anchor match re-bases the keyframe chain
 *                               so chaining errors do not accumulate as a random walk
 * @param measurementSigmaPx     standard deviation of one shift measurement (Kalman R = σ²)
 * @param accelerationSigmaPx    white-acceleration noise of the constant-velocity model, px/frame²
 * @param randomWalkSigmaPx      position random-walk noise, px per √frame
 * @param jumpSigma              a measurement whose innovation exceeds this many standard deviations
 *                               (Mahalanobis, both axes) ...
 * @param minJumpPx              ... and is longer than this is a jump: the filter is reset to it
 */
public record DriftSettings(CorrelatorSettings correlator, double minConfidence, double renewBelowConfidence,
                            double renewBeyondShiftPx, int anchorCheckInterval, double measurementSigmaPx,
                            double accelerationSigmaPx, double randomWalkSigmaPx, double jumpSigma,
                            double minJumpPx) {

    public DriftSettings {
        Objects.requireNonNull(correlator, "correlator");
        requireIn("minConfidence", minConfidence, 0, 1);
        requireIn("renewBelowConfidence", renewBelowConfidence, minConfidence, 1);
        requirePositive("renewBeyondShiftPx", renewBeyondShiftPx);
        if (anchorCheckInterval < 1) {
            throw new IllegalArgumentException("anchorCheckInterval must be >= 1 frame. Got: " + anchorCheckInterval);
        }
        requirePositive("measurementSigmaPx", measurementSigmaPx);
        requireIn("accelerationSigmaPx", accelerationSigmaPx, 0, Double.MAX_VALUE);
        requireIn("randomWalkSigmaPx", randomWalkSigmaPx, 0, Double.MAX_VALUE);
        requirePositive("jumpSigma", jumpSigma);
        requireIn("minJumpPx", minJumpPx, 0, Double.MAX_VALUE);
    }

    /**
     * Reject below confidence 0.1, renew the keyframe below 0.3 or beyond 16 px, check the anchor
     * every 10 frames, σ<sub>meas</sub> = 0.05 px, σ<sub>a</sub> = 0.01 px/frame²,
     * σ<sub>walk</sub> = 0.05 px/√frame, jump beyond 6 σ and 1 px.
     */
    public static DriftSettings defaults() {
        return new DriftSettings(CorrelatorSettings.defaults(), 0.1, 0.3, 16, 10, 0.05, 0.01, 0.05, 6, 1);
    }

    public DriftSettings withCorrelator(CorrelatorSettings newCorrelator) {
        return new DriftSettings(newCorrelator, minConfidence, renewBelowConfidence, renewBeyondShiftPx,
                anchorCheckInterval, measurementSigmaPx, accelerationSigmaPx, randomWalkSigmaPx, jumpSigma, minJumpPx);
    }

    public DriftSettings withConfidenceThresholds(double newMin, double newRenewBelow) {
        return new DriftSettings(correlator, newMin, newRenewBelow, renewBeyondShiftPx,
                anchorCheckInterval, measurementSigmaPx, accelerationSigmaPx, randomWalkSigmaPx, jumpSigma, minJumpPx);
    }

    public DriftSettings withAnchorCheckInterval(int newInterval) {
        return new DriftSettings(correlator, minConfidence, renewBelowConfidence, renewBeyondShiftPx,
                newInterval, measurementSigmaPx, accelerationSigmaPx, randomWalkSigmaPx, jumpSigma, minJumpPx);
    }

    public DriftSettings withMotionModel(double newMeasurementSigma, double newAccelerationSigma,
                                         double newRandomWalkSigma) {
        return new DriftSettings(correlator, minConfidence, renewBelowConfidence, renewBeyondShiftPx,
                anchorCheckInterval, newMeasurementSigma, newAccelerationSigma, newRandomWalkSigma, jumpSigma, minJumpPx);
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0. Got: " + value);
        }
    }

    private static void requireIn(String name, double value, double low, double high) {
        if (!(value >= low && value <= high)) {
            throw new IllegalArgumentException(name + " must be in [" + low + ", " + high + "]. Got: " + value);
        }
    }
}
