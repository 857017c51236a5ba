package org.operando.streams.correlation;

/**
 * The lag between an electrochemical signal x and an image response y.
 *
 * @param lagS            lag in s; positive means y follows x (y(t) ≈ a·x(t − lag) + b)
 * @param sigmaS          one-standard-deviation uncertainty of {@code lagS} (see decision 040)
 * @param peakCorrelation Pearson correlation at the (sub-sample) peak, signed
 * @param n               number of grid pairs overlapping at the peak lag
 */
public record LagResult(double lagS, double sigmaS, double peakCorrelation, int n) {
}
