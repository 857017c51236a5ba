package org.operando.streams.correlation;

/**
 * One pump-probe frame reduced to its ROI intensity.
 *
 * @param delayS    pump-probe delay τ in s (negative: probe before pump)
 * @param pumped    whether the pump pulse hit the specimen for this frame
 * @param intensity the frame's ROI intensity (e.g. {@link ImageFeatures#meanIntensity})
 */
public record DelaySample(double delayS, boolean pumped, double intensity) {

    public DelaySample {
        if (!Double.isFinite(delayS) || !Double.isFinite(intensity)) {
            throw new IllegalArgumentException("Delay and intensity must be finite. Got: delay=" + delayS
                    + " s, intensity=" + intensity);
        }
    }
}
