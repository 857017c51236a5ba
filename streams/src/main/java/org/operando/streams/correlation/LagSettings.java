package org.operando.streams.correlation;

/**
 * Parameters of a lagged cross-correlation.
 *
 * @param gridStepS common resampling step in s (&gt; 0); about the coarser series' median spacing
 * @param maxLagS   lags searched are [−maxLagS, +maxLagS] (≥ 2 grid steps); keep it below half the
 *                  period of periodic stimuli (CV) or the peak is ambiguous
 * @param windowS   only the most recent {@code windowS} seconds of the overlap are used
 *                  ({@code Double.POSITIVE_INFINITY} for all), which bounds the cost of online recomputation
 * @param peak      which extremum defines the lag
 */
public record LagSettings(double gridStepS, double maxLagS, double windowS, PeakSearch peak) {

    public LagSettings {
        if (!(gridStepS > 0) || !Double.isFinite(gridStepS)) {
            throw new IllegalArgumentException("Grid step must be a positive finite number of seconds. Got: " + gridStepS);
        }
        if (!(maxLagS >= 2 * gridStepS) || !Double.isFinite(maxLagS)) {
            throw new IllegalArgumentException("Maximum lag must be finite and at least two grid steps ("
                    + 2 * gridStepS + " s). Got: " + maxLagS);
        }
        if (!(windowS > 2 * maxLagS)) {
            throw new IllegalArgumentException("Window must exceed twice the maximum lag (" + 2 * maxLagS
                    + " s). Got: " + windowS);
        }
        if (peak == null) {
            throw new IllegalArgumentException("Peak search mode is required");
        }
    }

    /** Whole overlap, strongest |r|. */
    public static LagSettings of(double gridStepS, double maxLagS) {
        return new LagSettings(gridStepS, maxLagS, Double.POSITIVE_INFINITY, PeakSearch.STRONGEST);
    }

    public LagSettings withWindowS(double window) {
        return new LagSettings(gridStepS, maxLagS, window, peak);
    }

    public LagSettings withPeak(PeakSearch search) {
        return new LagSettings(gridStepS, maxLagS, windowS, search);
    }
}
