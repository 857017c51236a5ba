package org.operando.streams.correlation;

/**
 * Result of fitting {@link TauModel} to pumped-minus-unpumped differences.
 *
 * @param tauS             time constant τ₀, s
 * @param sigmaS           its standard error, s (τ₀·σ(ln τ₀), from the scaled covariance)
 * @param amplitude        A
 * @param amplitudeSigma   standard error of A
 * @param offset           C (0 when not fitted)
 * @param offsetSigma      standard error of C (0 when not fitted)
 * @param reducedChiSquare χ²/(bins − parameters) of the weighted residuals
 * @param bins             number of delay bins fitted
 * @param model            the model fitted
 */
public record TauFit(double tauS, double sigmaS, double amplitude, double amplitudeSigma, double offset,
                     double offsetSigma, double reducedChiSquare, int bins, TauModel model) {
}
