package org.operando.streams.drift;

/**
 * The drift of one frame relative to the stream's anchor (first usable) frame, from
 * {@link DriftTracker#update}.
 *
 * <p>Sign: (dx, dy) is where the specimen content has moved to: a feature at (x, y) in the anchor
 * frame is at (x + dx, y + dy) in this frame (same convention as {@link ShiftEstimate}). To
 * correct, map this frame's coordinates by (x − dx, y − dy).
 *
 * @param sequence          the frame's sequence number
 * @param rawDxPx           measured cumulative drift along x (columns), pixels; for a rejected
 *                          (low-confidence) frame, the prediction
 * @param rawDyPx           same along y (rows)
 * @param smoothDxPx        Kalman-filtered drift along x, pixels
 * @param smoothDyPx        same along y
 * @param confidence        correlation peak of the match used, in [0, 1] (see {@link ShiftEstimate})
 * @param jump              the measurement jumped beyond the model's expectation; the filter was reset to it
 * @param lowConfidence     the frame could not be registered (blank, saturated, unrelated); the
 *                          smoothed value is the prediction and the raw value equals it
 * @param referenceRenewed  this frame became the new keyframe (the first frame always does)
 */
public record DriftState(long sequence, double rawDxPx, double rawDyPx, double smoothDxPx, double smoothDyPx,
                         double confidence, boolean jump, boolean lowConfidence, boolean referenceRenewed) {

    public DriftState {
        if (!Double.isFinite(rawDxPx) || !Double.isFinite(rawDyPx)
                || !Double.isFinite(smoothDxPx) || !Double.isFinite(smoothDyPx)) {
            throw new IllegalArgumentException("Drift must be finite. Got raw (" + rawDxPx + ", " + rawDyPx
                    + "), smooth (" + smoothDxPx + ", " + smoothDyPx + ")");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("Confidence must be in [0, 1]. Got: " + confidence);
        }
    }

    /** This state in nanometres, for a pixel size in nm per pixel along x and y. */
    public DriftNanometres toNanometres(double pixelSizeXNm, double pixelSizeYNm) {
        if (!(pixelSizeXNm > 0) || !(pixelSizeYNm > 0) || Double.isInfinite(pixelSizeXNm * pixelSizeYNm)) {
            throw new IllegalArgumentException("Pixel size must be finite and > 0 nm. Got: "
                    + pixelSizeXNm + " x " + pixelSizeYNm);
        }
        return new DriftNanometres(sequence, rawDxPx * pixelSizeXNm, rawDyPx * pixelSizeYNm,
                smoothDxPx * pixelSizeXNm, smoothDyPx * pixelSizeYNm, confidence);
    }
}
