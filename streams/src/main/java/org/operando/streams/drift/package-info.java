/**
 * Live drift correction: the plain-Java kernel behind the drift stage (no Kafka in it).
 *
 * <pre>{@code
 * DriftTracker tracker = DriftTracker.create(DriftSettings.defaults(), width, height);
 * DriftState s = tracker.update(sequence, floatPixels);         // or short[] unsigned 16-bit
 * DriftNanometres nm = s.toNanometres(pixelSizeXNm, pixelSizeYNm);
 * }</pre>
 *
 * <p>{@link org.operando.streams.drift.PhaseCorrelator} measures one shift against a cached
 * reference spectrum; {@link org.operando.streams.drift.DriftTracker} chains keyframes, re-checks
 * the anchor, smooths with a Kalman filter, flags jumps and rejects frames it cannot register.
 * Sign everywhere: (dx, dy) is where the content has moved to (moving(x) = reference(x − d)),
 * the negative of scikit-image's {@code phase_cross_correlation} in swapped (row, col) order.
 * Decision 010 says why the stage publishes this transform rather than resampled frames.
 */
package org.operando.streams.drift;
